// The core's stages timed one by one, as the speed target names them (framing, parsing,
// indexing; lint apart), and the heap the analysis keeps once garbage is collected, beside the
// text it was read from. Needs `--expose-gc`: kept memory is measured after a full collection,
// so it is what an open trace costs, not what the collector had not yet freed.
// Cold (the process's first analysis), kept memory also holds the code compiled on first use
// (bytecode, feedback, optimised code: about 1.7 to 1.9 MB, whatever the trace's size). `warm` first
// analyses another, small trace of the same kinds of traffic, as a server that has already
// opened one has: what is kept then is the trace's own cost.
import { readFileSync } from 'node:fs';
import { analyzeTrace } from '../../server/src/core/analyze';
import { buildIndex } from '../../server/src/core/correlate/traceIndex';
import { frameTrace } from '../../server/src/core/framing/frameTrace';
import { BodyChecks, lintSteps } from '../../server/src/core/lint/lintTrace';
import type { Problem, SipMessage, TraceAnalysis } from '../../server/src/core/model';
import { HeaderTable } from '../../server/src/core/parser/headerTable';
import { parseMessage } from '../../server/src/core/parser/sipMessage';
import { runSteps } from '../../server/src/core/steps';

export interface PhaseFigures {
	textBytes: number;
	messages: number;
	framingMs: number;
	parsingMs: number;
	indexingMs: number;
	lintMs: number;
	/**
	 * Memory kept after the analysis beyond that with only the text in it: the heap and the
	 * typed arrays' storage, which lives outside the heap.
	 */
	keptBytes: number;
}

export function measurePhases(file: string, warm: string | null = null): PhaseFigures {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run with --expose-gc');
	if (warm !== null) analyzeTrace(warm);
	const text = readFileSync(file, 'utf8');
	gc();
	gc();
	const kept = (): number => {
		const m = process.memoryUsage();
		return m.heapUsed + m.arrayBuffers;
	};
	const base = kept();
	const t0 = performance.now();
	const framing = frameTrace(text);
	const t1 = performance.now();
	const problems: Problem[] = [...framing.problems];
	const headers = new HeaderTable();
	const messages: SipMessage[] = framing.frames.map((frame, i) =>
		parseMessage(text, frame, i, problems, headers),
	);
	// As analyzeTrace does once a trace is parsed.
	headers.trim();
	const t2 = performance.now();
	const index = buildIndex(text, messages, problems);
	const t3 = performance.now();
	const analysis: TraceAnalysis = {
		text,
		format: framing.format,
		frames: framing.frames,
		noise: framing.noise,
		messages,
		index,
		problems,
	};
	problems.push(...runSteps(lintSteps(analysis, new BodyChecks())));
	const t4 = performance.now();
	// Twice: one full collection right after the work may leave part of its garbage (seen as a
	// figure 7 to 11 MB higher in some runs of the same code), a second one does not.
	gc();
	gc();
	const keptBytes = kept() - base;
	// Read after measuring, so the analysis is alive when the heap is.
	const count = analysis.messages.length;
	return {
		textBytes: Buffer.byteLength(text),
		messages: count,
		framingMs: t1 - t0,
		parsingMs: t2 - t1,
		indexingMs: t3 - t2,
		lintMs: t4 - t3,
		keptBytes,
	};
}
