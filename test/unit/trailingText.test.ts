// A page's text right after a message's headers, with no empty line between (a book's figure
// labels under a message it cut, a guide's sentence under a double-spaced message): no header
// field, and no fault of the sender's either. Said once, as the page's, where the lines run to
// the message's end without a header or a body among them; a line that is no header among
// headers stays the sender's error.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const headers = [
	'SUBSCRIBE sips:henry@voicemail.example.com SIP/2.0',
	'Via: SIP/2.0/TLS 192.0.2.1:5060;branch=z9hG4bK83',
	'To: <sips:henry@voicemail.example.com>',
	'From: <sips:henry@example.com>;tag=312',
];
const problemsOf = (lines: string[]) =>
	analyzeTrace(lines.join('\n')).problems.map((p) => [p.code, p.severity, p.message]);

void test("a figure's labels under a message a book cut: one note, the message said cut", () => {
	const labels = ['1 SUBSCRIBE', 'Subscribe to mailbox status changes for one day', '2 200 OK'];
	const problems = problemsOf([...headers, ...labels, '218 Chapter 12', '']);
	assert.deepEqual(
		problems.filter(([code]) => code === 'header.malformed'),
		[
			[
				'header.malformed',
				'information',
				"This line and the 3 after it hold no header field: the page's text after the message, read as no part of it.",
			],
		],
	);
	assert.ok(
		problems.every(([, severity]) => severity !== 'error'),
		JSON.stringify(problems),
	);
	assert.deepEqual(
		problems.find(([code]) => code === 'message.truncated'),
		[
			'message.truncated',
			'warning',
			"The page's text follows this message before the end of its headers: the copy cut it short.",
		],
	);
});

void test('a sentence right after a whole double-spaced message is the page’s, not a header', () => {
	const whole = [
		'SIP/2.0 180 Ringing',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK83',
		'To: <sip:2000@192.0.2.2>;tag=a1',
		'From: <sip:1000@192.0.2.1>;tag=312',
		'Call-ID: c1@192.0.2.1',
		'CSeq: 1 INVITE',
		'Content-Length: 0',
		'Supported: Geolocation',
	];
	// A guide that set each line as a paragraph: an empty line after every one.
	const doubled = (lines: string[]) => lines.flatMap((l) => [l, '']);
	assert.deepEqual(
		problemsOf(doubled([...whole, 'Gateway plays ringback to PRI leg from the DSP.'])).filter(
			([code]) => code === 'header.malformed',
		),
		[
			[
				'header.malformed',
				'information',
				"Text after the message's headers, not a header field: the page's, read as no part of the message.",
			],
		],
	);
	// A line that is no header among the headers, or a last one that is no sentence: the sender's.
	for (const lines of [
		[...whole.slice(0, 3), 'Max-Forwards 70', ...whole.slice(3)],
		[...whole, 'Max-Forwards 70'],
	])
		assert.deepEqual(
			problemsOf(doubled(lines))
				.filter(([code]) => code === 'header.malformed')
				.map(([, severity]) => severity),
			['error'],
			lines.join('|'),
		);
});

void test("a manual's NOTIFY with placeholders for its URIs' parts, its page's text under it: said as the example's", () => {
	// Yealink's check-sync NOTIFY as its administrator guide sets it, its table's cells after it.
	const text = [
		'NOTIFY sip:<user>@<dsthost> SIP/2.0',
		'To: sip:<user>@<dsthost>',
		'From: sip:sipsak@<srchost>',
		'CSeq: 10 NOTIFY',
		'Call-ID: 1234@<srchost>',
		'Event: check-sync;reboot=true',
		'Procedure',
		'Changes can only be configured using the configuration files.',
		'Central Provisioning',
		'(Configuration File)',
		'<y0000000000xx>.cfg',
		'Configure the IP phone behavior',
		'',
	].join('\n');
	const problems = analyzeTrace(text).problems.map((p) => [p.code, p.severity]);
	assert.ok(
		problems.every(([, severity]) => severity !== 'error'),
		JSON.stringify(problems),
	);
	assert.deepEqual(
		problems.filter(([code]) => code === 'header.bad-name-addr' || code === 'header.malformed'),
		[
			['header.bad-name-addr', 'information'],
			['header.bad-name-addr', 'information'],
			['header.malformed', 'information'],
		],
	);
});

void test("a knowledge base's bullet between two messages, right under the first's last header: the page's", () => {
	// Cisco's SPA9000 article: `- The SPA9000 will challenge the REGISTER` under the REGISTER,
	// whose Content-Length stands before Expires and User-Agent, then the 401.
	const register = [
		...headers.slice(0, 2),
		...headers.slice(2),
		'Call-ID: 344455738-1740902088-7072075',
		'CSeq: 1 SUBSCRIBE',
		'Content-Length: 0',
		'Expires: 3600',
		'User-Agent: Call Ctrl 1.1',
	];
	const challenge = [
		'SIP/2.0 401 Unauthorized',
		'Via: SIP/2.0/TLS 192.0.2.1:5060;branch=z9hG4bK83',
		'To: <sips:henry@voicemail.example.com>;tag=60b7acd9-0',
		'From: <sips:henry@example.com>;tag=312',
		'Call-ID: 344455738-1740902088-7072075',
		'CSeq: 1 SUBSCRIBE',
		'WWW-Authenticate: Digest realm="voicemail.example.com", nonce="70f778f0"',
		'Content-Length: 0',
		'',
	];
	const problems = problemsOf([
		...register,
		'- The SPA9000 will challenge the REGISTER',
		...challenge,
	]);
	assert.deepEqual(
		problems.filter(([code]) => code === 'header.malformed'),
		[
			[
				'header.malformed',
				'information',
				"Text after the message's headers, not a header field: the page's, read as no part of the message.",
			],
		],
	);
	// A bullet of a word or two, or one with a colon, may be a header's damage: still said.
	for (const line of ['- Challenge', '- Note: challenged'])
		assert.ok(
			problemsOf([...register, line, ...challenge]).some(
				([code, severity]) => code === 'header.malformed' && severity === 'error',
			),
			line,
		);
});
