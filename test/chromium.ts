// Debian's Chromium through Playwright, with the flags this machine's closed network needs
// (no background connections, no component updates) and a fresh profile each time.
import { chromium, type BrowserContext } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function launchChromium(viewport: {
	width: number;
	height: number;
}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
	const profile = mkdtempSync(join(tmpdir(), 'sip-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: '/usr/bin/chromium',
		headless: true,
		viewport,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
		env: {
			...process.env,
			XDG_CONFIG_HOME: join(profile, 'config'),
			XDG_CACHE_HOME: join(profile, 'cache'),
		},
	});
	return {
		context,
		close: async () => {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}
