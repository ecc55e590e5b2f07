/**
 * Custom LSP methods of SIP Trace Inspector. Names are product-prefixed; each says who sends it.
 * Plain method names and parameter types only, so both the client and the server import this file.
 */
import type { TraceStatistics } from '../core/statistics';
import type { LadderView } from './ladder';
import type { CompactLadder, Ladder } from './ladderColumns';

/** Client -> server request: the sequence-diagram model of a document. */
export const ladderRequest = 'sipTrace/ladder';
export interface LadderParams {
	readonly uri: string;
	readonly view: LadderView;
}
/** What the server answers: a {@link Ladder}, which goes on the wire as its compact form. */
export type LadderResult = Ladder | null;
/** What a client receives: the JSON of a {@link LadderResult}. */
export type LadderReply = CompactLadder | null;

/** Client -> server request: the message index at a position (for editor -> diagram sync). */
export const messageAtRequest = 'sipTrace/messageAt';
export interface MessageAtParams {
	readonly uri: string;
	readonly line: number;
	readonly character: number;
}
export type MessageAtResult = { readonly index: number; readonly version: number } | null;

/**
 * Client -> server request: the call of the message at a position taken out of the trace, as a
 * trace of its own (its Call-ID, and the calls presence links cross to; see `extractCall`).
 */
export const extractCallRequest = 'sipTrace/extractCall';
export type ExtractCallParams = MessageAtParams;
export type ExtractCallResult = {
	readonly text: string;
	readonly messages: number;
	readonly callIds: readonly string[];
} | null;

/**
 * Client -> server request: analyse a trace file read from disk, for files too large for the
 * editor to hand to extensions. The server keeps the analysis under `uri`, so navigation requests,
 * document symbols ("SIP Dialogs" view) and the diagram work on it. Reports work-done progress.
 */
export const openLargeTraceRequest = 'sipTrace/openLargeTrace';
export interface OpenLargeTraceParams {
	readonly uri: string;
	/** Absolute path of the file on the server's machine. */
	readonly path: string;
	/** LSP work-done progress token (client-initiated progress); absent: the server makes its own. */
	readonly workDoneToken?: string | number;
}
export interface OpenLargeTraceResult {
	readonly uri: string;
	readonly messages: number;
	readonly bytes: number;
	readonly format: string;
}

/** Client -> server notification: forget a large trace opened with {@link openLargeTraceRequest}. */
export const closeLargeTraceNotification = 'sipTrace/closeLargeTrace';
export interface CloseLargeTraceParams {
	readonly uri: string;
}

/**
 * Client -> server request: the statistics of a whole trace (methods, status codes, response
 * times, subscriptions, publications, challenges), as data and as a Markdown document.
 */
export const statisticsRequest = 'sipTrace/statistics';
export interface StatisticsParams {
	readonly uri: string;
}
export type StatisticsResult = {
	readonly statistics: TraceStatistics;
	readonly markdown: string;
} | null;

/**
 * Client -> server request: the SIP messages of a packet capture (pcap or pcapng) as a trace in
 * the header-line format, for the client to open as a document. A file on disk is named by its
 * `path` and read by the server, in steps, with work-done progress (on the client's
 * `workDoneToken` if it gives one, else on one the server creates) and a cancel honoured between
 * steps: a capture of hundreds of MB is not sent. A file the server cannot reach (a virtual file
 * system of the editor) is sent as `data`, its octets base64.
 */
export const renderCaptureRequest = 'sipTrace/renderCapture';
export type RenderCaptureParams = (
	| {
			/** Absolute path of the capture on the server's machine. */
			readonly path: string;
	  }
	| {
			/** The file's octets, base64. */
			readonly data: string;
	  }
) & {
	/** LSP work-done progress token (client-initiated progress). */
	readonly workDoneToken?: string | number;
};
export interface RenderCaptureResult {
	readonly text: string;
	/** `pcap` or `pcapng`; null when the octets are neither. */
	readonly container: string | null;
	readonly packets: number;
	readonly messages: number;
	/** What could not be read, e.g. `packet 12: capture.truncated: ...`. */
	readonly problems: readonly string[];
}

/**
 * Client -> server request: whether a plain-text or log document is a SIP trace, and in which
 * format (null when not), from {@link recognizeHeadChars} characters of it: from its start, or
 * from a few lines above its first SIP text.
 */
export const recognizeTraceRequest = 'sipTrace/recognizeTrace';
/**
 * How much of a document is sent: enough for a log that prints its start-up before the first
 * message, read in a few milliseconds.
 */
export const recognizeHeadChars = 65_536;
export interface RecognizeTraceParams {
	readonly head: string;
}
export type RecognizeTraceResult = { readonly format: string } | null;
