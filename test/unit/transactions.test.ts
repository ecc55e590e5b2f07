// Which request a response answers (RFC 3261 §17.1.3) when its top Via branch matches none: a
// paste that glued the request's Via to the next header, a stack that did not copy Via back.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const callId = 'e5ecfde1f337b690@192.0.2.10';

function register(cseq: number, via: string, glue = false): string {
	const lines = [
		'REGISTER sip:example.com SIP/2.0',
		`Via: SIP/2.0/UDP ${via}`,
		'Max-Forwards: 70',
		'From: <sip:andrew@example.com>;tag=6vd6h5hb',
		'To: <sip:andrew@example.com>',
		`Call-ID: ${callId}`,
		`CSeq: ${cseq} REGISTER`,
		'Contact: <sip:andrew@192.0.2.10:5060>',
		'Content-Length: 0',
		'',
		'',
	];
	// The copy lost the line end after Via: Max-Forwards is read as part of the branch.
	if (glue) lines.splice(1, 2, `Via: SIP/2.0/UDP ${via}Max-Forwards: 70`);
	return lines.join('\r\n');
}

function answer(status: string, cseq: number, via: string): string {
	return [
		`SIP/2.0 ${status}`,
		`Via: SIP/2.0/UDP ${via}`,
		'From: <sip:andrew@example.com>;tag=6vd6h5hb',
		'To: <sip:andrew@example.com>;tag=r1',
		`Call-ID: ${callId}`,
		`CSeq: ${cseq} REGISTER`,
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
}

const codes = (text: string, code: string): number[] => {
	const a = analyzeTrace(text);
	return a.problems
		.filter((p) => p.code === code)
		.map((p) =>
			a.messages.findIndex(
				(m) => m.frame.span.start <= p.span.start && p.span.start < m.frame.span.end,
			),
		);
};

test("responses to a request whose Via the copy damaged are matched by Call-ID, CSeq and From tag; the branch the join cut short is the copy's", () => {
	const text = [
		register(1, '192.0.2.10:5060;branch=z9hG4bK-d8754z-1---d8754z', true),
		answer('100 Trying', 1, '192.0.2.10:5060;branch=z9hG4bK-d8754z-1---d8754z-'),
		answer('200 OK', 1, '192.0.2.10:5060;branch=z9hG4bK-d8754z-1---d8754z-'),
	].join('');
	const a = analyzeTrace(text);
	assert.equal(a.index.requestOf(1), 0);
	assert.equal(a.index.requestOf(2), 0);
	assert.deepEqual(codes(text, 'response.no-request'), []);
	// The join is said once (header.joined); the responses' branch goes on where it cut the
	// request's, so they are not said to differ.
	assert.deepEqual(codes(text, 'header.joined'), [0]);
	assert.deepEqual(codes(text, 'response.via-mismatch'), []);
	const t = a.index.transactionOf(0)!;
	assert.deepEqual(t.responses, [1, 2]);
	// A branch that differs otherwise is still said, with the request it answers.
	const other = [
		register(1, '192.0.2.10:5060;branch=z9hG4bK-d8754z-1---d8754z', true),
		answer('200 OK', 1, '192.0.2.10:5060;branch=z9hG4bK-d8754z-2---d8754z-'),
	].join('');
	assert.deepEqual(codes(other, 'response.via-mismatch'), [1]);
	const warning = analyzeTrace(other).problems.find((p) => p.code === 'response.via-mismatch')!;
	assert.equal(warning.severity, 'warning');
	assert.deepEqual(warning.related?.[0]?.span, analyzeTrace(other).messages[0]!.startLine);
});

test('a response to another hop (its Via names another sender) is not taken for the answer', () => {
	// A proxy's log: the request came in from 192.0.2.10; the response is to the proxy's own leg.
	const text = [
		register(1, '192.0.2.10:5060;branch=z9hG4bKa1'),
		answer('200 OK', 1, '198.51.100.1:5060;branch=z9hG4bKp1'),
	].join('');
	const a = analyzeTrace(text);
	assert.equal(a.index.requestOf(1), null);
	assert.deepEqual(codes(text, 'response.no-request'), [1]);
	assert.deepEqual(codes(text, 'response.via-mismatch'), []);
});

test('a request that comes after the response, or one already answered, is not its request', () => {
	const after = [
		answer('200 OK', 1, '192.0.2.10:5060;branch=z9hG4bKold'),
		register(1, '192.0.2.10:5060;branch=z9hG4bKnew'),
	].join('');
	assert.equal(analyzeTrace(after).index.requestOf(0), null);
	const answered = [
		register(1, '192.0.2.10:5060;branch=z9hG4bKa1'),
		answer('200 OK', 1, '192.0.2.10:5060;branch=z9hG4bKa1'),
		answer('200 OK', 1, '192.0.2.10:5060;branch=z9hG4bKzz'),
	].join('');
	const a = analyzeTrace(answered);
	assert.equal(a.index.requestOf(1), 0);
	assert.equal(a.index.requestOf(2), null);
	assert.deepEqual(codes(answered, 'response.via-mismatch'), []);
});

test('transactions stay numbered from 0 after a merge', () => {
	const text = [
		register(1, '192.0.2.10:5060;branch=z9hG4bKx', true),
		answer('200 OK', 1, '192.0.2.10:5060;branch=z9hG4bKx'),
		register(2, '192.0.2.10:5060;branch=z9hG4bKy'),
		answer('200 OK', 2, '192.0.2.10:5060;branch=z9hG4bKy'),
	].join('');
	const a = analyzeTrace(text);
	a.index.transactions.forEach((t, i) => assert.equal(t.id, i));
	for (let m = 0; m < 4; m++) {
		const t = a.index.transactionOf(m)!;
		assert.ok(t.request === m || t.responses.includes(m), `message ${m} is in its transaction`);
	}
	assert.equal(a.index.requestOf(1), 0);
	assert.equal(a.index.requestOf(3), 2);
});

test('a response whose Via writes the sent-by host in other capitals answers the request (host names ignore case)', () => {
	const text = [
		register(1, 'PC33.Example.COM:5060;branch=z9hG4bKcase1'),
		answer('100 Trying', 1, 'PC33.Example.COM:5060;branch=z9hG4bKcase1'),
		// Matched by its branch, not by the fallback on Call-ID and CSeq: the request has an answer.
		answer('200 OK', 1, 'pc33.example.com:5060;branch=z9hG4bKcase1'),
		// Same branch, Call-ID and CSeq, another sent-by (a Via the UAS did not copy): still this
		// request's, as a UAC matches by branch and method (RFC 3261 §17.1.3).
		answer('200 OK', 1, 'pc34.example.com:5060;branch=z9hG4bKcase1'),
	].join('');
	const a = analyzeTrace(text);
	assert.equal(a.index.requestOf(1), 0);
	assert.equal(a.index.requestOf(2), 0);
	assert.equal(a.index.requestOf(3), 0);
	assert.deepEqual(a.index.transactionOf(0)!.responses, [1, 2]);
});

test('branches that differ only in their first characters name different transactions', () => {
	// Same length and same long ending: only the characters after the magic cookie tell them apart.
	const tail = '-4f0a9c2e7b1d5f3a8c6e0b2d4f6a8c0e';
	const first = `192.0.2.10:5060;branch=z9hG4bK1${tail}`;
	const second = `192.0.2.10:5060;branch=z9hG4bK2${tail}`;
	const text = [
		register(1, first),
		register(1, second),
		answer('200 OK', 1, second),
		answer('200 OK', 1, first),
	].join('');
	const a = analyzeTrace(text);
	assert.equal(a.index.requestOf(2), 1);
	assert.equal(a.index.requestOf(3), 0);
	assert.notEqual(a.index.transactionOf(0), a.index.transactionOf(1));
	assert.equal(a.index.originalOf(1), null);
});

test('a 200 to an ACK (an IMS core answered one) is said: an ACK is never answered', () => {
	const branch = 'z9hG4bKrzecbCEJ7GcqBMwaaCcs';
	const ack = [
		'ACK sip:bob@192.0.2.20:5060 SIP/2.0',
		`Via: SIP/2.0/UDP 192.0.2.10:5060;branch=${branch}`,
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=a1',
		'To: <sip:bob@example.com>;tag=b1',
		'Call-ID: ims-ack-1@192.0.2.10',
		'CSeq: 1 ACK',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	// The answer copies the ACK's Via (rport filled in), From, To, Call-ID and CSeq.
	const ok = ack
		.replace('ACK sip:bob@192.0.2.20:5060 SIP/2.0', 'SIP/2.0 200 OK')
		.replace('Max-Forwards: 70\r\n', '')
		.replace(`branch=${branch}`, `branch=${branch};rport=5060`);
	const a = analyzeTrace(ack + ok);
	const said = a.problems.filter((p) => p.code === 'response.to-ack');
	assert.equal(said.length, 1);
	assert.equal(said[0]!.span.start, a.messages[1]!.startLine.start);
	// Only the ACK itself here: no note that the response's request is missing.
	assert.ok(!a.problems.some((p) => p.code === 'response.no-request'));
});

test('two 100s with different reason phrases are two responses; the same start line again is a copy', () => {
	// OpenSIPS answered an INVITE `100 Trying`, then `100 Giving a try` (a Blink trace over TLS).
	const branch = 'z9hG4bKPj1fadcad3';
	const head = (start: string): string =>
		[
			start,
			`Via: SIP/2.0/TLS 192.0.2.10:45197;rport=18624;branch=${branch}`,
			'From: <sip:bibo@example.com>;tag=112c6bbb',
			'To: <sip:test@conference.example.com>',
			'Call-ID: 2ad658c3@192.0.2.10',
			'CSeq: 8862 INVITE',
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	const invite = head('INVITE sip:test@conference.example.com SIP/2.0').replace(
		'Content-Length: 0',
		'Max-Forwards: 70\r\nContent-Length: 0',
	);
	const a = analyzeTrace(
		invite +
			head('SIP/2.0 100 Trying') +
			head('SIP/2.0 100 Giving a try') +
			head('SIP/2.0 100 Giving a try'),
	);
	assert.deepEqual(
		a.messages.map((m) => [m.reason, a.index.requestOf(m.index), a.index.originalOf(m.index)]),
		[
			[null, null, null],
			['Trying', 0, null],
			['Giving a try', 0, null],
			['Giving a try', 0, 2],
		],
	);
});

test('a response the trace cut before its CSeq is not said to answer a request missing from the trace', () => {
	const cut = [
		'SIP/2.0 401 Unauthorized',
		'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-cut1',
		'From: <sip:andrew@example.com>;tag=6vd6h5hb',
		`To: <sip:andrew@example.com>;tag=x1`,
		`Call-ID: ${callId}`,
	].join('\r\n');
	const a = analyzeTrace(register(1, '192.0.2.10:5060;branch=z9hG4bK-cut1') + cut);
	assert.equal(a.messages[1]!.cutShort, true);
	assert.deepEqual(
		a.problems.filter((p) => p.span.start >= a.messages[1]!.frame.span.start).map((p) => p.code),
		['message.truncated'],
	);
});

test("a response that makes a dialog (a 2xx, a 1xx with a To tag) without its request's Record-Route is said; one that copies it, a 100, or one to a request without one is not", () => {
	// A UAS behind a record-routing softswitch (an ngrep capture in a public guide) answered
	// without copying Record-Route: the ACK then went around the proxy.
	const invite = (recordRoute: boolean, method = 'INVITE') =>
		[
			`${method} sip:902124548590@34.122.40.122:5060 SIP/2.0`,
			...(recordRoute
				? ['Record-Route: <sip:194.48.95.2;ftag=f5598e37;lr>', 'Record-Route: <sip:10.0.0.9;lr>']
				: []),
			'Via: SIP/2.0/UDP 194.48.95.2:5060;branch=z9hG4bK71ca.f0c036f6bd1fc800b7c2a945eff1bcb5.0',
			'Max-Forwards: 69',
			'From: <sip:05548777858@194.48.95.2>;tag=f5598e37',
			'To: <sip:902124548590@34.122.40.122>',
			'Call-ID: 021ACF557981400001A18556@TS_ROITEL',
			`CSeq: 200 ${method}`,
			'Contact: <sip:05548777858@194.48.95.2:5065>',
			...(method === 'SUBSCRIBE' ? ['Event: presence', 'Expires: 600'] : []),
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	const answer = (status: string, recordRoute: boolean, method = 'INVITE') =>
		[
			`SIP/2.0 ${status}`,
			'Via: SIP/2.0/UDP 194.48.95.2:5060;branch=z9hG4bK71ca.f0c036f6bd1fc800b7c2a945eff1bcb5.0',
			...(recordRoute
				? ['Record-Route: <sip:194.48.95.2;ftag=f5598e37;lr>, <sip:10.0.0.9;lr>']
				: []),
			'From: <sip:05548777858@194.48.95.2>;tag=f5598e37',
			'To: <sip:902124548590@34.122.40.122>;tag=19928441604',
			'Call-ID: 021ACF557981400001A18556@TS_ROITEL',
			`CSeq: 200 ${method}`,
			'Contact: <sip:34.122.40.122:5060>',
			...(method === 'SUBSCRIBE' ? ['Expires: 600'] : []),
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	const said = (text: string) => {
		const a = analyzeTrace(text);
		return a.problems
			.filter((p) => p.code === 'response.record-route-missing')
			.map((p) => [
				p.severity,
				text.slice(p.span.start, p.span.end),
				text.slice(p.related![0]!.span.start, p.related![0]!.span.end),
			]);
	};
	// The 180 with its To tag made an early dialog (RFC 3261 §12.1): its PRACK or UPDATE would
	// go around the proxy too. A 100 makes none.
	assert.deepEqual(
		said(
			invite(true) +
				answer('100 Trying', false) +
				answer('180 Ringing', false) +
				answer('200 OK', false),
		),
		[
			['warning', 'SIP/2.0 180 Ringing', 'INVITE sip:902124548590@34.122.40.122:5060 SIP/2.0'],
			['warning', 'SIP/2.0 200 OK', 'INVITE sip:902124548590@34.122.40.122:5060 SIP/2.0'],
		],
	);
	assert.deepEqual(
		said(invite(true) + answer('180 Ringing', false).replace(/;tag=\d+/, '')).map(([, s]) => s),
		[],
	);
	assert.equal(
		said(invite(true, 'SUBSCRIBE') + answer('202 Accepted', false, 'SUBSCRIBE')).length,
		1,
	);
	assert.deepEqual(said(invite(true) + answer('200 OK', true)), []);
	assert.deepEqual(said(invite(false) + answer('200 OK', false)), []);
	assert.deepEqual(said(invite(true) + answer('486 Busy Here', false)), []);
	// A re-INVITE (its To tagged) makes no dialog: its 200 need not copy the Record-Route
	// (RFC 3261 §12.2; a realtime-fax draft's T.38 re-INVITE through a proxy).
	const reInvite = invite(true).replace(
		'To: <sip:902124548590@34.122.40.122>',
		'To: <sip:902124548590@34.122.40.122>;tag=19928441604',
	);
	assert.deepEqual(said(reInvite + answer('200 OK', false)), []);
});

test('a response without any Via (an excerpt cut above it) answers the latest request before it with its Call-ID, CSeq and From tag', () => {
	// The shape of a jambonz issue excerpt: the SBC's INVITE, then the carrier's `100 Trying`
	// printed from its CSeq on, its Via lines left out.
	const viaLess = (status: string, cseq: number): string =>
		answer(status, cseq, '192.0.2.10:5060;branch=z9hG4bKv1').replace(/^Via: [^\r]*\r\n/m, '');
	const text = [
		register(1, '192.0.2.10:5060;branch=z9hG4bKv1'),
		answer('100 Trying', 1, '192.0.2.10:5060;branch=z9hG4bKv1'),
		viaLess('200 OK', 1),
		register(2, '192.0.2.10:5060;branch=z9hG4bKv2'),
		viaLess('200 OK', 2),
		viaLess('200 OK', 3),
	].join('');
	const a = analyzeTrace(text);
	assert.equal(a.messages[2]!.header('via'), undefined);
	assert.equal(a.index.requestOf(2), 0);
	assert.equal(a.index.requestOf(4), 3);
	assert.deepEqual(a.index.transactionOf(0)!.responses, [1, 2]);
	// No request has CSeq 3: none is taken for its.
	assert.equal(a.index.requestOf(5), null);
	assert.deepEqual(codes(text, 'response.no-request'), [5]);
});

// An IMS tutorial's REGISTER (Open5GS with Kamailio), its Via and Call-ID among the lines left
// out with `...`, then the 100 and the 401 the S-CSCF sent back in full.
void test('a request whose Call-ID and Via an example left out is answered by its responses with its CSeq and From tag', () => {
	const text = [
		'REGISTER sip:ims.mnc001.mcc001.3gppnetwork.org SIP/2.0',
		'From: <sip:001011234567895@ims.mnc001.mcc001.3gppnetwork.org>;tag=4130282085',
		'To: <sip:001011234567895@ims.mnc001.mcc001.3gppnetwork.org>',
		'CSeq: 909056609 REGISTER',
		'...',
		'',
		'SIP/2.0 401 Unauthorized - Challenging the UE',
		'Via: SIP/2.0/UDP 192.168.101.2:5060;branch=z9hG4bK1;rport=5060',
		'From: <sip:001011234567895@ims.mnc001.mcc001.3gppnetwork.org>;tag=4130282085',
		'To: <sip:001011234567895@ims.mnc001.mcc001.3gppnetwork.org>;tag=s1',
		'Call-ID: 4130282081_47464792@192.168.101.2',
		'CSeq: 909056609 REGISTER',
		'WWW-Authenticate: Digest realm="ims.mnc001.mcc001.3gppnetwork.org", nonce="n1", algorithm=AKAv1-MD5',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.elided'],
	);
	// Another tag is another request's: no link.
	const other = analyzeTrace(
		text.replace(
			';tag=4130282085\r\nTo: <sip:001011234567895@ims.mnc001.mcc001.3gppnetwork.org>\r\nCSeq',
			';tag=999\r\nTo: <sip:001011234567895@ims.mnc001.mcc001.3gppnetwork.org>\r\nCSeq',
		),
	);
	assert.equal(other.index.requestOf(1), null);
});

test('responses with the same branch and status but another CSeq number are two responses, not a copy', () => {
	// A client that reused its branch for a new REGISTER (CSeq 283, then 308): the registrar's
	// 100 to each, the REGISTERs not in the trace.
	const via = '192.0.2.10:5060;branch=z9hG4bK-reused';
	const text = [answer('100 Trying', 283, via), answer('100 Trying', 308, via)].join('');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 2);
	assert.equal(a.index.originalOf(1), null);
	assert.deepEqual(codes(text, 'response.no-request'), [0, 1]);
	// The same CSeq number again is the same response seen twice.
	const twice = [answer('100 Trying', 283, via), answer('100 Trying', 283, via)].join('');
	assert.equal(analyzeTrace(twice).index.originalOf(1), 0);
});

test("a response whose top Via names another host or port than its request's (a copy's mask, a Via not copied): matched by its branch, method, CSeq and Call-ID", () => {
	// BroadWorks' 200 to a SUBSCRIBE as a poster masked its port (`50XX`); a 200 to a NOTIFY
	// whose Via names `server19` for the request's `server1` (RFC 3261 §17.1.3).
	for (const [sent, copied] of [
		['192.0.2.10:5061;branch=z9hG4bK-5c65a186', '192.0.2.10:50XX;branch=z9hG4bK-5c65a186'],
		['server1.example.com;branch=z9hG4bKnasaii', 'server19.example.com;branch=z9hG4bKnasaii'],
	]) {
		const a = analyzeTrace(register(7, sent) + answer('200 OK', 7, copied));
		assert.equal(a.index.requestOf(1), 0, copied);
	}
	// Another Call-ID under the same branch is another client's transaction: not matched.
	const other = answer('200 OK', 7, '192.0.2.99:5060;branch=z9hG4bK-5c65a186').replace(
		callId,
		'another-call@192.0.2.99',
	);
	assert.equal(
		analyzeTrace(register(7, '192.0.2.10:5061;branch=z9hG4bK-5c65a186') + other).index.requestOf(1),
		null,
	);
});

void test("a response without branch whose Via sent-by is its sender's own (not copied) answers the branchless request of its Call-ID, CSeq and From tag, and the Via is said", () => {
	// Cisco IOS's sample messages of a TCL application's MWI NOTIFY: RFC 2543 Vias, no branch,
	// the 200 with the gateway's own Via.
	const crlf = (lines: string[]): string => lines.map((l) => `${l}\r\n`).join('');
	const text =
		'*Apr 19 08:38:52.545: Received:\r\n' +
		crlf([
			'NOTIFY sip:10.7.102.35:5060 SIP/2.0',
			'Via: SIP/2.0/UDP  10.7.104.88:5060',
			'From: <sip:user@10.7.104.88>;tag=1D80E90-2072',
			'To: <sip:10.7.102.35>;tag=1C24D44-20FD',
			'Call-ID: C4BB7610-150411D4-802186E3-AD119804',
			'Max-Forwards: 6',
			'CSeq: 101 NOTIFY',
			'Event: message-summary',
			'Subscription-State: active',
			'Contact: <sip:user@10.7.104.88:5060>',
			'Content-Length: 0',
			'',
		]) +
		'*Apr 19 08:38:52.553: Sent:\r\n' +
		crlf([
			'SIP/2.0 200 OK',
			'Via: SIP/2.0/UDP  10.7.102.35:5060',
			'From: <sip:user@10.7.104.88>;tag=1D80E90-2072',
			'To: <sip:10.7.102.35>;tag=1C24D44-20FD',
			'Call-ID: C4BB7610-150411D4-802186E3-AD119804',
			'CSeq: 101 NOTIFY',
			'Content-Length: 0',
			'',
		]);
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 2);
	assert.equal(a.index.requestOf(1), 0);
	const codes = a.problems.map((p) => p.code);
	assert.ok(!codes.includes('response.no-request'), codes.join());
	const via = a.problems.find((p) => p.code === 'response.via-mismatch');
	assert.match(via?.message ?? '', /sent-by 10\.7\.104\.88:5060, no branch/);
});
