// The language server survives what editors and strangers' traces throw at it: requests for
// documents it does not know, positions far past the end, a crash inside one feature (made to
// happen with SIP_TRACE_FAULT_INJECTION, read once at start-up), and cancelled requests on a large
// trace. After each, it still answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResponseError } from 'vscode-jsonrpc';
import { generateTraffic, toHeaderLineText } from '../bench/generate';
import { ensureBuilt, LspClient, root } from './lspClient';

const uri = 'file:///traces/presence-story.sip';
const text = readFileSync(join(root, 'test/fixtures/hand/presence-story.sip'), 'utf8');

type Position = { line: number; character: number };
/** Every request that takes a document, with its parameters for `target` at `pos`. */
const requestsFor = (target: string, pos: Position): [string, unknown][] => {
	const textDocument = { uri: target };
	const range = { start: { line: 0, character: 0 }, end: pos };
	return [
		['textDocument/hover', { textDocument, position: pos }],
		['textDocument/definition', { textDocument, position: pos }],
		[
			'textDocument/references',
			{ textDocument, position: pos, context: { includeDeclaration: true } },
		],
		['textDocument/documentHighlight', { textDocument, position: pos }],
		['textDocument/documentSymbol', { textDocument }],
		['textDocument/foldingRange', { textDocument }],
		['textDocument/semanticTokens/full', { textDocument }],
		['textDocument/semanticTokens/range', { textDocument, range }],
		['textDocument/semanticTokens/range', { textDocument, range: { start: pos, end: pos } }],
		['textDocument/codeLens', { textDocument }],
		['textDocument/inlayHint', { textDocument, range }],
		['textDocument/inlayHint', { textDocument, range: { start: pos, end: pos } }],
		['sipTrace/ladder', { uri: target, view: 'network' }],
		['sipTrace/ladder', { uri: target, view: 'entities' }],
		['sipTrace/messageAt', { uri: target, ...pos }],
		['sipTrace/statistics', { uri: target }],
	];
};
const farPositions: Position[] = [
	{ line: 1_000_000, character: 1_000_000 },
	{ line: 0, character: 1_000_000 },
	{ line: 2_147_483_647, character: 2_147_483_647 },
	{ line: -1, character: -1 },
];
const isEmpty = (result: unknown): boolean =>
	result === null ||
	(Array.isArray(result) && result.length === 0) ||
	(typeof result === 'object' &&
		Array.isArray((result as { data?: unknown }).data) &&
		(result as { data: unknown[] }).data.length === 0);

/** Sends a request and returns its result, or the error it was answered with. */
const attempt = async (client: LspClient, method: string, params: unknown): Promise<unknown> => {
	try {
		return await client.request(method, params);
	} catch (error) {
		return error;
	}
};

/** The server still does real work: hover on the first message's Call-ID header. */
const stillServing = async (client: LspClient): Promise<void> => {
	const line = text.split(/\r?\n/).findIndex((l) => l.startsWith('Call-ID:'));
	const hover = await client.request<{ contents: unknown } | null>('textDocument/hover', {
		textDocument: { uri },
		position: { line, character: 2 },
	});
	assert.ok(hover?.contents, 'hover on a Call-ID header answers');
	assert.equal(client.exited, false);
};

let client: LspClient;
const serverErrors: string[] = [];
before(async () => {
	client = new LspClient();
	client.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
		if (p.type === 1) serverErrors.push(p.message);
	});
	await client.initialize();
	await client.open(uri, text);
	await client.diagnostics(uri);
});
after(async () => {
	assert.equal(await client.shutdown(), 0);
});

test('requests for a document the server does not know answer empty, without error', async () => {
	for (const pos of [{ line: 0, character: 0 }, ...farPositions])
		for (const [method, params] of requestsFor('file:///traces/never-opened.sip', pos)) {
			const result = await attempt(client, method, params);
			assert.ok(!(result instanceof Error), `${method} ${JSON.stringify(pos)}: ${String(result)}`);
			assert.ok(isEmpty(result), `${method} answers empty, got ${JSON.stringify(result)}`);
		}
	await stillServing(client);
	assert.deepEqual(serverErrors, [], 'no feature failed on an unknown document');
});

test('positions past the end of a known document answer without error', async () => {
	for (const pos of farPositions)
		for (const [method, params] of requestsFor(uri, pos)) {
			const result = await attempt(client, method, params);
			assert.ok(!(result instanceof Error), `${method} ${JSON.stringify(pos)}: ${String(result)}`);
		}
	// Past the last line there is nothing to hover; messageAt clamps to the end, in the last message.
	for (const pos of [farPositions[0]!, farPositions[2]!]) {
		assert.equal(
			await client.request('textDocument/hover', { textDocument: { uri }, position: pos }),
			null,
		);
		assert.equal(
			(await client.request<{ index: number }>('sipTrace/messageAt', { uri, ...pos })).index,
			21,
		);
	}
	// A character past the end of a line means the end of that line, not the next line.
	const hover = await client.request<{ range: { start: Position } } | null>('textDocument/hover', {
		textDocument: { uri },
		position: { line: 0, character: 1_000_000 },
	});
	assert.equal(hover?.range.start.line, 0);
	await stillServing(client);
	assert.deepEqual(serverErrors, [], 'no feature failed on these positions');
});

test('a crash inside one feature is logged and answered empty; the others keep serving', async () => {
	process.env.SIP_TRACE_FAULT_INJECTION = 'hover,ladder';
	const faulty = new LspClient(); // the child inherits the variable at spawn
	delete process.env.SIP_TRACE_FAULT_INJECTION;
	const logs: { type: number; message: string }[] = [];
	faulty.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
		logs.push(p);
	});
	try {
		await faulty.initialize();
		await faulty.open(uri, text);
		const lines = text.split(/\r?\n/);
		const callId = lines.findIndex((l) => l.startsWith('Call-ID:'));
		const response = lines.findIndex((l) => l.startsWith('SIP/2.0 200'));
		for (let round = 0; round < 2; round++) {
			assert.equal(
				await faulty.request('textDocument/hover', {
					textDocument: { uri },
					position: { line: callId, character: 2 },
				}),
				null,
			);
			assert.equal(await faulty.request('sipTrace/ladder', { uri, view: 'network' }), null);
			// Features that did not fail go on answering.
			assert.ok(
				await faulty.request('textDocument/definition', {
					textDocument: { uri },
					position: { line: response, character: 1 },
				}),
			);
			assert.ok(await faulty.request('sipTrace/messageAt', { uri, line: callId, character: 0 }));
			const symbols = await faulty.request<unknown[]>('textDocument/documentSymbol', {
				textDocument: { uri },
			});
			assert.ok(symbols.length > 0);
		}
		const errors = logs.filter((l) => l.type === 1).map((l) => l.message);
		assert.equal(
			errors.filter((m) => m.startsWith('hover failed: Error: fault injected')).length,
			2,
		);
		assert.equal(
			errors.filter((m) => m.startsWith('ladder failed: Error: fault injected')).length,
			2,
		);
		assert.equal(errors.length, 4, errors.join('\n'));
		assert.equal(faulty.exited, false);
	} finally {
		assert.equal(await faulty.shutdown(), 0);
	}
});

/**
 * A bare JSON-RPC peer over the server's stdio, to put a request and its `$/cancelRequest` in one
 * write: both are then queued before the server dispatches either, so the cancel always wins.
 */
class RawPeer {
	readonly #child: ChildProcessWithoutNullStreams;
	readonly #waiting = new Map<number | string, (message: RawMessage) => void>();
	readonly #notified: RawMessage[] = [];
	#buffer = Buffer.alloc(0);
	#nextId = 1;

	constructor() {
		ensureBuilt();
		this.#child = spawn(process.execPath, [join(root, 'dist', 'server.js'), '--stdio'], {
			cwd: root,
		});
		this.#child.stdout.on('data', (chunk: Buffer) => this.#read(chunk));
	}

	static frame(message: object): Buffer {
		const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
		return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
	}

	#read(chunk: Buffer): void {
		this.#buffer = Buffer.concat([this.#buffer, chunk]);
		for (;;) {
			const headerEnd = this.#buffer.indexOf('\r\n\r\n');
			if (headerEnd < 0) return;
			const length = Number(
				/Content-Length: (\d+)/i.exec(this.#buffer.toString('ascii', 0, headerEnd))?.[1],
			);
			if (this.#buffer.length < headerEnd + 4 + length) return;
			const message = JSON.parse(
				this.#buffer.toString('utf8', headerEnd + 4, headerEnd + 4 + length),
			) as RawMessage;
			this.#buffer = this.#buffer.subarray(headerEnd + 4 + length);
			if (message.method !== undefined && message.id !== undefined)
				// A request from the server (configuration, capabilities): answer it.
				this.#child.stdin.write(
					RawPeer.frame({
						id: message.id,
						result:
							message.method === 'workspace/configuration'
								? (message.params as { items: unknown[] }).items.map(() => ({}))
								: null,
					}),
				);
			else if (message.method !== undefined) this.#notified.push(message);
			else if (message.id !== undefined) this.#waiting.get(message.id)?.(message);
		}
	}

	/** Writes the given requests and notifications in one write; resolves with the replies. */
	send(
		...messages: { method: string; params: unknown; request: boolean }[]
	): Promise<RawMessage[]> {
		const replies: Promise<RawMessage>[] = [];
		const frames = messages.map(({ method, params, request }) => {
			if (!request) return RawPeer.frame({ method, params });
			const id = this.#nextId++;
			replies.push(new Promise((resolve) => this.#waiting.set(id, resolve)));
			return RawPeer.frame({ id, method, params });
		});
		this.#child.stdin.write(Buffer.concat(frames));
		return Promise.all(replies);
	}

	get nextId(): number {
		return this.#nextId;
	}

	async diagnosticsFor(target: string): Promise<void> {
		while (
			!this.#notified.some(
				(m) =>
					m.method === 'textDocument/publishDiagnostics' &&
					(m.params as { uri: string }).uri === target,
			)
		)
			await new Promise((resolve) => setTimeout(resolve, 20));
	}

	async close(): Promise<number | null> {
		await this.send({ method: 'shutdown', params: null, request: true });
		const exited = new Promise<number | null>((resolve) => this.#child.on('exit', resolve));
		await this.send({ method: 'exit', params: null, request: false });
		return exited;
	}

	/** Ends the server if a failed test left it running. */
	dispose(): void {
		if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill();
	}
}
interface RawMessage {
	id?: number | string;
	method?: string;
	params?: unknown;
	result?: unknown;
	error?: { code: number; message: string };
}

test('long requests on a 20,000-message trace cancelled by the client answer RequestCancelled', async () => {
	const peer = new RawPeer();
	const big = 'file:///traces/generated-20000.sip';
	const trace = toHeaderLineText(generateTraffic(20_000, 7));
	try {
		await peer.send({
			method: 'initialize',
			params: {
				processId: process.pid,
				rootUri: null,
				capabilities: { workspace: { configuration: true } },
			},
			request: true,
		});
		await peer.send(
			{ method: 'initialized', params: {}, request: false },
			{
				method: 'textDocument/didOpen',
				params: { textDocument: { uri: big, languageId: 'sip', version: 1, text: trace } },
				request: false,
			},
		);
		await peer.diagnosticsFor(big);
		const textDocument = { uri: big };
		const position = {
			line: trace.split('\n').findIndex((l) => l.startsWith('Call-ID:')),
			character: 2,
		};
		const long: [string, unknown][] = [
			[
				'textDocument/references',
				{ textDocument, position, context: { includeDeclaration: true } },
			],
			['textDocument/documentSymbol', { textDocument }],
			['textDocument/semanticTokens/full', { textDocument }],
			['workspace/symbol', { query: '' }],
			['sipTrace/ladder', { uri: big, view: 'network' }],
			['textDocument/hover', { textDocument, position }],
		];
		for (const [method, params] of long) {
			const id = peer.nextId;
			const [reply] = await peer.send(
				{ method, params, request: true },
				{ method: '$/cancelRequest', params: { id }, request: false },
			);
			assert.equal(reply!.error?.code, -32800, `${method}: ${JSON.stringify(reply).slice(0, 200)}`);
			assert.equal(reply!.result, undefined);
		}
		// The same requests, not cancelled, do their work.
		for (const [method, params] of long.slice(0, 5)) {
			const [reply] = await peer.send({ method, params, request: true });
			assert.equal(reply!.error, undefined, method);
			// Lists, semantic tokens' data, or the diagram model's arrow count.
			const result = reply!.result as unknown[] | { data?: unknown[]; count?: number };
			const size = Array.isArray(result)
				? result.length
				: (result.count ?? result.data?.length ?? 0);
			assert.ok(size > 0, `${method} answers with a result`);
		}
		assert.equal(await peer.close(), 0);
	} finally {
		peer.dispose();
	}
});

// `ResponseError` is what the harness rejects with when the server answers an error.
test('the client harness reports error replies as ResponseError', async () => {
	const result = await attempt(client, 'textDocument/noSuchMethod', {});
	assert.ok(result instanceof ResponseError);
	assert.equal(result.code, -32601);
});
