import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
	recognizeHeadChars,
	recognizeTraceRequest,
	type RecognizeTraceParams,
	type RecognizeTraceResult,
} from '../../server/src/protocol/lspExt';

/**
 * The languages a trace opens in when neither its name nor its first line says it is one. Not
 * JSON: tshark's JSON export is a trace, but looking at every JSON document (settings, package
 * manifests) would start the extension in nearly every window; it opens as SIP when asked.
 */
const plainLanguages: ReadonlySet<string> = new Set(['plaintext', 'log']);
/** The schemes the language server reads; others (git, output) are views of something else. */
const traceSchemes: ReadonlySet<string> = new Set(['file', 'untitled', 'vscode-remote']);
/** A paste, not typing: an untitled editor is looked at again when this much comes in at once. */
const pasteChars = 200;

/** How far into a document its first SIP text is looked for: past a log's pages of start-up. */
const searchChars = 4 * 1024 * 1024;
/** Each read of the document's text while looking: a slice this long. */
const sliceChars = 256 * 1024;
/** The lines above the first `SIP/2.0` sent with it: a log line that announces the message. */
const linesAbove = 8;

/**
 * What the server is asked about: {@link recognizeHeadChars} characters from a few lines above
 * the document's first `SIP/2.0`, looked for in its first {@link searchChars} characters, a
 * slice at a time; undefined when there is none.
 */
function traceHead(document: vscode.TextDocument): string | undefined {
	const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
	for (let from = 0; from < Math.min(length, searchChars); from += sliceChars) {
		// The slices overlap by a few characters, so a `SIP/2.0` across two is found.
		const slice = document.getText(
			new vscode.Range(document.positionAt(from), document.positionAt(from + sliceChars + 8)),
		);
		const hit = slice.indexOf('SIP/2.0');
		if (hit < 0) continue;
		const line = Math.max(0, document.positionAt(from + hit).line - linesAbove);
		const start = document.offsetAt(new vscode.Position(line, 0));
		return document.getText(
			new vscode.Range(document.positionAt(start), document.positionAt(start + recognizeHeadChars)),
		);
	}
	return undefined;
}

/**
 * Opens as SIP traces the plain-text and log files that hold SIP messages: a log whose first
 * lines are its start-up, tshark's stream follower (which begins with an empty line), a trace
 * saved as `.txt`. The language server tells from the text around the document's first SIP
 * text (see {@link traceHead}). A file is looked at
 * once, an untitled editor on opening and on each paste; none is turned into a trace twice, so
 * a user who sets one back to plain text keeps it so.
 */
export function recognizeTraces(client: LanguageClient): vscode.Disposable {
	const looked = new Set<string>();
	const taken = new Set<string>();
	const consider = async (document: vscode.TextDocument, again = false): Promise<void> => {
		if (!plainLanguages.has(document.languageId)) return;
		if (!traceSchemes.has(document.uri.scheme)) return;
		const key = document.uri.toString();
		if (taken.has(key) || (looked.has(key) && !again)) return;
		if (!vscode.workspace.getConfiguration('sipTrace').get<boolean>('recognizeTraces', true))
			return;
		looked.add(key);
		const head = traceHead(document);
		if (head === undefined) return;
		const params: RecognizeTraceParams = { head };
		const found = await client.sendRequest<RecognizeTraceResult>(recognizeTraceRequest, params);
		// Looked at again meanwhile (a paste), or already closed.
		if (!found || taken.has(key) || document.isClosed) return;
		if (!plainLanguages.has(document.languageId)) return;
		taken.add(key);
		await vscode.languages.setTextDocumentLanguage(document, 'sip');
	};
	const look = (document: vscode.TextDocument, again = false): void => {
		consider(document, again).catch(() => {
			// The server is restarting: the document stays as it is, as without this.
		});
	};
	for (const document of vscode.workspace.textDocuments) look(document);
	return vscode.Disposable.from(
		vscode.workspace.onDidOpenTextDocument((document) => look(document)),
		vscode.workspace.onDidChangeTextDocument((event) => {
			if (event.document.uri.scheme !== 'untitled') return;
			if (event.contentChanges.some((change) => change.text.length >= pasteChars))
				look(event.document, true);
		}),
	);
}
