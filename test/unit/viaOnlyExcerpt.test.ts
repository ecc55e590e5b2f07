// A call flow quoted with the one header it was about: a request line and its Via (a SIP.js
// issue's "example call flow" of an INVITE, its 407 and the ACK, each shortened so). Its other
// headers were left out by the poster, not by the sender: no mandatory header is said missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const flow = [
	'example call flow:',
	'```',
	'INVITE sip:123@example.net SIP/2.0',
	'Via: SIP/2.0/WSS 31a44ueqgapu.invalid;branch=z9hG4bK9560030',
	'',
	'SIP/2.0 407 Proxy Authentication Required',
	'',
	'ACK sip:123@example.net SIP/2.0',
	'Via: SIP/2.0/WSS 31a44ueqgapu.invalid;branch=z9hG4bK3227832',
	'```',
	'',
].join('\n');
const codes = (text: string) =>
	analyzeTrace(text).problems.map((p) => [
		text.slice(0, p.span.start).split('\n').length - 1,
		p.code,
	]);

void test('a request quoted with its Via alone is said shortened by the copy, none of its headers missing', () => {
	const problems = codes(flow);
	assert.ok(
		!problems.some(([, code]) => String(code).startsWith('header.missing-')),
		JSON.stringify(problems),
	);
	assert.deepEqual(
		problems.filter(([line]) => line === 2),
		[[2, 'message.truncated']],
	);
	const invite = analyzeTrace(flow).problems.find((p) => p.code === 'message.truncated')!;
	assert.match(invite.message, /none of From, To, Call-ID and CSeq/);
});

void test("with any of From, To, Call-ID or CSeq kept, the headers it lacks are the sender's to answer for", () => {
	const withCallId = flow.replace(
		'branch=z9hG4bK9560030',
		'branch=z9hG4bK9560030\nCall-ID: 2dsg3v0hb3v8fl0rf6ck',
	);
	const problems = codes(withCallId)
		.filter(([line]) => line === 2)
		.map(([, code]) => code);
	assert.ok(problems.includes('header.missing-from'), JSON.stringify(problems));
	assert.ok(problems.includes('header.missing-cseq'), JSON.stringify(problems));
});
