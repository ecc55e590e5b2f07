// Helpers the webview tests share: what the webview posted, messages to it, the arrows it shows.
import type { Ladder } from '../../server/src/protocol/ladderColumns';
import { analyzeTrace } from '../../server/src/core/analyze';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { buildLadder } from '../../server/src/features/ladder';
import type { Harness } from './harness';

export interface Posted {
	type: string;
	id?: number;
	version?: number;
	index?: number;
	format?: string;
	data?: string;
	copy?: boolean;
	lane?: string;
}

/** The diagram model the language server computes for a trace. */
export function ladderOf(text: string, uri: string, version = 1): Ladder {
	const lines = new LineIndex(text);
	return buildLadder(analyzeTrace(text), uri, version, 'network', (o) => lines.lineAt(o));
}

/**
 * Posts the model stored in the page's `window.model` to the webview, as the extension would;
 * resolves with the milliseconds until the first frame drawn with it is painted.
 */
export function showStoredModel(h: Harness): Promise<number> {
	return h.page.evaluate(
		() =>
			new Promise<number>((resolve) => {
				const t0 = performance.now();
				// Runs after the webview's own listener (added first): the model is drawn by then;
				// the timeout after the next frame fires once that frame is painted.
				window.addEventListener(
					'message',
					() => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0)),
					{ once: true },
				);
				window.postMessage(
					{
						type: 'ladder/set',
						version: 1,
						model: (window as unknown as { model: unknown }).model,
					},
					'*',
				);
			}),
	);
}

export function pageTools(h: Harness) {
	const posted = (): Promise<Posted[]> =>
		h.page.evaluate(() => (window as unknown as { posted: Posted[] }).posted);
	/** Posts a message to the webview as it arrives there: as JSON (a model in its compact form). */
	const send = (message: unknown): Promise<void> =>
		h.page.evaluate(
			(m) => window.postMessage(m, '*'),
			JSON.parse(JSON.stringify(message)) as unknown,
		);
	/** The message indexes of the arrows in the DOM, top to bottom. */
	const drawnIndexes = (): Promise<number[]> =>
		h.page.$$eval('[data-message-index]', (els) =>
			els.map((e) => Number(e.getAttribute('data-message-index'))),
		);
	/** Every arrow the diagram shows, read by scrolling through it (only the rows in view are drawn). */
	const shownArrows = async (): Promise<{ index: number; label: string }[]> => {
		const rows = await h.page.evaluate(async () => {
			const scroller = document.getElementById('scroller')!;
			const seen = new Map<number, { index: number; label: string }>();
			for (let top = 0; ; top += scroller.clientHeight) {
				scroller.scrollTop = top;
				scroller.dispatchEvent(new Event('scroll'));
				// No named functions in here: the test runner's transform would wrap them in a helper
				// the page does not have.
				await new Promise((resolve) => requestAnimationFrame(resolve));
				await new Promise((resolve) => requestAnimationFrame(resolve));
				for (const g of Array.from(document.querySelectorAll('[data-message-index]'))) {
					const y = Number(g.querySelector('.hit')?.getAttribute('y'));
					seen.set(y, {
						index: Number(g.getAttribute('data-message-index')),
						label: g.querySelector('.label')?.textContent ?? '',
					});
				}
				if (top + scroller.clientHeight >= scroller.scrollHeight) break;
			}
			scroller.scrollTop = 0;
			scroller.dispatchEvent(new Event('scroll'));
			await new Promise((resolve) => requestAnimationFrame(resolve));
			return [...seen].sort(([a], [b]) => a - b).map(([, row]) => row);
		});
		return rows;
	};
	const status = (): Promise<string> => h.page.textContent('#status').then((t) => t ?? '');
	return { posted, send, drawnIndexes, shownArrows, status };
}
