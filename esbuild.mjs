// Bundles the extension, the language server, the CLI and the webview into dist/.
// `--production` minifies (used for the .vsix); `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = { bundle: true, minify: production, sourcemap: !production, logLevel: 'warning' };

const builds = [
	{
		...common,
		entryPoints: ['client/src/extension.ts'],
		outfile: 'dist/extension.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode'],
	},
	{
		...common,
		entryPoints: ['server/src/main.ts'],
		outfile: 'dist/server.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
	},
	{
		...common,
		entryPoints: ['server/src/cli.ts'],
		outfile: 'dist/cli.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		banner: { js: '#!/usr/bin/env node' },
	},
	{
		...common,
		entryPoints: ['media/src/main.ts'],
		outfile: 'dist/webview/ladder.js',
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
	},
];

mkdirSync('dist/webview', { recursive: true });
const copyStyles = () => cpSync('media/styles', 'dist/webview', { recursive: true });

if (watch) {
	for (const options of builds) {
		const ctx = await esbuild.context(options);
		await ctx.watch();
	}
	copyStyles();
} else {
	await Promise.all(builds.map((options) => esbuild.build(options)));
	copyStyles();
}
