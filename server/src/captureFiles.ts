import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readCaptureSteps, renderCapture, type CaptureResult } from './core/capture';
import type { RenderCaptureResult } from './protocol/lspExt';

/** Read size per step: large enough to be fast, small enough to report progress smoothly. */
const chunkBytes = 8 << 20;

/** Share of the progress given to reading the file from disk; the rest is reading its packets. */
const readingShare = 0.3;

/** Between two steps the server goes back to its event loop: progress is sent, a cancel arrives. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Reads a capture file from disk in chunks, reporting progress and letting the event loop in
 * between, so that a capture of hundreds of MB reaches the server without being sent to it
 * (the editor's JSON request would carry it base64, a third larger, in one string). Null when
 * cancelled.
 */
export async function readCaptureFile(
	path: string,
	progress: (fraction: number, message: string) => void,
	cancelled: () => boolean,
): Promise<Uint8Array | null> {
	const fd = openSync(path, 'r');
	try {
		const size = fstatSync(fd).size;
		const file = Buffer.allocUnsafe(size);
		let read = 0;
		while (read < size) {
			await yieldToEventLoop();
			if (cancelled()) return null;
			const n = readSync(fd, file, read, Math.min(chunkBytes, size - read), null);
			// A file cut short while it was read: what was read is the capture.
			if (n === 0) break;
			read += n;
			progress(
				(readingShare * read) / size,
				`reading ${Math.round(read / 1e6)} of ${Math.round(size / 1e6)} MB`,
			);
		}
		return file.subarray(0, read);
	} finally {
		closeSync(fd);
	}
}

/**
 * The capture's SIP messages rendered as a trace, its packets read in steps (see steps.ts) with
 * progress from `from` to 1 and a cancel honoured between steps. Null when cancelled.
 */
export async function renderCaptureInSteps(
	file: Uint8Array,
	progress: (fraction: number, message: string) => void,
	cancelled: () => boolean,
	from = readingShare,
): Promise<RenderCaptureResult | null> {
	const steps = readCaptureSteps(file);
	let capture: CaptureResult;
	for (;;) {
		await yieldToEventLoop();
		if (cancelled()) return null;
		const step = steps.next();
		if (step.done) {
			capture = step.value;
			break;
		}
		progress(from + (1 - from) * step.value, 'reading packets');
	}
	return {
		text: renderCapture(capture.messages),
		container: capture.container,
		packets: capture.packets,
		messages: capture.messages.length,
		problems: capture.problems.map(
			(p) => `${p.packet !== null ? `packet ${p.packet}: ` : ''}${p.code}: ${p.message}`,
		),
	};
}
