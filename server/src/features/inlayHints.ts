import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import { clockBetween, clockOf } from '../core/text/clock';
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
		const asked = request != null ? messages[request] : undefined;
		const took = asked ? clockBetween(clockOf(asked.frame), clockOf(m.frame)) : null;
		if (took == null) continue;
		hints.push({
			position: doc.lines.positionAt(m.startLine.end),
			label: `+${formatDuration(took)}`,
			kind: InlayHintKind.Parameter,
			paddingLeft: true,
			tooltip: `Time from the ${m.cseq?.method ?? 'request'} at line ${doc.lines.lineAt(asked!.startLine.start) + 1} to this final response`,
		});
	}
	return hints;
}
