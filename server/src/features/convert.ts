import type { Location, Range } from 'vscode-languageserver';
import type { Span } from '../core/model';
import type { TraceDocument } from '../traceDocument';

/** The one place where core offsets become LSP positions. */
export function toRange(doc: TraceDocument, span: Span): Range {
	return { start: doc.lines.positionAt(span.start), end: doc.lines.positionAt(span.end) };
}

export function toLocation(doc: TraceDocument, span: Span): Location {
	return { uri: doc.uri, range: toRange(doc, span) };
}

/**
 * The offset of an LSP position. As LSP says, a character past the end of its line means the end
 * of that line (before its line break), and a line past the end means the end of the text.
 */
export function toOffset(
	doc: TraceDocument,
	position: { line: number; character: number },
): number {
	const line = Math.max(0, position.line);
	const offset = doc.lines.offsetAt(line, Math.max(0, position.character));
	if (line + 1 >= doc.lines.lineCount) return offset;
	const next = doc.lines.offsetAt(line + 1, 0);
	if (offset < next) return offset;
	const text = doc.analysis.text;
	let end = next;
	if (text.charCodeAt(end - 1) === 10) end--;
	if (text.charCodeAt(end - 1) === 13) end--;
	return Math.max(end, doc.lines.offsetAt(line, 0));
}

/** The start line of message `index` as a range: where navigation lands. */
export function startLineRange(doc: TraceDocument, index: number): Range {
	return toRange(doc, doc.analysis.messages[index]!.startLine);
}

export function startLineLocation(doc: TraceDocument, index: number): Location {
	return { uri: doc.uri, range: startLineRange(doc, index) };
}
