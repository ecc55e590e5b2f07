// The diagram in VS Code's high-contrast themes: the body class and the --vscode-* colours VS Code
// gives a webview, as its colour registry defines them for the high-contrast dark and light themes.
// Every arrow, label and badge must take its colour from those variables, and text must stay
// readable (WCAG contrast >= 4.5 for text, >= 3 for lines).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArrowKind } from '../../server/src/protocol/ladder';
import { openHarness, type Harness } from './harness';
import { ladderOf, pageTools } from './pageTools';

const text = readFileSync(
	join(__dirname, '..', 'fixtures', 'real', 'presence-story.sngrep.txt'),
	'utf8',
);
const model = ladderOf(text, 'file:///presence-story.sngrep.txt', 1);

interface Theme {
	readonly name: string;
	readonly bodyClass: string;
	readonly colors: Readonly<Record<string, string>>;
}

const themes: readonly Theme[] = [
	{
		name: 'high contrast dark',
		bodyClass: 'vscode-high-contrast',
		colors: {
			foreground: '#ffffff',
			'editor-foreground': '#ffffff',
			'editor-background': '#000000',
			contrastBorder: '#6fc3df',
			contrastActiveBorder: '#f38518',
			focusBorder: '#f38518',
			descriptionForeground: 'rgba(255, 255, 255, 0.7)',
			errorForeground: '#f48771',
			'charts-foreground': '#ffffff',
			'charts-blue': '#3794ff',
			'charts-green': '#89d185',
			'charts-purple': '#b180d7',
			'charts-orange': '#ab5a00',
			'charts-yellow': '#ffd370',
			'charts-red': '#f48771',
			'list-hoverBackground': 'rgba(255, 255, 255, 0.1)',
			'panel-border': '#6fc3df',
			// list.activeSelectionBackground and list.activeSelectionForeground: none in this theme.
		},
	},
	{
		name: 'high contrast light',
		bodyClass: 'vscode-high-contrast-light',
		colors: {
			foreground: '#292929',
			'editor-foreground': '#292929',
			'editor-background': '#ffffff',
			contrastBorder: '#0f4a85',
			contrastActiveBorder: '#006bbd',
			focusBorder: '#006bbd',
			descriptionForeground: 'rgba(41, 41, 41, 0.7)',
			errorForeground: '#b5200d',
			'charts-foreground': '#292929',
			'charts-blue': '#1a85ff',
			'charts-green': '#374e06',
			'charts-purple': '#652d90',
			'charts-orange': '#0f4a85',
			'charts-yellow': '#895503',
			'charts-red': '#b5200d',
			'list-hoverBackground': 'rgba(15, 74, 133, 0.1)',
			'list-activeSelectionBackground': 'rgba(15, 74, 133, 0.1)',
			'panel-border': '#0f4a85',
		},
	},
];

type Rgba = [number, number, number, number];

/** `#rrggbb`, `rgb(...)` or `rgba(...)` as numbers. */
function parse(color: string): Rgba {
	const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
	if (hex) return [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16), parseInt(hex[3]!, 16), 1];
	const fn = /^rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)$/.exec(color);
	assert.ok(fn, `a colour: ${color}`);
	return [Number(fn[1]), Number(fn[2]), Number(fn[3]), fn[4] === undefined ? 1 : Number(fn[4])];
}
const same = (a: string, b: string): boolean => {
	const [x, y] = [parse(a), parse(b)];
	return x.every((v, i) => Math.abs(v - y[i]!) < (i === 3 ? 0.01 : 0.5));
};
/** `top` painted over the opaque `bottom`. */
function over(top: Rgba, bottom: Rgba): Rgba {
	const a = top[3];
	return [0, 1, 2].map((i) => top[i]! * a + bottom[i]! * (1 - a)).concat(1) as Rgba;
}
function luminance([r, g, b]: Rgba): number {
	const lin = (c: number) => {
		const s = c / 255;
		return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
function contrast(fg: Rgba, bg: Rgba): number {
	const [a, b] = [luminance(over(fg, bg)), luminance(bg)];
	return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

const kindColor: Readonly<Record<ArrowKind, string>> = {
	subscribe: 'charts-blue',
	notify: 'charts-green',
	publish: 'charts-purple',
	invite: 'charts-orange',
	register: 'foreground',
	options: 'foreground',
	other: 'foreground',
};

interface Painted {
	readonly what: string;
	readonly index: number | null;
	readonly fill: string;
	readonly stroke: string;
	readonly rowFill: string | null;
	readonly rowStroke: string | null;
	readonly rowClass: string;
}

let h: Harness;
let tools: ReturnType<typeof pageTools>;

before(async () => {
	h = await openHarness();
	tools = pageTools(h);
});
after(async () => {
	await h.close();
});

for (const theme of themes) {
	test(`${theme.name}: arrows, labels and badges use the theme's colours, readably`, async () => {
		await h.reload();
		await h.page.evaluate(
			([bodyClass, colors]) => {
				document.body.classList.add(bodyClass);
				for (const [name, value] of Object.entries(colors))
					document.documentElement.style.setProperty(`--vscode-${name}`, value);
			},
			[theme.bodyClass, theme.colors] as const,
		);
		await tools.send({ type: 'ladder/set', version: 1, model });
		await h.page.waitForSelector('[data-message-index]');
		const c = (name: string): string => theme.colors[name]!;
		const background = parse(c('editor-background'));
		assert.ok(
			same(
				await h.page.$eval('body', (b) => getComputedStyle(b).backgroundColor),
				c('editor-background'),
			),
		);

		// One arrow selected (from the editor's cursor) and one hovered.
		assert.ok(
			model.arrows.some((a) => (a.status ?? 0) >= 400),
			'a failure label to check',
		);
		const publish = model.arrows.find((a) => a.presence && a.method === 'PUBLISH')!;
		const selected = model.arrows.find((a) => a.presence && a.method === 'NOTIFY')!;
		await tools.send({ type: 'ladder/highlight', version: 1, index: selected.index });
		await h.page.waitForSelector(`[data-message-index="${selected.index}"].selected`);
		await h.page.hover(`[data-message-index="${publish.index}"] .hit`, {
			position: { x: 2, y: 2 },
		});

		const painted: Painted[] = await h.page.$$eval(
			'#ladder text, #ladder line, #ladder path, #ladder rect',
			(els) =>
				els.map((e) => {
					const row = e.closest('[data-message-index]');
					const hit = row?.querySelector('.hit');
					const style = getComputedStyle(e);
					return {
						what: e.getAttribute('class') ?? e.tagName,
						index: row ? Number(row.getAttribute('data-message-index')) : null,
						fill: style.fill,
						stroke: style.stroke,
						rowFill: hit ? getComputedStyle(hit).fill : null,
						rowStroke: hit ? getComputedStyle(hit).stroke : null,
						rowClass: row?.getAttribute('class') ?? '',
					};
				}),
		);
		const arrowOf = new Map(model.arrows.map((a) => [a.index, a]));
		const texts = painted.filter((p) =>
			['label', 'badge', 'time', 'delta', 'lane-label', 'lane-role'].includes(p.what),
		);
		assert.ok(texts.filter((p) => p.what === 'badge').length >= 2, 'badges drawn');

		for (const p of painted) {
			const a = p.index === null ? undefined : arrowOf.get(p.index);
			const isSelected = p.rowClass.split(' ').includes('selected');
			let expected: string | null = null;
			if (p.what === 'line' || p.what === 'head') {
				expected = c(kindColor[a!.kind]);
				assert.ok(
					same(p.what === 'line' ? p.stroke : p.fill, expected),
					`${p.what} of ${a!.index} (${a!.kind}): ${p.stroke}/${p.fill}, expected ${expected}`,
				);
				assert.ok(
					contrast(parse(expected), background) >= 3,
					`${p.what} ${expected} vs background`,
				);
				continue;
			}
			if (p.what === 'label')
				expected = (a!.status ?? 0) >= 400 && !isSelected ? c('errorForeground') : c('foreground');
			else if (p.what === 'badge') expected = isSelected ? c('foreground') : c('charts-yellow');
			else if (p.what === 'time' || p.what === 'delta' || p.what === 'lane-role')
				expected = isSelected ? c('foreground') : c('descriptionForeground');
			else if (p.what === 'lane-label') expected = c('foreground');
			else if (p.what.startsWith('subscription')) expected = c('charts-blue');
			else if (p.what === 'lifeline') {
				assert.ok(same(p.stroke, c('panel-border')), `lifeline ${p.stroke}`);
				continue;
			} else if (p.what === 'hit' || p.what === 'auth') continue;
			assert.ok(expected, `known element ${p.what}`);
			assert.ok(same(p.fill, expected), `${p.what} of ${p.index}: ${p.fill}, expected ${expected}`);
			if (p.what.startsWith('subscription')) continue;
			// Text over its row's highlight (if any) over the background.
			const under = p.rowFill ? over(parse(p.rowFill), background) : background;
			const ratio = contrast(parse(p.fill), under);
			assert.ok(ratio >= 4.5, `${p.what} of ${p.index}: contrast ${ratio.toFixed(2)} < 4.5`);
		}
		// Where the theme has no list backgrounds, borders mark the selected and hovered rows.
		const row = (i: number) => painted.find((p) => p.index === i && p.what === 'hit')!;
		assert.ok(same(row(selected.index).rowStroke!, c('contrastActiveBorder')), 'selection border');
		assert.ok(publish.related.length > 0);
		for (const r of publish.related)
			assert.ok(
				same(row(r).rowStroke!, c('contrastBorder')),
				`border on ${r}, related to the hovered`,
			);
		const plain = model.arrows.find(
			(a) =>
				a.index !== selected.index &&
				a.index !== publish.index &&
				!publish.related.includes(a.index),
		)!;
		assert.equal(row(plain.index).rowStroke, 'none', 'no border on other rows');
		// The status line and a failed request's notice are readable too.
		const status = await h.page.$eval('#status', (e) => getComputedStyle(e).color);
		assert.ok(same(status, c('descriptionForeground')));
		assert.ok(contrast(parse(status), background) >= 4.5);
		await tools.send({
			type: 'request/failed',
			id: 1,
			request: 'reveal',
			error: 'failed',
			message: 'x',
		});
		await h.page.waitForSelector('#notice.error');
		const notice = await h.page.$eval('#notice', (e) => getComputedStyle(e).color);
		assert.ok(same(notice, c('errorForeground')));
		assert.ok(contrast(parse(notice), background) >= 4.5);
		await h.page.mouse.move(1, 1);
	});
}
