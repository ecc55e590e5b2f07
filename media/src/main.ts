/**
 * The sequence-diagram webview: draws the model the extension sends, never parses SIP, and tells
 * the extension which message the user picked.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { LadderArrow, LadderModel, LadderView } from '../../server/src/protocol/ladder';
import { toMermaid, toPlantUml } from './exportText';
import {
	headerHeight,
	laneWidth,
	rowHeight,
	timeColumn,
	visibleArrows,
	windowRows,
	type Filter,
} from './layout';
import {
	isToWebview,
	type ExportFormat,
	type FromWebview,
	type Handlers,
	type ToWebview,
} from './protocol';
import { drawArrow, drawLanes, drawSubscriptions, el } from './render';

interface VsCodeApi {
	postMessage(message: FromWebview): void;
	getState(): unknown;
	setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
	view: LadderView;
	filter: Filter;
	selected: number | null;
}

const vscode = acquireVsCodeApi();
const saved = (vscode.getState() ?? {}) as Partial<SavedState>;
let view: LadderView = saved.view === 'entities' ? 'entities' : 'network';
let filter: Filter = {
	text: typeof saved.filter?.text === 'string' ? saved.filter.text : '',
	hideNoise: saved.filter?.hideNoise === true,
};
let selected: number | null = typeof saved.selected === 'number' ? saved.selected : null;
let hovered: number | null = null;
let model: LadderModel | null = null;
let version = -1;
let arrows: LadderArrow[] = [];
let rowOf = new Map<number, number>();
let laneIndex = new Map<string, number>();

const post = (message: FromWebview): void => vscode.postMessage(message);
const save = (): void =>
	vscode.setState({ view, filter, selected, uri: model?.uri } satisfies SavedState & {
		uri?: string;
	});

// ---- the page skeleton: built with DOM APIs, no HTML strings ----
const toolbar = document.createElement('div');
toolbar.id = 'toolbar';
const viewSelect = document.createElement('vscode-single-select');
viewSelect.id = 'view';
viewSelect.setAttribute('aria-label', 'View');
for (const [value, text] of [
	['network', 'Network (addresses)'],
	['entities', 'Entities (SIP identities)'],
] as const) {
	const option = document.createElement('vscode-option');
	option.setAttribute('value', value);
	option.textContent = text;
	if (value === view) option.setAttribute('selected', '');
	viewSelect.appendChild(option);
}
const search = document.createElement('vscode-textfield');
search.id = 'filter';
search.setAttribute('placeholder', 'Filter: method, Call-ID, presentity, note');
search.setAttribute('aria-label', 'Filter');
search.value = filter.text;
const noise = document.createElement('vscode-checkbox');
noise.id = 'hide-noise';
noise.textContent = 'Hide OPTIONS, REGISTER, refreshes';
noise.checked = filter.hideNoise;
toolbar.append(viewSelect, search, noise);
const exportButtons: [ExportFormat, string, boolean][] = [
	['svg', 'Export SVG', false],
	['png', 'Export PNG', false],
	['mermaid', 'Mermaid', false],
	['plantuml', 'PlantUML', false],
	['mermaid', 'Copy Mermaid', true],
];
for (const [format, text, copy] of exportButtons) {
	const button = document.createElement('vscode-button');
	button.textContent = text;
	button.setAttribute('secondary', '');
	button.dataset['export'] = format;
	button.dataset['copy'] = String(copy);
	toolbar.appendChild(button);
}
const status = document.createElement('div');
status.id = 'status';
status.setAttribute('role', 'status');
const scroller = document.createElement('div');
scroller.id = 'scroller';
scroller.tabIndex = 0;
const svg = el('svg', { id: 'ladder', role: 'list', 'aria-label': 'SIP message sequence' });
const arrowLayer = el('g', { id: 'arrows' });
scroller.appendChild(svg);
document.body.append(toolbar, status, scroller);

// ---- drawing ----
function relatedSet(): Set<number> {
	const focus = hovered ?? selected;
	const a = focus === null ? undefined : model?.arrows.find((x) => x.index === focus);
	return new Set(a ? a.related : []);
}

function render(): void {
	svg.replaceChildren();
	arrowLayer.replaceChildren();
	if (!model) return;
	arrows = visibleArrows(model, filter);
	rowOf = new Map(arrows.map((a, i) => [a.index, i]));
	laneIndex = new Map(model.lanes.map((l, i) => [l.id, i]));
	const width = timeColumn + model.lanes.length * laneWidth + 20;
	const height = headerHeight + arrows.length * rowHeight + 20;
	svg.setAttribute('width', String(width));
	svg.setAttribute('height', String(height));
	svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
	drawLanes(svg, model, arrows.length);
	drawSubscriptions(svg, model, rowOf, arrows.length, laneIndex);
	svg.appendChild(arrowLayer);
	status.textContent = `${arrows.length} of ${model.arrows.length} messages · ${model.lanes.length} lanes · ${model.subscriptions.length} subscriptions`;
	drawWindow();
}

/** Only the rows in view are in the DOM, so a trace of 100,000 messages stays light. */
function drawWindow(): void {
	if (!model) return;
	const [first, last] = windowRows(scroller.scrollTop, scroller.clientHeight || 800, arrows.length);
	const state = { selected, related: relatedSet() };
	const fragment = document.createDocumentFragment();
	for (let row = first; row < last; row++)
		fragment.appendChild(drawArrow(model, arrows, row, laneIndex, state));
	arrowLayer.replaceChildren(fragment);
}

function scrollToRow(row: number): void {
	const y = headerHeight + row * rowHeight;
	if (
		y < scroller.scrollTop + headerHeight ||
		y > scroller.scrollTop + scroller.clientHeight - rowHeight * 2
	) {
		scroller.scrollTop = Math.max(0, y - scroller.clientHeight / 2);
	}
}

function select(index: number | null, reveal: boolean): void {
	selected = index;
	save();
	if (index !== null) {
		const row = rowOf.get(index);
		if (row !== undefined) scrollToRow(row);
		if (reveal) post({ type: 'reveal', version, index });
	}
	drawWindow();
}

// ---- interaction ----
const indexOfEvent = (e: Event): number | null => {
	const g = (e.target as Element | null)?.closest?.('[data-message-index]');
	return g ? Number(g.getAttribute('data-message-index')) : null;
};
svg.addEventListener('click', (e) => {
	const index = indexOfEvent(e);
	if (index !== null) select(index, true);
	scroller.focus();
});
// Double-clicking a lane asks the extension to rename it; two lanes renamed alike merge.
svg.addEventListener('dblclick', (e) => {
	const lane = (e.target as Element | null)?.closest?.('[data-lane]')?.getAttribute('data-lane');
	if (lane) post({ type: 'lane/rename', lane });
});
svg.addEventListener('mouseover', (e) => {
	const index = indexOfEvent(e);
	if (index !== hovered) {
		hovered = index;
		drawWindow();
	}
});
svg.addEventListener('mouseleave', () => {
	hovered = null;
	drawWindow();
});
scroller.addEventListener('scroll', () => requestAnimationFrame(drawWindow));
scroller.addEventListener('keydown', (e) => {
	if (!arrows.length) return;
	const row = selected === null ? -1 : (rowOf.get(selected) ?? -1);
	if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
		e.preventDefault();
		const next = Math.max(0, Math.min(arrows.length - 1, row + (e.key === 'ArrowDown' ? 1 : -1)));
		select(arrows[next]!.index, false);
	} else if (e.key === 'Enter' && selected !== null) {
		e.preventDefault();
		post({ type: 'reveal', version, index: selected });
	}
});
viewSelect.addEventListener('change', () => {
	const value = (viewSelect as unknown as { value: string }).value;
	view = value === 'entities' ? 'entities' : 'network';
	save();
	post({ type: 'view', view });
});
search.addEventListener('input', () => {
	filter = { ...filter, text: String((search as unknown as { value: string }).value ?? '') };
	save();
	render();
});
noise.addEventListener('change', () => {
	filter = { ...filter, hideNoise: (noise as unknown as { checked: boolean }).checked };
	save();
	render();
});
toolbar.addEventListener('click', (e) => {
	const button = (e.target as Element | null)?.closest?.('[data-export]') as HTMLElement | null;
	if (!button || !model) return;
	const format = button.dataset['export'] as ExportFormat;
	void exportAs(format, button.dataset['copy'] === 'true');
});

// ---- export ----
/** The whole filtered ladder as a standalone SVG, with colours inlined (no theme variables outside). */
function fullSvg(): SVGSVGElement {
	const out = svg.cloneNode(false) as SVGSVGElement;
	out.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
	const style = el(
		'style',
		{},
		'text{font:12px sans-serif;fill:#333}.line,.lifeline{stroke:#666}.response .line{stroke-dasharray:4 3}.head{fill:#666}.subscription{fill:#4a90d9;opacity:.4}.badge{fill:#a0522d}.hit{fill:transparent}',
	);
	out.appendChild(style);
	if (!model) return out;
	drawLanes(out, model, arrows.length);
	drawSubscriptions(out, model, rowOf, arrows.length, laneIndex);
	const state = { selected: null, related: new Set<number>() };
	for (let row = 0; row < arrows.length; row++)
		out.appendChild(drawArrow(model, arrows, row, laneIndex, state));
	return out;
}

async function exportAs(format: ExportFormat, copy: boolean): Promise<void> {
	if (!model) return;
	let data: string;
	if (format === 'mermaid') data = toMermaid(model.lanes, arrows);
	else if (format === 'plantuml') data = toPlantUml(model.lanes, arrows);
	else {
		const text = new XMLSerializer().serializeToString(fullSvg());
		data = format === 'svg' ? text : await toPng(text);
	}
	post({ type: 'export', format, data, copy });
}

function toPng(svgText: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const image = new Image();
		image.onload = () => {
			const canvas = document.createElement('canvas');
			canvas.width = image.width || 800;
			canvas.height = image.height || 600;
			const ctx = canvas.getContext('2d');
			if (!ctx) return reject(new Error('no canvas'));
			ctx.fillStyle = '#ffffff';
			ctx.fillRect(0, 0, canvas.width, canvas.height);
			ctx.drawImage(image, 0, 0);
			resolve(canvas.toDataURL('image/png'));
		};
		image.onerror = () => reject(new Error('the SVG could not be rendered'));
		image.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svgText)))}`;
	});
}

// ---- messages from the extension ----
const handlers: Handlers<ToWebview> = {
	'ladder/set': (m) => {
		if (m.version < version && model?.uri === m.model.uri) return; // stale
		version = m.version;
		model = m.model;
		// The server may choose the entity view when the trace has no addresses.
		(viewSelect as unknown as { value: string }).value = m.model.view;
		render();
		if (selected !== null && rowOf.has(selected)) scrollToRow(rowOf.get(selected)!);
	},
	'ladder/highlight': (m) => {
		if (m.version !== version) return;
		select(m.index, false);
	},
	'ladder/clear': (m) => {
		model = null;
		render();
		status.textContent =
			m.reason === 'error'
				? `Cannot draw this trace: ${m.message ?? ''}`
				: 'Open a SIP trace to see its sequence diagram.';
	},
};
window.addEventListener('message', (event: MessageEvent<unknown>) => {
	const message = event.data;
	if (!isToWebview(message)) return;
	void (handlers[message.type] as (m: ToWebview) => void)(message);
});
post({ type: 'ready' });
if (view === 'entities') post({ type: 'view', view });
