import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { TraceDocument } from '../traceDocument';

/**
 * Each message folds; inside it, the header block and the body fold separately. A message read
 * over TCP segments that took turns with other connections' (tcpdump, `Frame.rest`) folds where
 * its frame lies: its header and body folds stop at the frame's end, so that no fold runs over
 * the next message's. Its continuation packets fold with the noise around them.
 */
export function provideFoldingRanges(doc: TraceDocument): FoldingRange[] {
	const out: FoldingRange[] = [];
	const line = (offset: number): number => doc.lines.lineAt(offset);
	for (const m of doc.analysis.messages) {
		const first = line(m.frame.span.start);
		const last = line(Math.max(m.frame.span.start, m.frame.span.end - 1));
		if (last > first) out.push({ startLine: first, endLine: last, kind: FoldingRangeKind.Region });
		const headersFirst = line(m.startLine.end);
		const lastHeader = m.headerCount > 0 ? m.headerField(m.headerCount - 1) : undefined;
		if (lastHeader) {
			const headersLast = Math.min(last, line(lastHeader.value.end));
			if (headersLast > headersFirst) out.push({ startLine: headersFirst, endLine: headersLast });
		}
		if (m.body && m.body.end > m.body.start && m.body.start < m.frame.span.end) {
			const bodyFirst = line(m.body.start);
			const bodyLast = Math.min(last, line(m.body.end - 1));
			if (bodyLast > bodyFirst) out.push({ startLine: bodyFirst, endLine: bodyLast });
		}
	}
	for (const noise of doc.analysis.noise) {
		const first = line(noise.start);
		const last = line(Math.max(noise.start, noise.end - 1));
		if (last > first) out.push({ startLine: first, endLine: last, kind: FoldingRangeKind.Comment });
	}
	return out;
}
