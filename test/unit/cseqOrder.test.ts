// Within a dialog each side's requests carry rising CSeq numbers (RFC 3261 §12.2.1.1): a subscriber
// whose un-SUBSCRIBE reuses its refresh's number (as a RestComm presence test scenario's does) is
// answered 500 and stays subscribed. Copies of one request are one request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const at = '2026-11-24 19:33:07.';

/** A message as a header-line trace holds it: the line, the message, an empty line after it. */
function msg(ms: number, path: string, lines: string[]): string {
	return `${at}${String(ms).padStart(6, '0')} ${path}\n${[...lines, 'Content-Length: 0', '', ''].join('\r\n')}\n`;
}

const watcher = '10.0.0.2:5060';
const server = '10.0.0.9:5060';
const common = (cseq: string, branch: string, toTag: boolean): string[] => [
	`Via: SIP/2.0/UDP ${watcher};branch=${branch}`,
	'From: <sip:andrew@example.com>;tag=w1',
	`To: <sip:linda@example.com>${toTag ? ';tag=s1' : ''}`,
	'Call-ID: sub-1@10.0.0.2',
	`CSeq: ${cseq}`,
];
const subscribe = (
	ms: number,
	seq: number,
	branch: string,
	expires: number,
	toTag = true,
): string =>
	msg(ms, `${watcher} -> ${server}`, [
		'SUBSCRIBE sip:linda@example.com SIP/2.0',
		...common(`${seq} SUBSCRIBE`, branch, toTag),
		'Max-Forwards: 70',
		'Contact: <sip:andrew@10.0.0.2:5060>',
		'Event: presence',
		`Expires: ${expires}`,
	]);
const ok = (ms: number, seq: number, branch: string): string =>
	msg(ms, `${server} -> ${watcher}`, [
		'SIP/2.0 200 OK',
		...common(`${seq} SUBSCRIBE`, branch, true),
		'Contact: <sip:linda@10.0.0.9:5060>',
		'Expires: 3600',
	]);
const notify = (ms: number, seq: number, branch: string, state: string): string =>
	msg(ms, `${server} -> ${watcher}`, [
		'NOTIFY sip:andrew@10.0.0.2:5060 SIP/2.0',
		`Via: SIP/2.0/UDP ${server};branch=${branch}`,
		'From: <sip:linda@example.com>;tag=s1',
		'To: <sip:andrew@example.com>;tag=w1',
		'Call-ID: sub-1@10.0.0.2',
		`CSeq: ${seq} NOTIFY`,
		'Max-Forwards: 70',
		'Contact: <sip:linda@10.0.0.9:5060>',
		'Event: presence',
		`Subscription-State: ${state}`,
	]);

const codes = (text: string): [string, number][] => {
	const a = analyzeTrace(text);
	return a.problems
		.filter((p) => p.code === 'cseq.not-increasing')
		.map((p) => [p.code, text.slice(0, p.span.start).split('\n').length - 1]);
};

test("an un-SUBSCRIBE that reuses the refresh's CSeq is said, at its CSeq, pointing at the refresh", () => {
	const text = [
		subscribe(100, 1, 'z9hG4bKs1', 3600, false),
		ok(110, 1, 'z9hG4bKs1'),
		notify(120, 1, 'z9hG4bKn1', 'active;expires=3600'),
		subscribe(200, 2, 'z9hG4bKs2', 3600),
		ok(210, 2, 'z9hG4bKs2'),
		// The NOTIFYs are the other side's numbers: theirs go up on their own.
		notify(220, 2, 'z9hG4bKn2', 'active;expires=3600'),
		subscribe(300, 2, 'z9hG4bKs3', 0),
	].join('');
	const a = analyzeTrace(text);
	const found = a.problems.filter((p) => p.code === 'cseq.not-increasing');
	assert.equal(found.length, 1);
	const p = found[0]!;
	assert.equal(p.severity, 'warning');
	assert.equal(text.slice(p.span.start, p.span.end), '2 SUBSCRIBE');
	// The last SUBSCRIBE, and the refresh it repeats the number of.
	assert.equal(
		a.messages.find((m) => m.frame.span.start <= p.span.start && p.span.start < m.frame.span.end)
			?.frame.sip.start,
		a.messages[6]!.frame.sip.start,
	);
	assert.equal(p.related?.[0]?.span.start, a.messages[3]!.startLine.start);
});

test("a number lower than the side's previous one is said; rising numbers, the other side's own, and copies of one request are not", () => {
	const rising = [
		subscribe(100, 1, 'z9hG4bKs1', 3600, false),
		ok(110, 1, 'z9hG4bKs1'),
		notify(120, 7, 'z9hG4bKn1', 'active;expires=3600'),
		subscribe(200, 2, 'z9hG4bKs2', 3600),
		ok(210, 2, 'z9hG4bKs2'),
		notify(220, 8, 'z9hG4bKn2', 'active;expires=3600'),
		// A retransmission of the refresh (same branch), logged again.
		subscribe(700, 2, 'z9hG4bKs2', 3600),
		// The refresh as a proxy forwarded it: its own Via on top of the watcher's.
		msg(710, `10.0.0.5:5060 -> ${server}`, [
			'SUBSCRIBE sip:linda@example.com SIP/2.0',
			'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKp2',
			...common('2 SUBSCRIBE', 'z9hG4bKs2', true),
			'Max-Forwards: 69',
			'Contact: <sip:andrew@10.0.0.2:5060>',
			'Event: presence',
			'Expires: 3600',
		]),
		subscribe(900, 5, 'z9hG4bKs3', 0),
	].join('');
	assert.deepEqual(codes(rising), []);
	const lower = [
		subscribe(100, 4, 'z9hG4bKs1', 3600, false),
		ok(110, 4, 'z9hG4bKs1'),
		notify(120, 1, 'z9hG4bKn1', 'active;expires=3600'),
		subscribe(200, 3, 'z9hG4bKs2', 0),
	].join('');
	// Said at the last SUBSCRIBE's CSeq.
	const line = lower.slice(0, lower.lastIndexOf('CSeq: 3 SUBSCRIBE')).split('\n').length - 1;
	assert.deepEqual(codes(lower), [['cseq.not-increasing', line]]);
	// A new SUBSCRIBE without To tag that reuses the dialog's Call-ID and From tag (a Sipwise test
	// scenario's shared-line subscription, and its retry after a 407): numbered afresh, outside the
	// dialog; the reuse is said on its own.
	const fresh = [
		subscribe(100, 2, 'z9hG4bKs1', 3600, false),
		ok(110, 2, 'z9hG4bKs1'),
		notify(120, 1, 'z9hG4bKn1', 'active;expires=3600'),
		subscribe(200, 1, 'z9hG4bKs2', 3600, false),
		msg(210, `${server} -> ${watcher}`, [
			'SIP/2.0 407 Proxy Authentication Required',
			...common('1 SUBSCRIBE', 'z9hG4bKs2', true),
			'Proxy-Authenticate: Digest realm="example.com", nonce="5a7b"',
		]),
		msg(300, `${watcher} -> ${server}`, [
			'SUBSCRIBE sip:linda@example.com SIP/2.0',
			...common('2 SUBSCRIBE', 'z9hG4bKs3', false),
			'Max-Forwards: 70',
			'Contact: <sip:andrew@10.0.0.2:5060>',
			'Event: presence',
			'Expires: 3600',
			'Proxy-Authorization: Digest username="andrew", realm="example.com", nonce="5a7b", uri="sip:linda@example.com", response="0123456789abcdef0123456789abcdef"',
		]),
	].join('');
	assert.deepEqual(
		codes(fresh).filter(([code]) => code === 'cseq.not-increasing'),
		[],
	);
});

test("a request the watcher sent with the tags swapped (SIPp's BYE after an aborted subscription) is said so, and the notifier's next NOTIFY is not out of order", () => {
	// SIPp's abort BYE: From the notifier's tag, To the watcher's, CSeq one above the NOTIFY's.
	const bye = msg(3000, `${watcher} -> ${server}`, [
		'BYE sip:linda@example.com SIP/2.0',
		`Via: SIP/2.0/UDP ${watcher};branch=z9hG4bK-bye`,
		'From: <sip:linda@example.com>;tag=s1',
		'To: <sip:andrew@example.com>;tag=w1',
		'Call-ID: sub-1@10.0.0.2',
		'CSeq: 3 BYE',
		'Max-Forwards: 70',
	]);
	const text =
		subscribe(1000, 1, 'z9hG4bK-s1', 3600, false) +
		ok(1100, 1, 'z9hG4bK-s1') +
		notify(1200, 2, 'z9hG4bK-n2', 'active;expires=3600') +
		bye +
		notify(4000, 3, 'z9hG4bK-n3', 'active;expires=3597');
	assert.deepEqual(codes(text), []);
	const a = analyzeTrace(text);
	const swapped = a.problems.filter((p) => p.code === 'dialog.swapped-tags');
	assert.equal(swapped.length, 1);
	assert.match(text.slice(text.lastIndexOf('\n', swapped[0]!.span.start)), /\nFrom: <sip:linda@/);
	// Its To tag is its sender's own: no remote target is judged by it (the "peer's Contact" would
	// be the sender's own).
	assert.ok(!a.problems.some((p) => p.code === 'dialog.request-uri-not-target'));
	// Two logs joined one after the other (the watcher's side, then the notifier's: two proxies'
	// sipdump files concatenated), every message dated: read in the order of their times.
	const joined =
		subscribe(1000, 1, 'z9hG4bK-s1', 3600, false) +
		ok(1100, 1, 'z9hG4bK-s1') +
		bye +
		notify(1200, 2, 'z9hG4bK-n2', 'active;expires=3600') +
		notify(4000, 3, 'z9hG4bK-n3', 'active;expires=3597');
	assert.deepEqual(codes(joined), []);
	assert.equal(
		analyzeTrace(joined).problems.filter((p) => p.code === 'dialog.swapped-tags').length,
		1,
	);
	// Sent from the notifier's own address, the same BYE is the notifier's: judged by its number.
	const own = bye.replace(`${watcher} -> ${server}`, `${server} -> ${watcher}`);
	const ordered = text.replace(bye, own);
	assert.ok(!analyzeTrace(ordered).problems.some((p) => p.code === 'dialog.swapped-tags'));
	assert.equal(codes(ordered).length, 1);
});
