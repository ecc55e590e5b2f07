import { checkBodyText, type CheckedBody } from './core/lint/rules/bodies';

/**
 * Body checks on another thread. Decoding XML is the costly part of lint (a trace of BLF or
 * presence traffic holds thousands of distinct documents); while the main thread frames and
 * parses, a worker checks the bodies already seen, and lint finds them done.
 */

/** Main thread to worker: bodies to check, as [media type, text]. */
export interface BodyCheckRequest {
	readonly id: number;
	readonly bodies: readonly (readonly [type: string, text: string])[];
}

/** Worker to main thread: one result per body, in order; null where checking failed. */
export interface BodyCheckReply {
	readonly id: number;
	readonly checked: readonly (CheckedBody | null)[];
}

/** Either end of the channel: a Worker, the worker's parentPort, or a MessagePort. */
export interface BodyCheckPort {
	postMessage(value: unknown): void;
	on(event: 'message', listener: (value: unknown) => void): unknown;
}

/** The worker's side: answers every request with what `checkBodyText` finds. */
export function serveBodyChecks(port: BodyCheckPort): void {
	port.on('message', (value) => {
		const request = value as BodyCheckRequest;
		const checked = request.bodies.map(([type, text]) => {
			try {
				return checkBodyText(type, text);
			} catch {
				return null; // lint checks it again on the main thread, where a fault is contained
			}
		});
		port.postMessage({ id: request.id, checked } satisfies BodyCheckReply);
	});
}
