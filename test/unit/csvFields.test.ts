// Messages stored in a database and dumped as CSV (Kamailio's `sip_trace` table through
// `sqlite3 -csv`, as xxx263's dumps showed it): each message one quoted field, its line breaks
// kept, each `"` in it doubled (RFC 4180 §2). The messages here are the real presence story's
// (test/fixtures/real/presence-story.sip), written as sqlite3 writes a row: every message read
// as sent, its bodies and credentials whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import type { TraceAnalysis } from '../../server/src/core/model';

const story = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'), 'utf8');

/** A CSV field as sqlite3 writes it: quoted when it holds a quote, a comma or a line break. */
const field = (value: string): string =>
	/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

function dump(a: TraceAnalysis): string {
	const rows = a.messages.map((m, i) =>
		[
			String(i + 1),
			field(m.callId ?? ''),
			field(a.text.slice(m.frame.sip.start, m.frame.sip.end)),
			field(m.method ?? ''),
			field(m.status === null ? '' : String(m.status)),
		].join(','),
	);
	return ['id,callid,msg,method,status', ...rows].join('\n') + '\n';
}

/** What a reader relies on: each message, its links, its body (line ends as LF), the problems said. */
function seen(a: TraceAnalysis): unknown {
	return {
		messages: a.messages.map((m, i) => ({
			start: a.text.slice(m.startLine.start, m.startLine.end),
			callId: m.callId,
			request: m.kind === 'response' ? a.index.requestOf(i) : null,
			challenge: a.index.challengeOf(i),
			publication: m.method === 'NOTIFY' ? a.index.publishOf(i) : null,
			body: m.body === null ? null : bodyText(a.text, m).replace(/\r\n/g, '\n').trim(),
		})),
		problems: a.problems.map((p) => p.code).sort(),
	};
}

void test('messages dumped as quoted CSV fields, each quote doubled: read as sent', () => {
	const raw = analyzeTrace(story);
	const csv = dump(raw);
	// The dump holds doubled quotes (display names, XML attributes, Digest parameters).
	assert.ok(csv.includes('version=""1.0""'));
	assert.deepEqual(seen(analyzeTrace(csv)), seen(raw));
});
