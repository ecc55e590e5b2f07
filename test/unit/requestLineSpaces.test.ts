// The Request-Line's three elements with one SP between them and its CRLF right after the
// version (RFC 3261 §7.1): what is said names what is wrong, the separators or the line's end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const refer = (requestLine: string): string =>
	[
		requestLine,
		'Via: SIP/2.0/UDP agenta.atlanta.example.com;branch=z9hG4bK2293940223',
		'To: <sip:b@atlanta.example.com>',
		'From: <sip:a@atlanta.example.com>;tag=193402342',
		'Call-ID: 898234234@agenta.atlanta.example.com',
		'CSeq: 93809823 REFER',
		'Max-Forwards: 70',
		'Refer-To: <sip:c@atlanta.example.com>',
		'Contact: <sip:a@atlanta.example.com>',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const said = (requestLine: string) =>
	analyzeTrace(refer(requestLine))
		.problems.filter((p) => p.code === 'message.malformed-start-line')
		.map((p) => [p.severity, p.message]);

void test('white space after the version is said as such, not as a separator', () => {
	// RFC 3515's REFER as a tutorial copied it, one space after SIP/2.0.
	const problems = said('REFER sip:b@atlanta.example.com SIP/2.0 ');
	assert.equal(problems.length, 1);
	assert.equal(problems[0]![0], 'warning');
	assert.match(problems[0]![1]!, /^White space after SIP\/2\.0/);
	assert.doesNotMatch(problems[0]![1]!, /separated/);
});

void test('two spaces between elements are said to break the single-space separators', () => {
	for (const line of [
		'REFER  sip:b@atlanta.example.com SIP/2.0',
		'REFER sip:b@atlanta.example.com  SIP/2.0',
		'REFER sip:b@atlanta.example.com  SIP/2.0 ',
	]) {
		const problems = said(line);
		assert.equal(problems.length, 1, line);
		assert.match(problems[0]![1]!, /separated by single spaces/, line);
	}
	assert.deepEqual(said('REFER sip:b@atlanta.example.com SIP/2.0'), []);
});

void test("a Status-Line with a note after its reason (Cisco's `! ...`): the reason without it, the note said once", () => {
	const response = (statusLine: string): string =>
		[
			statusLine,
			'Via: SIP/2.0/UDP 172.18.193.120:5060;received=172.18.193.120;branch=z9hG4bK6ED',
			'Call-ID: E35DBEB1-DC9811D6-80098FBE-BE736A4@172.18.193.120',
			'From: "36602" <sip:36602@172.18.193.120>;tag=3E948-4C5',
			'To: <sip:5550123@172.18.193.187>;tag=3E9',
			'CSeq: 101 INVITE',
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	const read = (line: string) => {
		const a = analyzeTrace(response(line));
		return {
			reason: a.messages[0]!.reason,
			notes: a.problems
				.filter((p) => p.code === 'message.malformed-start-line')
				.map((p) => p.severity),
		};
	};
	assert.deepEqual(
		read(
			'SIP/2.0 407 Proxy Authentication Required ! 407 proxy authentication required response message (command sequence 101)',
		),
		{ reason: 'Proxy Authentication Required', notes: ['information'] },
	);
	assert.deepEqual(
		read('SIP/2.0 100 Trying\t! 100 Trying response message (command sequence 101)'),
		{
			reason: 'Trying',
			notes: ['information'],
		},
	);
	// A reason that merely holds a `!` is the sender's.
	assert.deepEqual(read('SIP/2.0 486 Busy Here!'), { reason: 'Busy Here!', notes: [] });
});
