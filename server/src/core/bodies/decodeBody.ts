import { findHeader } from '../query';
import type { SipMessage } from '../model';
import { bodyText } from './bodyText';
import { decodeDialogInfo, type DialogInfoDocument } from './dialogInfo';
import {
	bareContentId,
	boundaryOf,
	contentTypeParam,
	splitMultipart,
	type RlmiDocument,
} from './multipart';
import {
	decodePidf,
	diffSummaries,
	summarize,
	type PresenceDocument,
	type PresenceSummary,
} from './pidf';
import { decodeMessageSummary, type MessageSummary } from './messageSummary';
import { decodeReginfo, rootName, type ReginfoDocument } from './reginfo';
import { decodeSdp, type SdpSummary } from './sdp';
import { decodeSipfrag, type SipFragment } from './sipfrag';
import { decodeWatcherinfo, type WatcherinfoDocument } from './watcherinfo';
import { decodeXpidf } from './xpidf';
import { decodePidfDiff, type PidfDiffDocument } from './pidfDiff';
import { decodeMsPresence, type MsPresenceDocument } from './msPresence';
import { attr, children, parseXml, textOf, type XmlNode } from './xml';

/** A decoded body, by kind. `problems` say why a body could not be (fully) decoded. */
export type DecodedBody =
	| { readonly kind: 'none' }
	| {
			readonly kind: 'pidf';
			readonly presence: PresenceDocument;
			readonly problems: readonly string[];
	  }
	| {
			readonly kind: 'pidf-diff';
			readonly pidfDiff: PidfDiffDocument;
			readonly problems: readonly string[];
	  }
	| {
			readonly kind: 'dialog-info';
			readonly dialogInfo: DialogInfoDocument;
			readonly problems: readonly string[];
	  }
	| {
			readonly kind: 'watcherinfo';
			readonly watcherinfo: WatcherinfoDocument;
			readonly problems: readonly string[];
	  }
	| {
			readonly kind: 'reginfo';
			readonly reginfo: ReginfoDocument;
			readonly problems: readonly string[];
	  }
	| { readonly kind: 'rlmi'; readonly rlmi: RlmiDocument; readonly problems: readonly string[] }
	| {
			readonly kind: 'multipart';
			readonly parts: readonly {
				readonly contentType: string | null;
				readonly contentId: string | null;
				readonly decoded: DecodedBody;
			}[];
			/** The root part (RFC 2387 §3.2: the one `start` names, else the first), or null. */
			readonly root: number | null;
			readonly problems: readonly string[];
	  }
	| { readonly kind: 'sdp'; readonly sdp: SdpSummary; readonly problems: readonly string[] }
	| {
			readonly kind: 'sipfrag';
			readonly fragment: SipFragment;
			readonly problems: readonly string[];
	  }
	| {
			readonly kind: 'message-summary';
			readonly summary: MessageSummary;
			readonly problems: readonly string[];
	  }
	| {
			readonly kind: 'ms-presence';
			readonly msPresence: MsPresenceDocument;
			readonly problems: readonly string[];
	  }
	| {
			readonly kind: 'unknown';
			readonly contentType: string | null;
			readonly problems: readonly string[];
	  };

const xmlTypes = /\+xml$|\/xml$/;

/**
 * PIDF under its RFC 3863 name and under the CPIM draft's, which sofia-sip clients and Asterisk
 * (for older phones) still send: the same document, read and checked the same way.
 */
export const pidfTypes: ReadonlySet<string> = new Set([
	'application/pidf+xml',
	'application/cpim-pidf+xml',
]);

/** Decodes a message's body by its Content-Type (or, without one, by sniffing). Lazy: call on demand. */
export function decodeBody(text: string, message: SipMessage): DecodedBody {
	const body = bodyText(text, message);
	if (!body.trim()) return { kind: 'none' };
	const typeHeader = findHeader(message, 'content-type');
	const typeValue = typeHeader ? text.slice(typeHeader.value.start, typeHeader.value.end) : '';
	return decodeContent(body, message.contentType, typeValue, 0);
}

/**
 * A body given as text with its media type (lower-case, without parameters), as lint checks it:
 * the same reading as {@link decodeBody} for every type but multipart, whose boundary is in the
 * Content-Type header's parameters.
 */
export function decodeBodyText(body: string, contentType: string): DecodedBody {
	if (!body.trim()) return { kind: 'none' };
	return decodeContent(body, contentType, '', 0);
}

/** A multipart body given as text with its Content-Type header's value (its boundary in it). */
export function decodeMultipart(body: string, typeValue: string): DecodedBody {
	const type = typeValue.split(';')[0]!.trim().toLowerCase();
	return decodeContent(body, type, typeValue, 0);
}

function decodeContent(
	body: string,
	contentType: string | null,
	typeValue: string,
	depth: number,
): DecodedBody {
	// An empty part (a multipart body cut after a delimiter) has nothing to decode.
	if (!body.trim()) return { kind: 'none' };
	const type = contentType ?? sniff(body);
	// Untyped and neither SDP nor XML by its look: not read, rather than parsed as XML and failed.
	if (type === null)
		return {
			kind: 'unknown',
			contentType: null,
			problems: ['no Content-Type, and it reads as neither SDP nor XML (RFC 3261 §20.15)'],
		};
	if (type === 'application/sdp') return { kind: 'sdp', sdp: decodeSdp(body), problems: [] };
	if (type === 'message/sipfrag') {
		const { fragment, problems } = decodeSipfrag(body);
		return { kind: 'sipfrag', fragment, problems };
	}
	if (type === 'application/simple-message-summary') {
		const { summary, problems } = decodeMessageSummary(body);
		return { kind: 'message-summary', summary, problems };
	}
	if (type?.startsWith('multipart/')) {
		const boundary = boundaryOf(typeValue);
		if (!boundary || depth > 2)
			return {
				kind: 'unknown',
				contentType: type,
				problems: ['multipart body without a boundary parameter (RFC 2046 §5.1.1)'],
			};
		// A part's own Content-Type value goes down with it: a nested multipart (an RLMI sublist,
		// RFC 4662 §5) has its boundary there.
		const parts = splitMultipart(body, boundary).map((p) => ({
			contentType: p.contentType,
			contentId: p.contentId,
			decoded: decodeContent(p.body, p.contentType, p.contentTypeValue, depth + 1),
		}));
		const problems = parts.length ? [] : [`no part delimited by --${boundary}`];
		let root: number | null = parts.length ? 0 : null;
		const start = type === 'multipart/related' ? contentTypeParam(typeValue, 'start') : null;
		if (start !== null && parts.length) {
			const id = bareContentId(start);
			const named = parts.findIndex((p) => p.contentId === id);
			if (named >= 0) root = named;
			else
				problems.push(
					`the start parameter names <${id}>, which no part has as its Content-ID (RFC 2387 §3.2)`,
				);
		}
		const rootType = root !== null ? parts[root]!.contentType : null;
		const rootParam = type === 'multipart/related' ? contentTypeParam(typeValue, 'type') : null;
		// RFC 2387 §3.1: `type` is the root part's media type (RLMI's, RFC 4662 §5).
		if (rootParam !== null && rootType !== null && rootParam.trim().toLowerCase() !== rootType)
			problems.push(
				`the type parameter ${rootParam} ${/^[^/\s]+\/[^/\s]+$/.test(rootParam.trim()) ? 'is not' : 'is no media type, not'} the root part's ${rootType} (RFC 2387 §3.1)`,
			);
		return { kind: 'multipart', parts, root, problems };
	}
	// Microsoft's older presence type puts `+msrtc.pidf` after the XML type (MS-SIP §2.2.1).
	if (type && !xmlTypes.test(type) && type !== 'text/xml+msrtc.pidf')
		return { kind: 'unknown', contentType: type, problems: [] };
	const xml = parseXml(body.trim());
	if (!xml.ok) return { kind: 'unknown', contentType: type, problems: [xml.error] };
	return decodeXml(xml.root, type, body);
}

function decodeXml(root: XmlNode, type: string | null, text: string): DecodedBody {
	// Partial presence (RFC 5262 §3): its own roots, read whatever the type says; the text gives
	// the order of a diff's operations.
	const partial = decodePidfDiff(root, text);
	if (partial) return { kind: 'pidf-diff', pidfDiff: partial.pidfDiff, problems: partial.problems };
	if (type === 'application/pidf-diff+xml')
		return {
			kind: 'unknown',
			contentType: type,
			problems: [
				`the root element is ${rootName(root) ? `<${rootName(root)}>` : 'missing'}, not <pidf-full> or <pidf-diff> (RFC 5262 §3)`,
			],
		};
	const reg = decodeReginfo(root);
	if (reg) return { kind: 'reginfo', reginfo: reg.reginfo, problems: reg.problems };
	// A body that says it is registration state and is something else (RFC 3680 §5).
	if (type === 'application/reginfo+xml')
		return {
			kind: 'unknown',
			contentType: type,
			problems: [
				`the root element is ${rootName(root) ? `<${rootName(root)}>` : 'missing'}, not <reginfo> (RFC 3680 §5.1)`,
			],
		};
	const xpidf = decodeXpidf(root);
	if (xpidf) {
		// XPIDF is what application/xpidf+xml names; under the PIDF type it is the wrong document.
		const mislabelled =
			type !== null && pidfTypes.has(type)
				? [
						'an XPIDF document (<presentity>, <atom>), not PIDF: RFC 3863 §4.1 wants <presence entity> with <tuple>s',
					]
				: [];
		return { kind: 'pidf', presence: xpidf, problems: [...mislabelled, ...xpidf.faults] };
	}
	const presence = decodePidf(root);
	if (presence) return { kind: 'pidf', presence, problems: presence.faults };
	const dialog = decodeDialogInfo(root);
	if (dialog)
		return { kind: 'dialog-info', dialogInfo: dialog.dialogInfo, problems: dialog.problems };
	const winfo = decodeWatcherinfo(root);
	if (winfo)
		return { kind: 'watcherinfo', watcherinfo: winfo.watcherinfo, problems: winfo.problems };
	const list = root['list'];
	if (list && typeof list === 'object') {
		return {
			kind: 'rlmi',
			rlmi: {
				uri: attr(list, 'uri'),
				version: attr(list, 'version'),
				fullState: attr(list, 'fullState'),
				resources: children(list, 'resource').map((r) => ({
					uri: attr(r, 'uri'),
					name: textOf(children(r, 'name')[0]),
					instances: children(r, 'instance').map((i) => ({
						id: attr(i, 'id'),
						state: attr(i, 'state'),
						cid: attr(i, 'cid'),
						reason: attr(i, 'reason'),
					})),
				})),
			},
			problems: [],
		};
	}
	const ms = decodeMsPresence(root);
	if (ms) return { kind: 'ms-presence', msPresence: ms, problems: [] };
	const expected =
		type !== null && pidfTypes.has(type)
			? ['the root element is not <presence> (RFC 3863 §4.1)']
			: type === 'application/dialog-info+xml'
				? [
						`the root element is ${rootName(root) ? `<${rootName(root)}>` : 'missing'}, not <dialog-info> (RFC 4235 §4.1)`,
					]
				: [];
	return { kind: 'unknown', contentType: type, problems: expected };
}

function sniff(body: string): string | null {
	const head = body.trimStart().slice(0, 300);
	if (head.startsWith('v=0')) return 'application/sdp';
	if (/^messages-waiting[ \t]{0,20}:/i.test(head)) return 'application/simple-message-summary';
	if (/<(?:\w+:)?presence[\s>]/.test(head)) return 'application/pidf+xml';
	if (/<dialog-info[\s>]/.test(head)) return 'application/dialog-info+xml';
	if (/<watcherinfo[\s>]/.test(head)) return 'application/watcherinfo+xml';
	if (/<(?:\w{1,40}:)?reginfo[\s>]/.test(head)) return 'application/reginfo+xml';
	if (head.startsWith('<')) return 'application/xml';
	return null;
}

/**
 * The presence document a body carries (a multipart's first PIDF part counts), or null. A
 * resource list's NOTIFY (an RLMI root, RFC 4662 §5) carries the presence of many resources, none
 * of them the list's own: it has no one document. A full partial-presence document is the whole
 * state; a diff alone says only what changed.
 */
export function presenceDocumentOf(decoded: DecodedBody): PresenceDocument | null {
	if (decoded.kind === 'pidf') return decoded.presence;
	if (decoded.kind === 'pidf-diff') return decoded.pidfDiff.presence ?? null;
	if (decoded.kind === 'multipart') {
		if (decoded.root !== null && decoded.parts[decoded.root]?.decoded.kind === 'rlmi') return null;
		for (const p of decoded.parts) {
			const doc = presenceDocumentOf(p.decoded);
			if (doc) return doc;
		}
	}
	return null;
}

/** The presence a body carries, summarised (see {@link presenceDocumentOf}), or null. */
export function summarizePresence(decoded: DecodedBody): PresenceSummary | null {
	const doc = presenceDocumentOf(decoded);
	return doc ? summarize(doc) : null;
}

export { diffSummaries as diffPresence, type PresenceSummary };
