// How long the diagram webview takes to show a large trace: the model the language server computes
// for the trace (core + buildLadder, in this process), posted to the built webview in Chromium
// (the harness page of the webview tests, same CSP), timed from postMessage to the first frame
// painted with arrows. Each run starts from a fresh page.
// Standalone: node --import tsx test/bench/diagramBench.ts [messages] [runs]
import { analyzeTrace } from '../../server/src/core/analyze';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { buildLadder } from '../../server/src/features/ladder';
import { openHarness } from '../webview/harness';
import { showStoredModel } from '../webview/pageTools';
import { generateTraffic, toHeaderLineText } from './generate';
import { median, spread } from './stats';

export interface DiagramFigures {
	readonly arrows: number;
	readonly modelMb: number;
	readonly openMs: readonly number[];
	readonly openMsMedian: number;
	readonly openMsSpread: string;
	/** Arrow groups and SVG elements in the DOM once shown: bounded by the viewport, not the trace. */
	readonly domArrows: number;
	readonly domSvgElements: number;
	readonly viewport: string;
}

export async function benchDiagramOpen(text: string, runs = 5): Promise<DiagramFigures> {
	const lines = new LineIndex(text);
	const model = buildLadder(analyzeTrace(text), 'file:///bench.log', 1, 'network', (o) =>
		lines.lineAt(o),
	);
	const json = JSON.stringify(model);
	const h = await openHarness();
	try {
		const openMs: number[] = [];
		let dom = { arrows: 0, svg: 0 };
		for (let run = 0; run < runs; run++) {
			await h.reload();
			await h.page.evaluate((s) => {
				(window as unknown as { model: unknown }).model = JSON.parse(s);
			}, json);
			openMs.push(await showStoredModel(h));
			dom = await h.page.evaluate(() => ({
				arrows: document.querySelectorAll('[data-message-index]').length,
				svg: document.querySelectorAll('#ladder *').length,
			}));
			if (dom.arrows === 0) throw new Error('no arrows drawn');
		}
		return {
			arrows: model.arrows.length,
			modelMb: json.length / 1e6,
			openMs,
			openMsMedian: median(openMs),
			openMsSpread: spread(openMs),
			domArrows: dom.arrows,
			domSvgElements: dom.svg,
			viewport: JSON.stringify(h.page.viewportSize()),
		};
	} finally {
		await h.close();
	}
}

if (process.argv[1]?.endsWith('diagramBench.ts')) {
	const messages = Number(process.argv[2] ?? 100_000);
	const runs = Number(process.argv[3] ?? 5);
	void benchDiagramOpen(toHeaderLineText(generateTraffic(messages, 42)), runs).then(
		(figures) => console.log(JSON.stringify({ figure: 'diagram-open', messages, ...figures })),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
