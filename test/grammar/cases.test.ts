// Runs vscode-tmgrammar-test on the assertion files in cases/: one per trace format and one per body
// type, each asserting scopes with `^` (or `<-` at the start of a line) under the line it checks.
// The comment token of these files is `//` (the header line says so): no line of any trace format
// starts with `//` followed by `^` or `<-`, so assertion lines cannot be mistaken for trace lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceFormats } from '../../server/src/core/model';
import { xmlGrammarPath } from './tokenize';

const root = join(__dirname, '..', '..');
const casesDir = join(__dirname, 'cases');
const bodies = [
	'pidf',
	'cpim-pidf',
	'xpidf',
	'pidf-diff',
	'rpid',
	'dialog-info',
	'watcherinfo',
	'rlmi-multipart',
	'msrtc-categories',
	'msrtc-pidf',
	'sdp',
];
const assertionLine = /^\/\/\s*(?:\^|<~*-)/;

/** Runs the tool as `npx vscode-tmgrammar-test` would, with the extension's package.json for grammars. */
function runTool(glob: string): { status: number | null; output: string } {
	const r = spawnSync(
		process.execPath,
		[
			require.resolve('vscode-tmgrammar-test/dist/unit.js'),
			'--config',
			join(root, 'package.json'),
			'--grammar',
			xmlGrammarPath,
			glob,
		],
		{ cwd: root, encoding: 'utf8' },
	);
	return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('every trace format and every body type has an assertion file', () => {
	const files = readdirSync(casesDir);
	for (const name of [...traceFormats, ...bodies.map((b) => `body-${b}`)]) {
		const file = `${name}.sip`;
		assert.ok(files.includes(file), `test/grammar/cases/${file} is missing`);
		const lines = readFileSync(join(casesDir, file), 'utf8').split(/\r?\n/);
		assert.match(lines[0]!, /^\/\/ SYNTAX TEST "source\.sip" "[^"]+"$/, `${file}: header line`);
		const assertions = lines.filter((l) => assertionLine.test(l)).length;
		assert.ok(assertions >= 10, `${file}: only ${assertions} assertions`);
	}
});

test('vscode-tmgrammar-test passes on every assertion file', () => {
	const files = readdirSync(casesDir).filter((f) => f.endsWith('.sip'));
	const { status, output } = runTool(join(casesDir, '*.sip'));
	assert.equal(status, 0, output);
	for (const f of files) assert.match(output, new RegExp(`✓ .*${f.replace('.', '\\.')} run`), f);
});

test('a wrong assertion makes the run fail, naming the file and the line', () => {
	const dir = mkdtempSync(join(tmpdir(), 'sip-grammar-cases-'));
	try {
		const source = readFileSync(join(casesDir, 'raw.sip'), 'utf8');
		const broken = source.replace(
			'constant.numeric.status.4xx.sip',
			'constant.numeric.status.5xx.sip',
		);
		assert.notEqual(broken, source);
		writeFileSync(join(dir, 'broken.sip'), broken);
		const { status, output } = runTool(join(dir, '*.sip'));
		assert.notEqual(status, 0, output);
		assert.match(output, /broken\.sip failed/);
		assert.match(output, /at \[.*broken\.sip:\d+:\d+:\d+\]/);
		assert.match(output, /missing required scopes: constant\.numeric\.status\.5xx\.sip/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
