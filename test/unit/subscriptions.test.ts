// Which SUBSCRIBE created the subscription a NOTIFY reports on (RFC 6665 §4.4.1), when the same
// Call-ID, From tag and Event name more than one attempt: a SUBSCRIBE refused with a challenge
// and re-sent, and a client that subscribes again in the identifiers of a terminated dialog.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';
import { subscribeOfNotify } from '../../server/src/core/query';

const callId = '9qaqhhdfavpjlj0np4fj';
const watcher = '<sip:andrew@example.com>;tag=6vd6h5hbf8';

function subscribe(cseq: number, branch: string, extra: string[] = []): string {
	return [
		'SUBSCRIBE sip:linda@example.com SIP/2.0',
		`Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK${branch}`,
		'Max-Forwards: 70',
		`From: ${watcher}`,
		'To: <sip:linda@example.com>',
		`Call-ID: ${callId}`,
		`CSeq: ${cseq} SUBSCRIBE`,
		'Event: presence',
		'Expires: 600',
		'Contact: <sip:andrew@192.0.2.10:5060>',
		...extra,
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
}

function response(status: string, cseq: number, branch: string, extra: string[] = []): string {
	return [
		`SIP/2.0 ${status}`,
		`Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK${branch}`,
		`From: ${watcher}`,
		`To: <sip:linda@example.com>${status.startsWith('2') ? ';tag=ps1' : ';tag=px9'}`,
		`Call-ID: ${callId}`,
		`CSeq: ${cseq} SUBSCRIBE`,
		...extra,
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
}

function notify(cseq: number, state: string): string {
	return [
		'NOTIFY sip:andrew@192.0.2.10:5060 SIP/2.0',
		`Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKn${cseq}`,
		'Max-Forwards: 70',
		'From: <sip:linda@example.com>;tag=ps1',
		`To: ${watcher}`,
		`Call-ID: ${callId}`,
		`CSeq: ${cseq} NOTIFY`,
		'Event: presence',
		`Subscription-State: ${state}`,
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
}

const creatorOf = (text: string, notifyIndex: number): number | null => {
	const a = analyzeTrace(text);
	assert.equal(a.messages[notifyIndex]!.method, 'NOTIFY');
	return a.index.subscriptionOf(notifyIndex)?.creator ?? null;
};

test('a SUBSCRIBE refused with 401 created nothing: the NOTIFY belongs to the one re-sent with credentials', () => {
	const text = [
		subscribe(1, 'a1'),
		response('401 Unauthorized', 1, 'a1', [
			'WWW-Authenticate: Digest realm="example.com", nonce="33c25cbe"',
		]),
		subscribe(2, 'a2', [
			'Authorization: Digest username="andrew", realm="example.com", nonce="33c25cbe", uri="sip:linda@example.com", response="36f2a49c2e05a24c048723e7fdc75033"',
		]),
		response('200 OK', 2, 'a2', ['Expires: 600']),
		notify(1, 'active;expires=600'),
	].join('');
	assert.equal(creatorOf(text, 4), 2);
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.index.subscriptionOf(4)?.subscribes,
		[0, 2],
		'the refused attempt stays in its story',
	);
});

test('a NOTIFY that ends a subscription predating the trace is not tied to the SUBSCRIBE that follows it', () => {
	const text = [notify(112, 'terminated;reason=timeout'), subscribe(2530, 'b1')].join('');
	assert.equal(creatorOf(text, 0), null);
	const a = analyzeTrace(text);
	assert.notEqual(a.index.subscriptionOf(0)?.id, a.index.subscriptionOf(1)?.id);
});

test('subscribing again in the identifiers of a terminated subscription starts a new one', () => {
	const text = [
		subscribe(1, 'c1'),
		response('200 OK', 1, 'c1', ['Expires: 600']),
		notify(1, 'active;expires=600'),
		notify(2, 'terminated;reason=timeout'),
		subscribe(2, 'c2'),
		response('200 OK', 2, 'c2', ['Expires: 600']),
		notify(3, 'active;expires=600'),
	].join('');
	const a = analyzeTrace(text);
	assert.equal(creatorOf(text, 2), 0);
	assert.equal(creatorOf(text, 3), 0);
	assert.equal(creatorOf(text, 6), 4);
	assert.deepEqual(
		a.problems.filter((p) => p.code === 'notify.after-termination'),
		[],
		'the NOTIFY of the new subscription is not one after termination',
	);
});

// A subscription inside a call's dialog (KPML, RFC 4730 §3.2; dialog reuse, RFC 6665 §4.5.2): the
// gateway's INVITE set up the dialog, then the application server SUBSCRIBEs in it, its To tag
// the gateway's.
const kpmlCall = 'kpml-57633f68@172.18.193.251';
const gateway = '<sip:172.18.193.251>;tag=EA330-F6';
const server = '<sip:8888@172.18.193.250>;tag=39497C-2EA';
const line = (lines: string[]): string => [...lines, 'Content-Length: 0', '', ''].join('\r\n');
const invite = line([
	'INVITE sip:8888@172.18.193.250:5060 SIP/2.0',
	'Via: SIP/2.0/UDP 172.18.193.251:5060;branch=z9hG4bK1D38',
	'Max-Forwards: 70',
	`From: ${gateway}`,
	'To: <sip:8888@172.18.193.250>',
	`Call-ID: ${kpmlCall}`,
	'CSeq: 101 INVITE',
	'Contact: <sip:172.18.193.251:5060>',
]);
const ok = line([
	'SIP/2.0 200 OK',
	'Via: SIP/2.0/UDP 172.18.193.251:5060;branch=z9hG4bK1D38',
	`From: ${gateway}`,
	`To: ${server}`,
	`Call-ID: ${kpmlCall}`,
	'CSeq: 101 INVITE',
	'Contact: <sip:8888@172.18.193.250:5060>',
]);
const kpmlSubscribe = line([
	'SUBSCRIBE sip:172.18.193.251:5060 SIP/2.0',
	'Via: SIP/2.0/UDP 172.18.193.250:5060;branch=z9hG4bK2EA1',
	'Max-Forwards: 70',
	`From: ${server}`,
	`To: ${gateway}`,
	`Call-ID: ${kpmlCall}`,
	'CSeq: 101 SUBSCRIBE',
	'Event: kpml',
	'Expires: 7200',
	'Contact: <sip:8888@172.18.193.250:5060>',
]);
const kpmlNotify = line([
	'NOTIFY sip:172.18.193.250:5060 SIP/2.0',
	'Via: SIP/2.0/UDP 172.18.193.251:5060;branch=z9hG4bK3F1',
	'Max-Forwards: 70',
	`From: ${gateway}`,
	`To: ${server}`,
	`Call-ID: ${kpmlCall}`,
	'CSeq: 102 NOTIFY',
	'Event: kpml',
	'Subscription-State: active;expires=7200',
]);

test('a SUBSCRIBE inside a call the trace shows creates the subscription its NOTIFYs report on (KPML)', () => {
	const a = analyzeTrace(invite + ok + kpmlSubscribe + kpmlNotify);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['INVITE', 200, 'SUBSCRIBE', 'NOTIFY'],
	);
	assert.equal(a.index.subscriptionOf(3)?.creator, 2);
	assert.equal(a.index.subscriptionOf(3)?.event, 'kpml');
	assert.ok(!a.problems.some((p) => p.code === 'notify.no-subscribe'));
});

test('a SUBSCRIBE inside a dialog the trace does not show refreshes a subscription that predates the trace', () => {
	// The trace starts with the refresh: the SUBSCRIBE that created the subscription is not in it.
	const a = analyzeTrace(kpmlSubscribe + kpmlNotify);
	assert.equal(a.index.subscriptionOf(1)?.creator, null);
	assert.deepEqual(a.index.subscriptionOf(1)?.subscribes, [0]);
});

test('a NOTIFY after a refresh of a subscription that predates the trace goes back to the refresh; one before any, to nothing', () => {
	// A BroadWorks hoteling subscription refreshed in its dialog, and the NOTIFY the refresh brings
	// (RFC 6665 §4.2.2): the SUBSCRIBE to go to from the NOTIFY, said with the no-creator note.
	const refresh = subscribe(20314, 'r1').replace(
		'To: <sip:linda@example.com>',
		'To: <sip:linda@example.com>;tag=ps1',
	);
	const text = [
		notify(100, 'active;expires=120'),
		refresh,
		response('200 OK', 20314, 'r1', ['Expires: 600']),
		notify(101, 'active;expires=600'),
	].join('');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['NOTIFY', 'SUBSCRIBE', 200, 'NOTIFY'],
	);
	assert.equal(a.index.subscriptionOf(3)?.creator, null);
	assert.equal(subscribeOfNotify(a, 3), 1);
	assert.equal(subscribeOfNotify(a, 0), null);
	// Logged with stamps to the second, all four equal: the file's order tells which came first.
	const stamped = [
		notify(100, 'active;expires=120'),
		refresh,
		response('200 OK', 20314, 'r1', ['Expires: 600']),
		notify(101, 'active;expires=600'),
	]
		.map((m) => `2026-12-07 07:27:55 192.0.2.20:5060 -> 192.0.2.10:5060\n${m}`)
		.join('');
	const b = analyzeTrace(stamped);
	assert.equal(b.messages.length, 4);
	assert.equal(subscribeOfNotify(b, 0), null);
	assert.equal(subscribeOfNotify(b, 3), 1);
	const note = a.problems.find((p) => p.code === 'notify.no-subscribe');
	assert.equal(note?.span.start, a.messages[0]!.startLine.start);
	assert.equal(subscribeOfNotify(analyzeTrace(refresh + notify(101, 'active')), 1), 0);
	// Said on the subscription's first NOTIFY; where the refresh comes first, naming it.
	const first = analyzeTrace(refresh + notify(101, 'active')).problems.find(
		(p) => p.code === 'notify.no-subscribe',
	);
	assert.match(first?.message ?? '', /refreshed it/);
	assert.equal(first?.related?.[0]?.message, 'the SUBSCRIBE that refreshed it');
});

test("a SUBSCRIBE that forked: one notifier ending its subscription does not end the other notifier's", () => {
	// Two devices of one user answered the SUBSCRIBE a proxy forked, each notifying in a dialog of
	// its own, its own From tag (RFC 6665 §4.1.2.4); one then terminates.
	const from = (n: string, tag: string) =>
		n.replace('From: <sip:linda@example.com>;tag=ps1', `From: <sip:linda@example.com>;tag=${tag}`);
	const text = [
		subscribe(1, 'f1'),
		response('200 OK', 1, 'f1', ['Expires: 600']),
		notify(1, 'active;expires=600'),
		from(notify(1, 'active;expires=600'), 'dev2').replace('branch=z9hG4bKn1', 'branch=z9hG4bKd1'),
		notify(2, 'terminated;reason=noresource'),
		from(notify(2, 'active;expires=590'), 'dev2').replace('branch=z9hG4bKn2', 'branch=z9hG4bKd2'),
		from(notify(3, 'terminated;reason=timeout'), 'dev2').replace(
			'branch=z9hG4bKn3',
			'branch=z9hG4bKd3',
		),
		notify(3, 'active;expires=500'),
	].join('');
	const a = analyzeTrace(text);
	// Only the first notifier's NOTIFY after its own termination.
	assert.deepEqual(
		a.problems
			.filter((p) => p.code === 'notify.after-termination')
			.map((p) => text.slice(p.span.start, p.span.end)),
		['NOTIFY sip:andrew@192.0.2.10:5060 SIP/2.0'],
	);
	const said = a.problems.find((p) => p.code === 'notify.after-termination')!;
	assert.equal(
		a.messages.findIndex((m) => m.startLine.start === said.span.start),
		7,
	);
});

test('a NOTIFY numbered below the one that terminated the subscription arrived late (sent again after a loss): not after termination', () => {
	const text = [
		subscribe(1, 'l1'),
		response('200 OK', 1, 'l1', ['Expires: 600']),
		notify(3, 'active;expires=600'),
		notify(6, 'terminated;reason=timeout'),
		// The notifier's NOTIFY CSeq 2, lost the first time, sent again after the last one.
		notify(2, 'active;expires=600'),
		// A new one after the end is.
		notify(7, 'active;expires=600'),
	].join('');
	const a = analyzeTrace(text);
	const said = a.problems.filter((p) => p.code === 'notify.after-termination');
	assert.deepEqual(
		said.map((p) => a.messages.findIndex((m) => m.startLine.start === p.span.start)),
		[5],
	);
});
