// Runs the node:test files of one test layer (TypeScript, through tsx), since Node 20's
// `--test` takes no globs. Usage: node test/run.mjs <layer> [--serial]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const [layer, ...flags] = process.argv.slice(2);
const root = join(import.meta.dirname, layer);
const files = [];
const walk = (dir) => {
	for (const name of readdirSync(dir).sort()) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) walk(p);
		else if (name.endsWith('.test.ts')) files.push(p);
	}
};
walk(root);
if (files.length === 0) {
	console.error(`no test files under test/${layer}`);
	process.exit(1);
}
const args = ['--import', 'tsx', '--test', '--test-reporter=spec'];
if (flags.includes('--serial')) args.push('--test-concurrency=1');
const timeout = flags.find((f) => f.startsWith('--timeout='));
if (timeout) args.push(`--test-timeout=${timeout.slice('--timeout='.length)}`);
const result = spawnSync(process.execPath, [...args, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
