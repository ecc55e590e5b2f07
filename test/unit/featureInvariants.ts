// What a user relies on in every answer of the language server's features, whatever the trace:
// ranges inside the document, links to messages, outline nesting, tokens that fit their lines,
// and hover text in which nothing of the trace reads as markup. Each check returns its faults as
// sentences (empty when none), so a sweep can gather them all before failing.
import type {
	DocumentSymbol,
	Location,
	Position,
	Range,
	SemanticTokens,
} from 'vscode-languageserver';
import type { Ladder } from '../../server/src/protocol/ladderColumns';
import type { TraceDocument } from '../../server/src/traceDocument';

/** The length of each line of the document, without its line break (LF, CRLF or a lone CR). */
export function lineLengths(doc: TraceDocument): number[] {
	const { text } = doc.analysis;
	const out: number[] = [];
	for (let line = 0; line < doc.lines.lineCount; line++) {
		let end = line + 1 < doc.lines.lineCount ? doc.lines.lineStart(line + 1) : text.length;
		if (end > doc.lines.lineStart(line) && text.charCodeAt(end - 1) === 10) end--;
		if (end > doc.lines.lineStart(line) && text.charCodeAt(end - 1) === 13) end--;
		out.push(end - doc.lines.lineStart(line));
	}
	return out;
}

const show = (p: Position): string => `${p.line}:${p.character}`;
const showRange = (r: Range): string => `${show(r.start)}-${show(r.end)}`;
const before = (a: Position, b: Position): boolean =>
	a.line < b.line || (a.line === b.line && a.character < b.character);

export function positionFaults(lengths: readonly number[], p: Position, what: string): string[] {
	if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0)
		return [`${what}: position ${show(p)} is not a position`];
	if (p.line >= lengths.length)
		return [`${what}: line ${p.line} past the last line ${lengths.length - 1}`];
	if (p.character > lengths[p.line]!)
		return [
			`${what}: character ${p.character} past the end of line ${p.line} (${lengths[p.line]})`,
		];
	return [];
}

export function rangeFaults(lengths: readonly number[], r: Range, what: string): string[] {
	const out = [
		...positionFaults(lengths, r.start, `${what} start`),
		...positionFaults(lengths, r.end, `${what} end`),
	];
	if (before(r.end, r.start)) out.push(`${what}: range ${showRange(r)} ends before it starts`);
	return out;
}

export function inside(inner: Range, outer: Range): boolean {
	return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}

export function locationFaults(
	doc: TraceDocument,
	lengths: readonly number[],
	l: Location,
	what: string,
): string[] {
	const out = rangeFaults(lengths, l.range, what);
	if (l.uri !== doc.uri) out.push(`${what}: location in ${l.uri}, not in the document`);
	return out;
}

/** Definition and references land on a message's start line: the ranges they may give. */
export function startLineRanges(doc: TraceDocument): Set<string> {
	const out = new Set<string>();
	for (const m of doc.analysis.messages)
		out.add(
			showRange({
				start: doc.lines.positionAt(m.startLine.start),
				end: doc.lines.positionAt(m.startLine.end),
			}),
		);
	return out;
}

export function targetFaults(
	doc: TraceDocument,
	lengths: readonly number[],
	targets: ReadonlySet<string>,
	l: Location,
	what: string,
): string[] {
	const out = locationFaults(doc, lengths, l, what);
	if (!targets.has(showRange(l.range)))
		out.push(`${what}: ${showRange(l.range)} is no message's start line`);
	return out;
}

export function symbolFaults(
	lengths: readonly number[],
	symbols: readonly DocumentSymbol[],
	parent: DocumentSymbol | null = null,
): string[] {
	const out: string[] = [];
	for (const s of symbols) {
		const what = `symbol "${s.name}"`;
		if (!s.name) out.push(`${what}: no name`);
		out.push(...rangeFaults(lengths, s.range, `${what} range`));
		out.push(...rangeFaults(lengths, s.selectionRange, `${what} selectionRange`));
		if (!inside(s.selectionRange, s.range))
			out.push(
				`${what}: selectionRange ${showRange(s.selectionRange)} outside its range ${showRange(s.range)}`,
			);
		if (parent && !inside(s.range, parent.range))
			out.push(
				`${what}: range ${showRange(s.range)} outside its parent "${parent.name}" ${showRange(parent.range)}`,
			);
		out.push(...symbolFaults(lengths, s.children ?? [], s));
	}
	return out;
}

/** Semantic tokens decoded: five integers each, in order, inside their lines, none overlapping. */
export function tokenFaults(
	lengths: readonly number[],
	tokens: SemanticTokens,
	legendTypes: number,
	what: string,
): string[] {
	const { data } = tokens;
	if (data.length % 5 !== 0) return [`${what}: ${data.length} integers, not a multiple of 5`];
	const out: string[] = [];
	let line = 0;
	let character = 0;
	let lastEnd = 0;
	for (let k = 0; k < data.length && out.length < 5; k += 5) {
		const [dLine, dChar, length, type] = [data[k]!, data[k + 1]!, data[k + 2]!, data[k + 3]!];
		if (dLine < 0 || dChar < 0 || (dLine === 0 && k > 0 && dChar < 0)) {
			out.push(`${what}: token ${k / 5} goes back (${dLine}, ${dChar})`);
			continue;
		}
		if (dLine > 0) {
			line += dLine;
			character = dChar;
			lastEnd = 0;
		} else character += dChar;
		const at = `${what}: token ${k / 5} at ${line}:${character}+${length}`;
		if (length <= 0) out.push(`${at} is empty`);
		if (type < 0 || type >= legendTypes) out.push(`${at} has type ${type}, not in the legend`);
		if (line >= lengths.length) out.push(`${at} is past the last line`);
		else if (character + length > lengths[line]!)
			out.push(`${at} runs past the end of its line (${lengths[line]})`);
		if (character < lastEnd) out.push(`${at} overlaps the token before it (ending at ${lastEnd})`);
		lastEnd = character + length;
	}
	return out;
}

/**
 * Hover and preview Markdown in which trace text can only read as text: not empty; fences
 * closed; code spans closed within their paragraph (a backtick from the trace that is not
 * escaped or replaced would open or close one); outside code, no HTML tag, autolink or entity
 * (`md()` escapes `<`, `>` and `&`).
 */
export function markdownFaults(value: unknown, what: string): string[] {
	if (typeof value !== 'string' || !value.trim()) return [`${what}: no text`];
	const out: string[] = [];
	const paragraphs: string[][] = [[]];
	let fence: string | null = null;
	for (const line of value.split('\n')) {
		const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
		if (fence !== null) {
			if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
			continue;
		}
		if (marker) {
			fence = marker;
			paragraphs.push([]);
			continue;
		}
		if (!line.trim()) paragraphs.push([]);
		else paragraphs[paragraphs.length - 1]!.push(line);
	}
	if (fence !== null) out.push(`${what}: a code fence ${fence} is never closed`);
	for (const lines of paragraphs) {
		if (!lines.length) continue;
		// A table row is a block of its own: a code span cannot run from one row into the next.
		const blocks = lines.some((l) => l.trimStart().startsWith('|'))
			? lines.map((l) => [l])
			: [lines];
		for (const block of blocks) {
			const text = block.join('\n').replace(/\\[\s\S]/g, '');
			const pieces = text.split(/`+/);
			const ticks = text.match(/`+/g) ?? [];
			if (ticks.length % 2 === 1)
				out.push(`${what}: a code span is never closed in ${JSON.stringify(block.join('\n'))}`);
			for (let k = 0; k < pieces.length; k += 2) {
				const piece = pieces[k]!;
				const tag = /<[A-Za-z!?/][^\n]*?>?/.exec(piece);
				if (tag) out.push(`${what}: markup ${JSON.stringify(tag[0].slice(0, 60))} outside code`);
				const entity = /&(#\d+|#x[0-9a-f]+|[a-z]\w*);/i.exec(piece);
				if (entity) out.push(`${what}: entity ${entity[0]} outside code`);
			}
		}
	}
	return out;
}

/** The diagram's arrows and bars name messages of the trace and lanes of the model. */
export function ladderFaults(
	ladder: Ladder,
	messages: number,
	lines: number,
	what: string,
): string[] {
	const out: string[] = [];
	const message = (i: number | null, role: string): void => {
		if (i !== null && !(Number.isInteger(i) && i >= 0 && i < messages))
			out.push(`${what}: ${role} names message ${i}, not in the trace (${messages} messages)`);
	};
	const lanes = new Set(ladder.lanes.map((l) => l.id));
	for (const a of ladder.arrows) {
		const at = `arrow of message ${a.index}`;
		message(a.index, 'an arrow');
		for (const r of a.retransmissions) message(r, `${at}'s retransmission`);
		for (const r of a.related) message(r, `${at}'s related`);
		message(a.authPair, `${at}'s auth pair`);
		if (!lanes.has(a.from) || !lanes.has(a.to))
			out.push(`${what}: ${at} runs between ${a.from} and ${a.to}, not both lanes`);
		if (!(a.line >= 0 && a.line < lines)) out.push(`${what}: ${at} is on line ${a.line}`);
		if (!a.label) out.push(`${what}: ${at} has no label`);
	}
	for (const s of ladder.subscriptions) {
		message(s.fromIndex, `subscription ${s.id}'s start`);
		message(s.toIndex, `subscription ${s.id}'s end`);
		if (!lanes.has(s.watcherLane)) out.push(`${what}: subscription ${s.id} on no lane`);
	}
	for (const d of ladder.dialogs)
		if (!(d.first >= 0 && d.first < ladder.count))
			out.push(`${what}: dialog ${d.callId} starts at arrow ${d.first} of ${ladder.count}`);
	return out;
}
