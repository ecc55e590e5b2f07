import type { Dialog, Header, SipMessage, Span, TraceAnalysis, TraceIndex } from './model';

/** The message whose frame contains `offset`, by binary search over frames in file order. */
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
	// The end of the last line of a frame (where a cursor may sit) belongs to it too.
	const last = hi >= 0 ? messages[hi] : undefined;
	return last && offset === last.frame.span.end ? last : undefined;
}

export function contains(span: Span, offset: number): boolean {
	return offset >= span.start && offset <= span.end;
}

/** The header of `message` whose name or value contains `offset`. */
export function headerAt(message: SipMessage, offset: number): Header | undefined {
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
