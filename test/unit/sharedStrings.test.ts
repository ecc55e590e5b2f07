// The per-trace table of repeated strings (Call-IDs, tags, URIs...) and the in-place readings the
// parser uses for the common forms: each must answer what slicing and the general reading do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Interner } from '../../server/src/core/parser/strings';
import { analyzeTrace } from '../../server/src/core/analyze';

test('a shared string is the text it stands for, however often the text repeats it', () => {
	const text = 'a1b2c3d@10.0.0.1 X a1b2c3d@10.0.0.1 a1b2c3d@10.0.0.2 ';
	const strings = new Interner();
	assert.equal(strings.at(text, 0, 16), 'a1b2c3d@10.0.0.1');
	assert.equal(strings.at(text, 19, 35), 'a1b2c3d@10.0.0.1');
	assert.equal(strings.at(text, 36, 52), 'a1b2c3d@10.0.0.2');
	assert.equal(strings.at(text, 17, 18), 'X');
	assert.equal(strings.at(text, 5, 5), '');
});

test('values made to collide in the hash are each read right', () => {
	// "Aa" and "BB" hash alike under the 31-multiplier: every mix of them collides.
	const values: string[] = [];
	for (let i = 0; i < 4096; i++) {
		let v = '';
		for (let bit = 0; bit < 12; bit++) v += (i >> bit) & 1 ? 'BB' : 'Aa';
		values.push(v);
	}
	const text = values.join(',') + ',' + values.join(',');
	const strings = new Interner();
	let at = 0;
	for (let round = 0; round < 2; round++)
		for (const v of values) {
			assert.equal(strings.at(text, at, at + v.length), v);
			at += v.length + 1;
		}
});

test('a lower-case table answers what toLowerCase does, Unicode included', () => {
	const strings = new Interner(true);
	for (const v of ['Application/SDP', 'application/sdp', 'TEXT/PLAİN', 'ΑΣ', 'presence.WINFO', 'K'])
		assert.equal(strings.at(` ${v} `, 1, 1 + v.length), v.toLowerCase());
});

const message = (
	headers: string[],
	startLine = 'SIP/2.0 200 OK',
	from = '<sip:a@example.com>;tag=1',
): string =>
	[
		startLine,
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa;received=192.0.2.9;rport=5062',
		`From: ${from}`,
		'To: <sip:b@example.com>;tag=2',
		'Call-ID: c1@example.com',
		'CSeq: 1 INVITE',
		...headers,
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');

test('the common forms read in place answer as the general reading: names, types, events', () => {
	const a = analyzeTrace(
		message(
			['Content-Type:  Application/PIDF+XML ; charset=utf-8', 'Event:  Presence '],
			'SIP/2.0 200 OK',
			'"Bob \\"B\\" Smith" <sip:a@example.com>;tag=1',
		) +
			message(
				['Content-Type: TEXT/PLAİN', 'Event: dialog;id=42'],
				'SIP/2.0 180  Ringing  ',
				'"Alice" <sip:a@example.com>;tag=1',
			) +
			message([], 'INVITE sip:b@example.com SIP/2.0'),
	);
	const [ok, ringing, invite] = a.messages;
	assert.equal(ok!.contentType, 'application/pidf+xml');
	assert.deepEqual(ok!.event, { package: 'presence', id: null });
	assert.equal(ok!.reason, 'OK');
	assert.equal(ok!.from!.displayName, 'Bob "B" Smith');
	assert.equal(ringing!.from!.displayName, 'Alice');
	assert.equal(ringing!.from!.tag, '1');
	assert.deepEqual(ok!.cseq, { seq: 1, method: 'INVITE' });
	const via = ok!.vias[0]!;
	assert.deepEqual(
		[via.sentBy, via.branch, via.received, via.rport],
		['192.0.2.1:5060', 'z9hG4bKa', '192.0.2.9', '5062'],
	);
	// A Via serialises as the plain value, its span included.
	assert.deepEqual(JSON.parse(JSON.stringify(via)).span, via.span);
	assert.equal(ringing!.contentType, 'text/plaİn'.toLowerCase());
	assert.deepEqual(ringing!.event, { package: 'dialog', id: '42' });
	assert.equal(ringing!.reason, 'Ringing');
	assert.equal(invite!.requestUri, 'sip:b@example.com');
	assert.equal(invite!.kind, 'request');
	const uri = invite!.requestUriSpan!;
	assert.equal(a.text.slice(uri.start, uri.end), 'sip:b@example.com');
});

test('messages that repeat a From and Vias each read their own place and parameters', () => {
	const a = analyzeTrace(
		message(
			['Via: SIP/2.0/TCP 192.0.2.3;branch=z9hG4bKb;rport'],
			'SIP/2.0 200 OK',
			'<sip:a@example.com>;tag=1;x=1',
		) +
			message(
				['Via: SIP / 2.0 / tcp 192.0.2.3;branch=z9hG4bKb'],
				'SIP/2.0 200 OK',
				'< sip:a@example.com > ;tag=1;x=2',
			) +
			message([], 'SIP/2.0 200 OK', 'sip:a@example.com;tag=1;x=3'),
	);
	const froms = a.messages.map((m) => m.from!);
	assert.deepEqual(
		froms.map((f) => [
			f.uri,
			f.tag,
			f.params.get('x'),
			a.text.slice(f.uriSpan.start, f.uriSpan.end),
		]),
		[1, 2, 3].map((x) => ['sip:a@example.com', '1', String(x), 'sip:a@example.com']),
	);
	assert.ok(froms[0]!.uriSpan.start < froms[1]!.uriSpan.start);
	const vias = a.messages.slice(0, 2).map((m) => m.vias[1]!);
	assert.deepEqual(
		vias.map((v) => [v.protocol, v.transport, v.sentBy, v.branch, v.received, v.rport]),
		[
			['SIP/2.0/TCP', 'TCP', '192.0.2.3', 'z9hG4bKb', null, ''],
			['SIP/2.0/TCP', 'TCP', '192.0.2.3', 'z9hG4bKb', null, null],
		],
	);
	assert.equal(
		a.text.slice(vias[1]!.span.start, vias[1]!.span.end),
		'SIP / 2.0 / tcp 192.0.2.3;branch=z9hG4bKb',
	);
});

test('a value is confirmed in the text it is met in, not where an earlier text had it', () => {
	// "Aa" and "BB" hash alike: in the second text, the place where the first had "Aa" reads "BB",
	// as the value asked for does; the answer is still the value asked for.
	const strings = new Interner();
	assert.equal(strings.at('Aa', 0, 2), 'Aa');
	assert.equal(strings.at('BBBB', 2, 4), 'BB');
	assert.equal(strings.at('BBBB', 0, 2), 'BB');
	assert.equal(strings.at('xAa', 1, 3), 'Aa');
	const lower = new Interner(true);
	assert.equal(lower.at('Aa', 0, 2), 'aa');
	assert.equal(lower.at('BBBB', 2, 4), 'bb');
	assert.equal(lower.at('bBBb', 1, 3), 'bb');
});

test('a mark stays with its value, and goes when another value takes its place', () => {
	const strings = new Interner(false, 1);
	const text = 'sip:a@b sip:c@d sip:a@b';
	strings.at(text, 0, 7);
	assert.equal(strings.mark(), 0);
	strings.setMark(2);
	strings.at(text, 16, 23);
	assert.equal(strings.mark(), 2);
	// One slot: a second value evicts the first, and its mark with it.
	strings.at(text, 8, 15);
	assert.equal(strings.mark(), 0);
	strings.at(text, 0, 7);
	assert.equal(strings.mark(), 0);
	// Values too long to keep have no mark.
	strings.at('x'.repeat(300), 0, 300);
	strings.setMark(3);
	assert.equal(strings.mark(), 0);
});

test('a released table forgets what it kept (marks too) and shares again from then on', () => {
	const strings = new Interner();
	const text = 'sip:a@b sip:a@b sip:a@b';
	const first = strings.at(text, 0, 7);
	strings.setMark(5);
	assert.equal(strings.at(text, 8, 15), first);
	assert.equal(strings.mark(), 5);
	strings.release();
	// Asked again, the value is made anew, equal, with no mark; then shared as before.
	assert.equal(strings.mark(), 0);
	const again = strings.at(text, 16, 23);
	assert.equal(again, 'sip:a@b');
	assert.equal(strings.mark(), 0);
	assert.equal(strings.at(text, 0, 7), again);
});

test('each request with a Request-URI met before is judged as the first was', () => {
	const bad = 'INVITE sip:b@example.com?Subject=x SIP/2.0';
	const good = 'INVITE sip:b@example.com SIP/2.0';
	const a = analyzeTrace(message([], bad) + message([], good) + message([], bad));
	const faults = a.problems.filter((p) => p.code === 'message.bad-request-uri');
	assert.equal(faults.length, 2);
	assert.deepEqual(
		faults.map((p) =>
			a.messages.findIndex(
				(m) => m.frame.span.start <= p.span.start && p.span.start < m.frame.span.end,
			),
		),
		[0, 2],
	);
});
