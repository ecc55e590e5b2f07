/**
 * The sequence-diagram webview: draws the model the extension sends, never parses SIP, and tells
 * the extension which message the user picked.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { LadderView } from '../../server/src/protocol/ladder';
import { decodeLadder, type Ladder } from '../../server/src/protocol/ladderColumns';
import { toMermaid, toPlantUml } from './exportText';
import {
	filterChoices,
	nearbyChoices,
	restoreFilter,
	visibleRows,
	type Choice,
	type ChoiceKey,
	type Filter,
} from './filters';
import {
	headerHeight,
	laneWidth,
	rowHeight,
	subscriptionBars,
	timeColumn,
	windowRows,
} from './layout';
import { restoreAliases, withAliases } from './laneAliases';
import {
	isToWebview,
	type ExportFormat,
	type FromWebview,
	type Handlers,
	type RequestType,
	type ToWebview,
	type Unnumbered,
	type WebviewRequest,
} from './protocol';
import { drawArrow, drawLanes, drawSubscriptionBars, el } from './render';

interface VsCodeApi {
	postMessage(message: FromWebview): void;
	getState(): unknown;
	setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What survives a reload: VS Code keeps it for the panel serializer, which reads `uri`. */
interface SavedState {
	view: LadderView;
	filter: Filter;
	selected: number | null;
	/** The trace shown (the serializer reopens the panel on it). */
	uri?: string;
	/** The trace the filter's choices were made on. */
	filterUri: string | null;
}

const vscode = acquireVsCodeApi();
const saved = (vscode.getState() ?? {}) as Partial<Record<keyof SavedState, unknown>>;
let view: LadderView = saved.view === 'entities' ? 'entities' : 'network';
let filter: Filter = restoreFilter(saved.filter);
let filterUri: string | null = typeof saved.filterUri === 'string' ? saved.filterUri : null;
let selected: number | null = typeof saved.selected === 'number' ? saved.selected : null;
let hovered: number | null = null;
let model: Ladder | null = null;
let version = -1;
/** The arrow position of each row shown (the filter's result). */
let rows: Int32Array = new Int32Array(0);
/** The row of each arrow position, -1 when the filter hides it. */
let rowOfPosition: Int32Array = new Int32Array(0);
/** The row showing a message, if it is shown. */
const rowOf = (index: number): number | undefined => {
	const pos = model ? model.position(index) : -1;
	const row = pos < 0 ? -1 : rowOfPosition[pos]!;
	return row < 0 ? undefined : row;
};
/** The message index drawn at a row. */
const indexAt = (row: number): number | undefined =>
	model && row >= 0 && row < rows.length ? model.columns.index[rows[row]!] : undefined;

const post = (message: FromWebview): void => vscode.postMessage(message);
const save = (): void =>
	vscode.setState({ view, filter, selected, uri: model?.uri, filterUri } satisfies SavedState);

// ---- requests: each gets a reply (done or failed), shown in the notice line ----
let nextRequestId = 1;
/** Requests awaiting their reply: id -> what the user asked for, for the messages. */
const pending = new Map<number, string>();
const requestWhat: Readonly<Record<RequestType, string>> = {
	reveal: 'reveal the message',
	export: 'export',
	'lane/rename': 'rename the lane',
};
function request(message: Unnumbered<WebviewRequest>, what: string, busy: string | null): void {
	const id = nextRequestId++;
	pending.set(id, what);
	notify(busy ?? '', 'info');
	post({ ...message, id } as WebviewRequest);
}

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

type MultiSelect = HTMLElementTagNameMap['vscode-multi-select'];
/** The method, dialog and presentity filters: one multi-select each, filled from the model. */
const filterBar = document.createElement('div');
filterBar.id = 'filters';
/** Says when a dropdown offers only part of a long list. */
const choiceNotes: Partial<Record<ChoiceKey, HTMLElement>> = {};
function multiSelect(key: ChoiceKey, id: string, name: string, combobox: boolean): MultiSelect {
	const wrap = document.createElement('span');
	wrap.className = 'filter-choice';
	const caption = document.createElement('span');
	caption.className = 'filter-name';
	caption.id = `${id}-name`;
	caption.textContent = name;
	const select = document.createElement('vscode-multi-select');
	select.id = id;
	select.setAttribute('label', name);
	select.setAttribute('aria-labelledby', caption.id);
	if (combobox) select.setAttribute('combobox', '');
	const note = document.createElement('span');
	note.className = 'filter-note';
	note.id = `${id}-note`;
	choiceNotes[key] = note;
	wrap.append(caption, select, note);
	filterBar.appendChild(wrap);
	return select;
}
const choiceSelects: Readonly<Record<ChoiceKey, MultiSelect>> = {
	methods: multiSelect('methods', 'filter-method', 'Method', false),
	callIds: multiSelect('callIds', 'filter-dialog', 'Dialog', true),
	presentities: multiSelect('presentities', 'filter-presentity', 'Presentity', true),
};
const clearFilters = document.createElement('vscode-button');
clearFilters.id = 'clear-filters';
clearFilters.textContent = 'Clear filters';
clearFilters.setAttribute('secondary', '');
filterBar.appendChild(clearFilters);
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
/** Replies to requests: what an export did, or why a request failed. */
const notice = document.createElement('div');
notice.id = 'notice';
notice.setAttribute('aria-live', 'polite');
notice.hidden = true;
function notify(text: string, kind: 'info' | 'error'): void {
	notice.textContent = text;
	notice.className = kind;
	notice.hidden = text === '';
	if (kind === 'error') notice.setAttribute('role', 'alert');
	else notice.removeAttribute('role');
}
const scroller = document.createElement('div');
scroller.id = 'scroller';
scroller.tabIndex = 0;
const svg = el('svg', { id: 'ladder', role: 'list', 'aria-label': 'SIP message sequence' });
const subscriptionLayer = el('g', { id: 'subscriptions' });
const arrowLayer = el('g', { id: 'arrows' });
scroller.appendChild(svg);
document.body.append(toolbar, filterBar, status, notice, scroller);

// ---- drawing ----
function relatedSet(): Set<number> {
	const focus = hovered ?? selected;
	const pos = focus === null || !model ? -1 : model.position(focus);
	if (!model || pos < 0) return new Set();
	const c = model.columns;
	return new Set(c.related.subarray(c.relatedStart[pos]!, c.relatedStart[pos + 1]!));
}

function render(): void {
	svg.replaceChildren();
	subscriptionLayer.replaceChildren();
	arrowLayer.replaceChildren();
	if (!model) {
		rows = new Int32Array(0);
		rowOfPosition = new Int32Array(0);
		return;
	}
	rows = visibleRows(model, filter);
	rowOfPosition = new Int32Array(model.count).fill(-1);
	for (let row = 0; row < rows.length; row++) rowOfPosition[rows[row]!] = row;
	const width = timeColumn + model.lanes.length * laneWidth + 20;
	const height = headerHeight + rows.length * rowHeight + 20;
	svg.setAttribute('width', String(width));
	svg.setAttribute('height', String(height));
	svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
	drawLanes(svg, model.lanes, rows.length);
	svg.append(subscriptionLayer, arrowLayer);
	const filtered = rows.length < model.count ? ' (filtered)' : '';
	status.textContent = `${rows.length} of ${model.count} messages${filtered} · ${model.lanes.length} lanes · ${model.subscriptions.length} subscriptions`;
	drawWindow();
}

/**
 * Only the rows in view (and a margin) are in the DOM, arrows and subscription bars alike, so a
 * trace of 100,000 messages stays light.
 */
/**
 * The arrows drawn, by row. A scroll keeps the ones still in view (an arrow's place depends on its
 * row alone) and draws only the rows that come into view; anything else (model, filter, selection,
 * hover) draws the window afresh.
 */
let drawnRows = new Map<number, SVGGElement>();

function drawWindow(scrolled = false): void {
	if (!model) return;
	const [first, last] = windowRows(scroller.scrollTop, scroller.clientHeight || 800, rows.length);
	const bars = document.createDocumentFragment();
	drawSubscriptionBars(bars, subscriptionBars(model, rowOf, rows.length, first, last));
	subscriptionLayer.replaceChildren(bars);
	const state = { selected, related: relatedSet() };
	const kept = scrolled ? drawnRows : new Map<number, SVGGElement>();
	const drawn = new Map<number, SVGGElement>();
	const fragment = document.createDocumentFragment();
	for (let row = first; row < last; row++) {
		const g = kept.get(row) ?? drawArrow(model, rows, row, state);
		drawn.set(row, g);
		fragment.appendChild(g);
	}
	drawnRows = drawn;
	arrowLayer.replaceChildren(fragment);
}

// ---- the method, dialog and presentity filters ----
function option(choice: Choice, chosen: boolean): HTMLElement {
	const o = document.createElement('vscode-option');
	o.setAttribute('value', choice.value);
	o.setAttribute('description', choice.description);
	o.textContent = choice.label;
	if (chosen) o.setAttribute('selected', '');
	return o;
}

/**
 * A dropdown draws every option it holds, so a long list (the Call-IDs of a large trace) is offered
 * in part: when the dropdown is about to open, the choices made and those met from the top of the
 * view on, as the other filters have it.
 */
const maxChoices = 500;
/** What each dropdown offers: how many, and the list, made on first use (a long one may never be). */
let offeredChoices: Readonly<Record<ChoiceKey, { count: number; list: () => readonly Choice[] }>> =
	{
		methods: { count: 0, list: () => [] },
		callIds: { count: 0, list: () => [] },
		presentities: { count: 0, list: () => [] },
	};
/** Choices of this trace's that the webview offers whatever the model holds now (see fillChoices). */
let absentChoices: Readonly<Record<ChoiceKey, readonly string[]>> = {
	methods: [],
	callIds: [],
	presentities: [],
};

function fillSelect(key: ChoiceKey, list: readonly Choice[]): void {
	const chosen = new Set(filter[key]);
	const fragment = document.createDocumentFragment();
	for (const c of list) fragment.appendChild(option(c, chosen.has(c.value)));
	for (const v of absentChoices[key])
		fragment.appendChild(
			option({ value: v, label: `${v} (not in the trace now)`, description: '' }, true),
		);
	choiceSelects[key].replaceChildren(fragment);
}

/** What a long list was last filled for: the model, the filter and the top row. */
const nearbyFilledFor: Partial<Record<ChoiceKey, string>> = {};

/**
 * Fills a long list's dropdown for what is in view now; short lists are always full. Called as
 * the pointer comes over the dropdown or it takes the focus: not on the press that opens it, since
 * options replaced between press and release would swallow the click.
 */
function fillNearby(key: ChoiceKey): void {
	const select = choiceSelects[key];
	if (!model || select.open || offeredChoices[key].count <= maxChoices) return;
	const [first] = windowRows(scroller.scrollTop + headerHeight, 0, rows.length, 0);
	const top = indexAt(first) ?? null;
	const state = JSON.stringify([model.uri, version, top, filter]);
	if (nearbyFilledFor[key] === state) return;
	nearbyFilledFor[key] = state;
	const list = nearbyChoices(model, filter, key, offeredChoices[key].list(), top, maxChoices);
	fillSelect(key, list);
	const total = offeredChoices[key].count.toLocaleString('en');
	choiceNotes[key]!.textContent = `${list.length} of ${total} from the top row`;
}

/**
 * Fills the three dropdowns from the model. Choices made on this trace stay even when an edit
 * removed what they match (marked so, to be undone); on another trace, only those it offers stay.
 */
function fillChoices(m: Ladder): void {
	const choices = filterChoices(m);
	offeredChoices = {
		methods: { count: choices.methods.length, list: () => choices.methods },
		callIds: { count: m.dialogColumns.callId.length, list: () => choices.dialogs },
		presentities: { count: choices.presentities.length, list: () => choices.presentities },
	};
	const sameTrace = filterUri === m.uri;
	const next = { ...filter };
	const absent = { ...absentChoices };
	for (const key of ['methods', 'callIds', 'presentities'] as const) {
		if (!filter[key].length) {
			absent[key] = [];
			continue;
		}
		const values = new Set(offeredChoices[key].list().map((c) => c.value));
		next[key] = filter[key].filter((v) => sameTrace || values.has(v));
		absent[key] = next[key].filter((v) => !values.has(v));
	}
	filter = next;
	absentChoices = absent;
	filterUri = m.uri;
	for (const key of ['methods', 'callIds', 'presentities'] as const) {
		delete nearbyFilledFor[key];
		choiceNotes[key]!.textContent = '';
	}
	for (const key of ['methods', 'callIds', 'presentities'] as const) {
		const offered = offeredChoices[key];
		if (offered.count <= maxChoices) fillSelect(key, offered.list());
		// Until it opens, the choices made are its options, so that its face counts them.
		else if (!filter[key].length) fillSelect(key, []);
		else fillSelect(key, nearbyChoices(m, filter, key, offered.list(), null, filter[key].length));
	}
}

function chooseFrom(key: ChoiceKey): void {
	filter = { ...filter, [key]: [...choiceSelects[key].value] };
	save();
	render();
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
		const row = rowOf(index);
		if (row !== undefined) scrollToRow(row);
		if (reveal) request({ type: 'reveal', version, index }, `reveal message ${index}`, null);
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
	if (lane) request({ type: 'lane/rename', lane }, 'rename the lane', null);
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
scroller.addEventListener('scroll', () => requestAnimationFrame(() => drawWindow(true)));
scroller.addEventListener('keydown', (e) => {
	if (!rows.length) return;
	const row = selected === null ? -1 : (rowOf(selected) ?? -1);
	if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
		e.preventDefault();
		const next = Math.max(0, Math.min(rows.length - 1, row + (e.key === 'ArrowDown' ? 1 : -1)));
		select(indexAt(next)!, false);
	} else if (e.key === 'Enter' && selected !== null) {
		e.preventDefault();
		request({ type: 'reveal', version, index: selected }, `reveal message ${selected}`, null);
	}
});
viewSelect.addEventListener('change', () => {
	const value = viewSelect.value;
	view = value === 'entities' ? 'entities' : 'network';
	save();
	post({ type: 'view', view });
});
search.addEventListener('input', () => {
	filter = { ...filter, text: String(search.value ?? '') };
	save();
	render();
});
noise.addEventListener('change', () => {
	filter = { ...filter, hideNoise: noise.checked };
	save();
	render();
});
for (const key of ['methods', 'callIds', 'presentities'] as const) {
	choiceSelects[key].addEventListener('change', () => chooseFrom(key));
	// Before the dropdown can open: the pointer comes over it, or it takes the focus.
	choiceSelects[key].addEventListener('pointerenter', () => fillNearby(key));
	choiceSelects[key].addEventListener('focusin', () => fillNearby(key));
	// A combobox opens from its text box and its button; let its "N Selected" badge open it too.
	choiceSelects[key].addEventListener('click', (e) => {
		const select = choiceSelects[key];
		const target = e.composedPath()[0];
		if (
			select.combobox &&
			!select.open &&
			target instanceof Element &&
			target.classList.contains('select-face-badge')
		)
			select.open = true;
	});
}
clearFilters.addEventListener('click', () => {
	filter = { ...filter, methods: [], callIds: [], presentities: [] };
	for (const select of Object.values(choiceSelects))
		for (const o of select.querySelectorAll('vscode-option')) o.removeAttribute('selected');
	if (model) fillChoices(model);
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
	drawLanes(out, model.lanes, rows.length);
	drawSubscriptionBars(out, subscriptionBars(model, rowOf, rows.length, 0, rows.length));
	const state = { selected: null, related: new Set<number>() };
	for (let row = 0; row < rows.length; row++) out.appendChild(drawArrow(model, rows, row, state));
	return out;
}

const formatNames: Readonly<Record<ExportFormat, string>> = {
	svg: 'SVG',
	png: 'PNG',
	mermaid: 'Mermaid',
	plantuml: 'PlantUML',
};

async function exportAs(format: ExportFormat, copy: boolean): Promise<void> {
	if (!model) return;
	const name = formatNames[format];
	let data: string;
	try {
		const ladder = model;
		const arrows = Array.from(rows, (pos) => ladder.arrow(pos));
		if (format === 'mermaid') data = toMermaid(model.lanes, arrows);
		else if (format === 'plantuml') data = toPlantUml(model.lanes, arrows);
		else {
			const text = new XMLSerializer().serializeToString(fullSvg());
			data = format === 'svg' ? text : await toPng(text);
		}
	} catch (error) {
		notify(
			`Could not export ${name}: ${error instanceof Error ? error.message : String(error)}`,
			'error',
		);
		return;
	}
	request(
		{ type: 'export', format, data, copy },
		copy ? `copy ${name}` : `export ${name}`,
		copy ? `Copying ${name}…` : `Exporting ${name}…`,
	);
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
		const decoded = decodeLadder(m.model);
		if (!decoded.ok) {
			// Never drawn half: the last good diagram goes, and the extension is told why.
			model = null;
			render();
			status.textContent = `Cannot draw this trace: the diagram model is not readable (${decoded.message})`;
			post({
				type: 'ladder/rejected',
				version: m.version,
				error: decoded.error,
				message: decoded.message,
			});
			return;
		}
		const next = withAliases(decoded.ladder, restoreAliases(m.aliases));
		if (m.version < version && model?.uri === next.uri) return; // stale
		version = m.version;
		model = next;
		// The server may choose the entity view when the trace has no addresses.
		viewSelect.value = next.view;
		fillChoices(next);
		save();
		render();
		const row = selected === null ? undefined : rowOf(selected);
		if (row !== undefined) scrollToRow(row);
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
	'request/done': (m) => {
		pending.delete(m.id);
		notify(m.message ?? '', 'info');
	},
	'request/failed': (m) => {
		const what = pending.get(m.id) ?? requestWhat[m.request];
		pending.delete(m.id);
		notify(`Could not ${what}: ${m.message}`, 'error');
	},
};
window.addEventListener('message', (event: MessageEvent<unknown>) => {
	const message = event.data;
	if (!isToWebview(message)) return;
	void (handlers[message.type] as (m: ToWebview) => void)(message);
});
post({ type: 'ready' });
if (view === 'entities') post({ type: 'view', view });
