// Serves the built webview bundle in a page like VS Code's webview: the same strict CSP with a
// nonce, and a stub of acquireVsCodeApi that records what the webview posts (`window.posted`),
// keeps its state across reloads like VS Code does, and answers requests whose type is a key of
// `window.replies` with that reply (e.g. a `request/failed`), as the extension would.
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
window.replies = {};
window.acquireVsCodeApi = () => ({
  postMessage: (m) => {
    window.posted.push(m);
    const reply = m && Number.isInteger(m.id) ? window.replies[m.type] : undefined;
    if (reply) setTimeout(() => window.postMessage({ ...reply, id: m.id, request: m.type }, '*'), 0);
  },
  getState: () => JSON.parse(sessionStorage.getItem('state') ?? 'null'),
  setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
});
</script>
<script nonce="${nonce}" src="/ladder.js"></script>
</body></html>`;
}

export interface Harness {
	page: Page;
	/** Reloads the page (the webview state survives, as in VS Code) and waits for `ready`. */
	reload(): Promise<void>;
	close(): Promise<void>;
}

const waitReady = (p: Page): Promise<unknown> =>
	p.waitForFunction(() =>
		(window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'),
	);

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
	await waitReady(p);
	return {
		page: p,
		reload: async () => {
			await p.reload();
			await waitReady(p);
		},
		close: async () => {
			await close();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
