// Messages whose CRs a logger wrote as `\r` while their LFs stayed line ends. The shape of
// onsip/SIP.js#992: the TextNow web phone's console (SIP.js 0.20.0) exported as escaped text, a
// REGISTER sent and its 200 received, between the library's log records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { coversAll } from './coversAll';

const register = [
	'REGISTER sip:prod.tncp.textnow.com SIP/2.0',
	'Via: SIP/2.0/WSS 9gd08ac3g27p.invalid;branch=z9hG4bK2633298',
	'To: <sip:16265077642@prod.tncp.textnow.com>',
	'From: <sip:16265077642@prod.tncp.textnow.com>;tag=r6q9vfiqiu',
	'CSeq: 3 REGISTER',
	'Call-ID: hca56b7k5k4f38om8kbk',
	'Max-Forwards: 70',
	'Contact: <sip:t2rnrqe2@9gd08ac3g27p.invalid;transport=ws>;reg-id=1;+sip.instance=\\"<urn:uuid:bf3faa62-e786-4418-9a34-e30909c5a123>\\";expires=600',
	'User-Agent: SIP.js/0.20.0',
	'Content-Length: 0',
	'',
];
const ok = [
	'SIP/2.0 200 OK',
	'Via: SIP/2.0/WSS 9gd08ac3g27p.invalid;branch=z9hG4bK2633298',
	'To: <sip:16265077642@prod.tncp.textnow.com>;tag=a94c095b773be1dd6e8d668a785a9c84',
	'From: <sip:16265077642@prod.tncp.textnow.com>;tag=r6q9vfiqiu',
	'Call-ID: hca56b7k5k4f38om8kbk',
	'CSeq: 3 REGISTER',
	'Contact: <sip:t2rnrqe2@9gd08ac3g27p.invalid;transport=ws>;expires=600',
	'Content-Length: 0',
	'',
];
const escaped = (lines: string[]) => lines.map((l) => `${l}\\r`);
const records = [
	'[2022-06-11T07:07:50.075Z] DEBUG - sip.transaction.nict - Destroyed non-INVITE client transaction with id z9hG4bK1051797.',
	'[2022-06-11T07:07:50.176Z] INFO - sip.Transport - Received WebSocket text message:',
	'',
];

for (const eol of ['\n', '\r\n']) {
	const text = [
		'[2022-06-11T07:07:50.074Z] INFO - sip.Transport - Sending WebSocket message:',
		'',
		...escaped(register),
		'',
		...records,
		...escaped(ok),
		'',
	].join(eol);

	test(`each line ending in a written \\r (${JSON.stringify(eol)} line ends): both messages, their headers read`, () => {
		const a = analyzeTrace(text);
		assert.deepEqual(
			a.messages.map((m) => [m.method ?? m.status, m.callId, m.cseq?.seq]),
			[
				['REGISTER', 'hca56b7k5k4f38om8kbk', 3],
				[200, 'hca56b7k5k4f38om8kbk', 3],
			],
		);
		assert.equal(a.index.requestOf(1), 0);
		const line = (at: number) => text.slice(0, at).split(eol).length - 1;
		assert.equal(line(a.messages[0]!.startLine.start), 2);
		const value = (h: { value: { start: number; end: number } }) =>
			text.slice(h.value.start, h.value.end);
		assert.equal(value(a.messages[1]!.header('to')!), `${ok[2]!.slice(4)}`);
		// The escapes are the message's, out of its lines: no header value holds one.
		for (const m of a.messages)
			for (const h of m.headers) assert.ok(!value(h).endsWith('\\r'), value(h));
		assert.deepEqual(
			a.problems.map((p) => p.code),
			[],
		);
		coversAll(text, a);
	});
}

test('a written \\r inside a line, or an escaped backslash before an r at its end, is no line end', () => {
	const lines = [...register.slice(0, -2), 'Path: C:\\\\r', ...register.slice(-2)];
	const prose = ['The stack must end each line with \\r\\n, see below.', ...lines, ''].join('\n');
	const a = analyzeTrace(prose);
	assert.equal(a.messages.length, 1);
	const path = a.messages[0]!.header('path')!;
	assert.equal(prose.slice(path.value.start, path.value.end), 'C:\\\\r');
	// With the message's own lines escaped, that one still is no escape: its value is kept.
	const both = [
		...escaped(lines.slice(0, -3)),
		'Path: C:\\\\r',
		...escaped(lines.slice(-2)),
		'',
	].join('\n');
	const b = analyzeTrace(both);
	const kept = b.messages[0]!.header('path')!;
	assert.equal(both.slice(kept.value.start, kept.value.end), 'C:\\\\r');
	assert.equal(b.messages[0]!.callId, 'hca56b7k5k4f38om8kbk');
});
