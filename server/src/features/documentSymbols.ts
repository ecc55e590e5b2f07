import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { TraceDocument } from '../traceDocument';
import { toRange } from './convert';
import {
	messagesWaiting,
	messageTitle,
	referTitle,
	sipfragStatus,
	subscriptionTitle,
} from './messageNames';
import { aorOf, dialogCreator, userOf } from '../core/query';

/**
 * The outline reads like the story of the trace: subscriptions, publications and dialogs, each
 * with its messages (responses under their requests), then the messages that belong to none.
 */
export function provideDocumentSymbols(doc: TraceDocument): DocumentSymbol[] {
	const { analysis } = doc;
	const { index, messages } = analysis;
	const claimed = new Uint8Array(messages.length);
	const groups: { first: number; symbol: DocumentSymbol }[] = [];

	const messageSymbol = (i: number): DocumentSymbol => {
		const m = messages[i]!;
		claimed[i] = 1;
		return {
			name: messageTitle(analysis, m),
			kind: m.kind === 'response' ? SymbolKind.Event : SymbolKind.Method,
			range: toRange(doc, m.frame.span),
			selectionRange: toRange(doc, m.startLine),
		};
	};
	// Each response goes under the copy of its request nearest above it: where a file holds two
	// logs of one exchange (two proxies' sipdump files joined), each log's response stays with
	// its own log's request, and a response seen twice is listed twice, as the file shows it.
	const copiesOf = new Map<number, number[]>();
	for (const m of messages) {
		const original = m.kind === 'request' ? index.originalOf(m.index) : null;
		if (original === null) continue;
		const copies = copiesOf.get(original);
		if (copies) copies.push(m.index);
		else copiesOf.set(original, [m.index]);
	}
	const responsesUnder = new Map<number, number[]>();
	for (const m of messages) {
		const request = m.kind === 'response' ? index.requestOf(m.index) : null;
		if (request === null) continue;
		let under = request;
		for (const copy of copiesOf.get(request) ?? [])
			if (copy < m.index && (under > m.index || copy > under)) under = copy;
		const list = responsesUnder.get(under);
		if (list) list.push(m.index);
		else responsesUnder.set(under, [m.index]);
	}
	/** A request and its responses as one symbol with children. */
	const withResponses = (i: number): DocumentSymbol => {
		const symbol = messageSymbol(i);
		const responses = (responsesUnder.get(i) ?? []).filter((r) => !claimed[r]);
		if (responses.length) symbol.children = responses.map(messageSymbol);
		return symbol;
	};
	// A CANCEL is in no dialog (it carries the INVITE's To, without a tag) but in the INVITE's
	// transaction (RFC 3261 §9.1): it goes where the INVITE it cancels goes.
	const cancelsOf = new Map<number, number[]>();
	for (const m of messages) {
		if (m.method !== 'CANCEL') continue;
		const invite = index.transactionOf(m.index)?.relatedInvite;
		if (invite != null && invite !== m.index)
			cancelsOf.set(invite, [...(cancelsOf.get(invite) ?? []), m.index]);
	}
	const group = (
		name: string,
		kind: SymbolKind,
		members: readonly number[],
		detail?: string,
	): void => {
		const requests = [...new Set(members.flatMap((i) => [i, ...(cancelsOf.get(i) ?? [])]))]
			.filter((i) => !claimed[i])
			.sort((a, b) => a - b);
		if (!requests.length) return;
		const children = requests.filter((i) => !claimed[i]).map(withResponses);
		const first = messages[requests[0]!]!;
		const last = messages[requests[requests.length - 1]!]!;
		const symbol: DocumentSymbol = {
			name,
			kind,
			range: toRange(doc, { start: first.frame.span.start, end: last.frame.span.end }),
			selectionRange: toRange(doc, first.startLine),
			children,
		};
		if (detail) symbol.detail = detail;
		groups.push({ first: requests[0]!, symbol });
	};

	for (const s of index.subscriptions) {
		const creator = s.creator === null ? undefined : messages[s.creator];
		const refer = creator?.method?.toUpperCase() === 'REFER' ? creator : undefined;
		const details: string[] = [];
		if (s.terminationReason) details.push(`terminated: ${s.terminationReason}`);
		// A REFER's subscription reports on the request it asked for: its latest status.
		const last = s.notifies[s.notifies.length - 1];
		const outcome =
			s.event === 'refer' && last !== undefined ? sipfragStatus(analysis, messages[last]!) : null;
		if (outcome) details.push(outcome);
		// A mailbox's subscription (RFC 3842): what its latest NOTIFY with a summary said.
		if (s.event === 'message-summary') {
			for (let k = s.notifies.length - 1; k >= 0; k--) {
				const said = messagesWaiting(analysis, messages[s.notifies[k]!]!);
				if (!said) continue;
				details.push(said);
				break;
			}
		}
		group(
			refer ? referTitle(analysis, refer) : subscriptionTitle(s.event, s.watcher, s.resource),
			SymbolKind.Interface,
			[...s.subscribes, ...s.notifies],
			details.length ? details.join(', ') : undefined,
		);
	}
	for (const p of index.publications) {
		group(
			`PUBLISH ${p.event} ${userOf(aorOf(p.entity)) ?? p.entity}`,
			SymbolKind.Class,
			p.publishes,
			p.etags.length ? `ETag ${p.etags[p.etags.length - 1]}` : undefined,
		);
	}
	for (const d of index.dialogs) {
		group(
			`${dialogCreator(messages, d) ?? 'dialog'} ${d.callId}`,
			SymbolKind.Namespace,
			d.messages.filter((i) => messages[i]!.kind === 'request'),
		);
	}
	for (const m of messages) {
		if (claimed[m.index] || (m.kind === 'response' && index.requestOf(m.index) != null)) continue;
		groups.push({
			first: m.index,
			symbol: m.kind === 'request' ? withResponses(m.index) : messageSymbol(m.index),
		});
	}
	// Group ranges must contain their children for the outline to nest correctly.
	for (const g of groups) fitRange(g.symbol);
	return groups.sort((a, b) => a.first - b.first).map((g) => g.symbol);
}

function fitRange(symbol: DocumentSymbol): void {
	for (const child of symbol.children ?? []) {
		fitRange(child);
		if (before(child.range.start, symbol.range.start)) symbol.range.start = child.range.start;
		if (before(symbol.range.end, child.range.end)) symbol.range.end = child.range.end;
	}
}

function before(
	a: { line: number; character: number },
	b: { line: number; character: number },
): boolean {
	return a.line < b.line || (a.line === b.line && a.character < b.character);
}
