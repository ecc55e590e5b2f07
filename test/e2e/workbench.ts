// Driving a real VS Code workbench (code-server) in Debian's Chromium with Playwright.
// Selectors are VS Code internals, pinned with the code-server version in tools.mjs.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium } from '../chromium';
import { root, type CodeServer } from './codeServer';

export const screenshots = join(root, 'test-results', 'screenshots');

export class Workbench {
	private constructor(
		readonly page: Page,
		private readonly closeBrowser: () => Promise<void>,
	) {}

	static async open(server: CodeServer, workspace: string, firstFile: string): Promise<Workbench> {
		const { context, close } = await launchChromium({ width: 1500, height: 900 });
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
		await page.getByRole('treeitem', { name: firstFile }).waitFor({ timeout: 90_000 });
		mkdirSync(screenshots, { recursive: true });
		return new Workbench(page, close);
	}

	async close(): Promise<void> {
		await this.closeBrowser();
	}

	editor(): Locator {
		return this.page.locator('.editor-instance .monaco-editor').first();
	}

	async openFile(name: string): Promise<void> {
		await this.page.getByRole('treeitem', { name }).click();
		await this.page.locator('.tab.active', { hasText: name }).waitFor();
		await this.editor().waitFor();
	}

	/** A token span on screen whose text is exactly `text` (not the whole-line span). */
	token(text: string | RegExp): Locator {
		return this.editor()
			.locator('.view-lines .view-line > span > span', {
				hasText:
					typeof text === 'string'
						? new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
						: text,
			})
			.first();
	}

	async colorOf(locator: Locator): Promise<string> {
		// The editor draws its lines again after a theme change: a span read as it is replaced is
		// no longer in the page and has no computed colour (''). Read the one drawn next.
		for (let tries = 0; ; tries++) {
			const color = await locator.evaluate((e) => (e.isConnected ? getComputedStyle(e).color : ''));
			if (color !== '' || tries >= 50) return color;
			await this.page.waitForTimeout(100);
		}
	}

	/**
	 * Picks a colour theme as a user does ("Preferences: Color Theme", then the theme's label, e.g.
	 * "Light Modern") and waits until the workbench wears it (`vs` for light, `vs-dark` for dark).
	 */
	async setColorTheme(label: string, kind: 'vs' | 'vs-dark'): Promise<void> {
		const input = this.page.locator('.quick-input-widget input');
		const row = (text: string | RegExp) =>
			this.page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
		await this.page.keyboard.press('F1');
		await input.fill('>Preferences: Color Theme');
		// Not Enter: "Browse Color Themes in Marketplace" is listed first.
		await row(/^Preferences: Color Theme/).click();
		await row(/^Light\+$/).waitFor();
		await input.fill(label);
		await row(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)).click();
		await this.page.locator(`.monaco-workbench.${kind}`).waitFor({ state: 'attached' });
		// The pointer rests where the picker was, over the editor: move it off before it hovers.
		await this.page.mouse.move(5, 5);
		await this.page.locator('.context-view .hover-contents').waitFor({ state: 'detached' });
	}

	async runCommand(title: string): Promise<void> {
		// F1 opens the command palette; pressed while the last picker is still closing (the widget
		// inert), it may leave none open on a loaded machine: then it is pressed again.
		const input = this.page.locator('.quick-input-widget input');
		for (let attempt = 0; ; attempt++) {
			await this.page.keyboard.press('F1');
			try {
				await input.fill(`>${title}`, { timeout: 10_000 });
				break;
			} catch (error) {
				if (attempt === 2) throw error;
			}
		}
		await this.page
			.locator('.quick-input-list .monaco-list-row', { hasText: title })
			.first()
			.waitFor();
		await this.page.keyboard.press('Enter');
	}

	/**
	 * Moves the cursor to a 1-based line with "Go to Line". The editor must have the focus first:
	 * right after a click in the diagram, a loaded machine may still give Ctrl+G to the webview's
	 * group ("Open a text editor first"); then the picker is closed and the line asked again.
	 */
	async goToLine(line: number): Promise<void> {
		const status = this.page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line},` });
		for (let attempt = 0; ; attempt++) {
			await this.editor().click({ position: { x: 200, y: 10 } });
			await this.page
				.locator('.editor-instance .monaco-editor.focused')
				.first()
				.waitFor({ timeout: 5000 })
				.catch(() => undefined);
			await this.page.keyboard.press('Control+G');
			const input = this.page.locator('.quick-input-widget input');
			await input.fill(`:${line}`);
			await this.page.keyboard.press('Enter');
			try {
				await status.waitFor({ timeout: 10_000 });
				return;
			} catch (error) {
				if (attempt === 2) throw error;
				await this.page.keyboard.press('Escape');
			}
		}
	}

	/** The 1-based cursor line, from the status bar. */
	async cursorLine(): Promise<number> {
		const text = (await this.page.locator('#status\\.editor\\.selection').textContent()) ?? '';
		return Number(/Ln (\d+)/.exec(text)?.[1] ?? NaN);
	}

	/** Hovers the centre of a locator until a hover with `text` shows (the first may precede activation). */
	async hover(target: Locator, text: string | RegExp, at?: { x: number }): Promise<Locator> {
		for (let attempt = 0; ; attempt++) {
			await this.page.mouse.move(5, 5);
			await this.page.keyboard.press('Escape');
			const box = (await target.boundingBox())!;
			await this.page.mouse.move(box.x + (at?.x ?? box.width / 2), box.y + box.height / 2, {
				steps: 5,
			});
			const hover = this.page.locator('.monaco-hover', { hasText: text });
			try {
				await hover.first().waitFor({ timeout: 5000 });
				return hover.first();
			} catch (error) {
				if (attempt === 3) {
					await this.page.screenshot({ path: join(screenshots, 'failed-hover.png') });
					throw error;
				}
			}
		}
	}

	webview(): FrameLocator {
		return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
	}

	async screenshot(name: string): Promise<void> {
		await this.page.waitForTimeout(300);
		await this.page.screenshot({ path: join(screenshots, `${name}.png`) });
	}
}
