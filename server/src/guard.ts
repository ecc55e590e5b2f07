import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

/** Where a feature's failure is reported: `connection.console` (window/logMessage) in the server. */
export interface FeatureLog {
	error(message: string): void;
}

/** The LSP answer to a request the client cancelled (-32800). */
export const requestCancelled = (): ResponseError<void> =>
	new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');

/**
 * Lets the event loop run once, so a `$/cancelRequest` (or an edit) that arrived while this request
 * was computing is seen, then answers {@link requestCancelled} if the request was cancelled. Long
 * handlers call it between their phases: analysis, computing the result, answering.
 */
export async function checkpoint(token: CancellationToken): Promise<void> {
	await new Promise<void>((resolve) => setImmediate(resolve));
	if (token.isCancellationRequested) throw requestCancelled();
}

/** Waits for `work`, or answers {@link requestCancelled} as soon as the request is cancelled. */
export function untilCancelled<T>(work: Promise<T>, token: CancellationToken): Promise<T> {
	if (token.isCancellationRequested) return Promise.reject(requestCancelled());
	return new Promise<T>((resolve, reject) => {
		const listener = token.onCancellationRequested(() => reject(requestCancelled()));
		work.then(
			(value) => {
				listener.dispose();
				resolve(value);
			},
			(error: unknown) => {
				listener.dispose();
				reject(error instanceof Error ? error : new Error(String(error)));
			},
		);
	});
}

/**
 * Names of the features that `SIP_TRACE_FAULT_INJECTION` (a comma-separated list, read once when
 * the server starts) makes throw, so tests can check that a crash in one feature is contained.
 */
export function parseFaultInjection(value: string | undefined): ReadonlySet<string> {
	return new Set(
		(value ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter((s) => s !== ''),
	);
}

/**
 * Wraps a feature's request handler: a request cancelled before it runs, or at one of its
 * checkpoints, is answered with RequestCancelled; an exception inside the feature is logged with
 * its stack and answered with the feature's empty result, and the server keeps serving.
 */
export function guardFeature<P, R>(
	name: string,
	empty: R,
	log: FeatureLog,
	run: (params: P, token: CancellationToken) => R | Promise<R>,
	faults: ReadonlySet<string> = new Set(),
): (params: P, token: CancellationToken) => Promise<R | ResponseError<void>> {
	return async (params, token) => {
		if (token.isCancellationRequested) return requestCancelled();
		try {
			if (faults.has(name)) throw new Error(`fault injected into ${name}`);
			return await run(params, token);
		} catch (error) {
			if (error instanceof ResponseError) return error as ResponseError<void>;
			log.error(
				`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
			);
			return empty;
		}
	};
}
