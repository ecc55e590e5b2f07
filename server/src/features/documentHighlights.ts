import {
	DocumentHighlightKind,
	type DocumentHighlight,
	type Position,
} from 'vscode-languageserver';
import { messagesWithCallId } from '../core/byCallId';
import { headerAt, messageAt } from '../core/query';
import type { Header, SipMessage } from '../core/model';
import type { TraceDocument } from '../traceDocument';
import { toOffset, toRange } from './convert';

/** What a header's value identifies: the Call-ID, a dialog tag or a Via branch. */
type Identity = { kind: 'call-id' | 'tag' | 'branch'; value: string };

function identityAt(
	doc: TraceDocument,
	message: SipMessage,
	header: Header,
	offset: number,
): Identity | null {
	const text = doc.analysis.text;
	if (header.key === 'call-id' && message.callId) return { kind: 'call-id', value: message.callId };
	if (header.key === 'from' || header.key === 'to') {
		const tag = header.key === 'from' ? message.from?.tag : message.to?.tag;
		const at = tag ? text.indexOf(`tag=${tag}`, header.value.start) : -1;
		if (tag && at >= 0 && at < header.value.end && offset >= at) return { kind: 'tag', value: tag };
	}
	if (header.key === 'via') {
		for (const via of message.vias) {
			if (via.branch && offset >= via.span.start && offset <= via.span.end)
				return { kind: 'branch', value: via.branch };
		}
	}
	return null;
}

/** Every occurrence of the Call-ID, tag or branch under the cursor in the trace. */
export function provideDocumentHighlights(
	doc: TraceDocument,
	position: Position,
): DocumentHighlight[] {
	const offset = toOffset(doc, position);
	const message = messageAt(doc.analysis, offset);
	const header = message && headerAt(message, offset, doc.analysis.text);
	const identity = message && header ? identityAt(doc, message, header, offset) : null;
	if (!identity || !message) return [];
	const { text } = doc.analysis;
	const out: DocumentHighlight[] = [];
	const needle =
		identity.kind === 'tag'
			? `tag=${identity.value}`
			: identity.kind === 'branch'
				? `branch=${identity.value}`
				: identity.value;
	const skip = identity.kind === 'call-id' ? 0 : needle.indexOf('=') + 1;
	// Call-IDs, tags and branches all live within one call: only its messages are searched.
	for (const i of messagesWithCallId(doc.analysis, message.callId)) {
		const m = doc.analysis.messages[i]!;
		for (const h of m.headers) {
			if (
				!(identity.kind === 'call-id'
					? h.key === 'call-id'
					: identity.kind === 'tag'
						? h.key === 'from' || h.key === 'to'
						: h.key === 'via')
			)
				continue;
			// Searched within the value only: an unbounded search would run on to the end of the trace.
			const value = text.slice(h.value.start, h.value.end);
			for (
				let found = value.indexOf(needle);
				found >= 0;
				found = value.indexOf(needle, found + needle.length)
			) {
				const at = h.value.start + found;
				const end = at + needle.length;
				// Only whole values: `tag=abc` must not match `tag=abcd`.
				const after = text.charCodeAt(end);
				if (
					identity.kind === 'call-id' ||
					end === h.value.end ||
					after === 59 ||
					after === 44 ||
					after === 32 ||
					after === 62
				) {
					out.push({
						range: toRange(doc, { start: at + skip, end }),
						kind: DocumentHighlightKind.Text,
					});
				}
			}
		}
	}
	return out;
}
