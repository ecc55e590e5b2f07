// What the user waits for after "Show Sequence Diagram" on a large trace whose analysis is done:
// the language server's `sipTrace/ladder` request over stdio (model built, serialised, sent and
// parsed, as the extension receives it; the first such request of a fresh server, as after opening
// the trace), then that reply posted to the built diagram webview in Chromium (the webview tests'
// harness page, same CSP), to the first frame painted with arrows, from a fresh page. The two are
// measured separately, each several times, and added up by their medians.
// Standalone: node --import tsx test/bench/diagramCommand.ts [file] [runs]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../lsp/lspClient';
import { openHarness } from '../webview/harness';
import { showStoredModel } from '../webview/pageTools';
import { median, percentile, spread } from './stats';

/**
 * In the page: 40 jumps from the top to the bottom of the diagram, 40 screens down, then 40 wheel
 * notches (3 rows), each timed from the scroll to the next frame painted.
 */
const scrollScript = `(async () => {
	const scroller = document.getElementById('scroller');
	const jumps = [];
	const wheel = [];
	const go = async (top, into) => {
		const t0 = performance.now();
		scroller.scrollTop = top;
		await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
		into.push(performance.now() - t0);
	};
	const height = scroller.scrollHeight;
	for (let k = 1; k <= 40; k++) await go((height * k) / 41, jumps);
	scroller.scrollTop = 0;
	for (let k = 1; k <= 40; k++) await go(scroller.scrollTop + scroller.clientHeight, jumps);
	for (let k = 1; k <= 40; k++) await go(scroller.scrollTop + 84, wheel);
	return { jumps, wheel };
})()`;

export interface DiagramCommandFigures {
	/** Arrows on the diagram (messages less folded retransmissions). */
	readonly arrows: number;
	/** The reply as JSON on the wire. */
	readonly replyMb: number;
	readonly requestMs: readonly number[];
	readonly requestMsMedian: number;
	readonly requestMsSpread: string;
	/** The same request asked again in the same process. */
	readonly warmRequestMsMedian: number;
	/**
	 * The first request of a fresh server whose trace has been open a moment (two seconds after its
	 * diagnostics): the model prepared in the background meanwhile, as when a user reads the trace
	 * before showing the diagram.
	 */
	readonly openedRequestMsMedian: number;
	/** Median request after the trace was open a moment + median draw. */
	readonly openedTotalMsMedian: number;
	/**
	 * Scrolling, from each scroll to the next frame painted with its rows (median and p95): jumps
	 * through the whole diagram and a screen at a time; wheel notches of three rows.
	 */
	readonly scrollFrameMsMedian: number;
	readonly scrollFrameMsP95: number;
	readonly wheelFrameMsMedian: number;
	readonly wheelFrameMsP95: number;
	readonly drawMs: readonly number[];
	readonly drawMsMedian: number;
	readonly drawMsSpread: string;
	/** Median request + median draw: command to first frame. */
	readonly totalMsMedian: number;
	readonly domArrows: number;
}

/** The number of arrows of a reply, in the compact form or the older object form. */
function arrowCount(reply: unknown): number {
	const r = reply as { count?: number; arrows?: unknown[] } | null;
	return r?.count ?? r?.arrows?.length ?? 0;
}

export async function benchDiagramCommand(file: string, runs = 5): Promise<DiagramCommandFigures> {
	const text = readFileSync(file, 'utf8');
	const uri = pathToFileURL(file).toString();
	const requestMs: number[] = [];
	const warmRequestMs: number[] = [];
	const openedRequestMs: number[] = [];
	let reply: unknown = null;
	// Each run in a fresh server, as after opening the trace: the analysis done (diagnostics
	// published), then the command's request, the first of its kind in that process.
	for (let run = 0; run < runs; run++) {
		const client = new LspClient();
		try {
			await client.initialize();
			await client.open(uri, text, 1);
			await client.analysedDiagnostics(uri);
			let t = performance.now();
			reply = await client.request('sipTrace/ladder', { uri, view: 'network' });
			requestMs.push(performance.now() - t);
			// Asked again (another trace shown and back, the view switched): the code is warm.
			t = performance.now();
			await client.request('sipTrace/ladder', { uri, view: 'network' });
			warmRequestMs.push(performance.now() - t);
		} finally {
			await client.shutdown();
		}
		const opened = new LspClient();
		try {
			await opened.initialize();
			await opened.open(uri, text, 1);
			await opened.analysedDiagnostics(uri);
			await new Promise((resolve) => setTimeout(resolve, 2000));
			const t = performance.now();
			await opened.request('sipTrace/ladder', { uri, view: 'network' });
			openedRequestMs.push(performance.now() - t);
		} finally {
			await opened.shutdown();
		}
	}
	const json = JSON.stringify(reply);
	const h = await openHarness();
	const drawMs: number[] = [];
	const scrollMs: number[] = [];
	const wheelMs: number[] = [];
	let domArrows = 0;
	try {
		for (let run = 0; run < runs; run++) {
			await h.reload();
			await h.page.evaluate((s) => {
				(window as unknown as { model: unknown }).model = JSON.parse(s);
			}, json);
			drawMs.push(await showStoredModel(h));
			domArrows = await h.page.evaluate(
				() => document.querySelectorAll('[data-message-index]').length,
			);
			if (domArrows === 0) throw new Error('no arrows drawn');
		}
		// A string, not a function: the test runner's helper names do not exist in the page.
		const scrolled = await h.page.evaluate<{ jumps: number[]; wheel: number[] }>(scrollScript);
		scrollMs.push(...scrolled.jumps);
		wheelMs.push(...scrolled.wheel);
	} finally {
		await h.close();
	}
	return {
		arrows: arrowCount(reply),
		replyMb: json.length / 1e6,
		requestMs,
		requestMsMedian: median(requestMs),
		requestMsSpread: spread(requestMs),
		warmRequestMsMedian: median(warmRequestMs),
		drawMs,
		drawMsMedian: median(drawMs),
		drawMsSpread: spread(drawMs),
		totalMsMedian: median(requestMs) + median(drawMs),
		openedRequestMsMedian: median(openedRequestMs),
		openedTotalMsMedian: median(openedRequestMs) + median(drawMs),
		scrollFrameMsMedian: median(scrollMs),
		scrollFrameMsP95: percentile(scrollMs, 95),
		wheelFrameMsMedian: median(wheelMs),
		wheelFrameMsP95: percentile(wheelMs, 95),
		domArrows,
	};
}

if (process.argv[1]?.endsWith('diagramCommand.ts')) {
	const file = process.argv[2] ?? '.cache/bench/trace-100000.headerline.log';
	const runs = Number(process.argv[3] ?? 5);
	void benchDiagramCommand(file, runs).then(
		(figures) => console.log(JSON.stringify({ figure: 'diagram-command', file, ...figures })),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
