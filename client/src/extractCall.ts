import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
	extractCallRequest,
	type ExtractCallParams,
	type ExtractCallResult,
} from '../../server/src/protocol/lspExt';

/** An item of the "SIP Dialogs" view, as the view's context menu passes it. */
interface DialogsItem {
	readonly uri: string;
	readonly symbol: { readonly selectionRange: { readonly start: vscode.Position } };
}

/**
 * "Extract Call to New Editor": the call of the message under the cursor, or of an item of the
 * "SIP Dialogs" view (which also lists large traces the editor cannot open), with the presence
 * links it crosses to, opened as a trace of its own (to read alone, or to attach to a ticket).
 */
export function registerExtractCall(client: LanguageClient): vscode.Disposable {
	return vscode.commands.registerCommand('sipTrace.extractCall', async (item?: DialogsItem) => {
		const params = item ? fromItem(item) : fromEditor();
		if (!params) return;
		const call = await client.sendRequest<ExtractCallResult>(extractCallRequest, params);
		if (!call) {
			void vscode.window.showInformationMessage(
				'Put the cursor in a SIP message with a Call-ID to extract its call.',
			);
			return;
		}
		const doc = await vscode.workspace.openTextDocument({ language: 'sip', content: call.text });
		await vscode.window.showTextDocument(doc, { preview: false });
		const calls = call.callIds.length;
		vscode.window.setStatusBarMessage(
			`Extracted ${call.messages} messages of ${calls} call${calls === 1 ? '' : 's'}`,
			5000,
		);
	});
}

function fromEditor(): ExtractCallParams | null {
	const editor = vscode.window.activeTextEditor;
	if (!editor || editor.document.languageId !== 'sip') return null;
	const { line, character } = editor.selection.active;
	return { uri: editor.document.uri.toString(), line, character };
}

function fromItem(item: DialogsItem): ExtractCallParams {
	const { line, character } = item.symbol.selectionRange.start;
	return { uri: item.uri, line, character };
}
