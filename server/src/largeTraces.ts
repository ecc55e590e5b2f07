import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { analyzeSteps, type AnalysisHooks } from './core/analyze';
import type { TraceFormat } from './core/model';
import { LineIndex } from './core/text/lineIndex';
import type { TraceDocument } from './traceDocument';

/** Read size per step: large enough to be fast, small enough to report progress smoothly. */
const chunkBytes = 8 << 20;

/** What the server adds to reading a large trace. */
export interface LargeTraceHooks {
	/** The text of the first chunk read, a beginning of the trace (for a first look at it). */
	readonly firstChunk?: (text: string) => void;
	/** Added to the analysis (bodies checked on another thread). */
	readonly analysis?: (text: string) => AnalysisHooks;
}

/**
 * Reads a trace from disk in chunks and analyses it in steps, reporting progress and letting the
 * event loop in between (other documents are served, a cancel stops it). Used for files that the
 * editor does not hand to extensions (VS Code stops syncing files over 50 MB). The decoded text
 * is built once; no further whole-file copies are made.
 */
export async function readLargeTrace(
	uri: string,
	path: string,
	format: TraceFormat | undefined,
	progress: (fraction: number, message: string) => void,
	cancelled: () => boolean,
	hooks: LargeTraceHooks = {},
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
			if (parts.length === 1) hooks.firstChunk?.(parts[0]!);
			progress(
				size ? (0.5 * read) / size : 0.5,
				`reading ${Math.round(read / 1e6)} of ${Math.round(size / 1e6)} MB`,
			);
		}
		parts.push(decoder.end());
		const text = parts.join('');
		parts.length = 0;
		progress(0.5, 'analysing');
		const steps = analyzeSteps(text, format ? { format } : {}, hooks.analysis?.(text));
		for (;;) {
			await new Promise<void>((resolve) => setImmediate(resolve));
			if (cancelled()) return null;
			const step = steps.next();
			if (step.done) return { uri, version: 0, analysis: step.value, lines: new LineIndex(text) };
			progress(0.5 + 0.5 * step.value, 'analysing');
		}
	} finally {
		closeSync(fd);
	}
}
