import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DialogsView } from './dialogsView';
import { registerSequenceDiagram } from './ladder/ladderPanel';
import { registerExtractCall } from './extractCall';
import { createLanguageClient } from './languageClient';
import { openLargeTrace, watchForLargeTraces } from './largeTraces';
import { registerStatistics } from './statistics';
import { registerOpenCapture } from './openCapture';
import { recognizeTraces } from './recognizeTraces';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
	client = createLanguageClient(context);
	const dialogs = new DialogsView(client);
	const followEditor = (editor: vscode.TextEditor | undefined): void => {
		if (editor?.document.languageId === 'sip') dialogs.show(editor.document.uri.toString());
	};
	context.subscriptions.push(
		vscode.window.registerTreeDataProvider('sipTrace.dialogs', dialogs),
		vscode.window.onDidChangeActiveTextEditor(followEditor),
		vscode.commands.registerCommand('sipTrace.restartServer', async () => {
			await client?.restart();
		}),
		vscode.commands.registerCommand('sipTrace.openLargeTrace', async (uri?: vscode.Uri) => {
			const target =
				uri ??
				(
					await vscode.window.showOpenDialog({
						canSelectMany: false,
						filters: { 'SIP traces': ['sip', 'siptrace', 'log', 'txt'] },
					})
				)?.[0];
			if (target && client) await openLargeTrace(client, dialogs, target);
		}),
		watchForLargeTraces(client, dialogs),
		registerExtractCall(client),
		registerStatistics(client, () => dialogs.uri),
		registerOpenCapture(client),
		recognizeTraces(client),
	);
	registerSequenceDiagram(context, client, () => dialogs.uri);
	await client.start();
	followEditor(vscode.window.activeTextEditor);
}

export async function deactivate(): Promise<void> {
	await client?.stop();
	client = undefined;
}
