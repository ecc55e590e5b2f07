import { Worker } from 'node:worker_threads';
import type { AnalysisHooks } from './core/analyze';
import { BodyChecks } from './core/lint/lintTrace';
import { bodyToCheck, checkBodyText } from './core/lint/rules/bodies';
import type { SipMessage } from './core/model';
import type { BodyCheckPort, BodyCheckReply, BodyCheckRequest } from './bodyCheckProtocol';

/** Bodies sent to the worker at a time: enough to keep it busy, few enough to start it early. */
const batchSize = 64;

/**
 * The main thread's end of the body-check worker: hands out request ids and routes replies.
 * If the worker cannot start or dies, requests go unanswered and lint checks those bodies itself.
 */
export class BodyCheckThread {
	#port: BodyCheckPort | null | undefined;
	#nextId = 0;
	readonly #waiting = new Map<number, (reply: BodyCheckReply) => void>();

	/** `connect` makes the channel on first use (a Worker in the server, a MessagePort in tests). */
	constructor(private readonly connect: () => BodyCheckPort) {}

	/** A thread on `script` started with workerData `{ role: 'bodies' }` (see main.ts). */
	static onScript(script: string): BodyCheckThread {
		return new BodyCheckThread(() => {
			const worker = new Worker(script, { workerData: { role: 'bodies' } });
			worker.unref(); // never keeps the server alive
			return worker;
		});
	}

	/** Requests sent and not answered yet. */
	get pending(): number {
		return this.#waiting.size;
	}

	request(bodies: BodyCheckRequest['bodies'], done: (reply: BodyCheckReply) => void): boolean {
		const port = this.#open();
		if (!port) return false;
		const id = this.#nextId++;
		this.#waiting.set(id, done);
		port.postMessage({ id, bodies } satisfies BodyCheckRequest);
		return true;
	}

	#open(): BodyCheckPort | null {
		if (this.#port !== undefined) return this.#port;
		try {
			const port = this.connect();
			port.on('message', (value) => {
				const reply = value as BodyCheckReply;
				const done = this.#waiting.get(reply.id);
				this.#waiting.delete(reply.id);
				done?.(reply);
			});
			// A worker that fails is not restarted: lint does the work, as without one.
			const fail = (): void => {
				this.#port = null;
				this.#waiting.clear();
			};
			if (port instanceof Worker) {
				port.on('error', fail);
				port.on('exit', fail);
			}
			this.#port = port;
		} catch {
			this.#port = null;
		}
		return this.#port;
	}
}

/**
 * Hooks for one whole analysis of `text`: each parsed message's body (of the types lint
 * decodes) goes to the worker once, and what it finds lands in `bodies` before lint asks for it.
 */
export function prefetchBodies(thread: BodyCheckThread, text: string): AnalysisHooks {
	const bodies = new BodyChecks();
	const offered = new Map<string, Set<string>>();
	let batch: [string, string][] = [];
	const flush = (): void => {
		if (!batch.length) return;
		const sent = batch;
		batch = [];
		thread.request(sent, (reply) => {
			for (let i = 0; i < sent.length; i++) {
				const checked = reply.checked[i];
				const [type, body] = sent[i]!;
				// Lint may have got there first; both found the same.
				if (checked && !bodies.get(type, body)) bodies.set(type, body, checked);
			}
		});
	};
	// A hex dump's messages are read from its reading.
	const parsed = (m: SipMessage, read = text): void => {
		const wanted = bodyToCheck(read, m);
		if (!wanted) return;
		let texts = offered.get(wanted.type);
		if (!texts) offered.set(wanted.type, (texts = new Set()));
		if (texts.has(wanted.text)) return;
		texts.add(wanted.text);
		// What is left of a batch goes when this step of the analysis ends.
		if (batch.push([wanted.type, wanted.text]) === 1) queueMicrotask(flush);
		else if (batch.length >= batchSize) flush();
	};
	return { bodies, parsed };
}

/**
 * With bodies checked on the worker, the main thread's XML decoder would first run (and be
 * compiled) on the first hover over a body: run it on a small document while the server is idle.
 */
export function warmBodyDecoder(): void {
	checkBodyText(
		'application/pidf+xml',
		'<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:a@example.com"><tuple id="t"><status><basic>open</basic></status></tuple><rpid:person><rpid:activities><rpid:busy/></rpid:activities></rpid:person><note>n</note></presence>',
	);
}
