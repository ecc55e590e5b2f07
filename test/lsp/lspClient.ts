// A minimal LSP client over stdio against the shipped bundle `node dist/server.js --stdio`,
// as any editor would run it.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { after, before } from 'node:test';
import { basename, join } from 'node:path';
import {
	createMessageConnection,
	StreamMessageReader,
	StreamMessageWriter,
	type MessageConnection,
} from 'vscode-jsonrpc/node';

export const root = join(__dirname, '..', '..');
const serverJs = join(root, 'dist', 'server.js');

/** Newest modification time of the server's sources, to rebuild a stale bundle before testing it. */
function newestSource(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
	}
	return newest;
}

export function ensureBuilt(): void {
	if (
		existsSync(serverJs) &&
		statSync(serverJs).mtimeMs >= newestSource(join(root, 'server', 'src'))
	)
		return;
	const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) throw new Error('build failed');
}

export interface Diagnostic {
	range: { start: { line: number; character: number }; end: { line: number; character: number } };
	severity?: number;
	code?: string | number;
	message: string;
	codeDescription?: { href: string };
	relatedInformation?: { location: { uri: string; range: unknown }; message: string }[];
}

/** A `$/progress` notification: work done progress (the analysis of a large trace). */
export interface Progress {
	token: string | number;
	value: { kind: string; title?: string; percentage?: number };
}

export class LspClient {
	readonly connection: MessageConnection;
	readonly #child: ChildProcessWithoutNullStreams;
	readonly #diagnostics = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
	readonly #waiters: (() => void)[] = [];
	/** Every `$/progress` notification, in order. */
	readonly progress: Progress[] = [];
	/** By document: how many progress notifications had come when each publication came. */
	readonly #progressAtPublish = new Map<string, number[]>();
	/** By document: how many progress notifications had come when it was last opened. */
	readonly #progressAtOpen = new Map<string, number>();
	stderr = '';

	constructor() {
		ensureBuilt();
		this.#child = spawn(process.execPath, [serverJs, '--stdio'], { cwd: root });
		this.#child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
		this.connection = createMessageConnection(
			new StreamMessageReader(this.#child.stdout),
			new StreamMessageWriter(this.#child.stdin),
		);
		this.connection.onNotification(
			'textDocument/publishDiagnostics',
			(p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
				this.#diagnostics.set(p.uri, p);
				this.#progressAtPublish.set(p.uri, [
					...(this.#progressAtPublish.get(p.uri) ?? []),
					this.progress.length,
				]);
				for (const w of this.#waiters.splice(0)) w();
			},
		);
		// The server asks for configuration; answer with defaults.
		this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) =>
			p.items.map(() => ({})),
		);
		this.connection.onRequest('client/registerCapability', () => null);
		this.connection.onRequest('window/workDoneProgress/create', () => null);
		this.connection.onNotification('window/logMessage', () => undefined);
		this.connection.onNotification('$/progress', (p: Progress) => {
			this.progress.push(p);
			for (const w of this.#waiters.splice(0)) w();
		});
		this.connection.listen();
	}

	/** The server's process id (the benchmark reads its peak memory). */
	get pid(): number | undefined {
		return this.#child.pid;
	}

	get exited(): boolean {
		return this.#child.exitCode !== null;
	}

	async initialize(): Promise<{ capabilities: Record<string, unknown> }> {
		const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>(
			'initialize',
			{
				processId: process.pid,
				rootUri: null,
				capabilities: {
					workspace: { configuration: true },
					window: { workDoneProgress: true },
					textDocument: {
						publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
					},
				},
			},
		);
		await this.connection.sendNotification('initialized', {});
		return result;
	}

	async open(uri: string, text: string, version = 1): Promise<void> {
		this.#progressAtOpen.set(uri, this.progress.length);
		this.#progressAtPublish.delete(uri);
		await this.connection.sendNotification('textDocument/didOpen', {
			textDocument: { uri, languageId: 'sip', version, text },
		});
	}

	/** Waits until diagnostics for `uri` (at `version`, if given) have been published. */
	async diagnostics(uri: string, version?: number): Promise<Diagnostic[]> {
		for (;;) {
			const got = this.#diagnostics.get(uri);
			if (got && (version === undefined || got.version === undefined || got.version === version))
				return got.diagnostics;
			await new Promise<void>((resolve) => this.#waiters.push(resolve));
		}
	}

	/** The first work-done progress begun since the first `since` notifications. */
	async progressBegun(since: number): Promise<Progress> {
		for (;;) {
			const begin = this.progress.slice(since).find((p) => p.value.kind === 'begin');
			if (begin) return begin;
			await new Promise<void>((resolve) => this.#waiters.push(resolve));
		}
	}

	/** Waits for the end of the progress `begin` began; the count of notifications then. */
	async progressEnded(begin: Progress): Promise<number> {
		for (;;) {
			const end = this.progress.findIndex((p) => p.token === begin.token && p.value.kind === 'end');
			if (end >= 0) return end + 1;
			await new Promise<void>((resolve) => this.#waiters.push(resolve));
		}
	}

	/**
	 * The diagnostics of the whole analysis of `uri`, just opened. A large trace's analysis shows
	 * progress, and the diagnostics published before its end were the first look's.
	 */
	async analysedDiagnostics(uri: string): Promise<Diagnostic[]> {
		await this.diagnostics(uri);
		const opened = this.#progressAtOpen.get(uri) ?? 0;
		const firstAt = this.#progressAtPublish.get(uri)![0]!;
		const begin = this.progress.slice(opened, firstAt).find((p) => p.value.kind === 'begin');
		if (!begin) return this.#diagnostics.get(uri)!.diagnostics;
		const ended = await this.progressEnded(begin);
		for (;;) {
			if ((this.#progressAtPublish.get(uri) ?? []).some((at) => at >= ended))
				return this.#diagnostics.get(uri)!.diagnostics;
			await new Promise<void>((resolve) => this.#waiters.push(resolve));
		}
	}

	request<R>(method: string, params: unknown): Promise<R> {
		return this.connection.sendRequest<R>(method, params);
	}

	async shutdown(): Promise<number | null> {
		await this.connection.sendRequest('shutdown');
		await this.connection.sendNotification('exit');
		const code = await new Promise<number | null>((resolve) => {
			if (this.#child.exitCode !== null) resolve(this.#child.exitCode);
			else this.#child.on('exit', (c) => resolve(c));
		});
		this.connection.dispose();
		return code;
	}
}

/**
 * A server on one fixture (a path under the repository) for the tests of a file: the document
 * opened before they run, the server shut down after them.
 */
export function serveFixture(path: string): {
	client: LspClient;
	uri: string;
	text: string;
	lines: string[];
} {
	const uri = `file:///traces/${basename(path)}`;
	const text = readFileSync(join(root, path), 'utf8');
	const client = new LspClient();
	before(async () => {
		await client.initialize();
		await client.open(uri, text);
	});
	after(async () => {
		await client.shutdown();
	});
	return { client, uri, text, lines: text.split(/\r?\n/) };
}
