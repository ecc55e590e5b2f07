import type {
	Frame,
	Header,
	NameAddr,
	Problem,
	SipMessage,
	Span,
	SubscriptionState,
	Via,
} from '../model';
import { locateBody } from './body';
import { canonicalName, isTokenChar } from './headerNames';
import { frameLines } from './lines';
import { parseNameAddr } from './nameAddr';
import { problem } from './problems';
import { splitValues, isSpace, parseParams } from './split';
import { parseStartLine } from './startLine';
import { parseVia } from './via';

/**
 * Parses the SIP text of one frame (RFC 3261 §7): start line, headers (folding, compact forms,
 * multi-value), and the body located by Content-Length. Every element keeps its offsets; strings
 * are extracted only for the fields correlation needs. Total: faults become problems.
 */
export function parseMessage(
	text: string,
	frame: Frame,
	index: number,
	problems: Problem[],
): SipMessage {
	const lines = frameLines(text, frame);
	const lineCount = lines.length >> 1;
	const startLine: Span = lineCount
		? { start: lines[0]!, end: lines[1]! }
		: { start: frame.sip.start, end: frame.sip.start };
	const start = parseStartLine(text, startLine, problems);

	const headers: Header[] = [];
	let l = 1;
	for (; l < lineCount; l++) {
		const ls = lines[2 * l]!;
		const le = lines[2 * l + 1]!;
		if (ls === le) break; // the empty line ends the headers
		const first = text.charCodeAt(ls);
		if ((first === 32 || first === 9) && headers.length) {
			// Folded continuation (RFC 3261 §7.3.1): extends the previous value.
			const prev = headers[headers.length - 1]!;
			let end = le;
			while (end > ls && isSpace(text.charCodeAt(end - 1))) end--;
			if (end > ls)
				headers[headers.length - 1] = new HeaderField(
					prev.name.start,
					prev.name.end,
					prev.value.start === prev.value.end ? skipSpace(text, ls, end) : prev.value.start,
					end,
					prev.key,
					prev.compact,
				);
			continue;
		}
		const header = parseHeaderLine(text, ls, le, problems);
		if (header) headers.push(header);
	}
	const headersEnd = l;

	const fields = extractFields(text, headers, problems);
	const body = locateBody(text, frame, lines, headersEnd, fields.contentLength, problems);
	return {
		index,
		frame,
		kind: start.kind,
		startLine,
		method: start.method,
		requestUri: start.requestUri,
		requestUriSpan: start.requestUriSpan,
		status: start.status,
		reason: start.reason,
		headers,
		...fields,
		body,
	};
}

/**
 * A header with its offsets kept as numbers: a trace holds millions of headers, and one object
 * each (rather than three) keeps memory and garbage collection down. Spans are made on demand.
 */
class HeaderField implements Header {
	constructor(
		readonly nameStart: number,
		readonly nameEnd: number,
		readonly valueStart: number,
		readonly valueEnd: number,
		readonly key: string,
		readonly compact: boolean,
	) {}

	get name(): Span {
		return { start: this.nameStart, end: this.nameEnd };
	}

	get value(): Span {
		return { start: this.valueStart, end: this.valueEnd };
	}
}

function skipSpace(text: string, i: number, end: number): number {
	while (i < end && isSpace(text.charCodeAt(i))) i++;
	return i;
}

function parseHeaderLine(text: string, ls: number, le: number, problems: Problem[]): Header | null {
	const colon = text.indexOf(':', ls);
	let nameEnd = colon < 0 || colon > le ? -1 : colon;
	while (
		nameEnd > ls &&
		(text.charCodeAt(nameEnd - 1) === 32 || text.charCodeAt(nameEnd - 1) === 9)
	)
		nameEnd--;
	let valid = nameEnd > ls;
	for (let i = ls; valid && i < nameEnd; i++) if (!isTokenChar(text.charCodeAt(i))) valid = false;
	if (!valid) {
		problems.push(
			problem(
				'header.malformed',
				{ start: ls, end: le },
				'Not a header field: expected "name: value" (RFC 3261 §7.3.1).',
			),
		);
		return null;
	}
	let vs = colon + 1;
	let ve = le;
	while (vs < ve && isSpace(text.charCodeAt(vs))) vs++;
	while (ve > vs && isSpace(text.charCodeAt(ve - 1))) ve--;
	const { key, compact } = canonicalName(text.slice(ls, nameEnd));
	return new HeaderField(ls, nameEnd, vs, ve, key, compact);
}

type Fields = Pick<
	SipMessage,
	| 'callId'
	| 'cseq'
	| 'from'
	| 'to'
	| 'vias'
	| 'event'
	| 'subscriptionState'
	| 'expires'
	| 'sipETag'
	| 'sipIfMatch'
	| 'contentType'
	| 'contentLength'
>;

/** One pass over the headers for the fields correlation and lint need. The first occurrence wins. */
function extractFields(text: string, headers: readonly Header[], problems: Problem[]): Fields {
	let callId: string | null = null;
	let cseq: SipMessage['cseq'] = null;
	let from: NameAddr | null = null;
	let to: NameAddr | null = null;
	const vias: Via[] = [];
	let event: SipMessage['event'] = null;
	let subscriptionState: SubscriptionState | null = null;
	let expires: number | null = null;
	let sipETag: string | null = null;
	let sipIfMatch: string | null = null;
	let contentType: string | null = null;
	let contentLength: number | null = null;
	const value = (h: Header): string => text.slice(h.value.start, h.value.end);
	for (const h of headers) {
		switch (h.key) {
			case 'call-id':
				callId ??= value(h);
				break;
			case 'cseq':
				if (!cseq) {
					const m = /^(\d{1,10})\s+([A-Za-z0-9.!%*_+`'~-]+)$/.exec(value(h));
					const seq = m ? Number(m[1]) : NaN;
					// RFC 3261 §8.1.1.5: the sequence number must be below 2^31.
					if (!m || seq >= 2 ** 31)
						problems.push(
							problem(
								'header.bad-cseq',
								h.value,
								'CSeq must be a number below 2^31 and a method (RFC 3261 §8.1.1.5, §20.16).',
							),
						);
					else cseq = { seq, method: m[2]! };
				}
				break;
			case 'from':
			case 'to': {
				if (h.key === 'from' ? from : to) break;
				const na = parseNameAddr(text, h.value.start, h.value.end);
				if (!na)
					problems.push(
						problem(
							'header.bad-name-addr',
							h.value,
							`${h.key === 'from' ? 'From' : 'To'} is not a name-addr or addr-spec (RFC 3261 §20.20, §25.1).`,
						),
					);
				else if (h.key === 'from') from = na;
				else to = na;
				break;
			}
			case 'via':
				for (const [s, e] of splitValues(text, h.value.start, h.value.end)) {
					const via = parseVia(text, s, e);
					if (via) vias.push(via);
					else
						problems.push(
							problem(
								'header.bad-via',
								{ start: s, end: e },
								'Via must be "SIP/2.0/transport sent-by;params" (RFC 3261 §20.42).',
							),
						);
				}
				break;
			case 'event':
				if (!event) {
					const v = value(h);
					const semi = v.indexOf(';');
					const params = semi < 0 ? null : parseParams(v.slice(semi + 1));
					event = {
						package: (semi < 0 ? v : v.slice(0, semi)).trim().toLowerCase(),
						id: params?.get('id') ?? null,
					};
				}
				break;
			case 'subscription-state':
				if (!subscriptionState) {
					const v = value(h);
					const semi = v.indexOf(';');
					const params =
						semi < 0 ? new Map<string, string | null>() : parseParams(v.slice(semi + 1));
					const num = (s: string | null | undefined): number | null =>
						s != null && /^\d+$/.test(s) ? Number(s) : null;
					subscriptionState = {
						state: (semi < 0 ? v : v.slice(0, semi)).trim().toLowerCase(),
						expires: num(params.get('expires')),
						reason: params.get('reason')?.toLowerCase() ?? null,
						retryAfter: num(params.get('retry-after')),
					};
				}
				break;
			case 'expires':
				if (expires === null) {
					const v = value(h);
					expires = /^\d{1,10}$/.test(v) ? Number(v) : NaN;
				}
				break;
			case 'sip-etag':
				sipETag ??= value(h);
				break;
			case 'sip-if-match':
				sipIfMatch ??= value(h);
				break;
			case 'content-type':
				if (contentType === null) {
					const v = value(h);
					const semi = v.indexOf(';');
					contentType = (semi < 0 ? v : v.slice(0, semi)).trim().toLowerCase();
				}
				break;
			case 'content-length':
				if (contentLength === null) {
					const v = value(h);
					if (/^\d{1,10}$/.test(v)) contentLength = Number(v);
					else
						problems.push(
							problem(
								'header.bad-content-length',
								h.value,
								'Content-Length must be a decimal number of octets (RFC 3261 §20.14).',
							),
						);
				}
				break;
		}
	}
	return {
		callId,
		cseq,
		from,
		to,
		vias,
		event,
		subscriptionState,
		expires,
		sipETag,
		sipIfMatch,
		contentType,
		contentLength,
	};
}
