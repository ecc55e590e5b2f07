// Which responses make a dialog (RFC 3261 §12.1): a 101-199 or 2xx response to a request that
// creates one, never a refusal. A call challenged once (INVITE, 407, ACK, INVITE with
// credentials) is one dialog; the challenge, a refused SUBSCRIBE or a call cancelled before it
// rang make none.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';
import { maxForwards, sipMessage } from './sipText';

const callId = '3848276298220188511@192.0.2.10';
const alice = '<sip:alice@example.com>;tag=9fxced76sl';

interface Line {
	readonly start: string;
	readonly via: string;
	readonly cseq: string;
	readonly to: string;
	readonly extra?: readonly string[];
}

function message({ start, via, cseq, to, extra = [] }: Line): string {
	return sipMessage(start, [
		`Via: SIP/2.0/UDP 192.0.2.10:5060;branch=${via}`,
		...maxForwards(start),
		`From: "Alice" ${alice}`,
		`To: ${to}`,
		`Call-ID: ${callId}`,
		`CSeq: ${cseq}`,
		...extra,
	]);
}

const bob = '<sip:bob@example.com>';
const contact = 'Contact: <sip:alice@192.0.2.10:5060>';

/** INVITE, 407, ACK; INVITE with credentials, 100, 180, 200, ACK; BYE, 200. */
const challengedCall = [
	message({
		start: 'INVITE sip:bob@example.com SIP/2.0',
		via: 'z9hG4bK74bf9',
		cseq: '1 INVITE',
		to: bob,
		extra: [contact],
	}),
	message({
		start: 'SIP/2.0 407 Proxy Authentication Required',
		via: 'z9hG4bK74bf9',
		cseq: '1 INVITE',
		to: `${bob};tag=proxy-1`,
		extra: ['Proxy-Authenticate: Digest realm="example.com", nonce="a1b2"'],
	}),
	message({
		start: 'ACK sip:bob@example.com SIP/2.0',
		via: 'z9hG4bK74bf9',
		cseq: '1 ACK',
		to: `${bob};tag=proxy-1`,
	}),
	message({
		start: 'INVITE sip:bob@example.com SIP/2.0',
		via: 'z9hG4bK74bfa',
		cseq: '2 INVITE',
		to: bob,
		extra: [
			contact,
			'Proxy-Authorization: Digest username="alice", realm="example.com", nonce="a1b2", uri="sip:bob@example.com", response="6629fae49393a05397450978507c4ef1"',
		],
	}),
	message({ start: 'SIP/2.0 100 Trying', via: 'z9hG4bK74bfa', cseq: '2 INVITE', to: bob }),
	message({
		start: 'SIP/2.0 180 Ringing',
		via: 'z9hG4bK74bfa',
		cseq: '2 INVITE',
		to: `${bob};tag=8321234356`,
		extra: ['Contact: <sip:bob@192.0.2.4>'],
	}),
	message({
		start: 'SIP/2.0 200 OK',
		via: 'z9hG4bK74bfa',
		cseq: '2 INVITE',
		to: `${bob};tag=8321234356`,
		extra: ['Contact: <sip:bob@192.0.2.4>'],
	}),
	message({
		start: 'ACK sip:bob@192.0.2.4 SIP/2.0',
		via: 'z9hG4bK74bfb',
		cseq: '2 ACK',
		to: `${bob};tag=8321234356`,
	}),
	message({
		start: 'BYE sip:bob@192.0.2.4 SIP/2.0',
		via: 'z9hG4bK74bfc',
		cseq: '3 BYE',
		to: `${bob};tag=8321234356`,
	}),
	message({
		start: 'SIP/2.0 200 OK',
		via: 'z9hG4bK74bfc',
		cseq: '3 BYE',
		to: `${bob};tag=8321234356`,
	}),
].join('');

void test('a call challenged once is one dialog, created by the INVITE with credentials', () => {
	const { index } = analyzeTrace(challengedCall);
	assert.equal(index.dialogs.length, 1, 'the 407 makes no dialog of its own');
	const [dialog] = index.dialogs;
	assert.equal(dialog!.creator, 3);
	assert.equal(dialog!.remoteTag, '8321234356');
	assert.equal(dialog!.state, 'terminated');
	assert.deepEqual(dialog!.messages, [3, 5, 6, 7, 8, 9]);
	// The first attempt, its challenge and the ACK of it: the INVITE's transaction, no dialog.
	for (const i of [0, 1, 2]) assert.equal(index.dialogOf(i), null, `message ${i}`);
	assert.equal(index.transactionOf(2)?.relatedInvite, 0);
	assert.equal(index.challengeOf(3), 1);
});

void test('a refused SUBSCRIBE and a call cancelled before it rang make no dialog', () => {
	const text = [
		message({
			start: 'SUBSCRIBE sip:bob@example.com SIP/2.0',
			via: 'z9hG4bK5s1',
			cseq: '1 SUBSCRIBE',
			to: bob,
			extra: [contact, 'Event: conference', 'Expires: 600'],
		}),
		message({
			start: 'SIP/2.0 489 Bad Event',
			via: 'z9hG4bK5s1',
			cseq: '1 SUBSCRIBE',
			to: `${bob};tag=ps-1`,
			extra: ['Allow-Events: presence'],
		}),
		message({
			start: 'INVITE sip:bob@example.com SIP/2.0',
			via: 'z9hG4bK5i1',
			cseq: '2 INVITE',
			to: bob,
			extra: [contact],
		}),
		message({ start: 'SIP/2.0 100 Trying', via: 'z9hG4bK5i1', cseq: '2 INVITE', to: bob }),
		message({
			start: 'CANCEL sip:bob@example.com SIP/2.0',
			via: 'z9hG4bK5i1',
			cseq: '2 CANCEL',
			to: bob,
		}),
		message({
			start: 'SIP/2.0 200 OK',
			via: 'z9hG4bK5i1',
			cseq: '2 CANCEL',
			to: `${bob};tag=uas-7`,
		}),
		message({
			start: 'SIP/2.0 487 Request Terminated',
			via: 'z9hG4bK5i1',
			cseq: '2 INVITE',
			to: `${bob};tag=uas-7`,
		}),
		message({
			start: 'ACK sip:bob@example.com SIP/2.0',
			via: 'z9hG4bK5i1',
			cseq: '2 ACK',
			to: `${bob};tag=uas-7`,
		}),
	].join('');
	const { index, messages } = analyzeTrace(text);
	assert.equal(messages.length, 8);
	assert.deepEqual(index.dialogs, []);
	assert.equal(index.requestOf(1), 0);
	assert.equal(index.transactionOf(7)?.relatedInvite, 2);
});

void test('a refusal after a provisional response ends the early dialog that response made', () => {
	const text = [
		message({
			start: 'INVITE sip:bob@example.com SIP/2.0',
			via: 'z9hG4bK6i1',
			cseq: '1 INVITE',
			to: bob,
			extra: [contact],
		}),
		message({
			start: 'SIP/2.0 180 Ringing',
			via: 'z9hG4bK6i1',
			cseq: '1 INVITE',
			to: `${bob};tag=uas-9`,
			extra: ['Contact: <sip:bob@192.0.2.4>'],
		}),
		message({
			start: 'SIP/2.0 486 Busy Here',
			via: 'z9hG4bK6i1',
			cseq: '1 INVITE',
			to: `${bob};tag=uas-9`,
		}),
		message({
			start: 'ACK sip:bob@example.com SIP/2.0',
			via: 'z9hG4bK6i1',
			cseq: '1 ACK',
			to: `${bob};tag=uas-9`,
		}),
	].join('');
	const { index } = analyzeTrace(text);
	assert.equal(index.dialogs.length, 1);
	assert.equal(index.dialogs[0]!.state, 'terminated');
	assert.deepEqual(index.dialogs[0]!.messages, [0, 1, 2, 3]);
});
