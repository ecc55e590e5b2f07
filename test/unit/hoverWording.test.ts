// What the editor says about real traces, read as a SIP engineer reads it: a dialog is created by
// an INVITE, SUBSCRIBE, NOTIFY or REFER, never by an ACK; a response shows the reason phrase the
// server wrote; Expires 0 in a 2xx ends a subscription or a publication; loopback answers take
// less than a millisecond; an SDP stream without a direction is sendrecv; every header field of
// RFC 3261 §20 has its hover; a NOTIFY seen on two hops is one NOTIFY; an Event value names its
// package; a body that is not XML is not called broken XML. Expected values are read from the
// fixtures' text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { provideHover } from '../../server/src/features/hover';
import { provideDocumentSymbols } from '../../server/src/features/documentSymbols';
import { provideInlayHints } from '../../server/src/features/inlayHints';
import { provideCodeLenses } from '../../server/src/features/codeLens';
import { createTraceDocument } from '../../server/src/traceDocument';
import { readSeen } from './seenMessages';

const fixtures = join(__dirname, '..', 'fixtures');

function open(path: string, text = readFileSync(join(fixtures, path), 'utf8')) {
	const doc = createTraceDocument(`file:///${path}`, 1, text, undefined);
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const hover = (line: number, character = 1): string =>
		(provideHover(doc, { line, character })?.contents as { value: string } | undefined)?.value ??
		'';
	return { doc, text, lines, hover };
}

void test('sipp-trace-msg-ack-200.txt: an ACK first in the trace is not said to create the dialog', () => {
	// SIPp's -trace_msg: the ACK of a call whose INVITE is before the excerpt, then a 200 OK again.
	const { doc, lines, hover } = open('excerpts/sipp-trace-msg-ack-200.txt');
	const ack = lines.findIndex((l) => l.startsWith('ACK '));
	const callIdLine = lines.findIndex((l, i) => i > ack && l.startsWith('Call-ID:'));
	const callId = lines[callIdLine]!.slice('Call-ID:'.length).trim();
	const value = hover(callIdLine, 'Call-ID: '.length + 1);
	assert.ok(!value.includes('created by the ACK'), value);
	assert.ok(
		value.includes(
			`dialog whose creating request is not in the trace (first seen at line ${ack + 1})`,
		),
		value,
	);
	// The outline names the dialog as a dialog, not after the ACK.
	const names = provideDocumentSymbols(doc).map((s) => s.name);
	assert.ok(names.includes(`dialog ${callId}`), names.join(' | '));
	assert.ok(!names.includes(`ACK ${callId}`), names.join(' | '));
	// The 200 answers an INVITE (its CSeq) that is not in the trace: "an INVITE".
	const ok = lines.findIndex((l) => l.startsWith('SIP/2.0 200 '));
	const method = lines
		.slice(ok)
		.find((l) => l.startsWith('CSeq:'))!
		.split(/\s+/)[2]!;
	assert.ok(hover(ok).includes(`to an ${method} not in the trace`), hover(ok));
	// Subject (RFC 3261 §20.36), which the ACK carries, has its hover.
	const subject = lines.findIndex((l) => l.startsWith('Subject:'));
	assert.ok(hover(subject).includes('[RFC 3261 §20.36]'), hover(subject));
});

void test('blf-call.sip: a response shows the reason phrase its server wrote, and the code’s own name', () => {
	// Kamailio's sl_send_reply words its 100 as it likes (RFC 3261 §21: the phrase is free text).
	const { lines, hover } = open('real/blf-call.sip');
	const trying = lines.findIndex((l) => /^SIP\/2\.0 100 /.test(l) && l !== 'SIP/2.0 100 Trying');
	assert.ok(trying > 0, 'a 100 with a reason phrase of its own');
	const said = lines[trying]!.slice('SIP/2.0 '.length);
	const value = hover(trying);
	assert.ok(value.startsWith(`**${said}** (Provisional: 100 is Trying)`), value);
});

void test('presence-story.sip: a 2xx with Expires 0 ends the subscription or removes the publication', () => {
	const { lines, hover } = open('real/presence-story.sip');
	/** The value of header `name` of the message whose start line is `at`, or null. */
	const header = (at: number, name: string): string | null => {
		for (let i = at + 1; i < lines.length && lines[i] !== ''; i++) {
			const h = new RegExp(`^${name}:\\s*(.*)$`, 'i').exec(lines[i]!);
			if (h) return h[1]!.trim();
		}
		return null;
	};
	const starts = lines.flatMap((l, i) =>
		/^(?:[A-Z]+ \S+ SIP\/2\.0|SIP\/2\.0 \d{3} )/.test(l) ? [i] : [],
	);
	const unsubscribed = starts.filter(
		(i) =>
			lines[i]!.startsWith('SIP/2.0 200') &&
			header(i, 'CSeq')!.endsWith('SUBSCRIBE') &&
			header(i, 'Expires') === '0',
	);
	assert.ok(unsubscribed.length >= 2);
	for (const ok of unsubscribed) {
		const value = hover(ok);
		assert.ok(!value.includes('granted for 0 s'), value);
		assert.ok(value.includes('the subscription ends: Expires 0 accepts an unsubscribe'), value);
		// The NOTIFY that says so: the next one of the same Call-ID, Subscription-State terminated.
		const callId = header(ok, 'Call-ID');
		const end = starts.find(
			(i) =>
				i > ok &&
				lines[i]!.startsWith('NOTIFY ') &&
				header(i, 'Call-ID') === callId &&
				header(i, 'Subscription-State')!.startsWith('terminated'),
		)!;
		assert.ok(value.includes(`the NOTIFY at line ${end + 1} says it is terminated`), value);
	}
	const removed = starts.filter(
		(i) =>
			lines[i]!.startsWith('SIP/2.0 200') &&
			header(i, 'CSeq')!.endsWith('PUBLISH') &&
			header(i, 'Expires') === '0',
	);
	assert.ok(removed.length >= 1);
	for (const ok of removed) {
		const value = hover(ok);
		assert.ok(!value.includes('a refresh, modify or removal names it'), value);
		assert.ok(
			value.includes(
				`the publication \`${header(ok, 'SIP-ETag')}\` is removed with its event state`,
			),
			value,
		);
		// The Expires header of that 200 says the same.
		const expires = lines.findIndex((l, i) => i > ok && l === 'Expires: 0');
		assert.ok(hover(expires, 'Expires: '.length).includes('the published state is removed'));
	}
});

void test('presence-story.sngrep.txt: an answer within a millisecond shows its time, not "+0 ms"', () => {
	const { doc, lines } = open('real/presence-story.sngrep.txt');
	const hints = provideInlayHints(doc, {
		start: { line: 0, character: 0 },
		end: { line: lines.length, character: 0 },
	});
	// sngrep's `YYYY/MM/DD hh:mm:ss.uuuuuu a:p -> b:p` line before each start line.
	const micros = (startLine: number): number => {
		const [, h, m, s, u] = /(\d\d):(\d\d):(\d\d)\.(\d{6}) /.exec(lines[startLine - 1]!)!;
		return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1e6 + Number(u);
	};
	let subMillisecond = 0;
	for (const h of hints) {
		const request = Number(/at line (\d+)/.exec(h.tooltip as string)![1]) - 1;
		const took = micros(h.position.line) - micros(request);
		if (took > 0 && took < 1000) {
			subMillisecond++;
			assert.equal(h.label, `+${(took / 1000).toFixed(2)} ms`);
		}
	}
	assert.ok(subMillisecond > 0, 'loopback answers within a millisecond');
});

void test('cisco-ios-debug-ccsip-messages: an SDP stream without a direction attribute is sendrecv', () => {
	const { lines, hover } = open('formats/public/cisco-ios-debug-ccsip-messages-invite-100.txt');
	const media = lines.findIndex((l) => l.startsWith('m=audio'));
	assert.ok(media > 0);
	assert.ok(!lines.some((l) => /^a=(?:sendrecv|sendonly|recvonly|inactive)\b/.test(l)));
	assert.ok(hover(media).includes('| sendrecv (default) |'), hover(media));
});

void test('every header field of RFC 3261 §20 has its hover, with its section', () => {
	// RFC 3261 §20.1 to §20.44, in the order of the RFC.
	const section20 = [
		'Accept', 'Accept-Encoding', 'Accept-Language', 'Alert-Info', 'Allow',
		'Authentication-Info', 'Authorization', 'Call-ID', 'Call-Info', 'Contact',
		'Content-Disposition', 'Content-Encoding', 'Content-Language', 'Content-Length',
		'Content-Type', 'CSeq', 'Date', 'Error-Info', 'Expires', 'From', 'In-Reply-To',
		'Max-Forwards', 'Min-Expires', 'MIME-Version', 'Organization', 'Priority',
		'Proxy-Authenticate', 'Proxy-Authorization', 'Proxy-Require', 'Record-Route', 'Reply-To',
		'Require', 'Retry-After', 'Route', 'Server', 'Subject', 'Supported', 'Timestamp', 'To',
		'Unsupported', 'User-Agent', 'Via', 'Warning', 'WWW-Authenticate',
	]; // prettier-ignore
	assert.equal(section20.length, 44);
	const text = [
		'OPTIONS sip:bob@example.com SIP/2.0',
		...section20.map((name) => `${name}: x`),
		'',
		'',
	].join('\r\n');
	const { hover } = open('section20.sip', text);
	section20.forEach((name, i) => {
		const value = hover(i + 1);
		assert.ok(value.startsWith(`**${name}**`), `${name}: ${value}`);
		assert.ok(value.includes(`[RFC 3261 §20.${i + 1}]`), `${name}: ${value}`);
	});
});

void test('refer-call.sip: a REFER’s lens counts each NOTIFY once, not once per hop through the proxy', () => {
	// Kamailio record-routes alice's and bob's dialog: each NOTIFY of the REFER's implicit
	// subscription is in the trace as bob's copy and as the proxy's, with the same CSeq.
	const { doc, text } = open('real/refer-call.sip');
	const seen = readSeen(text);
	const lenses = provideCodeLenses(doc);
	const refers = seen.filter((m) => m.method === 'REFER' && m.branches.length === 1);
	assert.ok(refers.length >= 2);
	refers.forEach((refer, k) => {
		// RFC 3515 §2.4.6: the NOTIFYs of any REFER but the dialog's first carry id=<its CSeq>.
		const id = (event: string): string | null => /;\s*id=([^;\s]+)/.exec(event)?.[1] ?? null;
		const notifies = seen.filter(
			(m) =>
				m.method === 'NOTIFY' &&
				m.callId === refer.callId &&
				m.event?.startsWith('refer') &&
				(id(m.event) === String(refer.cseq) || (k === 0 && id(m.event) === null)),
		);
		const sent = new Set(notifies.map((m) => m.cseq)).size;
		assert.ok(sent < notifies.length, 'the trace shows each NOTIFY on two hops');
		const title = lenses.find((l) => l.range.start.line === refer.line)?.command?.title ?? '';
		assert.ok(
			title.startsWith(`${sent} NOTIFYs (+${notifies.length - sent} forwarded by a proxy)`),
			title,
		);
	});
});

void test('presence-story.sip: the dialog of a subscription ends with it, as the Call-ID hover says', () => {
	const { lines, hover } = open('real/presence-story.sip');
	const subscribe = lines.findIndex((l) => l.startsWith('SUBSCRIBE '));
	const callIdLine = lines.findIndex((l, i) => i > subscribe && l.startsWith('Call-ID:'));
	const callId = lines[callIdLine]!.slice('Call-ID:'.length).trim();
	// The NOTIFY of that Call-ID whose Subscription-State is terminated (RFC 6665 §4.4.1).
	const notifies = lines.flatMap((l, i) => (l.startsWith('NOTIFY ') ? [i] : []));
	const terminated = notifies.find((n) => {
		const headers = lines.slice(n, lines.indexOf('', n));
		return (
			headers.includes(`Call-ID: ${callId}`) &&
			headers.some((h) => /^Subscription-State:\s*terminated/.test(h))
		);
	})!;
	assert.ok(terminated > 0);
	const value = hover(callIdLine, 'Call-ID: '.length + 1);
	assert.ok(
		value.includes(
			`dialog created by the SUBSCRIBE at line ${subscribe + 1}, ended with its subscription (the NOTIFY at line ${terminated + 1} says terminated`,
		),
		value,
	);
});

void test('refer-call.sip: the 202 to a REFER says the referee will report in NOTIFYs', () => {
	const { lines, hover } = open('real/refer-call.sip');
	const accepted = lines.findIndex(
		(l, i) =>
			l.startsWith('SIP/2.0 202 ') &&
			lines.slice(i, lines.indexOf('', i)).some((h) => /^CSeq:\s*\d+\s+REFER$/.test(h)),
	);
	assert.ok(accepted > 0);
	assert.ok(hover(accepted).includes('the referee accepted the REFER'), hover(accepted));
	assert.ok(hover(accepted).includes('(RFC 3515 §2.4.2, §2.4.4)'), hover(accepted));
});

void test('sipml5-console-send-recv.txt: a response cut before its CSeq is named without "(?)"', () => {
	const { doc, lines } = open('formats/public/sipml5-console-send-recv.txt');
	const ok = lines.findIndex((l) => /SIP\/2\.0 200 OK$/.test(l));
	assert.ok(ok > 0);
	assert.ok(!lines.slice(ok).some((l) => /^CSeq:/i.test(l)), 'the excerpt ends before its CSeq');
	const names = provideDocumentSymbols(doc).map((s) => s.name);
	assert.ok(names.includes('200 OK'), names.join(' | '));
	assert.ok(!names.some((n) => n.includes('(?)')), names.join(' | '));
});

for (const [file, rfc] of [
	['real/presence-story.sip', '3856'],
	['real/winfo-story.sip', '3857'],
	['real/blf-call.sip', '4235'],
	['real/mwi-story.sip', '3842'],
	['real/reginfo-alice.sip', '3680'],
] as const) {
	void test(`${file}: the Event value names its package's RFC and the subscription it is in`, () => {
		const { lines, hover } = open(file);
		const subscribe = lines.findIndex((l) => l.startsWith('SUBSCRIBE '));
		const block = (at: number): string[] => lines.slice(at, lines.indexOf('', at));
		const eventLine = subscribe + block(subscribe).findIndex((l) => l.startsWith('Event:'));
		const callId = block(subscribe)
			.find((l) => l.startsWith('Call-ID:'))!
			.slice('Call-ID:'.length)
			.trim();
		// The NOTIFY of that Call-ID that says terminated, and its reason.
		const end = lines.findIndex(
			(l, i) =>
				l.startsWith('NOTIFY ') &&
				block(i).includes(`Call-ID: ${callId}`) &&
				block(i).some((h) => /^Subscription-State:\s*terminated/.test(h)),
		);
		const reason = /reason=([\w-]+)/.exec(
			block(end).find((h) => h.startsWith('Subscription-State:'))!,
		)![1];
		const value = hover(eventLine, 'Event: '.length + 1);
		assert.ok(value.includes(`(RFC ${rfc})`), value);
		assert.ok(
			value.includes(`subscription created by the SUBSCRIBE at line ${subscribe + 1}`),
			value,
		);
		assert.ok(value.includes(`terminated by the NOTIFY at line ${end + 1} (${reason})`), value);
	});
}

void test('sofia-drachtio-cut-body.log: a multipart part the excerpt cut empty is not read as XML', () => {
	const { lines, hover } = open('excerpts/sofia-drachtio-cut-body.log');
	const boundary = /boundary=([^;\s]+)/.exec(lines.find((l) => l.startsWith('Content-Type:'))!)![1];
	const delimiter = lines.indexOf(`--${boundary}`);
	assert.equal(
		lines
			.slice(delimiter + 1)
			.join('')
			.trim(),
		'',
		'nothing after the delimiter',
	);
	const value = hover(delimiter, 2);
	assert.ok(value.startsWith('**Part 1** (no Content-Type)\n\nempty'), value);
	assert.ok(!value.includes('XML'), value);
});

void test('a body without Content-Type that is neither SDP nor XML is not said to be broken XML', () => {
	// As the Asterisk wiki's SUBSCRIBE paste has it: a stray empty line among the headers, so the
	// headers after it stand where the body would.
	const text = [
		'SUBSCRIBE sip:6001@192.0.2.124 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.254:37509;branch=z9hG4bK-2',
		'Max-Forwards: 70',
		'To: <sip:6001@192.0.2.124>',
		'From: <sip:alice@192.0.2.124>;tag=f51e9632',
		'Call-ID: stray-1@192.0.2.254',
		'CSeq: 2 SUBSCRIBE',
		'',
		'Accept: application/pidf+xml',
		'Event: presence',
		'',
		'',
	].join('\r\n');
	const { lines, hover } = open('stray-empty-line.sip', text);
	const value = hover(lines.indexOf('Accept: application/pidf+xml'), 2);
	assert.ok(!value.includes('XML is not well-formed'), value);
	assert.ok(value.includes('no Content-Type, and it reads as neither SDP nor XML'), value);
});

void test('a PIDF hover shows a device by its device ID (RFC 4479 §3.3: no contact), and each note with its language', () => {
	const body = [
		'<?xml version="1.0"?>',
		'<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" entity="sip:carol@example.com">',
		'<tuple id="t1"><status><basic>open</basic></status><contact>sip:carol@192.0.2.4</contact>',
		'<note xml:lang="en">At my desk</note><note xml:lang="fr">À mon bureau</note></tuple>',
		'<dm:device id="d1"><dm:deviceID>urn:uuid:1234</dm:deviceID><dm:note>Carol&apos;s laptop</dm:note></dm:device>',
		'</presence>',
	].join('\r\n');
	const text = [
		'PUBLISH sip:carol@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKd1',
		'Max-Forwards: 70',
		'From: <sip:carol@example.com>;tag=c1',
		'To: <sip:carol@example.com>',
		'Call-ID: dev-1@192.0.2.4',
		'CSeq: 1 PUBLISH',
		'Event: presence',
		'Expires: 3600',
		'Content-Type: application/pidf+xml',
		`Content-Length: ${Buffer.byteLength(body)}`,
		'',
		body,
	].join('\r\n');
	const { lines, hover } = open('device.sip', text);
	const value = hover(lines.findIndex((l) => l.startsWith('<tuple')));
	assert.match(value, /\| device d1 \(device ID urn:uuid:1234\) \|/);
	// The device's row: no contact cell filled with its device ID.
	assert.ok(!/\| urn:uuid:1234 \|/.test(value), value);
	assert.ok(value.includes('At my desk (en); À mon bureau (fr)'), value);
});
