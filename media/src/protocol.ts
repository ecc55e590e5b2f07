/**
 * Messages between the diagram webview and the extension: discriminated unions shared by both
 * sides, with runtime guards, since a message crossing the boundary is untrusted until checked.
 */
import type { LadderView } from '../../server/src/protocol/ladder';
import type { CompactLadder, LadderDecodeError } from '../../server/src/protocol/ladderColumns';

export type ExportFormat = 'svg' | 'png' | 'mermaid' | 'plantuml';

/** Why a request from the webview failed. */
export type RequestError =
	/** No trace is shown in the panel. */
	| 'no-trace'
	/** The trace changed since the webview drew it: its document version is not the current one. */
	| 'stale-version'
	/** No message has that index (out of range, or not in the current model). */
	| 'unknown-message'
	/** Writing the exported file failed. */
	| 'save-failed'
	/** Writing to the clipboard failed. */
	| 'copy-failed'
	/** The exported data is not what its format says. */
	| 'invalid-data'
	/** Anything else that went wrong while handling the request. */
	| 'failed';

/** Sent by the extension to the webview. */
export type ToWebview =
	/**
	 * The diagram model as the server sent it, forwarded untouched; the webview checks it in full
	 * (`decodeLadder`) and answers `ladder/rejected` if it cannot be read. `aliases`: the lane names
	 * the user gave (lane id -> name), applied by the webview.
	 */
	| {
			readonly type: 'ladder/set';
			readonly version: number;
			readonly model: CompactLadder;
			readonly aliases?: Readonly<Record<string, string>>;
	  }
	| { readonly type: 'ladder/highlight'; readonly version: number; readonly index: number | null }
	| {
			readonly type: 'ladder/clear';
			readonly reason: 'closed' | 'not-a-trace' | 'error';
			readonly message?: string;
	  }
	/** The request `id` was carried out; `message` says what happened (`Saved trace.svg`), if anything. */
	| {
			readonly type: 'request/done';
			readonly id: number;
			readonly request: RequestType;
			readonly message: string | null;
	  }
	/** The request `id` failed: every request gets this or `request/done`, never silence. */
	| {
			readonly type: 'request/failed';
			readonly id: number;
			readonly request: RequestType;
			readonly error: RequestError;
			readonly message: string;
	  };

/** Sent by the webview to the extension. Nothing is posted to the webview before `ready`. */
export type FromWebview =
	| { readonly type: 'ready' }
	| {
			readonly type: 'reveal';
			readonly id: number;
			readonly version: number;
			readonly index: number;
	  }
	| { readonly type: 'view'; readonly view: LadderView }
	| {
			readonly type: 'export';
			readonly id: number;
			readonly format: ExportFormat;
			readonly data: string;
			readonly copy: boolean;
	  }
	| { readonly type: 'lane/rename'; readonly id: number; readonly lane: string }
	| { readonly type: 'error'; readonly message: string }
	/** The model of `ladder/set` (of that version) could not be read, and why; nothing was drawn. */
	| {
			readonly type: 'ladder/rejected';
			readonly version: number;
			readonly error: LadderDecodeError;
			readonly message: string;
	  };

/** The messages that are requests: they carry an `id` and are answered by `request/done` or `request/failed`. */
export type WebviewRequest = Extract<FromWebview, { readonly id: number }>;
export type RequestType = WebviewRequest['type'];
/** The messages that are notifications: no answer. */
export type WebviewNotification = Exclude<FromWebview, { readonly id: number }>;
/** A request before the webview numbers it. */
export type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

export type MessageOf<U, K> = Extract<U, { type: K }>;
/** One handler per message type: adding a message without handling it is a compile error. */
export type Handlers<U extends { type: string }> = {
	[K in U['type']]: (message: MessageOf<U, K>) => void | Promise<void>;
};
/**
 * One handler per request type: it resolves to what to tell the user (or null), or throws; either
 * way the request is answered.
 */
export type RequestHandlers = {
	[K in RequestType]: (message: MessageOf<WebviewRequest, K>) => Promise<string | null>;
};

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const exportFormats: readonly string[] = ['svg', 'png', 'mermaid', 'plantuml'];
// Records, so that adding a request or an error without listing it here is a compile error.
const requestTypes: Readonly<Record<RequestType, true>> = {
	reveal: true,
	export: true,
	'lane/rename': true,
};
const requestErrors: Readonly<Record<RequestError, true>> = {
	'no-trace': true,
	'stale-version': true,
	'unknown-message': true,
	'save-failed': true,
	'copy-failed': true,
	'invalid-data': true,
	failed: true,
};
const decodeErrors: Readonly<Record<LadderDecodeError, true>> = {
	'not-a-model': true,
	'unknown-format': true,
	malformed: true,
};
const isKey = <K extends string>(record: Readonly<Record<K, true>>, x: unknown): x is K =>
	typeof x === 'string' && Object.hasOwn(record, x);

export const isRequest = (m: FromWebview): m is WebviewRequest => isKey(requestTypes, m.type);

export function isFromWebview(x: unknown): x is FromWebview {
	if (!isObject(x)) return false;
	switch (x.type) {
		case 'ready':
			return true;
		case 'reveal':
			return isInt(x.id) && isInt(x.version) && isInt(x.index);
		case 'view':
			return x.view === 'network' || x.view === 'entities';
		case 'export':
			return (
				isInt(x.id) &&
				typeof x.format === 'string' &&
				exportFormats.includes(x.format) &&
				typeof x.data === 'string' &&
				x.data.length < 50_000_000 &&
				typeof x.copy === 'boolean'
			);
		case 'lane/rename':
			return isInt(x.id) && typeof x.lane === 'string' && x.lane.length < 1000;
		case 'error':
			return typeof x.message === 'string';
		case 'ladder/rejected':
			return (
				Number.isSafeInteger(x.version) &&
				isKey(decodeErrors, x.error) &&
				typeof x.message === 'string' &&
				x.message.length < 10_000
			);
		default:
			return false;
	}
}

export function isToWebview(x: unknown): x is ToWebview {
	if (!isObject(x)) return false;
	switch (x.type) {
		case 'ladder/set':
			// The model itself is checked in full when it is read (decodeLadder), which answers
			// `ladder/rejected` rather than drawing what it cannot read.
			return isInt(x.version) && 'model' in x && (x.aliases === undefined || isObject(x.aliases));
		case 'ladder/highlight':
			return isInt(x.version) && (x.index === null || isInt(x.index));
		case 'ladder/clear':
			return typeof x.reason === 'string';
		case 'request/done':
			return (
				isInt(x.id) &&
				isKey(requestTypes, x.request) &&
				(x.message === null || typeof x.message === 'string')
			);
		case 'request/failed':
			return (
				isInt(x.id) &&
				isKey(requestTypes, x.request) &&
				isKey(requestErrors, x.error) &&
				typeof x.message === 'string'
			);
		default:
			return false;
	}
}
