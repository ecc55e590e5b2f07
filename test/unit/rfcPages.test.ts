// Example messages copied from an RFC's text (rfc-editor.org's .txt): the page's footer, a form
// feed and the next page's header fall wherever the page ended, inside a message's headers, at
// the empty line before its body, inside its body or between two messages. The messages are
// RFC 3665's §2.1 registration (F1 to F4), in that RFC's own layout: three spaces of indent, the
// flow's headings, 58-line pages closed by `Johnston, et al.  Best Current Practice  [Page 5]`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const pageBreak = (page: number): string[] => [
	'',
	'',
	`Johnston, et al.         Best Current Practice                 [Page ${page}]`,
	'\f',
	'RFC 3665         SIP Basic Call Flow Examples          December 2003',
	'',
	'',
];

const f1 = [
	'   F1 REGISTER Bob -> SIP Server',
	'',
	'   REGISTER sips:ss2.biloxi.example.com SIP/2.0',
	'   Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashds7',
	'   Max-Forwards: 70',
	'   From: Bob <sips:bob@biloxi.example.com>;tag=a73kszlfl',
	'   To: Bob <sips:bob@biloxi.example.com>',
	'   Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com',
	'   CSeq: 1 REGISTER',
	'   Contact: <sips:bob@client.biloxi.example.com>',
	'   Content-Length: 0',
];
const f2 = [
	'   F2 401 Unauthorized SIP Server -> Bob',
	'',
	'   SIP/2.0 401 Unauthorized',
	'   Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashds7',
	'    ;received=192.0.2.201',
	'   From: Bob <sips:bob@biloxi.example.com>;tag=a73kszlfl',
	'   To: Bob <sips:bob@biloxi.example.com>;tag=1410948204',
	'   Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com',
	'   CSeq: 1 REGISTER',
	'   WWW-Authenticate: Digest realm="atlanta.example.com", qop="auth",',
	'    nonce="ea9c8e88df84f1cec4341ae6cbe5a359", opaque="", stale=FALSE,',
	'    algorithm=MD5',
	'   Content-Length: 0',
];
const f3 = [
	'   F3 REGISTER Bob -> SIP Server',
	'',
	'   REGISTER sips:ss2.biloxi.example.com SIP/2.0',
	'   Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashd92',
	'   Max-Forwards: 70',
	'   From: Bob <sips:bob@biloxi.example.com>;tag=ja743ks76zlflH',
	'   To: Bob <sips:bob@biloxi.example.com>',
	'   Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com',
	'   CSeq: 2 REGISTER',
	'   Contact: <sips:bob@client.biloxi.example.com>',
	'   Authorization: Digest username="bob", realm="atlanta.example.com",',
	'    nonce="ea9c8e88df84f1cec4341ae6cbe5a359", opaque="",',
	'    uri="sips:ss2.biloxi.example.com",',
	'    response="dfe56131d1958046689d83306477ecc"',
	'   Content-Length: 0',
];
const f4 = [
	'   F4 200 OK SIP Server -> Bob',
	'',
	'   SIP/2.0 200 OK',
	'   Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashd92',
	'    ;received=192.0.2.201',
	'   From: Bob <sips:bob@biloxi.example.com>;tag=ja743ks76zlflH',
	'   To: Bob <sips:bob@biloxi.example.com>;tag=37GkEhwl6',
	'   Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com',
	'   CSeq: 2 REGISTER',
	'   Contact: <sips:bob@client.biloxi.example.com>;expires=3600',
	'   Content-Length: 0',
];

/** The flow with a page break before line `at` of message `m` (0 for F1). */
function withBreak(m: number, at: number): string {
	const messages = [f1, f2, f3, f4].map((lines, i) =>
		i === m ? [...lines.slice(0, at), ...pageBreak(5), ...lines.slice(at)] : lines,
	);
	return `${messages.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/** What a user checks: the messages, where they start, their links, and nothing said. */
function reading(text: string): unknown {
	const a = analyzeTrace(text);
	return {
		messages: a.messages.map((m) => ({
			what: m.method ?? m.status,
			callId: m.callId,
			cseq: m.cseq?.seq ?? null,
			line: text.slice(0, m.frame.sip.start).split('\n').length - 1,
			request: a.index.transactionOf(m.index)?.request ?? null,
			challenge: a.index.challengeOf(m.index),
		})),
		problems: a.problems.map(
			(p) => `${p.code} ${text.slice(0, p.span.start).split('\n').length - 1}`,
		),
	};
}

test('a page break inside the headers, before a folded line or between a message and the next heading: read as the flow without it', () => {
	const plain = reading(withBreak(-1, 0)) as {
		messages: { line: number; request: number | null; challenge: number | null }[];
		problems: string[];
	};
	// The flow as RFC 3665 tells it: the 401 answers F1, F3 answers the 401, the 200 answers F3.
	assert.deepEqual(
		plain.messages.map((m) => [m.line, m.request, m.challenge]),
		[
			[2, 0, null],
			[14, 0, null],
			[28, 2, 1],
			[44, 2, null],
		],
	);
	assert.deepEqual(plain.problems, []);
	// Between To and Call-ID of F1, before a folded line of F2's challenge, inside F3's
	// Authorization, before F4's heading (after F3's last header).
	for (const [m, at] of [
		[0, 7],
		[1, 11],
		[2, 12],
		[3, 0],
	] as const) {
		const text = withBreak(m, at);
		const got = reading(text) as typeof plain;
		// The same reading, each message's start line moved down by the break's lines where it
		// comes after the break.
		const shifted = plain.messages.map((msg, i) => ({
			...msg,
			line: msg.line + (i > m || (i === m && at <= 2) ? pageBreak(5).length : 0),
		}));
		assert.deepEqual(got, { ...plain, messages: shifted }, `break in F${m + 1} before line ${at}`);
	}
});

test('a break where the empty line before a body fell at the end of the page: the body is read after it', () => {
	// RFC 3515 §4.2's F3, a NOTIFY whose body is a sipfrag, with the page ended after its headers.
	const body = 'SIP/2.0 100 Trying';
	const text = [
		'   NOTIFY sip:a@atlanta.example.com SIP/2.0',
		'   Via: SIP/2.0/UDP agentb.atlanta.example.com;branch=z9hG4bK9922ef992-25',
		'   To: <sip:a@atlanta.example.com>;tag=193402342',
		'   From: <sip:b@atlanta.example.com>;tag=4992881234',
		'   Call-ID: 898234234@agenta.atlanta.example.com',
		'   CSeq: 1993402 NOTIFY',
		'   Max-Forwards: 70',
		'   Event: refer',
		'   Subscription-State: active;expires=60',
		'   Contact: sip:b@atlanta.example.com',
		'   Content-Type: message/sipfrag;version=2.0',
		`   Content-Length: ${body.length + 2}`,
		...pageBreak(10),
		`   ${body}`,
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.method, 'NOTIFY');
	assert.ok(m.body);
	assert.equal(text.slice(m.body.start, m.body.end).trim(), body);
	// Alone in the excerpt: nothing else is said of it.
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['notify.no-subscribe'],
	);
});

test('a break inside an SDP body: the body is read whole, its length as the RFC gives it', () => {
	const sdp = ['v=0', 'o=bob 2890844527 2890844527 IN IP4 client.biloxi.example.com', 's=-'];
	const rest = ['c=IN IP4 192.0.2.201', 't=0 0', 'm=audio 3456 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000'];
	const length = [...sdp, ...rest].reduce((n, l) => n + l.length + 2, 0);
	const text = [
		'   SIP/2.0 200 OK',
		'   Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bK74bf9',
		'   From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl',
		'   To: Bob <sip:bob@biloxi.example.com>;tag=8321234356',
		'   Call-ID: 3848276298220188511@atlanta.example.com',
		'   CSeq: 1 INVITE',
		'   Contact: <sip:bob@client.biloxi.example.com>',
		'   Content-Type: application/sdp',
		`   Content-Length: ${length}`,
		'',
		...sdp.map((l) => `   ${l}`),
		...pageBreak(12),
		...rest.map((l) => `   ${l}`),
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const body = a.messages[0]!.body!;
	assert.match(text.slice(body.start, body.end), /a=rtpmap:0 PCMU\/8000/);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['response.no-request'],
	);
});

test("an RFC's placeholders for what it leaves out (`Content-Length: ...`, `[PIDF Document]`): said left out, not judged as the values and body they stand for", () => {
	// RFC 3903 §10's M5, the PUBLISH of an initial publication, as the RFC prints it.
	const text = [
		'      M5: The PUA publishes its state.',
		'',
		'      PUBLISH sip:presentity@example.com SIP/2.0',
		'      Via: SIP/2.0/UDP pua.example.com;branch=z9hG4bK652hsge',
		'      To: <sip:presentity@example.com>',
		'      From: <sip:presentity@example.com>;tag=1234wxyz',
		'      Call-ID: 81818181@pua.example.com',
		'      CSeq: 1 PUBLISH',
		'      Max-Forwards: 70',
		'      Expires: 3600',
		'      Event: presence',
		'      Content-Type: application/pidf+xml',
		'      Content-Length: ...',
		'',
		'      [PIDF Document]',
		'',
		'      M6: The ESC confirms the publication.',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages[0]?.method, 'PUBLISH');
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.severity]),
		[['message.elided', 'information']],
	);
	// 3GPP TS 24.229's and 24.141's examples write the placeholder in parentheses.
	for (const placeholder of ['(…)', '(...)', '…'])
		assert.deepEqual(
			analyzeTrace(
				text.replace('Content-Length: ...', `Content-Length: ${placeholder}`),
			).problems.map((p) => p.code),
			['message.elided'],
			placeholder,
		);
	// A length that is no number and no placeholder is still said, and so is a body that is
	// no document.
	const wrong = analyzeTrace(text.replace('Content-Length: ...', 'Content-Length: 12a'));
	assert.ok(wrong.problems.some((p) => p.code === 'header.bad-content-length'));
	const body = analyzeTrace(
		text
			.replace('Content-Length: ...', 'Content-Length: 21')
			.replace('[PIDF Document]', 'not a PIDF document'),
	);
	assert.ok(body.problems.some((p) => p.code === 'body.invalid'));
});

test("a site's line at each of the RFC's pages (`Top   ToC   RFC3665 - Page 13`) inside a message: read without it", () => {
	// RFC 3665's F1 as tech-invite shows it: the page's own line where the RFC's page broke.
	const lines = [
		'   F1 INVITE Alice -> Bob',
		'',
		'   INVITE sip:bob@biloxi.example.com SIP/2.0',
		'   Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9',
		'   Max-Forwards: 70',
		'   From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl',
		'   To: Bob <sip:bob@biloxi.example.com>',
		'Top   ToC   RFC3665 - Page 13',
		'   Call-ID: 3848276298220188511@atlanta.example.com',
		'   CSeq: 1 INVITE',
		'   Contact: <sip:alice@client.atlanta.example.com;transport=tcp>',
		'   Content-Length: 0',
		'',
		'',
	];
	const a = analyzeTrace(lines.join('\n'));
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.callId, m.cseq?.seq]),
		[['INVITE', '3848276298220188511@atlanta.example.com', 1]],
	);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	// The same words in a sentence are no page's line.
	const prose = lines
		.join('\n')
		.replace('Top   ToC   RFC3665 - Page 13', 'See the top of RFC3665 - Page 13');
	assert.ok(analyzeTrace(prose).problems.some((p) => p.code === 'header.missing-call-id'));
});

test("an Internet-Draft's page break (its footer says when it expires, its header `Internet-Draft`): read as the flow without it", () => {
	const draftBreak = [
		'',
		'',
		'',
		'Sparks, et al.          Expires September 6, 2006              [Page 29]',
		'',
		'Internet-Draft               SIP CC Transfer                  March 2006',
		'',
		'',
	];
	const inside = [f1, f2, f3, f4].map((lines, i) =>
		i === 0 ? [...lines.slice(0, 5), ...draftBreak, ...lines.slice(5)] : lines,
	);
	const text = `${inside.map((lines) => lines.join('\n')).join('\n\n')}\n`;
	const plain = reading(withBreak(-1, 0)) as { messages: { line: number }[]; problems: string[] };
	const read = reading(text) as { messages: { line: number }[]; problems: string[] };
	// The same messages and links, nothing said of the break; the lines after it moved down.
	assert.deepEqual(
		read.messages.map((m) => ({ ...m, line: 0 })),
		plain.messages.map((m) => ({ ...m, line: 0 })),
	);
	assert.deepEqual(read.problems.length, plain.problems.length);
});

test("RFC 4475's `<allOneLine>` around a long header: its lines are one, the tags no part of the message", () => {
	// The shape of the call transfer draft's REFER: a Refer-To with an escaped Replaces, three
	// lines between the tags (the draft closed one block with a second `<allOneLine>`).
	const refer = (close: string) =>
		[
			'   REFER sips:transferee@192.0.2.4 SIP/2.0',
			'   Via: SIP/2.0/TLS pc33.atlanta.example.com;branch=z9hG4bKnashds9',
			'   Max-Forwards: 70',
			'   To: <sips:transferee@biloxi.example.com>;tag=a6c85cf',
			'   From: <sips:transferor@atlanta.example.com>;tag=1928301774',
			'   Call-ID: a84b4c76e66710',
			'   CSeq: 314160 REFER',
			'   <allOneLine>',
			'   Refer-To: <sips:transfertarget@chicago.example.com?Replaces=',
			'   090459243588173445%3Bto-tag%3D9m2n3wq%3Bfrom-tag%3D763231',
			'   &Require=replaces>',
			`   ${close}`,
			'   Contact: <sips:transferor@pc33.atlanta.example.com>',
			'   Content-Length: 0',
			'',
		].join('\n');
	for (const close of ['</allOneLine>', '<allOneLine>']) {
		const text = refer(close);
		const a = analyzeTrace(text);
		assert.equal(a.messages.length, 1);
		// Only that the call it replaces is not in this excerpt.
		assert.deepEqual(
			a.problems.map((p) => p.code),
			['replaces.dialog-not-in-trace'],
			close,
		);
		const replaces = a.index.replacesOf(0);
		assert.deepEqual(
			[replaces?.callId, replaces?.toTag, replaces?.fromTag],
			['090459243588173445', '9m2n3wq', '763231'],
		);
		assert.equal(a.messages[0]!.headerCount, 9);
	}
});
