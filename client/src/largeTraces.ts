import { statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
	closeLargeTraceNotification,
	openLargeTraceRequest,
	type OpenLargeTraceResult,
} from '../../server/src/protocol/lspExt';
import type { DialogsView } from './dialogsView';
import { relayWorkDone } from './workDoneRelay';

/** VS Code does not hand files over 50 MB to extensions; above this we offer the large-trace path. */
export const largeFileBytes = 50 * 1024 * 1024;
const traceFile = /\.(sip|siptrace|log|txt)$/i;

/** Analyses a trace file from disk through the server and shows it in the "SIP Dialogs" view. */
export async function openLargeTrace(
	client: LanguageClient,
	dialogs: DialogsView,
	uri: vscode.Uri,
): Promise<OpenLargeTraceResult | undefined> {
	const result = await vscode.window.withProgress(
		{
			location: vscode.ProgressLocation.Notification,
			title: `Opening ${uri.path.slice(uri.path.lastIndexOf('/') + 1)} as a large SIP trace`,
			cancellable: true,
		},
		async (progress, token) => {
			const relay = relayWorkDone(client, progress);
			try {
				return await client.sendRequest<OpenLargeTraceResult>(
					openLargeTraceRequest,
					{ uri: uri.toString(), path: uri.fsPath, workDoneToken: relay.token },
					token,
				);
			} finally {
				relay.dispose();
			}
		},
	);
	dialogs.show(result.uri);
	await vscode.commands.executeCommand('sipTrace.dialogs.focus');
	void vscode.window.showInformationMessage(
		`${result.messages} SIP messages (${result.format}) in ${Math.round(result.bytes / 1e6)} MB: see the SIP Dialogs view, or show the sequence diagram.`,
	);
	return result;
}

export function closeLargeTrace(client: LanguageClient, uri: string): void {
	void client.sendNotification(closeLargeTraceNotification, { uri });
}

/** When a tab shows a trace file too large to be synced, offer to open it as a large trace. */
export function watchForLargeTraces(
	client: LanguageClient,
	dialogs: DialogsView,
): vscode.Disposable {
	const offered = new Set<string>();
	return vscode.window.tabGroups.onDidChangeTabs((e) => {
		for (const tab of e.opened) {
			const input = tab.input;
			if (
				!(input instanceof vscode.TabInputText) ||
				input.uri.scheme !== 'file' ||
				!traceFile.test(input.uri.path)
			)
				continue;
			const key = input.uri.toString();
			if (offered.has(key)) continue;
			let size = 0;
			try {
				size = statSync(input.uri.fsPath).size;
			} catch {
				continue;
			}
			if (size < largeFileBytes) continue;
			offered.add(key);
			void vscode.window
				.showInformationMessage(
					`This trace is ${Math.round(size / 1e6)} MB, too large for the editor to hand to extensions. Open it as a large SIP trace?`,
					'Open as Large Trace',
				)
				.then((choice) => (choice ? openLargeTrace(client, dialogs, input.uri) : undefined));
		}
	});
}
