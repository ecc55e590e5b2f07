/**
 * Custom LSP methods of SIP Trace Inspector. Names are product-prefixed; each says who sends it.
 * Plain method names and parameter types only, so both the client and the server import this file.
 */
import type { LadderModel, LadderView } from './ladder';

/** Client -> server request: the sequence-diagram model of a document. */
export const ladderRequest = 'sipTrace/ladder';
export interface LadderParams {
	readonly uri: string;
	readonly view: LadderView;
}
export type LadderResult = LadderModel | null;

/** Client -> server request: the message index at a position (for editor -> diagram sync). */
export const messageAtRequest = 'sipTrace/messageAt';
export interface MessageAtParams {
	readonly uri: string;
	readonly line: number;
	readonly character: number;
}
export type MessageAtResult = { readonly index: number; readonly version: number } | null;
