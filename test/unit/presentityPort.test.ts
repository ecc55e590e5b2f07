// Kamailio and OpenSIPS key presence on a presentity's user and domain: a PUBLISH to
// `sip:linda@127.0.0.1` (pua_dialoginfo's own, or a client's) and a SUBSCRIBE sent to the proxy's
// port (`sip:linda@127.0.0.1:15060`) name one presentity, whose state the NOTIFYs carry. Made
// from the real presence story (test/fixtures/real): its SUBSCRIBEs' Request-URIs given a port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import type { TraceAnalysis } from '../../server/src/core/model';

const story = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'), 'utf8');

const links = (a: TraceAnalysis) =>
	a.messages.map((m) => [a.index.publishOf(m.index), a.index.notifiesOf(m.index)]);

void test('a SUBSCRIBE to the presentity at a port and a PUBLISH to it without one: the same fan-out', () => {
	const whole = analyzeTrace(story);
	assert.ok(whole.messages.some((m) => (whole.index.notifiesOf(m.index) ?? []).length > 0));
	const ported = story.replace(
		/^SUBSCRIBE sip:linda@127\.0\.0\.1 /gm,
		'SUBSCRIBE sip:linda@127.0.0.1:15060 ',
	);
	assert.notEqual(ported, story);
	assert.deepEqual(links(analyzeTrace(ported)), links(whole));
	// Another host is another presentity: no NOTIFY carries the PUBLISHes then.
	const elsewhere = story.replace(
		/^SUBSCRIBE sip:linda@127\.0\.0\.1 /gm,
		'SUBSCRIBE sip:linda@127.0.0.2 ',
	);
	const a = analyzeTrace(elsewhere);
	assert.ok(a.messages.every((m) => (a.index.notifiesOf(m.index) ?? []).length === 0));
});

/** A header-line trace: PUBLISH to the user without a port, sent to `publishTo`; a SUBSCRIBE to the user at `subscribePort`, sent there; the NOTIFY back from there. */
function ported(publishTo: number, subscribePort: number): string {
	const pidf =
		'<?xml version="1.0"?>\r\n<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:alice@127.0.0.1"><tuple id="t1"><status><basic>open</basic></status></tuple></presence>\r\n';
	const msg = (head: string, lines: string[], body = '') =>
		`${head}\n${[...lines, `Content-Length: ${body.length}`, '', body].join('\r\n')}\n`;
	const at = (n: number, a: number, b: number) =>
		`2026-12-07 09:00:0${n}.000000 127.0.0.1:${a} -> 127.0.0.1:${b}`;
	return [
		msg(
			at(1, 15001, publishTo),
			[
				'PUBLISH sip:alice@127.0.0.1 SIP/2.0',
				'Via: SIP/2.0/UDP 127.0.0.1:15001;branch=z9hG4bK-p1',
				'Max-Forwards: 70',
				'From: <sip:alice@127.0.0.1>;tag=p1',
				'To: <sip:alice@127.0.0.1>',
				'Call-ID: pub-1',
				'CSeq: 1 PUBLISH',
				'Event: presence',
				'Expires: 3600',
				'Content-Type: application/pidf+xml',
			],
			pidf,
		),
		msg(at(2, publishTo, 15001), [
			'SIP/2.0 200 OK',
			'Via: SIP/2.0/UDP 127.0.0.1:15001;branch=z9hG4bK-p1',
			'From: <sip:alice@127.0.0.1>;tag=p1',
			'To: <sip:alice@127.0.0.1>;tag=s1',
			'Call-ID: pub-1',
			'CSeq: 1 PUBLISH',
			'SIP-ETag: e1',
			'Expires: 3600',
		]),
		msg(at(3, 15002, subscribePort), [
			`SUBSCRIBE sip:alice@127.0.0.1:${subscribePort} SIP/2.0`,
			'Via: SIP/2.0/UDP 127.0.0.1:15002;branch=z9hG4bK-s1',
			'Max-Forwards: 70',
			'From: <sip:bob@127.0.0.1>;tag=b1',
			'To: <sip:alice@127.0.0.1>',
			'Call-ID: sub-1',
			'CSeq: 1 SUBSCRIBE',
			'Contact: <sip:bob@127.0.0.1:15002>',
			'Event: presence',
			'Expires: 600',
		]),
		msg(at(4, subscribePort, 15002), [
			'SIP/2.0 200 OK',
			'Via: SIP/2.0/UDP 127.0.0.1:15002;branch=z9hG4bK-s1',
			'From: <sip:bob@127.0.0.1>;tag=b1',
			'To: <sip:alice@127.0.0.1>;tag=a9',
			'Call-ID: sub-1',
			'CSeq: 1 SUBSCRIBE',
			`Contact: <sip:127.0.0.1:${subscribePort}>`,
			'Expires: 600',
		]),
		msg(
			at(5, subscribePort, 15002),
			[
				'NOTIFY sip:bob@127.0.0.1:15002 SIP/2.0',
				`Via: SIP/2.0/UDP 127.0.0.1:${subscribePort};branch=z9hG4bK-n1`,
				'Max-Forwards: 70',
				'From: <sip:alice@127.0.0.1>;tag=a9',
				'To: <sip:bob@127.0.0.1>;tag=b1',
				'Call-ID: sub-1',
				'CSeq: 1 NOTIFY',
				`Contact: <sip:127.0.0.1:${subscribePort}>`,
				'Event: presence',
				'Subscription-State: active;expires=600',
				'Content-Type: application/pidf+xml',
			],
			pidf,
		),
	].join('\n');
}

void test("the presence server's own port in the SUBSCRIBE, the PUBLISH sent there without it: one presentity", () => {
	const a = analyzeTrace(ported(15050, 15050));
	assert.equal(a.messages.length, 5);
	assert.equal(a.index.publishOf(4), 0);
	assert.deepEqual(a.index.notifiesOf(0), [4]);
});

void test('a watcher subscribed to the user agent itself at its port, the PUBLISH sent to the server: two elements, not linked', () => {
	const a = analyzeTrace(ported(15910, 15911));
	assert.equal(a.messages.length, 5);
	assert.equal(a.index.publishOf(4), null);
	assert.deepEqual(a.index.notifiesOf(0) ?? [], []);
});
