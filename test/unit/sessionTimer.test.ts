// Session timers (RFC 4028): Session-Expires at least 90 seconds (§4) and its own Min-SE (§7.1);
// a 422 carries Min-SE (§6). JsSIP's INVITE with `Session-Expires: 60` (a JsSIP issue), its 422.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const invite = (timer: string[]) =>
	[
		'INVITE sip:bob@example.com SIP/2.0',
		'Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK2853469',
		'Max-Forwards: 69',
		'To: <sip:bob@example.com>',
		'From: <sip:alice@example.com>;tag=a1',
		'Call-ID: st1',
		'CSeq: 1 INVITE',
		'Contact: <sip:alice@df7jal23ls0d.invalid;transport=ws>',
		...timer,
		'Supported: timer',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const response = (status: string, more: string[]) =>
	[
		`SIP/2.0 ${status}`,
		'Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK2853469',
		'To: <sip:bob@example.com>;tag=b1',
		'From: <sip:alice@example.com>;tag=a1',
		'Call-ID: st1',
		'CSeq: 1 INVITE',
		...more,
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const said = (text: string) =>
	analyzeTrace(text)
		.problems.filter(
			(p) => p.code === 'session-expires.too-small' || p.code === '422.missing-min-se',
		)
		.map((p) => [p.code, text.slice(p.span.start, p.span.end)]);

test('Session-Expires under 90 seconds, or under its own Min-SE: an error on its value', () => {
	assert.deepEqual(said(invite(['Session-Expires: 60'])), [['session-expires.too-small', '60']]);
	assert.deepEqual(said(invite(['Session-Expires: 120;refresher=uac', 'Min-SE: 300'])), [
		['session-expires.too-small', '120;refresher=uac'],
	]);
	assert.deepEqual(said(invite(['Session-Expires: 1800', 'Min-SE: 90'])), []);
	assert.deepEqual(said(invite(['x: 90'])), []);
});

test('a 422 without Min-SE: an error; with it, nothing', () => {
	const a = invite(['Session-Expires: 60']);
	assert.deepEqual(said(a + response('422 Session Interval Too Small', [])).slice(1), [
		['422.missing-min-se', 'SIP/2.0 422 Session Interval Too Small'],
	]);
	assert.deepEqual(
		said(a + response('422 Session Interval Too Small', ['Min-SE: 90'])).slice(1),
		[],
	);
});

test('a 2xx that makes the UAC the refresher without `Require: timer` (Exchange UM): a warning on its Session-Expires', () => {
	const refresherSaid = (t: string) =>
		analyzeTrace(t)
			.problems.filter((p) => p.code === 'session-expires.uac-refresher-without-require')
			.map((p) => [p.severity, t.slice(p.span.start, p.span.end)]);
	const offer = invite(['Session-Expires: 1800']);
	const ok = (more: string[]) =>
		offer + response('200 OK', ['Contact: <sip:bob@10.0.0.2>', ...more]);
	assert.deepEqual(refresherSaid(ok(['Session-Expires: 1800;refresher=uac'])), [
		['warning', '1800;refresher=uac'],
	]);
	// With the extension required, or with the UAS refreshing, nothing.
	assert.deepEqual(
		refresherSaid(ok(['Session-Expires: 1800;refresher=uac', 'Require: timer'])),
		[],
	);
	assert.deepEqual(
		refresherSaid(ok(['Session-Expires: 1800;refresher=uac', 'Require: 100rel, TIMER'])),
		[],
	);
	assert.deepEqual(refresherSaid(ok(['Session-Expires: 1800;refresher=uas'])), []);
	// Not a provisional response: §9 speaks of the 2xx.
	assert.deepEqual(
		refresherSaid(offer + response('180 Ringing', ['Session-Expires: 1800;refresher=uac'])),
		[],
	);
});

test("Session-Expires, Min-SE and RSeq that are no numbers are errors; glued headers after them are the copy's", () => {
	const codes = (text: string) =>
		analyzeTrace(text)
			.problems.filter((p) => /bad-value$|^header\.joined$/.test(p.code))
			.map((p) => [p.code, text.slice(p.span.start, p.span.end)]);
	assert.deepEqual(codes(invite(['Session-Expires: 1800;refresher=uac', 'Min-SE: 90'])), []);
	assert.deepEqual(codes(invite(['Session-Expires: ...'])), []);
	assert.deepEqual(codes(invite(['Session-Expires: never;refresher=uac', 'Min-SE: 90s'])), [
		['session-expires.bad-value', 'never;refresher=uac'],
		['session-expires.bad-value', '90s'],
	]);
	const reliable = (rseq: string) =>
		response('183 Session Progress', [`RSeq: ${rseq}`, 'Require: 100rel']);
	assert.deepEqual(codes(reliable('3482')), []);
	assert.deepEqual(codes(reliable('0')), [['rseq.bad-value', '0']]);
	assert.deepEqual(codes(reliable('abc')), [['rseq.bad-value', 'abc']]);
	// Cisco's debug as a page copied it: the next header on the same line, a name no list holds.
	const glued = analyzeTrace(
		invite([
			'Min-SE:  1800 Cisco-Guid: 1334370502-1348997600',
			'Session-Expires: 1800;refresher=uas X-Note: a',
		]),
	);
	assert.deepEqual(
		glued.problems.map((p) => p.code),
		['header.joined'],
	);
	const minSe = glued.messages[0]!.headers.find(
		(h) => glued.text.slice(h.name.start, h.name.end) === 'Min-SE',
	)!;
	assert.equal(glued.text.slice(minSe.value.start, minSe.value.end), '1800');
});
