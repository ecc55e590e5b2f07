import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
	renderCaptureRequest,
	type RenderCaptureParams,
	type RenderCaptureResult,
} from '../../server/src/protocol/lspExt';
import { relayWorkDone } from './workDoneRelay';

const captureExtensions = ['pcap', 'pcapng', 'cap'];

/**
 * "Open Capture as SIP Trace": the SIP messages of a pcap or pcapng file as an untitled trace
 * (a header line per message), which every feature reads and the user may save as `.sip`. The
 * language server, which holds the capture reader, reads a file on disk itself: a capture of
 * hundreds of MB is not sent to it, its progress shows in a notification whose cancel stops it.
 * A file on another file system of the editor (a virtual one, which the server cannot reach) is
 * read here and its octets sent.
 */
export function registerOpenCapture(client: LanguageClient): vscode.Disposable {
	return vscode.commands.registerCommand('sipTrace.openCapture', async (uri?: vscode.Uri) => {
		const target =
			uri ??
			(
				await vscode.window.showOpenDialog({
					canSelectMany: false,
					filters: { 'Packet captures': captureExtensions },
				})
			)?.[0];
		if (!target) return;
		const name = target.path.slice(target.path.lastIndexOf('/') + 1);
		let result: RenderCaptureResult | null | undefined;
		try {
			result = await vscode.window.withProgress(
				{
					location: vscode.ProgressLocation.Notification,
					title: `Opening ${name} as a SIP trace`,
					cancellable: true,
				},
				(progress, token) => render(client, target, progress, token),
			);
		} catch (error) {
			void vscode.window.showErrorMessage(
				`${name}: ${error instanceof Error ? error.message : String(error)}`,
			);
			return;
		}
		// Cancelled: nothing to show.
		if (result === undefined) return;
		if (!result || result.messages === 0) {
			void vscode.window.showWarningMessage(
				`No SIP message in ${name}${result?.problems.length ? `: ${result.problems[0]}` : '.'}`,
			);
			return;
		}
		const doc = await vscode.workspace.openTextDocument({ language: 'sip', content: result.text });
		await vscode.window.showTextDocument(doc, { preview: false });
		if (result.problems.length > 0)
			void vscode.window.showWarningMessage(
				`${name}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} reading the capture, the first: ${result.problems[0]}`,
			);
		else
			vscode.window.setStatusBarMessage(
				`${result.messages} SIP messages from ${result.packets} packets of ${name}`,
				5000,
			);
	});
}

/** Asks the server for the capture's trace, its progress shown in `progress`; undefined when cancelled. */
async function render(
	client: LanguageClient,
	target: vscode.Uri,
	progress: vscode.Progress<{ message?: string; increment?: number }>,
	token: vscode.CancellationToken,
): Promise<RenderCaptureResult | null | undefined> {
	const relay = relayWorkDone(client, progress);
	const workDoneToken = relay.token;
	try {
		const params: RenderCaptureParams =
			target.scheme === 'file'
				? { path: target.fsPath, workDoneToken }
				: {
						data: Buffer.from(await vscode.workspace.fs.readFile(target)).toString('base64'),
						workDoneToken,
					};
		if (token.isCancellationRequested) return undefined;
		return await client.sendRequest<RenderCaptureResult | null>(
			renderCaptureRequest,
			params,
			token,
		);
	} catch (error) {
		if (token.isCancellationRequested) return undefined;
		throw error;
	} finally {
		relay.dispose();
	}
}
