// A response copies its request's From and To, a To tag added only where the request had none
// (RFC 3261 §8.2.6.2). On Kamailio's real presence NOTIFYs and the watcher's 200s to them
// (test/fixtures/README.md: the presence story), as captured and edited as a broken UAS, or a
// copy cut short, would write them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'), 'utf8');
const from = 'From: <sip:linda@127.0.0.1>;tag=28271997b783b27cdd952d40a846fab5-b430cbcf';
const to = 'To: <sip:andrew@127.0.0.1>;tag=11484-andrew';
// The watcher's 200 to the NOTIFY of CSeq 2.
const answer = text.indexOf(
	`SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:15060;branch=z9hG4bK53dc`,
);
const answerEnd = text.indexOf('\r\n\r\n', answer) + 4;
const said = (t: string) =>
	analyzeTrace(t)
		.problems.filter((p) => p.code === 'response.from-to-mismatch')
		.map((p) => ({
			at: t.slice(p.span.start, p.span.end),
			message: p.message,
			severity: p.severity,
		}));
const edited = (replace: (response: string) => string) =>
	text.slice(0, answer) + replace(text.slice(answer, answerEnd)) + text.slice(answerEnd);

void test('as captured, every response copies its From and To: nothing said', () => {
	assert.ok(answer > 0 && text.slice(answer, answerEnd).includes(from));
	assert.deepEqual(said(text), []);
});

void test('From and To swapped in the 200: one error on its From, said swapped', () => {
	const swapped = edited((r) =>
		r
			.replace(from, 'FROM-LINE')
			.replace(to, from.replace('From:', 'To:'))
			.replace('FROM-LINE', to.replace('To:', 'From:')),
	);
	const found = said(swapped);
	assert.equal(found.length, 1);
	assert.equal(found[0]!.severity, 'error');
	assert.equal(found[0]!.at, '<sip:andrew@127.0.0.1>;tag=11484-andrew');
	assert.match(found[0]!.message, /From and To are its request's swapped/);
});

void test('a To tag other than the one the in-dialog NOTIFY carried: said on the To', () => {
	const found = said(edited((r) => r.replace(to, 'To: <sip:andrew@127.0.0.1>;tag=other-tag')));
	assert.equal(found.length, 1);
	assert.equal(found[0]!.at, '<sip:andrew@127.0.0.1>;tag=other-tag');
	assert.match(
		found[0]!.message,
		/The To tag \(other-tag\) differs from its request's \(11484-andrew\)/,
	);
});

void test('a From tag the copy cut with the trace, or masked by a poster: nothing said', () => {
	const cutAt = answer + text.slice(answer).indexOf(from) + from.length - 10;
	assert.deepEqual(said(text.slice(0, cutAt)), []);
	assert.deepEqual(
		said(edited((r) => r.replace(from, 'From: <sip:linda@127.0.0.1>;tag=xxxx'))),
		[],
	);
});
