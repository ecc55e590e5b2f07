import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { renderCaptureRequest, type RenderCaptureResult } from '../../server/src/protocol/lspExt';

const captureExtensions = ['pcap', 'pcapng', 'cap'];

/**
 * "Open Capture as SIP Trace": the SIP messages of a pcap or pcapng file as an untitled trace
 * (a header line per message), which every feature reads and the user may save as `.sip`. The
 * file is read here, so it may be on any file system the editor reaches; the language server,
 * which holds the capture reader, renders it.
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
		const bytes = await vscode.workspace.fs.readFile(target);
		const result = await client.sendRequest<RenderCaptureResult | null>(renderCaptureRequest, {
			data: Buffer.from(bytes).toString('base64'),
		});
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
