import { continuationBefore, continuationsOf } from './continuations';
import type { Dialog, Header, SipMessage, Span, TraceAnalysis, TraceIndex } from './model';

/**
 * The message at `offset`: the one whose frame contains it, by binary search over frames in file
 * order, or the one a continuation packet there carries (a message read over TCP segments that
 * took turns with other connections', see `Frame.rest`), by binary search over those.
 */
export function messageAt(analysis: TraceAnalysis, offset: number): SipMessage | undefined {
	const messages = analysis.messages;
	let lo = 0;
	let hi = messages.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const span = messages[mid]!.frame.span;
		if (offset < span.start) hi = mid - 1;
		else if (offset >= span.end) lo = mid + 1;
		else return messages[mid];
	}
	const c = continuationsOf(analysis);
	const k = continuationBefore(c, offset);
	if (k >= 0 && offset < c.ends[k]!) return messages[c.owners[k]!];
	// The end of the last line of a frame (where a cursor may sit) belongs to it too, and so does
	// the end of a continuation's.
	const last = hi >= 0 ? messages[hi] : undefined;
	if (last && offset === last.frame.span.end) return last;
	return k >= 0 && offset === c.ends[k] ? messages[c.owners[k]!] : undefined;
}

/**
 * The messages with text in `[from, to]`, their frame's or a continuation's, in file order of
 * their frames: binary searches, then only the messages found.
 */
export function messagesWithin(analysis: TraceAnalysis, from: number, to: number): SipMessage[] {
	const messages = analysis.messages;
	let lo = 0;
	let hi = messages.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (messages[mid]!.frame.span.end >= from) hi = mid;
		else lo = mid + 1;
	}
	const out: SipMessage[] = [];
	for (let i = lo; i < messages.length && messages[i]!.frame.span.start <= to; i++)
		out.push(messages[i]!);
	// Messages that began before `from` and go on in a continuation within the range.
	const c = continuationsOf(analysis);
	const earlier = new Set<number>();
	for (let k = Math.max(0, continuationBefore(c, from)); k < c.starts.length; k++) {
		if (c.starts[k]! > to) break;
		if (c.ends[k]! >= from && c.owners[k]! < lo) earlier.add(c.owners[k]!);
	}
	if (earlier.size === 0) return out;
	const before = [...earlier].sort((a, b) => a - b).map((i) => messages[i]!);
	return [...before, ...out];
}

/**
 * Is `offset` on the message's SIP text (`text`, the analysis')? Not when it lies between the
 * pieces of a message that a tcpdump trace prints a packet at a time (`Frame.joins`,
 * `Frame.rest`): on a continuation's packet line or the header bytes before its payload, or on a
 * hex dump's offsets and hex; nor on another program's lines among a message's (streamsApart.ts).
 * Those belong to the message as its first packet line does, but to none of its headers, nor its
 * body.
 */
export function onSipText(message: SipMessage, offset: number, text: string): boolean {
	if (!inPieces(message)) return true;
	const lines = message.frame.lines!;
	const k = linePairAt(lines, offset);
	if (k < 0) return false;
	if (offset <= lines[2 * k + 1]!) return true;
	// Between two pieces of one line with no line break between them: characters a reading took
	// out of the line (a JSON escape's `\u003`, an octet's leading digits, a colour), which stand
	// for the character after them. Another packet's lines lie between tcpdump's pieces.
	return (
		k + 1 < lines.length >> 1 &&
		joinsAt(message.frame.joins, k) &&
		!hasLineBreak(text, lines[2 * k + 1]!, lines[2 * k + 2]!)
	);
}

/** Whether pair `k` goes on in the next one (`Frame.joins`, ascending). */
function joinsAt(joins: Int32Array | null | undefined, k: number): boolean {
	if (!joins) return false;
	let lo = 0;
	let hi = joins.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (joins[mid] === k) return true;
		if (joins[mid]! < k) lo = mid + 1;
		else hi = mid - 1;
	}
	return false;
}

function hasLineBreak(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 10 || c === 13) return true;
	}
	return false;
}

/** Is the message printed a packet at a time, its lines in pieces (see {@link onSipText})? */
export function inPieces(message: SipMessage): boolean {
	const { lines, joins, rest } = message.frame;
	return !!lines && (!!joins?.length || !!rest);
}

/**
 * The last line pair of `lines` that starts at or before `offset`, or -1; for the lines of a
 * message in pieces, which are in file order.
 */
export function linePairAt(lines: Int32Array, offset: number): number {
	let lo = 0;
	let hi = (lines.length >> 1) - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (lines[2 * mid]! <= offset) lo = mid + 1;
		else hi = mid - 1;
	}
	return hi;
}

/** Is `offset` on the message's body (on its text, see {@link onSipText})? */
export function onBody(message: SipMessage, offset: number, text: string): boolean {
	const body = message.body;
	return !!body && contains(body, offset) && onSipText(message, offset, text);
}

export function contains(span: Span, offset: number): boolean {
	return offset >= span.start && offset <= span.end;
}

/** The header of `message` whose name or value contains `offset` (on its text, see {@link onSipText}). */
export function headerAt(message: SipMessage, offset: number, text: string): Header | undefined {
	if (!onSipText(message, offset, text)) return undefined;
	for (const header of message.headers) {
		if (offset >= header.name.start && offset <= header.value.end) return header;
	}
	return undefined;
}

/** The first header with canonical name `key` (lower-case long form). */
export function findHeader(message: SipMessage, key: string): Header | undefined {
	return message.header(key);
}

export function textOf(analysis: TraceAnalysis, span: Span): string {
	return analysis.text.slice(span.start, span.end);
}

/** The message's method, or its CSeq method for a response. */
export function methodOf(message: SipMessage): string | null {
	return message.method ?? message.cseq?.method ?? null;
}

/** `sip:user@host` without parameters or display name, lower-cased host, for grouping. */
export function aorOf(uri: string | null | undefined): string | null {
	if (!uri) return null;
	const m = /^(sips?|tel):([^;?>]*)/i.exec(uri);
	if (!m) return uri;
	const scheme = m[1]!.toLowerCase();
	const rest = m[2]!;
	const at = rest.lastIndexOf('@');
	if (at < 0) return `${scheme}:${rest.toLowerCase()}`;
	return `${scheme}:${rest.slice(0, at)}@${rest.slice(at + 1).toLowerCase()}`;
}

/** The user part of an AoR (`bob` of `sip:bob@example.com`), or the AoR itself. */
export function userOf(aor: string | null | undefined): string | null {
	if (!aor) return null;
	const m = /^[a-z]+:([^@]+)@/i.exec(aor);
	return m ? m[1]! : aor;
}

/**
 * The requests whose Replaces (or Refer-To's Replaces) name dialog `d`, asked through one of its
 * own messages: a request that created several dialogs (forking) belongs to one of them only.
 */
export function replacersOf(index: TraceIndex, d: Dialog): readonly number[] {
	const own = d.messages.find((i) => index.dialogOf(i) === d);
	return own === undefined ? [] : index.replacedBy(own);
}

// Requests that create a dialog: INVITE (RFC 3261 §12.1), SUBSCRIBE and the NOTIFY that answers it
// (RFC 6665 §4.4.1), REFER with its implicit subscription (RFC 3515 §2.4.4).
const dialogCreating = new Set(['INVITE', 'SUBSCRIBE', 'NOTIFY', 'BENOTIFY', 'REFER']);

/**
 * The method of the request that created dialog `d`, or null when that request is not in the
 * trace: a dialog that predates the trace starts at its first message, which may be an ACK, a
 * BYE or a response, none of which creates a dialog.
 */
export function dialogCreator(messages: readonly SipMessage[], d: Dialog): string | null {
	const m = messages[d.creator];
	const method = m?.kind === 'request' ? m.method?.toUpperCase() : undefined;
	return method && dialogCreating.has(method) ? method : null;
}

/**
 * For a NOTIFY: the SUBSCRIBE its subscription goes back to in the trace. The one that created it
 * (RFC 6665 §4.2.1) where the trace has it; else, for a subscription that predates the trace, the
 * last refresh before the NOTIFY (the notifier sends a NOTIFY for each accepted refresh, §4.2.2,
 * and the refresh is what set the state it reports). Null when there is none.
 */
export function subscribeOfNotify(analysis: TraceAnalysis, notify: number): number | null {
	const found = subscribeOfNotifyAnyHop(analysis, notify);
	return found === null ? null : copyOnNotifyHop(analysis, found, notify);
}

/**
 * Of a SUBSCRIBE a proxy forwarded (a copy per hop in the trace), the copy on NOTIFY `notify`'s
 * hop: the one that went between the same two addresses, else as many hops from the notifier as
 * the NOTIFY (the notifier's first NOTIFY copy answers the last SUBSCRIBE copy, the one it
 * received; each proxy that forwards the NOTIFY goes one hop back towards the watcher).
 */
function copyOnNotifyHop(analysis: TraceAnalysis, subscribe: number, notify: number): number {
	const copies = forwardedCopies(analysis, subscribe);
	if (copies.length === 1) return subscribe;
	const m = analysis.messages[notify]!;
	const { src, dst } = m.frame;
	if (src !== null && dst !== null) {
		const same = copies.find((c) => {
			const f = analysis.messages[c]!.frame;
			return (f.src === src && f.dst === dst) || (f.src === dst && f.dst === src);
		});
		if (same !== undefined) return same;
	}
	let hops = 0;
	const { index } = analysis;
	for (let up = index.forwardedFrom(notify); up !== null && hops < copies.length; hops++)
		up = index.forwardedFrom(up);
	return copies[Math.max(0, copies.length - 1 - hops)]!;
}

/** Request `request`'s sender's copy and the copies proxies forwarded of it, hop by hop. */
function forwardedCopies(analysis: TraceAnalysis, request: number): number[] {
	let first = request;
	let byFirst = forwardedByIndex.get(analysis.index);
	if (!byFirst) {
		byFirst = new Map();
		for (let i = 0; i < analysis.messages.length; i++) {
			const from = analysis.index.forwardedFrom(i);
			if (from === null) continue;
			const list = byFirst.get(from);
			if (list) list.push(i);
			else byFirst.set(from, [i]);
		}
		forwardedByIndex.set(analysis.index, byFirst);
	}
	const { index } = analysis;
	for (let up = index.forwardedFrom(first), n = 0; up !== null && n < 64; n++) {
		first = up;
		up = index.forwardedFrom(up);
	}
	const copies = [first];
	for (let k = 0; k < copies.length && copies.length < 64; k++)
		for (const next of byFirst.get(copies[k]!) ?? []) copies.push(next);
	return copies;
}
/** Per index: a request -> the copies forwarded of it (one hop on). */
const forwardedByIndex = new WeakMap<TraceIndex, Map<number, number[]>>();

function subscribeOfNotifyAnyHop(analysis: TraceAnalysis, notify: number): number | null {
	const s = analysis.index.subscriptionOf(notify);
	if (!s) return null;
	if (s.creator !== null) return s.creator;
	const at = analysis.messages[notify]?.frame.epochMicros ?? null;
	let found: number | null = null;
	for (const i of s.subscribes) {
		const m = analysis.messages[i];
		if (!m || m.method !== 'SUBSCRIBE') continue;
		const when = m.frame.epochMicros;
		// Stamps to the second (a journal's) make many equal: the file's order decides then.
		if (at !== null && when !== null && when !== at ? when < at : i < notify) found = i;
	}
	return found;
}

/**
 * For a PUBLISH with SIP-If-Match: where the entity-tag it names was issued. The PUBLISH whose
 * 2xx issued it where the trace holds that PUBLISH; else the 2xx itself, the last before it that
 * carries that SIP-ETag (a trace that starts after the initial PUBLISH, its 200 kept: RFC 3903
 * §4.1, §6). Null when the trace shows neither.
 */
export function etagIssuer(analysis: TraceAnalysis, publish: number): number | null {
	const issuer = analysis.index.publishRefreshed(publish);
	if (issuer !== null) return issuer;
	const tag = analysis.messages[publish]?.sipIfMatch;
	if (!tag) return null;
	for (let i = publish - 1; i >= 0; i--) {
		const m = analysis.messages[i]!;
		if (
			m.kind === 'response' &&
			m.sipETag === tag &&
			m.status !== null &&
			m.status >= 200 &&
			m.status < 300 &&
			m.cseq?.method.toUpperCase() === 'PUBLISH'
		)
			return i;
	}
	return null;
}

/**
 * For a 2xx to a PUBLISH the trace does not hold: the PUBLISHes whose SIP-If-Match names the
 * entity-tag it issued ({@link etagIssuer} the other way). Empty for any other message.
 */
export function etagNamers(analysis: TraceAnalysis, response: number): number[] {
	const m = analysis.messages[response];
	if (!m?.sipETag || m.kind !== 'response' || analysis.index.requestOf(response) !== null)
		return [];
	const found: number[] = [];
	for (let i = response + 1; i < analysis.messages.length; i++)
		if (analysis.messages[i]!.sipIfMatch === m.sipETag && etagIssuer(analysis, i) === response)
			found.push(i);
	return found;
}
