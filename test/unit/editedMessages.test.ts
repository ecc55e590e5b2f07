// A message a poster edited before posting it (addresses masked as `<pbx>`, a tag left out as
// `…`), without headers every message has: they may have gone with the edits, so their absence
// is said as the post's (information), not as the sender's error. Shaped as FreeSWITCH's
// unsolicited MWI NOTIFY in an issue's post (a HEP capture, hosts replaced by `<us>`, `<pbx>`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const notify = (uri: string, fromUri: string, tag: string) =>
	[
		`NOTIFY ${uri} SIP/2.0`,
		`From: <${fromUri}>;tag=${tag}`,
		`To: <${fromUri}>`,
		'CSeq: 118726115 NOTIFY',
		'User-Agent: FreeSWITCH-mod_sofia/1.11.0-release',
		'Event: message-summary',
		'Subscription-State: terminated;reason=noresource',
		'Content-Type: application/simple-message-summary',
		'Content-Length: 24',
		'',
		'Messages-Waiting: no',
		'',
	].join('\r\n');
const missing = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => /^header\.missing-(?:via|call-id)$/.test(p.code))
		.map((p) => [p.code, p.severity]);

void test('a message with masked addresses or a value left out: the headers it lacks are said as possibly left out by the poster', () => {
	for (const [uri, from, tag] of [
		['sip:1000@<us>:5060', 'sip:1000@<pbx>', 'abc'],
		['sip:1000@192.0.2.1:5060', 'sip:1000@192.0.2.2', '…'],
	] as const)
		assert.deepEqual(
			missing(notify(uri, from, tag)),
			[
				['header.missing-via', 'information'],
				['header.missing-call-id', 'information'],
			],
			`${uri} ${tag}`,
		);
});

void test('a message as sent, or with a valid URI a mask pattern would match (`sip:*97@pbx`), still lacks them as an error', () => {
	// With its Via (a request without Via and Call-ID both is said as the copy's anyway).
	const withVia = (uri: string) =>
		notify(uri, 'sip:1000@192.0.2.2', 'abc').replace(
			'\r\nFrom:',
			'\r\nVia: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK-mwi1\r\nFrom:',
		);
	for (const uri of ['sip:1000@192.0.2.1:5060', 'sip:*97@pbx.example.com'])
		assert.deepEqual(missing(withVia(uri)), [['header.missing-call-id', 'error']], uri);
});

void test("a guide's message whose Call-ID it cut short (`abc123...`): the headers it lacks are the guide's", () => {
	const info = [
		'INFO sip:voicemail@pbx.example.com SIP/2.0',
		'Call-ID: abc123...',
		'Content-Type: application/dtmf-relay',
		'Content-Length: 24',
		'',
		'Signal=5',
		'Duration=160',
		'',
	].join('\r\n');
	const lacking = analyzeTrace(info).problems.filter((p) => p.code.startsWith('header.missing-'));
	assert.ok(lacking.length >= 4);
	assert.ok(lacking.every((p) => p.severity !== 'error' && p.message.includes('`abc123...`')));
	// A whole Call-ID: the sender's errors.
	assert.ok(
		analyzeTrace(info.replace('abc123...', 'abc123@pbx.example.com')).problems.some(
			(p) => p.code === 'header.missing-cseq' && p.severity === 'error',
		),
	);
});
