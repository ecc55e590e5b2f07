import {
	SemanticTokensBuilder,
	type SemanticTokens,
	type SemanticTokensDelta,
	type SemanticTokensLegend,
} from 'vscode-languageserver';
import type { SipMessage, Span } from '../core/model';
import type { TraceDocument } from '../traceDocument';
import { inPieces, linePairAt, messagesWithin } from '../core/query';
import { indexWithin } from '../core/text/search';

/** Standard token types, so every theme colours them; status classes as modifiers. */
const tokenTypes = [
	'keyword',
	'number',
	'property',
	'string',
	'variable',
	'comment',
	'type',
	'operator',
] as const;
const tokenModifiers = [
	'defaultLibrary',
	'static',
	'readonly',
	'informational',
	'success',
	'redirection',
	'clientError',
	'serverError',
	'globalFailure',
] as const;

export const semanticTokensLegend: SemanticTokensLegend = {
	tokenTypes: [...tokenTypes],
	tokenModifiers: [...tokenModifiers],
};

type TokenType = (typeof tokenTypes)[number];
type Modifier = (typeof tokenModifiers)[number];
const typeIndex = (t: TokenType): number => tokenTypes.indexOf(t);
const modifierBits = (mods: readonly Modifier[]): number =>
	mods.reduce((bits, m) => bits | (1 << tokenModifiers.indexOf(m)), 0);
const statusClass: readonly Modifier[] = [
	'informational',
	'success',
	'redirection',
	'clientError',
	'serverError',
	'globalFailure',
];

interface Token {
	start: number;
	end: number;
	type: number;
	mods: number;
}

/** Tokens of one message in text order. */
function messageTokens(doc: TraceDocument, m: SipMessage, out: Token[]): void {
	const text = doc.analysis.text;
	const push = (
		span: Span | null | undefined,
		type: TokenType,
		mods: readonly Modifier[] = [],
	): void => {
		if (span && span.end > span.start)
			out.push({
				start: span.start,
				end: span.end,
				type: typeIndex(type),
				mods: modifierBits(mods),
			});
	};
	if (m.frame.meta) push(m.frame.meta, 'comment');
	const sl = m.startLine;
	if (m.kind === 'request' && m.method) {
		push({ start: sl.start, end: sl.start + m.method.length }, 'keyword');
		push(m.requestUriSpan, 'string');
	} else if (m.kind === 'response' && m.status != null) {
		const at = indexWithin(text, String(m.status), sl.start, sl.end);
		if (at >= 0)
			push({ start: at, end: at + 3 }, 'number', [
				statusClass[Math.floor(m.status / 100) - 1] ?? 'globalFailure',
			]);
	}
	// The Vias in header order: each Via header's are the next ones (a cursor, not a search of
	// all of them for each header, which a message of thousands of Vias made quadratic).
	const vias = m.vias;
	let nextVia = 0;
	for (const h of m.headers) {
		push(h.name, 'property', h.compact ? ['static'] : ['defaultLibrary']);
		const valueTokens: Token[] = [];
		const sub = (span: Span | null, type: TokenType, mods: readonly Modifier[] = []): void => {
			if (span && span.start >= h.value.start && span.end <= h.value.end && span.end > span.start) {
				valueTokens.push({
					start: span.start,
					end: span.end,
					type: typeIndex(type),
					mods: modifierBits(mods),
				});
			}
		};
		const param = (name: string, value: string | null | undefined): Span | null => {
			if (!value) return null;
			const at = indexWithin(text, `${name}=${value}`, h.value.start, h.value.end);
			return at >= 0
				? { start: at + name.length + 1, end: at + name.length + 1 + value.length }
				: null;
		};
		switch (h.key) {
			case 'call-id':
				sub(h.value, 'variable', ['readonly']);
				break;
			case 'from':
			case 'to': {
				const party = h.key === 'from' ? m.from : m.to;
				sub(party?.uriSpan ?? null, 'string');
				sub(param('tag', party?.tag), 'variable', ['readonly']);
				break;
			}
			case 'via':
				while (nextVia < vias.length && vias[nextVia]!.span.start < h.value.start) nextVia++;
				for (; nextVia < vias.length && vias[nextVia]!.span.end <= h.value.end; nextVia++)
					sub(param('branch', vias[nextVia]!.branch), 'variable', ['readonly']);
				break;
			case 'content-type':
				sub(h.value, 'type');
				break;
			case 'sip-etag':
			case 'sip-if-match':
				sub(h.value, 'variable', ['readonly']);
				break;
		}
		valueTokens.sort((a, b) => a.start - b.start);
		for (const t of valueTokens) out.push(t);
	}
}

/**
 * The tokens from `first` on of a message printed a packet at a time (tcpdump), each kept to the
 * pieces of its lines: a value a segment boundary (or a hex dump's line) cut is coloured on its
 * text, not on the packet line, header bytes or hex between its pieces.
 */
function onPieces(m: SipMessage, tokens: Token[], first: number): void {
	const lines = m.frame.lines!;
	const own = tokens.splice(first);
	// Read once: a frame may make its spans when read.
	const sipStart = m.frame.sip.start;
	for (const t of own) {
		// The packet line and header bytes before the start line: the metadata, one token.
		if (t.start < sipStart) {
			tokens.push(t);
			continue;
		}
		for (let k = Math.max(0, linePairAt(lines, t.start)); 2 * k < lines.length; k++) {
			if (lines[2 * k]! >= t.end) break;
			const start = Math.max(t.start, lines[2 * k]!);
			const end = Math.min(t.end, lines[2 * k + 1]!);
			if (end > start) tokens.push({ ...t, start, end });
		}
	}
}

function collect(doc: TraceDocument, from: number, to: number): Token[] {
	const tokens: Token[] = [];
	// With the messages that began before the range and go on in it (a continuation, tcpdump).
	for (const m of messagesWithin(doc.analysis, from, to)) {
		const first = tokens.length;
		messageTokens(doc, m, tokens);
		if (inPieces(m)) onPieces(m, tokens, first);
	}
	// A message read over TCP segments that took turns with another connection's has lines
	// after the next message's (tcpdump): its tokens are put in place.
	for (let i = 1; i < tokens.length; i++)
		if (tokens[i]!.start < tokens[i - 1]!.start) return tokens.sort((a, b) => a.start - b.start);
	return tokens;
}

/** Adds tokens to the builder, split at line ends (tokens may not span lines). */
function build(doc: TraceDocument, tokens: readonly Token[], builder: SemanticTokensBuilder): void {
	let lastEnd = -1;
	for (const t of tokens) {
		if (t.start < lastEnd) continue; // never overlap
		let line = doc.lines.lineAt(t.start);
		let start = t.start;
		while (start < t.end) {
			const nextLine = doc.lines.lineStart(line + 1);
			let end = Math.min(t.end, nextLine);
			// Exclude the line terminator from the token.
			while (
				end > start &&
				(doc.analysis.text.charCodeAt(end - 1) === 10 ||
					doc.analysis.text.charCodeAt(end - 1) === 13)
			)
				end--;
			if (end > start)
				builder.push(line, start - doc.lines.lineStart(line), end - start, t.type, t.mods);
			if (nextLine <= start) break;
			start = nextLine;
			line++;
		}
		lastEnd = t.end;
	}
}

/** Keeps the last full result per document so the client can ask for a delta. */
export class SemanticTokensProvider {
	readonly #builders = new Map<string, SemanticTokensBuilder>();

	full(doc: TraceDocument): SemanticTokens {
		const builder = new SemanticTokensBuilder();
		this.#builders.set(doc.uri, builder);
		build(doc, collect(doc, 0, doc.analysis.text.length), builder);
		return builder.build();
	}

	delta(doc: TraceDocument, previousResultId: string): SemanticTokens | SemanticTokensDelta {
		const builder = this.#builders.get(doc.uri);
		if (!builder) return this.full(doc);
		builder.previousResult(previousResultId);
		build(doc, collect(doc, 0, doc.analysis.text.length), builder);
		return builder.buildEdits();
	}

	range(doc: TraceDocument, startOffset: number, endOffset: number): SemanticTokens {
		const builder = new SemanticTokensBuilder();
		build(doc, collect(doc, startOffset, endOffset), builder);
		return builder.build();
	}

	forget(uri: string): void {
		this.#builders.delete(uri);
	}
}
