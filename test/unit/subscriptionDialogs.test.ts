// A dialog that a SUBSCRIBE or REFER created ends when its last subscription does (RFC 6665
// §4.4.1): the core's dialog state says terminated once the NOTIFY saying so is in the trace, and
// not before; a dialog an INVITE created lives on when a REFER's subscription in it ends.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';
import { sipMessage } from './sipText';

const watcher = '<sip:andrew@example.com>;tag=w1';
const presentity = '<sip:linda@example.com>';
const notifier = `${presentity};tag=n1`;

/** A message without body: start line, one Via, From, To, Call-ID, CSeq and `extra`. */
function message(
	start: string,
	branch: string,
	cseq: string,
	[from, to]: readonly [string, string],
	callId: string,
	extra: string[] = [],
): string {
	return sipMessage(start, [
		`Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK${branch}`,
		`From: ${from}`,
		`To: ${to}`,
		`Call-ID: ${callId}`,
		`CSeq: ${cseq}`,
		...extra,
	]);
}

const sub = 'sub-1@192.0.2.10';
/** The watcher's SUBSCRIBE (To `to`: no tag for the first) and the notifier's 200. */
const subscribe = (branch: string, seq: number, expires: number, to: string) => [
	message(
		'SUBSCRIBE sip:linda@example.com SIP/2.0',
		branch,
		`${seq} SUBSCRIBE`,
		[watcher, to],
		sub,
		['Event: presence', `Expires: ${expires}`, 'Contact: <sip:andrew@192.0.2.10>'],
	),
	message('SIP/2.0 200 OK', branch, `${seq} SUBSCRIBE`, [watcher, notifier], sub, [
		`Expires: ${expires}`,
	]),
];
/** The notifier's NOTIFY and the watcher's 200 (From is the notifier in both). */
const notify = (branch: string, seq: number, state: string) => [
	message(
		'NOTIFY sip:andrew@192.0.2.10 SIP/2.0',
		branch,
		`${seq} NOTIFY`,
		[notifier, watcher],
		sub,
		['Event: presence', `Subscription-State: ${state}`],
	),
	message('SIP/2.0 200 OK', branch, `${seq} NOTIFY`, [notifier, watcher], sub),
];

const live = [...subscribe('s1', 1, 600, presentity), ...notify('n1', 1, 'active;expires=600')];
const ended = [
	...live,
	...subscribe('s2', 2, 0, notifier),
	...notify('n2', 2, 'terminated;reason=timeout'),
];

test('a subscription dialog stays confirmed while its subscription lives', () => {
	const { dialogs } = analyzeTrace(live.join('')).index;
	assert.equal(dialogs.length, 1);
	assert.equal(dialogs[0]!.state, 'confirmed');
});

test('after an unsubscribe and the NOTIFY saying terminated, the dialog is terminated', () => {
	const { dialogs } = analyzeTrace(ended.join('')).index;
	assert.equal(dialogs.length, 1);
	assert.equal(dialogs[0]!.state, 'terminated');
});

test('an INVITE dialog lives on when the subscription of a REFER in it ends', () => {
	const a = '<sip:alice@example.com>;tag=a1';
	const b = '<sip:bob@example.com>';
	const call = 'call-1@192.0.2.20';
	const line = (
		start: string,
		branch: string,
		cseq: string,
		from: string,
		to: string,
		extra: string[] = [],
	) => message(start, branch, cseq, [from, to], call, extra);
	const bobTagged = `${b};tag=b1`;
	const trace = [
		line('INVITE sip:bob@example.com SIP/2.0', 'i1', '1 INVITE', a, b, [
			'Contact: <sip:alice@192.0.2.20>',
		]),
		line('SIP/2.0 200 OK', 'i1', '1 INVITE', a, bobTagged, ['Contact: <sip:bob@192.0.2.30>']),
		line('ACK sip:bob@192.0.2.30 SIP/2.0', 'a1', '1 ACK', a, bobTagged),
		line('REFER sip:bob@192.0.2.30 SIP/2.0', 'r1', '2 REFER', a, bobTagged, [
			'Refer-To: <sip:carol@example.com>',
		]),
		line('SIP/2.0 202 Accepted', 'r1', '2 REFER', a, bobTagged),
		line('NOTIFY sip:alice@192.0.2.20 SIP/2.0', 'n1', '1 NOTIFY', bobTagged, a, [
			'Event: refer',
			'Subscription-State: terminated;reason=noresource',
		]),
		line('SIP/2.0 200 OK', 'n1', '1 NOTIFY', bobTagged, a),
	].join('');
	const { index } = analyzeTrace(trace);
	assert.equal(index.subscriptions.length, 1);
	assert.notEqual(index.subscriptions[0]!.terminatedBy, null, 'the refer subscription ended');
	assert.equal(index.dialogs.length, 1);
	assert.equal(index.dialogs[0]!.state, 'confirmed');
});

test('on a real presence trace, each watcher dialog whose NOTIFY said terminated has ended', () => {
	const text = readFileSync(
		join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'),
		'utf8',
	);
	// Independently of the core: the Call-IDs of the NOTIFYs saying terminated.
	const endedCalls = new Set<string>();
	for (const block of text.split(/\r?\n(?=NOTIFY |SUBSCRIBE |PUBLISH |SIP\/2\.0 )/)) {
		if (!block.startsWith('NOTIFY ') || !/^Subscription-State: terminated/m.test(block)) continue;
		endedCalls.add(/^Call-ID: (\S+)/m.exec(block)![1]!);
	}
	assert.ok(endedCalls.size >= 3, 'three watchers unsubscribe in the story');
	const { dialogs } = analyzeTrace(text).index;
	const subscribeDialogs = dialogs.filter((d) => endedCalls.has(d.callId));
	assert.equal(subscribeDialogs.length, endedCalls.size);
	for (const d of subscribeDialogs) assert.equal(d.state, 'terminated', d.callId);
});
