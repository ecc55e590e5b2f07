/**
 * Messages between the diagram webview and the extension: discriminated unions shared by both
 * sides, with runtime guards, since a message crossing the boundary is untrusted until checked.
 */
import type { LadderModel, LadderView } from '../../server/src/protocol/ladder';

export type ExportFormat = 'svg' | 'png' | 'mermaid' | 'plantuml';

/** Sent by the extension to the webview. */
export type ToWebview =
	| { readonly type: 'ladder/set'; readonly version: number; readonly model: LadderModel }
	| { readonly type: 'ladder/highlight'; readonly version: number; readonly index: number | null }
	| {
			readonly type: 'ladder/clear';
			readonly reason: 'closed' | 'not-a-trace' | 'error';
			readonly message?: string;
	  };

/** Sent by the webview to the extension. Nothing is posted to the webview before `ready`. */
export type FromWebview =
	| { readonly type: 'ready' }
	| { readonly type: 'reveal'; readonly version: number; readonly index: number }
	| { readonly type: 'view'; readonly view: LadderView }
	| {
			readonly type: 'export';
			readonly format: ExportFormat;
			readonly data: string;
			readonly copy: boolean;
	  }
	| { readonly type: 'lane/rename'; readonly lane: string }
	| { readonly type: 'error'; readonly message: string };

export type MessageOf<U, K> = Extract<U, { type: K }>;
/** One handler per message type: adding a message without handling it is a compile error. */
export type Handlers<U extends { type: string }> = {
	[K in U['type']]: (message: MessageOf<U, K>) => void | Promise<void>;
};

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const exportFormats: readonly string[] = ['svg', 'png', 'mermaid', 'plantuml'];

export function isFromWebview(x: unknown): x is FromWebview {
	if (!isObject(x)) return false;
	switch (x.type) {
		case 'ready':
			return true;
		case 'reveal':
			return isInt(x.version) && isInt(x.index);
		case 'view':
			return x.view === 'network' || x.view === 'entities';
		case 'export':
			return (
				typeof x.format === 'string' &&
				exportFormats.includes(x.format) &&
				typeof x.data === 'string' &&
				x.data.length < 50_000_000 &&
				typeof x.copy === 'boolean'
			);
		case 'lane/rename':
			return typeof x.lane === 'string' && x.lane.length < 1000;
		case 'error':
			return typeof x.message === 'string';
		default:
			return false;
	}
}

export function isToWebview(x: unknown): x is ToWebview {
	if (!isObject(x)) return false;
	switch (x.type) {
		case 'ladder/set':
			return (
				isInt(x.version) &&
				isObject(x.model) &&
				Array.isArray(x.model.arrows) &&
				Array.isArray(x.model.lanes)
			);
		case 'ladder/highlight':
			return isInt(x.version) && (x.index === null || isInt(x.index));
		case 'ladder/clear':
			return typeof x.reason === 'string';
		default:
			return false;
	}
}
