import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { TraceFormat } from './core/model';
import { createTraceDocument, type TraceDocument } from './traceDocument';

/** Read size per step: large enough to be fast, small enough to report progress smoothly. */
const chunkBytes = 8 << 20;

/**
 * Reads a trace from disk in chunks (reporting progress) and analyses it. Used for files that the
 * editor does not hand to extensions (VS Code stops syncing files over 50 MB). The decoded text
 * is built once; no further whole-file copies are made.
 */
export async function readLargeTrace(
	uri: string,
	path: string,
	format: TraceFormat | undefined,
	progress: (fraction: number, message: string) => void,
	cancelled: () => boolean,
): Promise<TraceDocument | null> {
	const fd = openSync(path, 'r');
	try {
		const size = fstatSync(fd).size;
		const decoder = new StringDecoder('utf8');
		const parts: string[] = [];
		const buffer = Buffer.allocUnsafe(chunkBytes);
		let read = 0;
		for (;;) {
			// Between chunks the server goes back to its event loop: progress reaches the editor
			// and a cancellation can arrive.
			await new Promise<void>((resolve) => setImmediate(resolve));
			if (cancelled()) return null;
			const n = readSync(fd, buffer, 0, chunkBytes, null);
			if (n === 0) break;
			read += n;
			parts.push(decoder.write(buffer.subarray(0, n)));
			progress(
				size ? (0.5 * read) / size : 0.5,
				`reading ${Math.round(read / 1e6)} of ${Math.round(size / 1e6)} MB`,
			);
		}
		parts.push(decoder.end());
		const text = parts.join('');
		parts.length = 0;
		progress(0.5, 'analysing');
		await new Promise<void>((resolve) => setImmediate(resolve));
		if (cancelled()) return null;
		return createTraceDocument(uri, 0, text, format);
	} finally {
		closeSync(fd);
	}
}
