// The callee's UA must not send a BYE on an early dialog (RFC 3261 §15): the shape of a sipML5
// log (a WebRTC client that answered an INVITE with 180, sent BYE, and its 200 only afterwards).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const head = (start: string, from: string, to: string, cseq: string, branch: string) => [
	start,
	`Via: SIP/2.0/WSS 192.0.2.10:443;branch=${branch}`,
	`From: ${from}`,
	`To: ${to}`,
	'Call-ID: early-bye-1',
	`CSeq: ${cseq}`,
];
const msg = (lines: string[]) => [...lines, 'Content-Length: 0', '', ''].join('\r\n');
const caller = '<sip:alice@example.com>;tag=a1';
const callee = '<sip:bob@example.com>;tag=b1';
const invite = msg([
	...head(
		'INVITE sip:bob@example.com SIP/2.0',
		caller,
		'<sip:bob@example.com>',
		'1 INVITE',
		'z9hG4bKinv',
	),
	'Max-Forwards: 70',
	'Contact: <sip:alice@192.0.2.10;transport=ws>',
]);
const response = (status: string, cseq: string, branch: string, contact = true) =>
	msg([
		...head(`SIP/2.0 ${status}`, caller, callee, cseq, branch),
		...(contact ? ['Contact: <sip:bob@192.0.2.20;transport=ws>'] : []),
	]);
const bye = (from: string, to: string) =>
	msg([
		...head(
			'BYE sip:alice@192.0.2.10;transport=ws SIP/2.0',
			from,
			to,
			from === callee ? '1 BYE' : '2 BYE',
			'z9hG4bKbye',
		),
		'Max-Forwards: 70',
	]);
const byeOk = (from: string, to: string) =>
	msg([...head('SIP/2.0 200 OK', from, to, from === callee ? '1 BYE' : '2 BYE', 'z9hG4bKbye')]);
const said = (text: string) =>
	analyzeTrace(text).problems.filter((p) => p.code === 'bye.early-dialog-callee');

test("the callee's BYE after its 180 and before its 200 to the INVITE: an error on the BYE, the INVITE and the late 200 related", () => {
	const ringing = response('180 Ringing', '1 INVITE', 'z9hG4bKinv');
	const text = [
		invite,
		ringing,
		bye(callee, caller),
		byeOk(callee, caller),
		response('200 OK', '1 INVITE', 'z9hG4bKinv'),
	].join('');
	const found = said(text);
	assert.equal(found.length, 1);
	assert.equal(found[0]!.severity, 'error');
	assert.ok(text.slice(found[0]!.span.start).startsWith('BYE sip:alice@'));
	assert.deepEqual(
		found[0]!.related!.map((r) => text.slice(r.span.start, r.span.end)),
		['INVITE sip:bob@example.com SIP/2.0', 'SIP/2.0 200 OK'],
	);
	// The INVITE's 200, not the BYE's.
	assert.equal(
		found[0]!.related![1]!.span.start,
		text.indexOf('SIP/2.0 200 OK\r\nVia: SIP/2.0/WSS 192.0.2.10:443;branch=z9hG4bKinv'),
	);
});

test('not said: the callee after its 200 (a confirmed dialog), the caller on an early dialog, nor where the trace shows no final response after the BYE', () => {
	const ringing = response('180 Ringing', '1 INVITE', 'z9hG4bKinv');
	const ok = response('200 OK', '1 INVITE', 'z9hG4bKinv');
	assert.deepEqual(
		said([invite, ringing, ok, bye(callee, caller), byeOk(callee, caller)].join('')),
		[],
	);
	// The caller may end an early dialog with BYE (§15); its INVITE then gets its 487 or 200.
	assert.deepEqual(
		said(
			[
				invite,
				ringing,
				bye(caller, callee),
				byeOk(caller, callee),
				response('487 Request Terminated', '1 INVITE', 'z9hG4bKinv', false),
			].join(''),
		),
		[],
	);
	// An excerpt that ends after the BYE: whether a 2xx came first is not in it.
	assert.deepEqual(said([invite, ringing, bye(callee, caller)].join('')), []);
});
