import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/**
 * The webview's shell: a strict CSP with a fresh nonce, the bundled script and stylesheet, and no
 * trace text at all (everything arrives later by postMessage and is drawn with DOM APIs).
 */
export function ladderHtml(
	webview: vscode.Webview,
	extensionUri: vscode.Uri,
	joinPath: (base: vscode.Uri, ...parts: string[]) => vscode.Uri,
): string {
	const nonce = randomBytes(16).toString('base64');
	const script = webview.asWebviewUri(joinPath(extensionUri, 'dist', 'webview', 'ladder.js'));
	const style = webview.asWebviewUri(joinPath(extensionUri, 'dist', 'webview', 'ladder.css'));
	const csp = [
		"default-src 'none'",
		`script-src 'nonce-${nonce}'`,
		`style-src ${webview.cspSource}`,
		`img-src ${webview.cspSource} data:`,
		`font-src ${webview.cspSource}`,
	].join('; ');
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>SIP Sequence Diagram</title>
</head>
<body>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
