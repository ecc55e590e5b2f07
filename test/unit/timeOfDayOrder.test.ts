// A printout whose times give no date, out of time order: tcpdump's text of a capture of two
// interfaces (dumpcap writes each one's packets in turn, a forwarded copy before the request it
// copies), logs of two agents pasted one after the other. Read in time order, as a trace whose
// times have dates is: every link as in the same printout in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import type { TraceAnalysis } from '../../server/src/core/model';

const text = readFileSync(
	join(__dirname, '..', 'fixtures', 'real', 'presence-story.tcpdump.txt'),
	'utf8',
);

/** Each message by Call-ID, CSeq and method or status, with its links named the same way. */
function links(a: TraceAnalysis): Map<string, unknown> {
	const key = (i: number | null): string | null => {
		if (i === null) return null;
		const m = a.messages[i]!;
		return `${m.callId} ${m.cseq?.seq} ${m.method ?? m.status}`;
	};
	const out = new Map<string, unknown>();
	a.messages.forEach((m, i) => {
		out.set(key(i)!, {
			request: m.kind === 'response' ? key(a.index.requestOf(i)) : null,
			challenge: key(a.index.challengeOf(i)),
			publication: m.method === 'NOTIFY' ? key(a.index.publishOf(i)) : null,
			notifies: [...a.index.notifiesOf(i)].map(key).sort(),
		});
	});
	return out;
}

void test("tcpdump's text with the NOTIFY a PUBLISH fanned out printed before that PUBLISH (its time after it): read in time order", () => {
	const blocks = text.split(/^(?=\d\d:\d\d:\d\d\.\d{6} IP )/m);
	// The PUBLISH with credentials, and the first NOTIFY with a body after it.
	const publish = blocks.findIndex((b) => /PUBLISH sip:/.test(b) && /Proxy-Authorization:/.test(b));
	const notify = blocks.findIndex(
		(b, k) => k > publish && /NOTIFY sip:/.test(b) && /Content-Type: application\/pidf/.test(b),
	);
	assert.ok(publish > 0 && notify > publish);
	const moved = [
		...blocks.slice(0, publish),
		blocks[notify]!,
		...blocks.slice(publish, notify),
		...blocks.slice(notify + 1),
	];
	const inOrder = analyzeTrace(text);
	const a = analyzeTrace(moved.join(''));
	assert.equal(a.messages.length, inOrder.messages.length);
	assert.deepEqual(links(a), links(inOrder));
	assert.deepEqual(
		a.problems.map((p) => p.code).sort(),
		inOrder.problems.map((p) => p.code).sort(),
	);
});

void test('times of day past midnight are the next day: a trace that runs past it stays in its order', () => {
	// Every time moved to just before midnight, the later ones past it.
	const first = /^(\d\d):(\d\d):(\d\d)\.(\d{6}) IP /m.exec(text)!;
	const start = Number(first[1]) * 3600 + Number(first[2]) * 60 + Number(first[3]);
	const shifted = text.replace(/^(\d\d):(\d\d):(\d\d)\.(\d{6}) IP /gm, (_, h, m, s, us) => {
		const t = (Number(h) * 3600 + Number(m) * 60 + Number(s) - start + 86_400 - 2) % 86_400;
		const hh = String(Math.floor(t / 3600)).padStart(2, '0');
		const mm = String(Math.floor(t / 60) % 60).padStart(2, '0');
		const ss = String(t % 60).padStart(2, '0');
		return `${hh}:${mm}:${ss}.${us} IP `;
	});
	assert.match(shifted, /^23:59:5\d/m);
	assert.match(shifted, /^00:00:0\d/m);
	assert.deepEqual(links(analyzeTrace(shifted)), links(analyzeTrace(text)));
});
