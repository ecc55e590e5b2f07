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

export function toOffset(
	doc: TraceDocument,
	position: { line: number; character: number },
): number {
	return doc.lines.offsetAt(position.line, position.character);
}

/** The start line of message `index` as a range: where navigation lands. */
export function startLineRange(doc: TraceDocument, index: number): Range {
	return toRange(doc, doc.analysis.messages[index]!.startLine);
}

export function startLineLocation(doc: TraceDocument, index: number): Location {
	return { uri: doc.uri, range: startLineRange(doc, index) };
}
