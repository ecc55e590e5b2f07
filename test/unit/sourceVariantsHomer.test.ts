// HOMER's text exports (homer-api's generateHomerTextPCAP for HOMER 5, homer-app's
// exportwriter.go for HOMER 7) in the shapes their own source writes across versions, rendered
// from the presence story's real messages by test/scripts/render-homer-variants.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { expectSourceVariant, sourceText } from './sourceVariants';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
	contributes: { languages: { id: string; firstLine: string }[] };
};
const firstLine = new RegExp(manifest.contributes.languages.find((l) => l.id === 'sip')!.firstLine);
const realDir = join(__dirname, '..', 'fixtures', 'real');

void test('HOMER 5 text export: microseconds written without leading zeros are microseconds, not a fraction', () => {
	// `U 2026/11/24 22:42:27.12366 ::1:15062 -> ::1:15060` is 12,366 µs past the second
	// ($usec concatenated as an integer): 22:42:27.012366, after 22:42:22.497009, not .123660.
	const a = expectSourceVariant('homer5-text-export-ipv6.txt', 'ngrep');
	assert.match(sourceText('homer5-text-export-ipv6.txt').split('\n')[0]!, firstLine);
	const epochs = a.messages.map((m) => m.frame.epochMicros!);
	assert.deepEqual(
		epochs.slice(-4).map((e) => e % 1_000_000),
		[12_366, 12_673, 12_819, 12_994],
	);
	assert.ok(epochs.every((e, i) => i === 0 || e >= epochs[i - 1]!));
});

void test("HOMER 5 text export in the user's zone (`22:42:05.356310 -0500`): the zone is shown and taken off the time", () => {
	const a = expectSourceVariant('homer5-text-export-zone.txt', 'ngrep');
	// The same twelve messages as sngrep exported them in UTC: the same instants.
	const sngrep = analyzeTrace(readFileSync(join(realDir, 'presence-story.sngrep.txt'), 'utf8'));
	// A message is known by its Call-ID, CSeq and kind (request or response): unique in the story.
	const key = (m: (typeof a.messages)[number]): string =>
		`${m.callId} ${m.cseq?.seq} ${m.cseq?.method} ${m.status ?? 'request'}`;
	const utc = new Map(sngrep.messages.map((m) => [key(m), m.frame.epochMicros]));
	assert.equal(a.messages.length, 12);
	assert.deepEqual(
		a.messages.map((m) => m.frame.epochMicros),
		a.messages.map((m) => utc.get(key(m))),
	);
});

void test("HOMER 5 text export: a line of the message ending in `.` keeps it (the export's CRLF are the message's, not ngrep's dots)", () => {
	// MESSAGE text `Lunch at 1?` / `Table for three, by the window.`, Content-Length 46: no
	// Content-Length fault, the body as sent.
	const a = expectSourceVariant('homer5-text-export-message-dot.txt', 'ngrep');
	const text = sourceText('homer5-text-export-message-dot.txt');
	const body = a.messages[0]!.body!;
	assert.equal(
		text.slice(body.start, body.end).replace(/\r\n$/, ''),
		'Lunch at 1?\r\nTable for three, by the window.',
	);
});

void test('HOMER 3 and 4 text export: the message right after the record line, no blank line (read right before)', () => {
	// `U 2026/11/24 22:42:05.356310 127.0.0.1:15061 -> 127.0.0.1:15060` then the message.
	expectSourceVariant('homer3-text-export.txt', 'ngrep');
});

void test('HOMER 7 text export over IPv6: the bare address before its port is [v6]:port; RFC 3339 times with trailing zeros left out', () => {
	// `proto:UDP 2026-11-24T22:42:21.49299Z  ::1:15064 ---> ::1:15060`
	expectSourceVariant('homer7-text-export-ipv6.txt', 'homer');
});
