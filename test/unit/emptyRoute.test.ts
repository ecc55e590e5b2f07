// Route and Record-Route list one address at least (RFC 3261 §25.1): `Route:` with nothing after
// it, in the middle of a FreeSWITCH BYE as a dSIPRouter user saw it, is no header to send.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const bye = (route: string, after: string[]): string =>
	[
		'BYE sip:b@192.0.2.2 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1',
		'Max-Forwards: 67',
		'From: <sip:a@example.com>;tag=1',
		'To: <sip:b@example.com>;tag=2',
		'Call-ID: c1',
		'CSeq: 124537073 BYE',
		route,
		...after,
	].join('\r\n');
const said = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'header.empty-route')
		.map((p) => [p.severity, text.slice(p.span.start, p.span.end)]);

void test('an empty Route or Record-Route inside a message is an error, on the header', () => {
	assert.deepEqual(said(bye('Route:', ['Content-Length: 0', '', ''])), [['error', 'Route:']]);
	assert.deepEqual(said(bye('Record-Route:  ', ['Content-Length: 0', '', ''])), [
		['error', 'Record-Route:  '],
	]);
	assert.deepEqual(said(bye('Route: <sip:192.0.2.9;lr>', ['Content-Length: 0', '', ''])), []);
});

void test("an empty Route on the trace's last line is the copy's cut: nothing said", () => {
	assert.deepEqual(said(bye('Content-Length: 0', ['Route:', ''])), []);
});

const badRoute = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'header.bad-route')
		.map((p) => [p.severity, text.slice(p.span.start, p.span.end)]);

void test('a Route or Record-Route that opens a `<` it does not close is an error; a placeholder inside closed brackets is not', () => {
	// doubango's parser test: `Route: <sip:192.168.0.15:5060;lr=true;transport=udp` with no `>`.
	const end = ['Content-Length: 0', '', ''];
	assert.deepEqual(badRoute(bye('Route: <sip:192.168.0.15:5060;lr=true;transport=udp', end)), [
		['error', '<sip:192.168.0.15:5060;lr=true;transport=udp'],
	]);
	assert.deepEqual(
		badRoute(bye('Record-Route: <sip:p1.example.com;lr>,<sip:p2.example.com;lr', end)),
		[['error', '<sip:p1.example.com;lr>,<sip:p2.example.com;lr']],
	);
	assert.deepEqual(badRoute(bye('Route: <sip:192.0.2.9;lr>,<sip:192.0.2.10;lr>', end)), []);
	// A poster's placeholder for the proxy's address (an OpenSIPS user's ngrep).
	assert.deepEqual(badRoute(bye('Record-Route: <sip:<opensips_proxy_ip>;lr>', end)), []);
});
