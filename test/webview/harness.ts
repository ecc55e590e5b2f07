// Serves the built webview bundle in a page like VS Code's webview: the same strict CSP with a
// nonce, and a stub of acquireVsCodeApi that records what the webview posts.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { launchChromium } from '../chromium';
import { spawnSync } from 'node:child_process';

const root = join(__dirname, '..', '..');
const nonce = 'dGVzdC1ub25jZQ==';

function page(): string {
	return `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src 'self'; img-src 'self' data:; font-src 'self'">
<link rel="stylesheet" href="/ladder.css"></head><body>
<script nonce="${nonce}">
window.posted = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => window.savedState, setState: (s) => { window.savedState = s; } });
</script>
<script nonce="${nonce}" src="/ladder.js"></script>
</body></html>`;
}

export interface Harness {
	page: Page;
	close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
	const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) throw new Error('build failed');
	const server: Server = createServer((req, res) => {
		const files: Record<string, [string, string]> = {
			'/ladder.js': [join(root, 'dist/webview/ladder.js'), 'text/javascript'],
			'/ladder.css': [join(root, 'dist/webview/ladder.css'), 'text/css'],
		};
		const file = files[req.url ?? ''];
		if (file) {
			res.writeHead(200, { 'content-type': file[1] });
			res.end(readFileSync(file[0]));
		} else {
			res.writeHead(200, { 'content-type': 'text/html' });
			res.end(page());
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	const { context, close } = await launchChromium({ width: 1400, height: 2400 });
	const p = context.pages()[0] ?? (await context.newPage());
	await p.goto(`http://127.0.0.1:${port}/`);
	await p.waitForFunction(() =>
		(window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'),
	);
	return {
		page: p,
		close: async () => {
			await close();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
