// A poster who explains a message writes remarks after header values (`Call-ID: ...  // made up
// here`, a blog's walk through an IMS core's messages): the value ends before the remark, so the
// response still matches its request, and the remarks are said once per message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { findHeader } from '../../server/src/core/query';

const invite = [
	'INVITE sip:1013@ims.mnc001.mcc001.3gppnetwork.org SIP/2.0',
	'Via: SIP/2.0/TCP 182.0.3.112:5060;branch=z9hG4bKrvecbbPKcWj1EbefaynY  // added by the P-CSCF',
	'Max-Forwards: 70',
	'From: <sip:1012@ims.mnc001.mcc001.3gppnetwork.org>;tag=tKecbbPKc',
	'To: <sip:1013@ims.mnc001.mcc001.3gppnetwork.org>',
	'Call-ID: 28344237-58da32bd-195782-7fa7f5c942b0  // built here, reused later',
	'CSeq: 1 INVITE',
	'Contact: <sip:1012@182.0.3.112:5060>',
	'Content-Length: 0',
	'',
	'',
].join('\r\n');
const ringing = [
	'SIP/2.0 180 Ringing',
	'Via: SIP/2.0/TCP 182.0.3.112:5060;branch=z9hG4bKrvecbbPKcWj1EbefaynY',
	'From: <sip:1012@ims.mnc001.mcc001.3gppnetwork.org>;tag=tKecbbPKc',
	'To: <sip:1013@ims.mnc001.mcc001.3gppnetwork.org>;tag=a1b2c3',
	'Call-ID: 28344237-58da32bd-195782-7fa7f5c942b0',
	'CSeq: 1 INVITE',
	'Contact: <sip:1013@182.0.3.113:5060>',
	'Content-Length: 0',
	'',
	'',
].join('\r\n');

void test('remarks after a Call-ID and a Via: values read without them, the response matched, said once', () => {
	const text = invite + ringing;
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.callId),
		['28344237-58da32bd-195782-7fa7f5c942b0', '28344237-58da32bd-195782-7fa7f5c942b0'],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.ok(!a.problems.some((p) => p.code === 'response.via-mismatch'));
	const remarks = a.problems.filter((p) => /remark/i.test(p.message));
	assert.deepEqual(
		remarks.map((p) => [p.severity, text.slice(p.span.start, p.span.end)]),
		[['information', '// added by the P-CSCF']],
	);
	assert.match(remarks[0]!.message, /^Remarks on 2 header lines/);
});

void test('a remark on a line of its own among the headers, where the poster remarks after values too, is no wrapped header', () => {
	for (const remark of ['// 大改，但是也是来自于UE带来的信息', '// the P-CSCF rewrote this one']) {
		const text = invite.replace(
			'Contact: <sip:1012@182.0.3.112:5060>',
			`Contact: <sip:1012@182.0.3.112:5060>\r\n${remark}`,
		);
		const a = analyzeTrace(text);
		assert.equal(a.messages.length, 1, remark);
		const m = a.messages[0]!;
		// The Contact is read without the line below it, and nothing is said wrapped or malformed.
		const contact = findHeader(m, 'contact')!.value;
		assert.equal(text.slice(contact.start, contact.end), '<sip:1012@182.0.3.112:5060>', remark);
		assert.deepEqual(
			a.problems.filter((p) => p.code.startsWith('header.')).map((p) => p.code),
			[],
			remark,
		);
		assert.match(
			a.problems.find((p) => /remark/i.test(p.message))!.message,
			/^Remarks on 3 header lines/,
		);
	}
	// A line that opens with a URI's `//` (a Call-Info a copy wrapped after `http:`) is the rest of
	// the header above, as before.
	const wrapped = invite.replace(
		'Content-Length: 0',
		'Call-Info: <http:\r\n//www.example.com/alice/photo.jpg>;purpose=icon\r\nContent-Length: 0',
	);
	const a = analyzeTrace(wrapped);
	assert.ok(a.problems.some((p) => p.code === 'header.wrapped'));
});

void test("a URI's `//` and a quoted one are values, not remarks", () => {
	const text = invite
		.replace(/ {2}\/\/ [^\r]*/g, '')
		.replace(
			'Content-Length: 0',
			'Call-Info: <http://www.example.com/alice/photo.jpg> ;purpose=icon\r\nSubject: "see // below"\r\nContent-Length: 0',
		);
	const a = analyzeTrace(text);
	assert.ok(!a.problems.some((p) => /remark/i.test(p.message)));
	assert.equal(a.messages[0]!.callId, '28344237-58da32bd-195782-7fa7f5c942b0');
});

void test("closing tags a page's HTML added after values (`</sip:...>`): values read without them, said once", () => {
	// A forum took each `<sip:...>` for a tag and closed them all after the last header.
	const text = invite
		.replace(/ {2}\/\/ [^\r]*/g, '')
		.replace(
			'Max-Forwards: 70',
			'Max-Forwards: 70</sip:1013@ims.mnc001.mcc001.3gppnetwork.org></sip:1012@ims.mnc001.mcc001.3gppnetwork.org>',
		);
	const a = analyzeTrace(text);
	const value = findHeader(a.messages[0]!, 'max-forwards')!.value;
	assert.equal(text.slice(value.start, value.end), '70');
	assert.ok(!a.problems.some((p) => p.code === 'header.bad-max-forwards'));
	const said = a.problems.filter((p) => p.code === 'message.elided');
	assert.deepEqual(
		said.map((p) => [p.severity, text.slice(p.span.start, p.span.start + 6)]),
		[['information', '</sip:']],
	);
	assert.match(said[0]!.message, /HTML/);
});

void test('remarks marked with an arrow (`← NO To-tag`, `<- Start Header`), also alone on an indented line, are read as remarks', () => {
	// A post on a carrier's rejected ACK: each fault pointed at on its line or under it.
	const text = invite
		.replace(/ {2}\/\/ [^\r]*/g, '')
		.replace('CSeq: 1 INVITE', 'CSeq: 1 INVITE                ← wrong number')
		.replace(
			/(From: [^\r]*)/,
			'$1\r\n                                   ← NEW From-tag (not 865222299)',
		)
		.replace('Max-Forwards: 70', 'Max-Forwards: 70 <- Start Header');
	const a = analyzeTrace(text);
	const m = a.messages[0]!;
	assert.equal(m.cseq?.seq, 1);
	assert.equal(m.from?.tag, 'tKecbbPKc');
	const value = findHeader(m, 'max-forwards')!.value;
	assert.equal(text.slice(value.start, value.end), '70');
	assert.ok(!a.problems.some((p) => p.code === 'header.bad-cseq'));
	const said = a.problems.filter((p) => p.code === 'message.elided');
	assert.equal(said.length, 1);
	assert.match(said[0]!.message, /^Remarks on 3 header lines .*\(`<- \.\.\.`\)/);
});
