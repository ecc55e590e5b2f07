import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import type { TraceDocument } from '../traceDocument';
import { toOffset } from './convert';
import { formatDuration } from './timeFormat';

/** After a final response's start line: the time since its request. */
export function provideInlayHints(doc: TraceDocument, range: Range): InlayHint[] {
	const { index, messages } = doc.analysis;
	const from = toOffset(doc, range.start);
	const to = toOffset(doc, range.end);
	const hints: InlayHint[] = [];
	for (const m of messages) {
		if (m.startLine.end < from) continue;
		if (m.startLine.start > to) break;
		if (m.kind !== 'response' || (m.status ?? 0) < 200) continue;
		const request = index.requestOf(m.index);
		const a = request != null ? messages[request]?.frame.epochMicros : null;
		const b = m.frame.epochMicros;
		if (a == null || b == null) continue;
		hints.push({
			position: doc.lines.positionAt(m.startLine.end),
			label: `+${formatDuration(b - a)}`,
			kind: InlayHintKind.Parameter,
			paddingLeft: true,
			tooltip: `Time from the ${m.cseq?.method ?? 'request'} (message ${request}) to this final response`,
		});
	}
	return hints;
}
