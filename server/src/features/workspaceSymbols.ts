import { SymbolKind, type WorkspaceSymbol } from 'vscode-languageserver';
import { aorOf } from '../core/query';
import type { TraceDocument } from '../traceDocument';
import { startLineLocation } from './convert';

/** Call-IDs and AoRs across the open traces, each at its first message. */
export function provideWorkspaceSymbols(
	docs: Iterable<TraceDocument>,
	query: string,
): WorkspaceSymbol[] {
	const q = query.toLowerCase();
	const out: WorkspaceSymbol[] = [];
	for (const doc of docs) {
		const seen = new Set<string>();
		const add = (name: string, kind: SymbolKind, index: number): void => {
			if (seen.has(name) || (q && !name.toLowerCase().includes(q))) return;
			seen.add(name);
			out.push({
				name,
				kind,
				location: startLineLocation(doc, index),
				containerName: doc.uri.slice(doc.uri.lastIndexOf('/') + 1),
			});
		};
		for (const m of doc.analysis.messages) {
			if (m.callId) add(m.callId, SymbolKind.Key, m.index);
			for (const party of [m.from, m.to]) {
				const aor = aorOf(party?.uri);
				if (aor) add(aor, SymbolKind.Constant, m.index);
			}
			if (out.length > 2000) return out;
		}
	}
	return out;
}
