import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
	statisticsRequest,
	type StatisticsParams,
	type StatisticsResult,
} from '../../server/src/protocol/lspExt';

/** Read-only documents of this scheme hold a trace's statistics; their query is the trace's URI. */
const scheme = 'sip-trace-statistics';

/** How long after the last edit of a trace its open statistics are asked for again. */
const refreshDelayMs = 500;

/**
 * "Show Statistics": the statistics of a trace (what Wireshark's SIP Statistics gives, and the
 * presence figures) as a Markdown preview beside it. The Markdown is the server's; it lives in a
 * virtual document (read-only, nothing written to disk), asked for again when the trace changes.
 * A large trace the editor cannot open is taken from the "SIP Dialogs" view (`fallbackUri`).
 */
export function registerStatistics(
	client: LanguageClient,
	fallbackUri: () => string | undefined,
): vscode.Disposable {
	const changed = new vscode.EventEmitter<vscode.Uri>();
	// Trace URI -> its statistics document, for the traces asked about: a few, kept while running.
	const shown = new Map<string, vscode.Uri>();
	const timers = new Map<string, ReturnType<typeof setTimeout>>();
	const provider: vscode.TextDocumentContentProvider = {
		onDidChange: changed.event,
		provideTextDocumentContent: async (uri, token) => {
			const params: StatisticsParams = { uri: uri.query };
			const result = await client.sendRequest<StatisticsResult>(statisticsRequest, params, token);
			return result?.markdown ?? 'No statistics: the trace is not open, or holds no SIP message.';
		},
	};
	const show = async (target?: vscode.Uri): Promise<void> => {
		const trace = target?.toString() ?? activeTrace() ?? fallbackUri();
		if (!trace) {
			void vscode.window.showInformationMessage('Open a SIP trace to see its statistics.');
			return;
		}
		const name = trace.slice(trace.lastIndexOf('/') + 1) || 'trace';
		const doc = vscode.Uri.from({ scheme, path: `/${name} statistics.md`, query: trace });
		shown.set(trace, doc);
		changed.fire(doc); // shown before: asked for again
		await vscode.commands.executeCommand('markdown.showPreviewToSide', doc);
	};
	return vscode.Disposable.from(
		changed,
		vscode.workspace.registerTextDocumentContentProvider(scheme, provider),
		vscode.commands.registerCommand('sipTrace.showStatistics', show),
		vscode.workspace.onDidChangeTextDocument((e) => {
			const trace = e.document.uri.toString();
			const doc = shown.get(trace);
			if (!doc) return;
			clearTimeout(timers.get(trace));
			timers.set(
				trace,
				setTimeout(() => changed.fire(doc), refreshDelayMs),
			);
		}),
	);
}

function activeTrace(): string | undefined {
	const editor = vscode.window.activeTextEditor;
	return editor?.document.languageId === 'sip' ? editor.document.uri.toString() : undefined;
}
