// The rules that read a message's header lines one by one (RFC 3261 §8.1.1 mandatory headers,
// §7.3.1 single headers, §20.10 / §25.1 addresses, §20.17 Date): what each reports, on which
// header, in which order, for long and compact names alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { lintTrace } from '../../server/src/core/lint/lintTrace';
import { sipMessage } from './sipText';

const ruleCodes = /^header\./;
/** The header rules' problems, in the order lint makes them. */
const problemsOf = (trace: string) =>
	lintTrace(analyzeTrace(trace))
		.filter((p) => ruleCodes.test(p.code))
		.map((p) => [p.code, trace.slice(p.span.start, p.span.end)]);

const options = (headers: string[]) =>
	sipMessage('OPTIONS sip:bob@example.org SIP/2.0', [
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
		'Call-ID: c1@example.org',
		'CSeq: 1 OPTIONS',
		...headers,
	]) + '\r\n';

/** An OPTIONS with every header it needs and the From and To given. */
const withFromTo = (from: string, to: string) =>
	sipMessage('OPTIONS sip:bob@example.org SIP/2.0', [
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
		'Max-Forwards: 70',
		`From: ${from}`,
		`To: ${to}`,
		'Call-ID: c1@example.org',
		'CSeq: 1 OPTIONS',
	]) + '\r\n';

test('a well-formed request has no header problem', () => {
	const trace = options([
		'Max-Forwards: 70',
		'From: "Alice A." <sip:alice@example.org>;tag=a1',
		'To: Bob <sip:bob@example.org>',
		'Contact: <sip:alice@192.0.2.1:5060>',
		'Date: Sat, 13 Nov 2010 23:29:00 GMT  ',
	]);
	assert.deepEqual(problemsOf(trace), []);
});

test('address values: unquoted specials, white space inside <>, an addr-spec with headers', () => {
	const trace = options([
		'Max-Forwards: 70',
		'From: Alice, Sales  <sip:alice@example.org>;tag=a1',
		'To: < sip:bob@example.org>',
		'm: sip:alice@192.0.2.1?Subject=hi;expires=60',
		'Contact: sip:carol@192.0.2.3;x=?',
		'Date: Sat, 13 Nov 2010 23:29:00 CET',
	]);
	assert.deepEqual(problemsOf(trace), [
		['header.unquoted-display-name', 'Alice, Sales  <sip:alice@example.org>;tag=a1'],
		['header.space-in-brackets', '< sip:bob@example.org>'],
		['header.addr-spec-needs-brackets', 'sip:alice@192.0.2.1?Subject=hi;expires=60'],
		['header.bad-date', 'Sat, 13 Nov 2010 23:29:00 CET'],
	]);
	const display = analyzeTrace(trace).problems.find(
		(p) => p.code === 'header.unquoted-display-name',
	);
	assert.match(display!.message, /The display name Alice, Sales has special characters/);
	// `time SP "GMT"`: a pjsip ticket's `22:02:58GMT` is no RFC 1123 date either.
	const glued = trace.replace('23:29:00 CET', '22:02:58GMT');
	assert.ok(
		analyzeTrace(glued).problems.some((p) => p.code === 'header.bad-date'),
		'a date with GMT glued to its time',
	);
});

test('white space inside a Route, Record-Route or Path URI: said as in From or To; Path takes <> as Route does', () => {
	// An IMS trace's REGISTER through the P-CSCF: `Path: <sip:term@pcscf...:5060; lr>`.
	const trace = options([
		'Max-Forwards: 70',
		'From: <sip:alice@example.org>;tag=a1',
		'To: <sip:bob@example.org>',
		'Route: <sip:p1.example.org;lr>, <sip:p2.example.org; lr>',
		'Path: <sip:7818888-rrbgth3ot667c@192.168.200.232:5060; lr>',
		'Service-Route: sip:orig@scscf.example.org;lr',
	]);
	assert.deepEqual(problemsOf(trace), [
		['header.space-in-brackets', '<sip:p1.example.org;lr>, <sip:p2.example.org; lr>'],
		['header.space-in-brackets', '<sip:7818888-rrbgth3ot667c@192.168.200.232:5060; lr>'],
		['header.route-needs-brackets', 'sip:orig@scscf.example.org;lr'],
	]);
	const said = analyzeTrace(trace).problems.find((p) => p.code === 'header.route-needs-brackets');
	assert.match(said!.message, /^Service-Route takes a name-addr/);
});

test("a display name with a character no token holds (`#`), a space after the URI's scheme: said", () => {
	// OpenSIPS #954's To, a manual's `<sip: 122@host>` (RFC 3261 §25.1).
	const trace = options([
		'Max-Forwards: 70',
		'From: <sip: alice@example.org>;tag=a1',
		'To: 1111#15122033884 <sip:service@example.org>',
	]);
	assert.deepEqual(problemsOf(trace), [
		['header.space-in-brackets', '<sip: alice@example.org>;tag=a1'],
		['header.unquoted-display-name', '1111#15122033884 <sip:service@example.org>'],
	]);
	// Token characters, and a UTF-8 name, need no quotes; a port's or a password's colon is no
	// scheme's.
	const fine = options([
		'Max-Forwards: 70',
		"From: Alice_O'Neil-2.0~ <sip:alice@example.org>;tag=a1",
		'To: Zoë Müller <sip:bob@example.org:5060>',
	]);
	assert.deepEqual(problemsOf(fine), []);
});

test('repeated and missing headers come first, then the address problems, each in header order', () => {
	const trace = options([
		'f: Alice <sip:alice@example.org >;tag=a1',
		'CSeq: 2 OPTIONS',
		't: <sip:bob@example.org>',
	]);
	assert.deepEqual(problemsOf(trace), [
		['header.duplicate', 'CSeq'],
		['header.missing-max-forwards', 'OPTIONS sip:bob@example.org SIP/2.0'],
		['header.space-in-brackets', 'Alice <sip:alice@example.org >;tag=a1'],
	]);
});

test('a repeated single-valued header is named as registered and the rule cited', () => {
	// SignalWire's INVITE in Meta's WhatsApp calling guide: Content-Type written twice.
	const trace = options([
		'Max-Forwards: 70',
		'From: <sip:alice@example.org>;tag=a1',
		'To: <sip:bob@example.org>',
		'content-type: application/sdp',
		'Content-Type: application/sdp',
	]);
	const said = lintTrace(analyzeTrace(trace)).filter((p) => p.code === 'header.duplicate');
	assert.deepEqual(
		said.map((p) => trace.slice(p.span.start, p.span.end)),
		['Content-Type'],
	);
	assert.match(said[0]!.message, /^Content-Type may appear only once: .*RFC 3261 §7\.3\.1/);
});

test('an INVITE, SUBSCRIBE or REFER outside a dialog needs Contact (RFC 3261 §8.1.1.8); inside one, or another method, not', () => {
	const request = (method: string, to: string, more: string[] = []) =>
		sipMessage(`${method} sip:bob@example.org SIP/2.0`, [
			'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
			'Max-Forwards: 70',
			'From: <sip:alice@example.org>;tag=a1',
			`To: ${to}`,
			'Call-ID: c1@example.org',
			`CSeq: 1 ${method}`,
			...more,
		]) + '\r\n';
	for (const method of ['INVITE', 'SUBSCRIBE', 'REFER']) {
		const more =
			method === 'SUBSCRIBE'
				? ['Event: presence']
				: method === 'REFER'
					? ['Refer-To: <sip:carol@example.org>']
					: [];
		assert.deepEqual(problemsOf(request(method, '<sip:bob@example.org>', more)), [
			['header.missing-contact', `${method} sip:bob@example.org SIP/2.0`],
		]);
		assert.deepEqual(
			problemsOf(request(method, '<sip:bob@example.org>', [...more, 'm: <sip:alice@192.0.2.1>'])),
			[],
		);
		assert.deepEqual(problemsOf(request(method, '<sip:bob@example.org>;tag=b1', more)), []);
	}
	assert.deepEqual(problemsOf(request('MESSAGE', '<sip:bob@example.org>')), []);
});

test('a compact From counts as the From: given twice, it is a duplicate', () => {
	const trace = options([
		'Max-Forwards: 70',
		'From: <sip:alice@example.org>;tag=a1',
		'f: <sip:alice@example.org>;tag=a2',
		'To: <sip:bob@example.org>',
	]);
	assert.deepEqual(problemsOf(trace), [['header.duplicate', 'f']]);
});

test("text after a <URI> with no `;` before it (a phone's `>tag=`): said; parameters, a list and a poster's `<removed>` are fine", () => {
	// A Technicolor TB30's NOTIFY as its manual prints it: `From: <sip:2205@lan.net;user=phone>tag=...`.
	const trace = options([
		'Max-Forwards: 70',
		'From: <sip:2205@lan.net;user=phone>tag=6sam28oefu',
		'To: <sip:bob@example.org> ;tag=b1',
		'Contact: <sip:carol@192.0.2.3>;expires=60, <sip:carol@192.0.2.4> ',
		'Route: <sip:proxy.example.org;lr>',
	]);
	assert.deepEqual(problemsOf(trace), [
		['header.text-after-uri', '<sip:2205@lan.net;user=phone>tag=6sam28oefu'],
	]);
	const a = analyzeTrace(trace);
	// Read as the sender meant it, so that its dialog is matched; a receiver may not.
	assert.equal(a.messages[0]!.from?.tag, '6sam28oefu');
	assert.match(a.problems[0]!.message, /a receiver may not take it as the tag/);
	const redacted = options([
		'Max-Forwards: 70',
		'From: <sip:000<removed>@192.168.157.1>;tag=2b3e9436',
		'To: <sip:bob@example.org>',
	]);
	assert.deepEqual(problemsOf(redacted), []);
});

test('a tag after a bare URI and a space, no `;` before it (`sip:a@b tag=1`, a SPA9000 401): said', () => {
	const trace = options([
		'Max-Forwards: 70',
		'From: sip:COMPUTER@192.0.2.7 tag=1511064382',
		'To: sip:bob@example.org;tag=b1',
	]);
	assert.deepEqual(problemsOf(trace), [
		['header.text-after-uri', 'sip:COMPUTER@192.0.2.7 tag=1511064382'],
	]);
});

test("an empty Contact (a blog's INVITE example) is said; `*` and an address are fine", () => {
	const trace = options([
		'Max-Forwards: 70',
		'From: <sip:alice@example.org>;tag=a1',
		'To: <sip:bob@example.org>',
		'Contact: ',
	]);
	assert.deepEqual(problemsOf(trace), [['header.empty-contact', 'Contact: ']]);
	assert.deepEqual(problemsOf(trace.replace('Contact: ', 'Contact: *')), []);
});

test('a bare Contact whose quoted parameter holds `<...>` (an IMS device: +sip.instance="<urn:gsma:imei:...>") is an addr-spec, nothing said', () => {
	const trace = options([
		'Max-Forwards: 70',
		'From: <sip:alice@example.org>;tag=a1',
		'To: <sip:bob@example.org>',
		'Contact: sip:xpto@example.local;+sip.instance="<urn:gsma:imei:35443610-123456-0>";+g.3gpp.smsip',
	]);
	assert.deepEqual(problemsOf(trace), []);
});

test('a Via whose IPv6 sent-by has no brackets is said; bracketed, and received= without them, are fine', () => {
	// A proxy's Via as kamailio/kamailio#363 quotes it, and a device's bracketed one below it.
	const trace = sipMessage('OPTIONS sip:bob@example.org SIP/2.0', [
		'Via: SIP/2.0/UDP FFFF:67C:FFD8:E07F:0:0:0:8:5060;branch=z9hG4bK-2',
		'Via: SIP/2.0/UDP [2001:db8::1]:5060;received=2001:db8::1;branch=z9hG4bK-1',
		'Max-Forwards: 69',
		'From: <sip:alice@example.org>;tag=a1',
		'To: <sip:bob@example.org>',
		'Call-ID: c1@example.org',
		'CSeq: 1 OPTIONS',
	]);
	assert.deepEqual(
		lintTrace(analyzeTrace(trace))
			.filter((p) => p.code.startsWith('via.'))
			.map((p) => [p.code, trace.slice(p.span.start, p.span.end)]),
		[['via.unbracketed-ipv6', 'SIP/2.0/UDP FFFF:67C:FFD8:E07F:0:0:0:8:5060;branch=z9hG4bK-2']],
	);
});

test('an empty Call-ID is said; a From or To whose URI has no scheme (`<:>`) is no name-addr', () => {
	// OpenSIPS' parse error log of a BYE it was sent (`BYE sip:@:5060`, `To: <:>`, `Call-ID:`).
	const bye = (callId: string, to: string) =>
		sipMessage('BYE sip:bob@example.org SIP/2.0', [
			'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
			`To: ${to}`,
			'From: <sip:alice@example.org>;tag=a1',
			`Call-ID:${callId}`,
			'CSeq: 1 BYE',
			'Max-Forwards: 70',
		]) + '\r\n';
	assert.deepEqual(problemsOf(bye('', '<sip:bob@example.org>;tag=b1')), [
		['header.bad-call-id', ''],
	]);
	// A poster's placeholder, or a page's mask of what looks like a mail address: not said.
	assert.deepEqual(problemsOf(bye(' c1@<client ip>', '<sip:bob@example.org>;tag=b1')), []);
	assert.deepEqual(problemsOf(bye(' [email protected]', '<sip:bob@example.org>;tag=b1')), []);
	// Found as the header is read, with the parser's problems.
	const noScheme = bye(' c1@example.org', '<:>');
	assert.deepEqual(
		analyzeTrace(noScheme)
			.problems.filter((p) => ruleCodes.test(p.code))
			.map((p) => [p.code, noScheme.slice(p.span.start, p.span.end)]),
		[['header.bad-name-addr', '<:>']],
	);
	assert.deepEqual(problemsOf(bye(' c1@example.org', '<sip:bob@example.org>;tag=b1')), []);
	// Two @: a host appended to a Call-ID that had one (a SIPp issue's trace through an ONT).
	assert.deepEqual(
		problemsOf(bye(' 1-2066@172.16.5.51@172.16.5.51:5060', '<sip:bob@example.org>;tag=b1')),
		[['header.bad-call-id', '1-2066@172.16.5.51@172.16.5.51:5060']],
	);
	// A URI's parameter glued to it (a HOMER issue's 200 from Asterisk): `;` and `=` are no word's.
	assert.deepEqual(
		problemsOf(bye(' 57aeab095f98@pbx.example.com;user=phone', '<sip:bob@example.org>;tag=b1')),
		[['header.bad-call-id', '57aeab095f98@pbx.example.com;user=phone']],
	);
	// A page's entity in it is the page's.
	assert.deepEqual(
		problemsOf(bye(' 57aeab&amp;95f98@pbx.example.com', '<sip:bob@example.org>;tag=b1')),
		[],
	);
});

test('a Route or Record-Route whose URI is not in <> is said; in <>, or a list of them, is fine', () => {
	const invite = (route: string[]) =>
		sipMessage('INVITE sip:bob@example.org SIP/2.0', [
			'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
			'To: <sip:bob@example.org>',
			'From: <sip:alice@example.org>;tag=a1',
			'Call-ID: c1@example.org',
			'CSeq: 1 INVITE',
			'Max-Forwards: 70',
			'Contact: <sip:alice@192.0.2.1>',
			...route,
		]) + '\r\n';
	// An IMS client's log, as its documentation prints it.
	assert.deepEqual(
		problemsOf(
			invite([
				'Route: sip:172.22.0.21:5060;transport=udp;lr',
				'Record-Route: sip:mt@172.22.0.21;lr;ftag=d9bc',
				'Route: <sip:pcscf.ims.mnc001.mcc001.3gppnetwork.org;lr>',
			]),
		).map(([code, value]) => [code, value]),
		[
			['header.route-needs-brackets', 'sip:172.22.0.21:5060;transport=udp;lr'],
			['header.route-needs-brackets', 'sip:mt@172.22.0.21;lr;ftag=d9bc'],
		],
	);
	assert.deepEqual(
		problemsOf(
			invite([
				'Record-Route: <sip:10.0.0.1;lr>, "proxy" <sip:10.0.0.2;lr;ftag=x>',
				'Route: <sip:10.0.0.3;lr>',
			]),
		),
		[],
	);
	// A value an example's writer left out (Microsoft's MS-PRES examples): nothing to judge.
	assert.deepEqual(problemsOf(invite(['Record-Route: ...', 'Route: …'])), []);
});

test("a message with no `<` at all, its Route among the headers a page's HTML stripped of them: said as the copy's (information)", () => {
	// pjsua's log as a write-up's page shows it: every `<sip:...>` lost its brackets.
	const stripped = (route: string) =>
		sipMessage('INVITE sip:bob@example.org SIP/2.0', [
			'Via: SIP/2.0/UDP 192.0.2.1:5060;rport;branch=z9hG4bKPj-1',
			'Max-Forwards: 70',
			'From: sip:alice@example.org;tag=a1',
			'To: sip:bob@example.org',
			'Contact: sip:alice@192.0.2.1:5060;ob',
			'Call-ID: c1@example.org',
			'CSeq: 1 INVITE',
			route,
		]) + '\r\n';
	const severities = (trace: string) =>
		lintTrace(analyzeTrace(trace))
			.filter((p) => p.code === 'header.route-needs-brackets')
			.map((p) => p.severity);
	assert.deepEqual(severities(stripped('Route: sip:172.22.0.21:5060;transport=udp;lr')), [
		'information',
	]);
	// A `<` elsewhere in the message: its Route was sent so.
	const bracketed = stripped('Route: sip:172.22.0.21:5060;transport=udp;lr').replace(
		'Contact: sip:alice@192.0.2.1:5060;ob',
		'Contact: <sip:alice@192.0.2.1:5060;ob>',
	);
	assert.deepEqual(severities(bracketed), ['warning']);
});

test('a Content-Length that is no number is said once: the body after it is not said to lack one', () => {
	// A post that redacted the value (`Content-Length: redacted`).
	const trace = [
		'SUBSCRIBE sip:rls@example.org SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
		'From: <sip:alice@example.org>;tag=a1',
		'To: <sip:rls@example.org>',
		'Call-ID: c1@example.org',
		'CSeq: 1 SUBSCRIBE',
		'Max-Forwards: 70',
		'Event: presence',
		'Content-Type: application/resource-lists+xml',
		'Content-Length: redacted',
		'',
		'<resource-lists/>',
		'',
	].join('\r\n');
	const codes = analyzeTrace(trace).problems.map((p) => p.code);
	assert.ok(codes.includes('header.bad-content-length'));
	assert.ok(!codes.includes('content-length.missing-with-body'));
	// Without the header at all, the body is said to lack it.
	const without = trace.replace('Content-Length: redacted\r\n', '');
	assert.ok(
		analyzeTrace(without).problems.some((p) => p.code === 'content-length.missing-with-body'),
	);
});

test('a message sent over TCP or TLS without Content-Length is said, body or not; over UDP it is not', () => {
	// RFC 3261 §18.3, §20.14: over a stream the receiver finds the message's end by Content-Length.
	const response = (via: string, extra: string[] = []): string =>
		[
			'SIP/2.0 200 OK',
			`Via: SIP/2.0/${via} 192.0.2.1:5060;branch=z9hG4bK-1`,
			'From: <sip:alice@example.org>;tag=a1',
			'To: <sip:bob@example.org>;tag=b1',
			'Call-ID: c1@example.org',
			'CSeq: 1 OPTIONS',
			...extra,
			'',
			'',
		].join('\r\n');
	const said = (trace: string): string[] =>
		analyzeTrace(trace)
			.problems.filter((p) => p.code.startsWith('content-length.'))
			.map((p) => `${p.code} ${p.severity}`);
	assert.deepEqual(said(response('TCP')), ['content-length.missing-on-stream warning']);
	assert.deepEqual(said(response('tls')), ['content-length.missing-on-stream warning']);
	assert.deepEqual(said(response('UDP')), []);
	assert.deepEqual(said(response('TCP', ['Content-Length: 0'])), []);
	// A value the poster left out is still the header, also as a web page's HTML entity for `…`.
	assert.deepEqual(said(response('TCP', ['Content-Length: …'])), []);
	for (const entity of ['&#8230;', '&hellip;']) {
		const trace = response('TCP', [`Content-Length: ${entity}`]);
		assert.deepEqual(said(trace), [], entity);
		assert.ok(
			!analyzeTrace(trace).problems.some((p) => p.code === 'header.bad-content-length'),
			entity,
		);
	}
	// With a body: said once, as the stream's fault.
	const withBody = `${response('TCP', ['Content-Type: text/plain'])}Hi\r\n`;
	assert.deepEqual(said(withBody), ['content-length.missing-on-stream warning']);
	// The headers cut short by the trace's end: a copy that may have left it out, not said.
	assert.deepEqual(said(response('TCP').trimEnd()), []);
});

test('white space inside a URI in <>, by a parameter (`<sip:a@h; comp=sigcomp;>`): said; a placeholder inside is not', () => {
	// OpenIMSCore's reg-event NOTIFY as its test data writes the Contact.
	assert.deepEqual(
		problemsOf(
			options([
				'Max-Forwards: 70',
				'From: <sip:alice@example.org>;tag=a1',
				'To: <sip:bob@example.org>',
				'Contact: <sip:mamadou@v6.ims.test; comp=sigcomp;>',
			]),
		),
		[['header.space-in-brackets', '<sip:mamadou@v6.ims.test; comp=sigcomp;>']],
	);
	assert.deepEqual(
		problemsOf(
			options([
				'Max-Forwards: 70',
				'From: <sip:alice@example.org>;tag=a1',
				'To: <sip:bob@example.org>',
				'Contact: <sip:mamadou@v6.ims.test;comp=sigcomp>',
				'Record-Route: <sip:1001@<client ip>;lr>',
			]),
		),
		[],
	);
});

test('a Max-Forwards that is no number is said (RFC 3261 §20.22); a number, or a value left out, is not', () => {
	const withMaxForwards = (value: string) =>
		options([
			`Max-Forwards: ${value}`,
			'From: <sip:alice@example.org>;tag=a1',
			'To: <sip:bob@example.org>',
		]);
	assert.deepEqual(problemsOf(withMaxForwards('abc')), [['header.bad-max-forwards', 'abc']]);
	assert.deepEqual(problemsOf(withMaxForwards('70;x')), [['header.bad-max-forwards', '70;x']]);
	assert.deepEqual(problemsOf(withMaxForwards('70')), []);
	assert.deepEqual(problemsOf(withMaxForwards('...')), []);
	// An integer from 0 to 255 (RFC 3261 §20.22): RFC 4475's scalarlg sends 300.
	assert.deepEqual(problemsOf(withMaxForwards('300')), [['header.bad-max-forwards', '300']]);
	assert.deepEqual(problemsOf(withMaxForwards('255')), []);
	assert.deepEqual(problemsOf(withMaxForwards('0255')), []);
	assert.deepEqual(problemsOf(withMaxForwards('0')), []);
});

test('a branch a poster masked (`xxx`, `#####`, `ID`, `[branchID]`) is not said to lack the cookie; an RFC 2543 one is', () => {
	const hinted = (branch: string) =>
		analyzeTrace(
			sipMessage('OPTIONS sip:bob@example.org SIP/2.0', [
				`Via: SIP/2.0/UDP 192.0.2.1:5060;branch=${branch}`,
				'Max-Forwards: 70',
				'From: <sip:alice@example.org>;tag=a1',
				'To: <sip:bob@example.org>',
				'Call-ID: c1@example.org',
				'CSeq: 1 OPTIONS',
			]) + '\r\n',
		).problems.some((p) => p.code === 'via.branch-without-cookie');
	for (const masked of ['xxx', '#########', 'ID', '[branchID]', '...', 'REDACTED_BRANCH'])
		assert.equal(hinted(masked), false, masked);
	assert.equal(hinted('1d38a7'), true);
});

test("a CSeq whose number a poster masked (`REDACTED_CSEQ REGISTER`): information, not the sender's error", () => {
	const cseq = (value: string) =>
		analyzeTrace(
			sipMessage('REGISTER sip:example.org SIP/2.0', [
				'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
				'Max-Forwards: 70',
				'From: <sip:alice@example.org>;tag=a1',
				'To: <sip:alice@example.org>',
				'Call-ID: c1@example.org',
				`CSeq: ${value}`,
				'Contact: <sip:alice@192.0.2.1>',
			]) + '\r\n',
		)
			.problems.filter((p) => p.code === 'header.bad-cseq')
			.map((p) => p.severity);
	assert.deepEqual(cseq('REDACTED_CSEQ REGISTER'), ['information']);
	assert.deepEqual(cseq('xxx REGISTER'), ['information']);
	// Part of the number masked, as a Linphone user pasted a BYE's (`****26 BYE`).
	assert.deepEqual(cseq('****26 REGISTER'), ['information']);
	assert.deepEqual(cseq('20XX REGISTER'), ['information']);
	assert.deepEqual(cseq('2x6 REGISTER'), ['error']);
	assert.deepEqual(cseq('one REGISTER'), ['error']);
	assert.deepEqual(cseq('2 REGISTER'), []);
});

test("a From or To a poster masked whole (`###;tag=...`, `xxxx`): information, not the sender's malformed address", () => {
	const said = (from: string, to: string) =>
		analyzeTrace(withFromTo(from, to))
			.problems.filter((p) => p.code === 'header.bad-name-addr')
			.map((p) => p.severity);
	assert.deepEqual(said('###;tag=8cc5f5fd', '###'), ['information', 'information']);
	assert.deepEqual(said('xxxxx;tag=8cc5f5fd', '<sip:bob@example.org>'), ['information']);
	// A bare word is no mask: the sender's fault.
	assert.deepEqual(said('alice;tag=8cc5f5fd', '<sip:bob@example.org>'), ['error']);
	// Each header's own section: From §20.20, To §20.39.
	const cited = (from: string, to: string) =>
		analyzeTrace(withFromTo(from, to))
			.problems.filter((p) => p.code === 'header.bad-name-addr')
			.map((p) => /§20\.\d+/.exec(p.message)?.[0]);
	assert.deepEqual(cited('alice;tag=8cc5f5fd', '<sip:bob@example.org>'), ['§20.20']);
	assert.deepEqual(cited('<sip:alice@example.org>;tag=8cc5f5fd', 'bob'), ['§20.39']);
});

test('a Contact whose `transport` stands after the `>` is said; inside the URI, or a placeholder `>` inside it, not', () => {
	// As a client on sr-users wrote its SUBSCRIBE's Contact (RFC 3261 §19.1.1, §20.10).
	const outside = (contact: string) =>
		lintTrace(
			analyzeTrace(
				options([
					'Max-Forwards: 70',
					'From: <sip:alice@example.org>;tag=a1',
					'To: <sip:bob@example.org>',
					`Contact: ${contact}`,
				]),
			),
		).filter((p) => p.code === 'contact.transport-outside-uri').length;
	assert.equal(outside('<sip:1203@192.0.2.1:5070>;transport=tcp'), 1);
	assert.equal(outside('<sip:1203@192.0.2.1:5070>; TRANSPORT = tcp;expires=60'), 1);
	assert.equal(outside('<sip:1203@192.0.2.1:5070;transport=tcp>;expires=60'), 0);
	assert.equal(outside('<sip:1203@<client ip>:5070;transport=udp>'), 0);
	assert.equal(outside('<sip:1203@192.0.2.1>, <sip:1203@192.0.2.2;transport=tcp>'), 0);
});

test('a Contact with no scheme (`someone@10.226.203.42`) holds no URI: said; a URI, a name-addr, `*`, not', () => {
	// An IMS test script's OPTIONS template (Python), its Contact written without `sip:`.
	const said = (contact: string) =>
		lintTrace(
			analyzeTrace(
				options([
					'Max-Forwards: 70',
					'From: <sip:alice@example.org>;tag=a1',
					'To: <sip:bob@example.org>',
					`Contact: ${contact}`,
				]),
			),
		)
			.filter((p) => p.code === 'contact.no-uri')
			.map((p) => p.severity);
	assert.deepEqual(said('someone@10.226.203.42'), ['error']);
	assert.deepEqual(said('alice@192.0.2.1:5060;expires=60'), ['error']);
	for (const fine of [
		'sip:someone@10.226.203.42',
		'<sip:alice@192.0.2.1>',
		'"A" <sip:a@b>',
		'tel:+123',
	])
		assert.deepEqual(said(fine), [], fine);
});

test('a Route or Record-Route whose `lr` or `transport` stands after the `>` is said; inside the URI, or a placeholder `>` inside it, not', () => {
	// A proxy's Record-Route written `<sip:p>;lr` (RFC 3261 §19.1.1, §25.1 rr-param, §16.12);
	// FreeSWITCH's Route to a WebSocket client, `<sip:c@192.0.2.9:56374>;transport=ws`.
	const outside = (name: string, value: string) =>
		lintTrace(
			analyzeTrace(
				options([
					'Max-Forwards: 70',
					'From: <sip:alice@example.org>;tag=a1',
					'To: <sip:bob@example.org>',
					`${name}: ${value}`,
				]),
			),
		)
			.filter((p) => p.code === 'route.param-outside-uri')
			.map((p) => `${p.severity} ${p.message.slice(0, p.message.search(/ stands? /))}`);
	assert.deepEqual(outside('Record-Route', '<sip:p1.example.org>;lr'), ['warning `lr`']);
	assert.deepEqual(outside('Route', '<sip:c@192.0.2.9:56374>;transport=ws'), [
		'warning `transport`',
	]);
	// Both (an OpenSIPS issue's Route): both said, the strict routing `lr` brings among them.
	assert.deepEqual(outside('Route', '<sip:opensips@192.168.1.2:5065>;transport=tls;lr'), [
		'warning `transport` and `lr`',
	]);
	// The second of two entries; `LR` in any case, with white space.
	assert.deepEqual(outside('Route', '<sip:p1.example.org;lr>, <sip:p2.example.org> ; LR'), [
		'warning `lr`',
	]);
	assert.deepEqual(outside('Path', '<sip:p1.example.org;lr>;lr'), []);
	assert.deepEqual(outside('Record-Route', '<sip:p1.example.org;lr>;ftag=a1;did=6'), []);
	assert.deepEqual(outside('Record-Route', '<sip:<server IP>;r2=on;lr=on>'), []);
	assert.deepEqual(outside('Route', '"Edge;lr" <sip:p1.example.org;lr>'), []);
});

test("a poster's `<<SERVER_IP>>` for a bare address's host, a page's words in an address's `<>`: the copy's, not the sender's faults", () => {
	const codes = (from: string, to: string) =>
		analyzeTrace(withFromTo(from, to)).problems.map((p) => `${p.code} ${p.severity}`);
	// pjsip issue #4039's pjsua log.
	assert.deepEqual(codes('sip:101@<<SERVER_IP>>;tag=a1', '<sip:bob@example.org>'), [
		'header.bad-name-addr information',
	]);
	// Joomla's e-mail cloaking in a page's copy of RFC 3665's flows.
	assert.deepEqual(
		codes(
			'<sip:alice@example.org>;tag=a1',
			'Bob <sip: This e-mail address is being protected from spambots. You need JavaScript enabled to view it >',
		),
		[],
	);
	assert.deepEqual(codes('<sip:alice@example.org>;tag=a1', '< sip:bob@example.org>'), [
		'header.space-in-brackets warning',
	]);
});

test("a CSeq number of 2^31 or more is the request's error; its response, which copies it, is told so, not blamed", () => {
	const headers = [
		'Via: SIP/2.0/UDP 192.0.2.1:4319;branch=z9hG4bK1953406209',
		'From: <sip:alice@example.org>;tag=339948729',
		'Call-ID: c1@example.org',
		'CSeq: 2311677411 INVITE',
	];
	const trace =
		sipMessage('INVITE sip:bob@example.org SIP/2.0', [
			...headers,
			'Max-Forwards: 70',
			'To: <sip:bob@example.org>',
			'Contact: <sip:alice@192.0.2.1:4319>',
		]) +
		'\r\n' +
		sipMessage('SIP/2.0 302 Moved Temporarily', [
			...headers,
			'To: <sip:bob@example.org>;tag=13bd22f6',
			'Contact: <sip:bob@192.0.2.9>',
		]);
	const a = analyzeTrace(trace);
	assert.equal(a.messages.length, 2);
	assert.deepEqual(
		a.problems
			.filter((p) => p.code === 'header.bad-cseq')
			.map((p) => [a.messages.findIndex((m) => m.frame.span.end > p.span.start), p.severity]),
		[
			[0, 'error'],
			[1, 'information'],
		],
	);
	// A response whose CSeq is no number at all is its own sender's error.
	assert.deepEqual(
		analyzeTrace(trace.replace(/2311677411 INVITE(?![\s\S]*2311677411)/, 'x1 INVITE'))
			.problems.filter((p) => p.code === 'header.bad-cseq')
			.map((p) => p.severity),
		['error', 'error'],
	);
});

test("a start line whose method is the end of CSeq's (a log that cut the line's head, `FER`): the copy's, not the sender's mismatch", () => {
	const refer = (method: string) =>
		sipMessage(`${method} sip:1052@192.0.2.5 SIP/2.0`, [
			'Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bK-1',
			'Max-Forwards: 70',
			'From: <sip:1051@192.0.2.5>;tag=a1',
			'To: <sip:1052@192.0.2.5>;tag=b2',
			'Call-ID: c1@example.org',
			'CSeq: 3 REFER',
			'Contact: <sip:1051@192.0.2.9>',
			'Refer-To: <sip:1053@192.0.2.5>',
		]) + '\r\n';
	const said = (method: string) =>
		analyzeTrace(refer(method))
			.problems.filter((p) => p.code === 'cseq.method-mismatch')
			.map((p) => [p.severity, p.message]);
	assert.deepEqual(said('FER'), [
		[
			'information',
			"The start line's method FER is the end of CSeq's REFER: the log or the copy cut the start line's first characters, the request is a REFER.",
		],
	]);
	// Another method is the sender's mismatch, as before.
	assert.deepEqual(said('INFO'), [
		['error', 'CSeq method REFER differs from the request method INFO.'],
	]);
	assert.deepEqual(said('REFER'), []);
});

test("a URI a page wrapped onto the next, indented line (read as a fold): the copy's wrap, not white space the sender put in it", () => {
	const subscribe = (contact: string) =>
		sipMessage('SUBSCRIBE sip:user@example.com SIP/2.0', [
			'Via: SIP/2.0/TLS 192.0.2.65:3485;branch=z9hG4bK-1',
			'Max-Forwards: 70',
			'From: <sip:user@example.com>;tag=a1',
			'To: <sip:user@example.com>',
			'Call-ID: c1@example.org',
			'CSeq: 1 SUBSCRIBE',
			`Contact: ${contact}`,
			'Event: presence',
		]) + '\r\n';
	const said = (contact: string) =>
		analyzeTrace(subscribe(contact))
			.problems.filter((p) => p.code === 'header.space-in-brackets')
			.map((p) => p.severity);
	assert.deepEqual(said('<sip:user@example.com:3485;\r\n    maddr=192.0.2.65;transport=tls>'), [
		'information',
	]);
	// On one line, the space is the sender's.
	assert.deepEqual(said('<sip:user@example.com:3485; maddr=192.0.2.65;transport=tls>'), [
		'warning',
	]);
	assert.deepEqual(said('<sip:user@example.com:3485;maddr=192.0.2.65;transport=tls>'), []);
});

test('URIs a strict parser refuses: `#` unescaped in the user part, an IPv6 host without brackets, a name whose last label is a number', () => {
	const invite = (requestUri: string, from: string, recordRoute: string) =>
		analyzeTrace(
			sipMessage(`INVITE ${requestUri} SIP/2.0`, [
				'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
				'Max-Forwards: 70',
				`From: ${from};tag=a1`,
				'To: <sip:5353@example.com>',
				'Call-ID: c1@example.org',
				'CSeq: 1 INVITE',
				'Contact: <sip:alice@192.0.2.1>',
				`Record-Route: ${recordRoute}`,
			]) + '\r\n',
		).problems.map((p) => [p.code, p.severity]);
	const good = [
		'sip:5353@example.com',
		'<sip:8972@example.com>',
		'<sip:proxy.example.com;lr>',
	] as const;
	assert.deepEqual(invite(...good), []);
	assert.deepEqual(invite('sip:5353@[fdba:8d4a:6fa6::2019]', good[1], good[2]), []);
	assert.deepEqual(invite('sip:5353@fdba:8d4a:6fa6::2019', good[1], good[2]), [
		['uri.unbracketed-ipv6', 'error'],
	]);
	assert.deepEqual(invite(good[0], '<sip:#8972@example.com>', good[2]), [
		['uri.bad-user', 'warning'],
	]);
	// Escaped, it is the user's character.
	assert.deepEqual(invite(good[0], '<sip:%238972@example.com>', good[2]), []);
	assert.deepEqual(invite(good[0], good[1], '<sip:scscf.192.168.17.144;lr>'), [
		['uri.bad-host', 'warning'],
	]);
	// A poster's masks are no host to judge; a name ending in a letter is one.
	assert.deepEqual(invite(good[0], good[1], '<sip:xxx.xxx.xxx.157;lr>'), []);
	assert.deepEqual(invite(good[0], good[1], '<sip:2XX.X1.1X7.1XX;lr>'), []);
	assert.deepEqual(invite(good[0], good[1], '<sip:scscf.ims.example.net;lr>'), []);
});

test("a Reason-Phrase with a character RFC 3261 §25.1 does not allow (`[`): a warning; a document's placeholder (`{ID}`) is none", () => {
	const response = (reason: string) =>
		analyzeTrace(
			sipMessage(`SIP/2.0 480 ${reason}`, [
				'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
				'From: <sip:alice@example.com>;tag=a1',
				'To: <sip:bob@example.com>;tag=b1',
				'Call-ID: c1@example.org',
				'CSeq: 1 INVITE',
			]) + '\r\n',
		)
			.problems.filter((p) => p.code === 'response.bad-reason')
			.map((p) => p.severity);
	assert.deepEqual(response('Temporarily Unavailable [call Processing Released]'), ['warning']);
	assert.deepEqual(response('Temporarily Unavailable (call Processing Released)'), []);
	assert.deepEqual(response('No match for phone number id {ID}'), []);
	assert.deepEqual(response("Temporairement indisponible, l'appel – 100%20"), []);
	assert.deepEqual(response('Busy 100%'), ['warning']);
	// A copy's `^M` for the line's CR is none of the phrase.
	assert.deepEqual(response('Temporarily Unavailable^M'), []);
});

test('a header that may appear once, shown twice in a message the trace cuts short, is still said twice', () => {
	// A bug report's excerpt of the INVITE a stack rejected for its two Content-Lengths, its SDP
	// and the lines after them left out.
	const text = [
		'INVITE sip:+12345@10.10.10.20:5060 SIP/2.0',
		'...',
		'Content-Type: application/sdp',
		'Content-Length: 283',
		'Contact: <sip:10.10.10.1:5060;transport=udp>',
		'Content-Length: 283',
		'Supported: timer',
	].join('\n');
	const said = analyzeTrace(text).problems.map((p) => p.code);
	assert.ok(said.includes('header.duplicate'), said.join());
	// Missing headers are not said of it: the copy left them out.
	assert.ok(!said.some((c) => c.startsWith('header.missing')), said.join());
});

test("a `>` among the parameters after a <URI> (`;ob>`, which pjsip refuses): said; one inside a quoted parameter, or the next address's, is none", () => {
	const said = (to: string, contact = '<sip:alice@192.0.2.1>') =>
		analyzeTrace(
			sipMessage('SIP/2.0 200 OK', [
				'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
				'From: <sip:alice@example.com>;tag=a1',
				`To: ${to}`,
				'Call-ID: c1@example.org',
				'CSeq: 1 OPTIONS',
				`Contact: ${contact}`,
			]) + '\r\n',
		)
			.problems.filter((p) => p.code === 'header.text-after-uri')
			.map((p) => p.message);
	assert.deepEqual(said('<sip:bob@example.com>;tag=b1;ob>'), [
		'A ">" stands among the parameters after the <URI> (`;tag=b1;ob>`): no parameter holds one (RFC 3261 §25.1 generic-param), and a strict parser (pjsip\'s) refuses the header.',
	]);
	assert.deepEqual(said('<sip:bob@example.com>;tag=b1'), []);
	assert.deepEqual(
		said(
			'<sip:bob@example.com>;tag=b1',
			'<sip:alice@192.0.2.1>;+sip.instance="<urn:uuid:0d1e>", <sip:alice@192.0.2.2>;q=0.5',
		),
		[],
	);
});

test('option-tags are tokens separated by commas: a `;` among them (an IMS client\u2019s Require) is said, on each list header', () => {
	const invite = (header: string) =>
		analyzeTrace(
			sipMessage('INVITE sip:bob@example.com SIP/2.0', [
				'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
				'Max-Forwards: 70',
				'From: <sip:alice@example.com>;tag=a1',
				'To: <sip:bob@example.com>',
				'Call-ID: c1@example.org',
				'CSeq: 1 INVITE',
				'Contact: <sip:alice@192.0.2.1>',
				header,
			]) + '\r\n',
		)
			.problems.filter((p) => p.code === 'header.bad-option-tag')
			.map((p) => p.rfc?.label);
	assert.deepEqual(invite('Require: recipient-list-invite;pref'), ['RFC 3261 §20.32']);
	assert.deepEqual(invite('Require: recipient-list-invite, pref'), []);
	assert.deepEqual(invite('Supported: 100rel;timer'), ['RFC 3261 §20.32']);
	assert.deepEqual(invite('k: 100rel;timer'), ['RFC 3261 §20.32']);
	assert.deepEqual(invite('Supported: replaces, 100rel, timer, norefersub'), []);
	assert.deepEqual(invite('Supported:'), []);
	assert.deepEqual(invite('Proxy-Require: sec-agree=1'), ['RFC 3261 §20.32']);
	// A document's placeholder is none of the sender's.
	assert.deepEqual(invite('Require: <option-tags; see 4.2>'), []);
});

test("a message with no `<` anywhere and a Contact with no scheme: a page's doing in a copy, as sent in a packet's own text", () => {
	// sipsak's random mode sends `Contact: sipsak@127.0.0.1:60673` in a message with no name-addr
	// at all: captured, it is what went on the wire, not what a page took out.
	const message = [
		'OPTIONS sip:127.0.0.1 SIP/2.0',
		'Via: SIP/2.0/UDP 127.0.0.1:60073;branch=z9hG4bK.535dba6b;rport;alias',
		'From: sip:sipsak@127.0.0.1:60673;tag=515af931',
		'To: sip:127.0.0.1',
		'Call-ID: 1364916529@127.0.0.1',
		'CSeq: 1 OPTIONS',
		'Contact: sipsak@127.0.0.1:60673',
		'Content-Length: 0',
		'Max-Forwards: 70',
		'',
		'',
	].join('\r\n');
	const said = (text: string) =>
		lintTrace(analyzeTrace(text))
			.filter((p) => p.code === 'contact.no-uri')
			.map((p) => `${p.severity} ${/the page/.test(p.message)}`);
	assert.deepEqual(said(message), ['information true']);
	const captured = `2026-12-07 11:14:30.000001 127.0.0.1:60073 -> 127.0.0.1:15160 UDP\n${message}`;
	assert.deepEqual(said(captured), ['error false']);
});
