// A SUBSCRIBE that starts a subscription is a request outside any dialog: a Call-ID of its own
// and a new From tag (RFC 3261 §8.1.1.4, §8.1.1.3). The shape of a SIP.js issue: the notifier
// ended the subscription (`terminated;reason=timeout`), and the client subscribed again with the
// ended dialog's Call-ID and From tag.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const msg = (lines: string[]): string => `${lines.join('\r\n')}\r\n\r\n`;
const subscribe = (callId: string, cseq: number, branch: string, extra: string[] = []) =>
	msg([
		'SUBSCRIBE sip:1001@pbx.example.com SIP/2.0',
		`Via: SIP/2.0/WSS 192.0.2.9;branch=z9hG4bK${branch}`,
		'Max-Forwards: 70',
		'To: <sip:1001@pbx.example.com>',
		'From: <sip:1000@pbx.example.com>;tag=6vd6h5hbf8',
		`Call-ID: ${callId}`,
		`CSeq: ${cseq} SUBSCRIBE`,
		'Event: dialog',
		'Expires: 3600',
		...extra,
		'Content-Length: 0',
	]);
const answer = (status: string, callId: string, cseq: number, branch: string) =>
	msg([
		`SIP/2.0 ${status}`,
		`Via: SIP/2.0/WSS 192.0.2.9;branch=z9hG4bK${branch}`,
		'To: <sip:1001@pbx.example.com>;tag=as5a',
		'From: <sip:1000@pbx.example.com>;tag=6vd6h5hbf8',
		`Call-ID: ${callId}`,
		`CSeq: ${cseq} SUBSCRIBE`,
		...(status.startsWith('401') ? ['WWW-Authenticate: Digest realm="pbx", nonce="n1"'] : []),
		...(status.startsWith('200') ? ['Expires: 3600', 'Contact: <sip:1001@203.0.113.1>'] : []),
		'Content-Length: 0',
	]);
const notify = (callId: string, state: string, cseq = 102) =>
	msg([
		'NOTIFY sip:1000@192.0.2.9;transport=ws SIP/2.0',
		`Via: SIP/2.0/WSS 203.0.113.1;branch=z9hG4bKn${cseq}`,
		'Max-Forwards: 70',
		'From: <sip:1001@pbx.example.com>;tag=as5a',
		'To: <sip:1000@pbx.example.com>;tag=6vd6h5hbf8',
		`Call-ID: ${callId}`,
		`CSeq: ${cseq} NOTIFY`,
		'Contact: <sip:1001@203.0.113.1>',
		'Event: dialog',
		`Subscription-State: ${state}`,
		'Content-Length: 0',
	]);
const said = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'subscribe.reused-dialog-ids')
		.map((p) => [p.severity, text.slice(p.span.start, p.span.end)]);

test('a new SUBSCRIBE with the Call-ID and From tag of a subscription the notifier ended: said', () => {
	const id = '9qaqhhdfavpjlj0np4fj';
	const text =
		subscribe(id, 1, 'a') +
		answer('200 OK', id, 1, 'a') +
		notify(id, 'active;expires=3600') +
		notify(id, 'terminated;reason=timeout', 103) +
		subscribe(id, 2, 'b');
	assert.deepEqual(said(text), [['warning', id]]);
	// Where the notifier never ended the first (a client that re-subscribes from scratch on a
	// timer): the same.
	const again =
		subscribe(id, 1, 'a') +
		answer('200 OK', id, 1, 'a') +
		notify(id, 'active;expires=3600') +
		subscribe(id, 2, 'b');
	assert.deepEqual(said(again), [['warning', id]]);
	// With a Call-ID of its own, nothing.
	const fresh =
		subscribe(id, 1, 'a') +
		answer('200 OK', id, 1, 'a') +
		notify(id, 'terminated;reason=timeout') +
		subscribe('new-call-id-2', 1, 'b');
	assert.deepEqual(said(fresh), []);
});

test('the retry of a challenged SUBSCRIBE keeps its Call-ID and From tag, as it should: not said', () => {
	const id = 'retry-1';
	const text =
		subscribe(id, 1, 'a') +
		answer('401 Unauthorized', id, 1, 'a') +
		subscribe(id, 2, 'b', ['Authorization: Digest username="1000", realm="pbx", nonce="n1"']) +
		answer('200 OK', id, 2, 'b') +
		notify(id, 'active;expires=3600');
	assert.deepEqual(said(text), []);
	// sipX's test: the retry names an event id the first did not, so the NOTIFY (without one)
	// is read as the first's; that subscription was established by the NOTIFY, after the retry.
	const withId = text.replace(/(CSeq: 2 SUBSCRIBE\r\nEvent: dialog)/, '$1;id=44');
	assert.notEqual(withId, text);
	assert.deepEqual(said(withId), []);
});

test("a proxy's branches of one SUBSCRIBE (a fork, RFC 3261 §16.6), the second sent after the first's 200: not said", () => {
	const id = 'fork-1';
	// The proxy's copy of the watcher's SUBSCRIBE: its own Via on top, the watcher's below.
	const branch = (n: number, status: string | null) => {
		const vias = [
			`Via: SIP/2.0/UDP 198.51.100.1;branch=z9hG4bKproxy.${n}`,
			'Via: SIP/2.0/WSS 192.0.2.9;branch=z9hG4bKa',
		];
		const common = [
			...vias,
			'From: <sip:1000@pbx.example.com>;tag=6vd6h5hbf8',
			`Call-ID: ${id}`,
			'CSeq: 1 SUBSCRIBE',
		];
		return status === null
			? msg([
					`SUBSCRIBE sip:1001@203.0.113.${n + 1} SIP/2.0`,
					...common,
					'Max-Forwards: 69',
					'To: <sip:1001@pbx.example.com>',
					'Event: dialog',
					'Expires: 3600',
					'Content-Length: 0',
				])
			: msg([
					`SIP/2.0 ${status}`,
					...common,
					`To: <sip:1001@pbx.example.com>;tag=b${n}`,
					'Expires: 3600',
					`Contact: <sip:1001@203.0.113.${n + 1}>`,
					'Content-Length: 0',
				]);
	};
	const text = subscribe(id, 1, 'a') + branch(0, null) + branch(0, '200 OK') + branch(1, null);
	assert.deepEqual(said(text), []);
	// The watcher's own SUBSCRIBE with those identifiers again, later: said.
	assert.equal(said(text + answer('200 OK', id, 1, 'a') + subscribe(id, 2, 'b')).length, 1);
});
