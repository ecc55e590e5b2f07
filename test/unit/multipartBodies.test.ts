// A resource list server's NOTIFY carries a multipart/related body (RFC 4662 §5): the RLMI
// document, then a PIDF document per resource. Lint checks each part as it checks the same body
// alone, and the whole as RFC 2046 §5.1.1 frames it. The NOTIFYs are Kamailio's (real/rls-story).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';

const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'rls-story.sip'), 'utf8');

const invalid = (t: string): { line: number; message: string }[] =>
	analyzeTrace(t)
		.problems.filter((p) => p.code === 'body.invalid')
		.map((p) => ({ line: t.slice(0, p.span.start).split('\n').length - 1, message: p.message }));

test("Kamailio's RLS NOTIFYs: every part valid, no problem", () => {
	const a = analyzeTrace(text);
	assert.equal(a.messages.filter((m) => m.contentType === 'multipart/related').length, 3);
	assert.deepEqual(invalid(text), []);
});

test('a PIDF part that is not well-formed, and a body without its closing delimiter: said on that NOTIFY, by part', () => {
	const a = analyzeTrace(text);
	const notify = a.messages.find(
		(m) =>
			m.contentType === 'multipart/related' &&
			text.slice(m.body!.start, m.body!.end).includes('<basic>open</basic>'),
	)!;
	const body = text.slice(notify.body!.start, notify.body!.end);
	const boundary = /boundary="([^"]+)"/.exec(
		text.slice(notify.frame.span.start, notify.body!.start),
	)![1]!;
	// Same lengths: Content-Length still holds.
	const damaged = body
		.replace('<basic>open</basic>', '<basic>open</basix>')
		.replace(`--${boundary}--`, `--${boundary}==`);
	const t = text.slice(0, notify.body!.start) + damaged + text.slice(notify.body!.end);
	const problems = invalid(t);
	assert.equal(problems.length, 1);
	assert.equal(problems[0]!.line, t.slice(0, notify.body!.start).split('\n').length - 1);
	assert.match(problems[0]!.message, new RegExp(`no closing delimiter --${boundary}--`));
	// The PIDF is a later part than the RLMI document, and is named so.
	assert.match(
		problems[0]!.message,
		/part [2-9] \(application\/pidf\+xml\): XML is not well-formed/,
	);
});

test('a multipart Content-Type folded over lines (RFC 3261 §7.3.1, as RFC 4662 writes it) has its parts checked the same', () => {
	const a = analyzeTrace(text);
	const notify = a.messages.find(
		(m) =>
			m.contentType === 'multipart/related' &&
			text.slice(m.body!.start, m.body!.end).includes('<basic>open</basic>'),
	)!;
	const head = text.slice(notify.frame.span.start, notify.body!.start);
	// `;boundary=...` on a line of its own, indented.
	const folded = head.replace(/(Content-Type: multipart\/related);\s*/, '$1;\r\n  ');
	assert.notEqual(folded, head);
	const body = text.slice(notify.body!.start, notify.body!.end).replace('</basic>', '</basix>');
	const t = text.slice(0, notify.frame.span.start) + folded + body + text.slice(notify.body!.end);
	assert.equal(invalid(t).length, 1);
	assert.match(invalid(t)[0]!.message, /XML is not well-formed/);
});

/** An INVITE with a multipart/mixed body of an SDP offer and a PIDF-LO (RFC 6442's shape). */
const mixedInvite = (
	opts: { length?: number; boundary?: string; lineEnd?: string; partHeader?: string } = {},
): string => {
	const eol = opts.lineEnd ?? '\r\n';
	const b = 'boundary1';
	const body = [
		`--${b}`,
		'Content-Type: application/sdp',
		'',
		'v=0',
		'o=- 1 1 IN IP4 192.0.2.1',
		's=-',
		'c=IN IP4 192.0.2.1',
		't=0 0',
		'm=audio 4000 RTP/AVP 0',
		'',
		`--${b}`,
		opts.partHeader ?? 'Content-Type: application/pidf+xml',
		'Content-ID: <loc@example.com>',
		'',
		'<?xml version="1.0"?>',
		'<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="pres:alice@example.com"/>',
		`--${b}--`,
		'',
	].join('\r\n');
	return [
		'INVITE urn:service:sos SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKmp1',
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=1',
		'To: <urn:service:sos>',
		'Call-ID: mp1@192.0.2.1',
		'CSeq: 1 INVITE',
		'Contact: <sip:alice@192.0.2.1>',
		`Content-Type: multipart/mixed;boundary=${opts.boundary ?? b}`,
		`Content-Length: ${opts.length ?? body.length}`,
		'',
		body,
	]
		.join('\r\n')
		.replace(/\r\n/g, eol);
};
const said = (t: string) =>
	analyzeTrace(t).problems.map((p) => `${p.severity} ${p.code} ${p.message.slice(0, 60)}`);

test('a Content-Length that ends inside a multipart body whose parts run on to their closing delimiter: the length is the error, not a missing delimiter', () => {
	assert.deepEqual(said(mixedInvite()), []);
	for (const lineEnd of ['\r\n', '\n']) {
		const problems = said(mixedInvite({ length: 120, lineEnd }));
		assert.deepEqual(problems, [
			"error content-length.mismatch Content-Length is 120, but the multipart body's parts run on",
		]);
	}
});

test("a multipart body whose parts a copy left with LF and an empty line before the closing delimiter: the delimiter is the body's", () => {
	// Cisco's CUBE Media Proxy guide, its sample SIPREC INVITE (formats/public): LF line ends, a
	// length between the body's octets with LF and with CRLF, an empty line before
	// `--uniqueBoundary--`, the file's last line.
	const guide = readFileSync(
		join(
			__dirname,
			'..',
			'fixtures',
			'formats',
			'public',
			'cisco-cube-media-proxy-siprec-invite.txt',
		),
		'utf8',
	);
	const a = analyzeTrace(guide);
	assert.equal(a.messages.length, 1);
	const body = a.messages[0]!.body!;
	assert.ok(guide.slice(body.start, body.end).trimEnd().endsWith('--uniqueBoundary--'));
	assert.deepEqual(said(guide), [
		'information content-length.mismatch Content-Length is 2250; the body has 2217 octets in the file',
	]);
});

test("a part's Content-Type folded over lines (RFC 2045 §3) is read whole: its boundary is no missing parameter", () => {
	// A nested multipart (RFC 3893's example), its boundary on the folded line.
	const nested = mixedInvite().replace(
		'Content-Type: application/pidf+xml\r\nContent-ID: <loc@example.com>\r\n\r\n<?xml version="1.0"?>\r\n<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="pres:alice@example.com"/>\r\n',
		'Content-Type: multipart/alternative;\r\n  boundary=inner\r\n\r\n--inner\r\nContent-Type: text/plain\r\n\r\nhere\r\n--inner--\r\n',
	);
	assert.notEqual(nested, mixedInvite());
	const fixed = nested.replace(
		/Content-Length: \d+/,
		`Content-Length: ${nested.length - nested.indexOf('--boundary1\r\n')}`,
	);
	assert.deepEqual(said(fixed), []);
});

test("a multipart body that never uses its Content-Type's boundary: an error; the copy's typographic or escaped quotes around it: not the sender's", () => {
	assert.deepEqual(said(mixedInvite({ boundary: 'a3985a25d8e16b26' })), [
		"error body.invalid The multipart/mixed body is not valid: its Content-Type's bo",
	]);
	assert.deepEqual(said(mixedInvite({ boundary: '”boundary1”' })), [
		"information body.invalid The Content-Type's boundary stands in typographic quotes (`”",
	]);
	assert.deepEqual(said(mixedInvite({ boundary: '\\"boundary1\\"' })), []);
});

test('a multipart body the trace ends inside (no closing delimiter, the rest not there): said cut, not a length the sender got wrong', () => {
	const whole = mixedInvite();
	const cut = whole.slice(0, whole.indexOf('<?xml'));
	assert.deepEqual(
		said(cut).map((p) => p.split(' ').slice(0, 2).join(' ')),
		['warning message.truncated'],
	);
});

test("a multipart/related type parameter that is not the root part's media type (RFC 2387 §3.1): said on that NOTIFY", () => {
	const a = analyzeTrace(text);
	assert.ok(
		a.messages.some((m) =>
			/type="application\/rlmi\+xml"/.test(
				text.slice(m.frame.span.start, m.body?.start ?? m.frame.span.end),
			),
		),
	);
	// As Kamailio sends it, `type="application/rlmi+xml"`, the root part's: nothing (above).
	for (const [written, said] of [
		[
			'type=application',
			"the type parameter application is no media type, not the root part's application/rlmi+xml (RFC 2387 §3.1)",
		],
		[
			'type="application/pidf+xml"',
			"the type parameter application/pidf+xml is not the root part's application/rlmi+xml (RFC 2387 §3.1)",
		],
	] as const) {
		const t = text.replaceAll('type="application/rlmi+xml"', written);
		const problems = invalid(t);
		assert.ok(problems.length >= 1, written);
		assert.ok(
			problems.every((p) => p.message.includes(said)),
			`${written}: ${problems[0]?.message}`,
		);
	}
});
