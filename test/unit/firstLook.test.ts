// The first look at a large trace (shown while the whole is analysed) must never say what the
// whole analysis will not: every problem it gives is one the whole trace's analysis gives too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { firstLook } from '../../server/src/core/firstLook';
import type { Problem } from '../../server/src/core/model';
import { generateTraffic, toHeaderLineText } from '../bench/generate';

const fixtures = join(__dirname, '..', 'fixtures');
const key = (p: Problem): string =>
	`${p.code} ${p.severity} ${p.span.start}-${p.span.end} ${p.message}`;

/** Texts of one format put end to end, and again, until the whole is large enough to look at. */
function large(texts: readonly string[], atLeast = 300_000): string {
	const once = texts.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('\n');
	let out = once;
	while (out.length < atLeast) out += `\n${once}`;
	return out;
}

/** The traces of `test/fixtures/real/` by the format they were exported in. */
function realByFormat(): Map<string, string[]> {
	const dir = join(fixtures, 'real');
	const groups = new Map<string, string[]>();
	for (const name of readdirSync(dir)
		.filter((n) => n.endsWith('.expected.json'))
		.sort()) {
		const { format } = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { format: string };
		const text = readFileSync(join(dir, name.slice(0, -'.expected.json'.length)), 'utf8');
		groups.set(format, [...(groups.get(format) ?? []), text]);
	}
	return groups;
}

/** Checks the first look against the whole at cuts through the trace; its problem count. */
function checkSubset(label: string, text: string): number {
	const whole = new Set(analyzeTrace(text).problems.map(key));
	let shown = 0;
	for (const fraction of [0.15, 0.3, 0.45]) {
		const look = firstLook(text, {}, Math.floor(text.length * fraction));
		if (!look) continue;
		for (const p of look.problems)
			assert.ok(whole.has(key(p)), `${label} cut at ${fraction}: ${key(p)} is not the whole's`);
		shown += look.problems.length;
	}
	return shown;
}

test('on real traces of every format and the RFC 4475 messages, the first look says only what the whole analysis says', () => {
	let shown = 0;
	const formats: string[] = [];
	for (const [format, texts] of realByFormat()) {
		const text = large(texts);
		if (firstLook(text, {}, Math.floor(text.length * 0.3))) formats.push(format);
		shown += checkSubset(format, text);
	}
	// The torture messages: a fault in almost every one, framing that must guess.
	const rfc4475 = join(fixtures, 'rfc4475');
	const torture = readdirSync(rfc4475)
		.filter((n) => n.endsWith('.dat'))
		.sort()
		.map((n) => readFileSync(join(rfc4475, n), 'latin1'));
	const tortureShown = checkSubset('rfc4475', large(torture));
	assert.ok(
		tortureShown > 20,
		`the first look shows the torture messages' faults (${tortureShown})`,
	);
	// Every exported format but tcpdump's (whose TCP segments may stand apart) gets a first look.
	assert.ok(formats.length >= 8, `first looks in ${formats.join(', ')}`);
	assert.ok(!formats.includes('tcpdump'));
	assert.ok(shown + tortureShown > 0);
});

test('a large trace shows the malformed header at its top in the first look, not what needs the rest', () => {
	const broken = readFileSync(join(fixtures, 'hand', 'notify-broken-header.sip'), 'utf8');
	const text = `${broken}\n${toHeaderLineText(generateTraffic(2000, 5))}`;
	const look = firstLook(text, {}, 100_000);
	assert.ok(look, 'a first look at a trace of a megabyte');
	const whole = analyzeTrace(text).problems;
	const codes = look.problems.map((p) => p.code);
	assert.ok(codes.includes('header.malformed'));
	// Its subscription's SUBSCRIBE might come later in the file: only the whole trace can say.
	assert.ok(whole.some((p) => p.code === 'notify.no-subscribe'));
	assert.ok(!codes.includes('notify.no-subscribe'));
	assert.ok(look.end < text.length / 2);
	assert.ok(look.problems.every((p) => p.span.end <= look.end));
});

test('a trace not much longer than the first look gets none: the whole is read as quickly', () => {
	const text = toHeaderLineText(generateTraffic(200, 5));
	assert.equal(firstLook(text, {}, text.length), null);
	assert.ok(firstLook(text, {}, Math.floor(text.length / 3)));
});
