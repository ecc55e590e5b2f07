import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';

/**
 * A work-done token for a request whose progress shows in the editor's own notification
 * (`progress`, from `withProgress`): the server's reports on it move that notification's bar,
 * so there is one notification, with its cancel button, rather than a second one from the server.
 */
export function relayWorkDone(
	client: LanguageClient,
	progress: vscode.Progress<{ message?: string; increment?: number }>,
): { readonly token: string } & vscode.Disposable {
	const token = randomUUID();
	let done = 0;
	const listener = client.onProgress(WorkDoneProgress.type, token, (value) => {
		if (value.kind === 'end') return;
		// The notification's bar grows by increments; the server says how far it is.
		const percentage = Math.max(done, value.percentage ?? done);
		progress.report({ message: value.message, increment: percentage - done });
		done = percentage;
	});
	return { token, dispose: () => listener.dispose() };
}
