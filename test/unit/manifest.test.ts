// The manifest stays in step with the analyser: every format can be chosen in the settings, and
// a trace in any supported format opened from a .log or .txt file is recognised as SIP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { traceFormats } from '../../server/src/core/model';
import { detectFormat } from '../../server/src/core/framing/detect';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	contributes: {
		languages: { id: string; firstLine: string }[];
		configuration: { properties: Record<string, { enum?: string[] }> };
	};
};

test('the sipTrace.format setting offers every format the analyser knows, and auto', () => {
	const offered = manifest.contributes.configuration.properties['sipTrace.format']!.enum;
	assert.deepEqual(offered, ['auto', ...traceFormats]);
});

test('firstLine recognises the first line of a trace in every format of the fixtures', () => {
	// VS Code tests firstLine with a JavaScript RegExp against the file's first line.
	const firstLine = new RegExp(
		manifest.contributes.languages.find((l) => l.id === 'sip')!.firstLine,
	);
	const seen = new Set<string>();
	for (const dir of ['formats', 'real', 'hand']) {
		const folder = join(root, 'test', 'fixtures', dir);
		for (const name of readdirSync(folder)) {
			if (!/\.(sip|log|txt)$/.test(name)) continue;
			const text = readFileSync(join(folder, name), 'utf8');
			const format = detectFormat(text);
			seen.add(format);
			// ngrep writes `interface: ...` first, then a `#` per packet that did not match; a
			// capture cut after its start begins with those marks, and is checked from its first packet.
			const first = text.split(/\r?\n/).find((line) => !/^#*$/.test(line))!;
			assert.match(
				first,
				firstLine,
				`${dir}/${name} (${format}) starts with a line firstLine misses`,
			);
		}
	}
	// The fixtures cover the formats, so the check above covers them too.
	for (const format of traceFormats) assert.ok(seen.has(format), `a fixture in ${format} format`);
});

test("firstLine recognises baresip's start-up banner, the first line of what baresip -s prints", () => {
	const firstLine = new RegExp(
		manifest.contributes.languages.find((l) => l.id === 'sip')!.firstLine,
	);
	assert.match('baresip v1.0.0 Copyright (C) 2010 - 2020 Alfred E. Heggestad et al.', firstLine);
	assert.doesNotMatch('baresip is ready.', firstLine);
});

test("firstLine recognises the first line of linphonec's and liblinphone's file log", () => {
	const firstLine = new RegExp(
		manifest.contributes.languages.find((l) => l.id === 'sip')!.firstLine,
	);
	// bctbx's file log: time with a colon before the milliseconds, then `domain-level-`.
	assert.match(
		'2026-12-01 22:30:31:199 liblinphone-message-Using (r/w) config information from /home/a/.linphonerc',
		firstLine,
	);
	assert.match('2026-12-01 22:30:31:200 belle-sip-warning-Root ca path set to /etc/ssl', firstLine);
	assert.doesNotMatch('2026-12-01 22:30:31:199 starting the service', firstLine);
});
