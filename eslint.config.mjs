// Flat config: typescript-eslint with type information, plus the layering rules of README's Architecture section.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
	'fs',
	'path',
	'os',
	'child_process',
	'crypto',
	'http',
	'net',
	'url',
	'util',
	'stream',
];

export default tseslint.config(
	{
		ignores: [
			'node_modules/**',
			'dist/**',
			'out/**',
			'.tools/**',
			'.cache/**',
			'test-results/**',
			'test/fixtures/**',
			'shared/**',
		],
	},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		languageOptions: {
			parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
		},
		linterOptions: { reportUnusedDisableDirectives: 'error' },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/consistent-type-imports': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
			eqeqeq: ['error', 'always', { null: 'ignore' }],
		},
	},
	{
		// node:test's test() returns a promise the runner awaits itself.
		files: ['test/**/*.ts'],
		rules: { '@typescript-eslint/no-floating-promises': 'off' },
	},
	{
		files: ['**/*.mjs', '**/*.js'],
		languageOptions: { globals: { ...globals.node } },
	},
	{
		// Architecture invariant: the core is pure. No editor, no LSP, no Node, no I/O, no logging.
		files: ['server/src/core/**/*.ts'],
		rules: {
			'no-console': 'error',
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['vscode', 'vscode-*', 'node:*', ...nodeBuiltins],
							message: 'server/src/core is pure: no editor, LSP or Node imports.',
						},
						{
							group: ['**/features/**', '**/protocol/**'],
							message: 'core must not depend on the layers above it.',
						},
					],
				},
			],
		},
	},
	{
		// The server speaks LSP on stdout: a stray console.log corrupts the stream.
		files: ['server/src/**/*.ts'],
		rules: { 'no-console': 'error' },
	},
	{
		files: ['server/src/protocol/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['node:*', 'vscode', ...nodeBuiltins, '**/features/**'],
							message: 'protocol modules are plain contracts.',
						},
					],
				},
			],
		},
	},
	{
		// Architecture invariant: client and webview never reach into the core; they talk to the server.
		files: ['client/**/*.ts', 'media/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['**/server/src/core/**'], message: 'use the language server, not the core.' },
					],
				},
			],
		},
	},
);
