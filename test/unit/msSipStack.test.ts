// Lync / Skype for Business Server SIPStack logs as text (OCSLogger/CLSLogger, Snooper): the
// public records of Microsoft's and Cisco's documents (test/fixtures/formats/public, origins in
// test/fixtures/README.md), and the record shapes around them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { detectFormat } from '../../server/src/core/framing/detect';
import { frameSlice, frameTrace } from '../../server/src/core/framing/frameTrace';
import { bodyHover } from '../../server/src/features/bodyHover';
import { coversAll } from './coversAll';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { traceStatistics } from '../../server/src/core/statistics';

const fixtures = join(__dirname, '..', 'fixtures', 'formats');
const read = (f: string): string => readFileSync(join(fixtures, f), 'utf8');
const slice = (text: string, s: { start: number; end: number }): string =>
	text.slice(s.start, s.end);

test("Microsoft's OCS Edge SIPStack record: the Start-Line value is the message's start line, the record its metadata", () => {
	const text = read('public/lync-ocs-edge-sipstack-options-diag.txt');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'msSipStack');
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(slice(text, m.startLine), 'OPTIONS sip:Options_User@fabrikam.com SIP/2.0');
	assert.equal(m.method, 'OPTIONS');
	assert.equal(m.callId, '017b06f397b14886bba5edf97ea206bd');
	assert.equal(m.cseq?.seq, 1);
	assert.equal(m.vias[0]?.sentBy, '10.10.10.10:61182');
	assert.equal(m.contentLength, 0);
	assert.equal(m.body, null);
	// The record line's time, the direction and the peer the record gives.
	assert.deepEqual(
		{
			time: m.frame.time,
			epochMicros: m.frame.epochMicros,
			direction: m.frame.direction,
			src: m.frame.src,
			dst: m.frame.dst,
			transport: m.frame.transport,
		},
		{
			time: '2012-01-18T05:00:43.101',
			epochMicros: Date.UTC(2012, 0, 18, 5, 0, 43, 101) * 1000,
			direction: 'in',
			src: 'lyncservr.contoso.com:61182',
			dst: null,
			transport: null,
		},
	);
	// The record line and the pseudo-headers up to `Start-Line: ` are metadata; `Message-Body: -`
	// and `$$end_record` close the frame, and are not headers of the message.
	const meta = slice(text, m.frame.meta!);
	assert.match(meta, /^TL_INFO\(TF_PROTOCOL\) .*\$\$begin_record\nTrace-Correlation-Id: /);
	assert.ok(meta.endsWith('Message-Type: request\nStart-Line: '));
	assert.ok(slice(text, m.frame.span).endsWith('Message-Body: -\n$$end_record\n'));
	assert.equal(m.header('message-body'), undefined);
	assert.equal(m.header('trace-correlation-id'), undefined);
	assert.equal(m.headers[m.headers.length - 1]?.key, 'user-agent');
	// The diagnostic record after it (its `SIP-Start-Line:` names a message, it is not one) is
	// log text, its `$$end_record` too.
	const noise = a.noise.map((n) => slice(text, n)).join('');
	assert.match(noise, /^TL_ERROR\(TF_COMPONENT\)[^]*SIP-Start-Line: OPTIONS[^]*\$\$end_record\n$/);
	// Only what the excerpt itself lacks is reported (the article shows no From).
	assert.deepEqual([...new Set(a.problems.map((p) => p.code))], ['header.missing-from']);
	coversAll(text, a);
});

test("Cisco's Skype for Business Edge diagnostic record (`[id] $$begin_record`, no Start-Line) is log text", () => {
	const text = read('public/skype-edge-sipstack-diag-cisco.txt');
	assert.equal(detectFormat(text), 'msSipStack');
	const framing = frameTrace(text);
	assert.equal(framing.frames.length, 0);
	assert.deepEqual(framing.noise, [{ start: 0, end: text.length }]);
});

const record = (head: string, lines: string[]): string =>
	[
		`TL_INFO(TF_PROTOCOL) [FE01\\FE01]0A7C.0E44::03/14/2014-16:10:48.832.0004A64B (SIPStack,SIPAdminLog::TraceProtocolRecord:SIPAdminLog.cpp(160)) [4263652616] ${head}`,
		...lines,
	].join('\n');

const notify = [
	'Trace-Correlation-Id: 4263652616',
	'Instance-Id: 0004A64B',
	'Direction: outgoing;source="local";destination="external edge"',
	'Peer: edge.contoso.com:5061',
	'Message-Type: request',
	'Start-Line: NOTIFY sip:bob@contoso.com;opaque=user:epid:x;gruu SIP/2.0',
	'From: <sip:alice@contoso.com>;tag=a1',
	'To: <sip:bob@contoso.com>;tag=b1',
	'Call-ID: c1',
	'CSeq: 2 NOTIFY',
	'Event: presence',
	'Subscription-State: active;expires=3600',
	'Content-Type: text/plain',
	'Content-Length: 11',
	'Message-Body: hello',
	'world',
	'$$end_record',
];

test('an outgoing record: the peer is the destination; a body runs from Message-Body: to $$end_record', () => {
	const text = record('$$begin_record', notify) + '\n';
	const a = analyzeTrace(text);
	assert.equal(a.format, 'msSipStack');
	const m = a.messages[0]!;
	assert.equal(m.method, 'NOTIFY');
	assert.equal(m.frame.direction, 'out');
	assert.equal(m.frame.dst, 'edge.contoso.com:5061');
	assert.equal(m.frame.src, null);
	assert.equal(m.frame.time, '2014-03-14T16:10:48.832');
	// `hello\nworld`: 11 octets with the log's LF, as Content-Length says.
	assert.ok(m.body);
	assert.equal(slice(text, m.body), 'hello\nworld');
	assert.ok(!a.problems.some((p) => /^(content-length|message|framing)\./.test(p.code)));
	coversAll(text, a);
});

test('a record cut short ends at the next record line; one without Start-Line is log text', () => {
	const cut = record('$$begin_record', notify.slice(0, 10));
	const text = `${cut}\n${record('$$begin_record', notify)}\nSome other line\n`;
	const framing = frameTrace(text);
	assert.equal(framing.format, 'msSipStack');
	assert.equal(framing.frames.length, 2);
	assert.equal(framing.frames[0]!.span.end, cut.length + 1);
	assert.ok(!slice(text, framing.frames[0]!.sip).includes('TL_INFO'));
	assert.equal(
		slice(text, framing.noise[0]!),
		'Some other line\n',
		'a line after the record is log text',
	);
	const bare = record('$$begin_record', ['Severity: warning', '$$end_record']);
	const f2 = frameTrace(`${bare}\n`);
	assert.equal(f2.frames.length, 0);
	// A direction word the format does not use gives none.
	const odd = frameTrace(
		record(
			'$$begin_record',
			notify.map((l) => l.replace('outgoing', 'sideways')),
		),
	);
	assert.equal(odd.frames[0]!.direction, null);
	assert.equal(odd.frames[0]!.dst, null);
});

test('re-framing a slice from a record on gives the frames the whole framing gives', () => {
	const one = record('$$begin_record', notify);
	const text = `${one}\n${one}\n`;
	const whole = frameTrace(text);
	const part = frameSlice(text, one.length + 1, text.length, 'msSipStack');
	assert.equal(part.frames.length, 1);
	assert.deepEqual(part.frames[0]!.span, whole.frames[1]!.span);
	assert.deepEqual([...part.frames[0]!.lines!], [...whole.frames[1]!.lines!]);
});

test('a presence subscription logged by the server: the NOTIFY links to its SUBSCRIBE, its msrtc categories decode', () => {
	const categories = readFileSync(
		join(__dirname, '..', 'fixtures', 'real-bodies', 'ms-pres-categories-state.xml'),
		'utf8',
	).trimEnd();
	const stack = (direction: string, type: string, lines: string[]): string =>
		record('$$begin_record', [
			'Trace-Correlation-Id: 1',
			'Instance-Id: 00000001',
			`Direction: ${direction};source="external edge";destination="local"`,
			'Peer: 192.0.2.20:51234',
			`Message-Type: ${type}`,
			...lines,
			'$$end_record',
		]);
	const dialog = ['Call-ID: sub1@contoso.com', 'From: <sip:bob@contoso.com>;tag=b1'];
	const text = [
		stack('incoming', 'request', [
			'Start-Line: SUBSCRIBE sip:alice@contoso.com SIP/2.0',
			'Via: SIP/2.0/TLS 192.0.2.20:51234;branch=z9hG4bKs1',
			'To: <sip:alice@contoso.com>',
			...dialog,
			'CSeq: 1 SUBSCRIBE',
			'Contact: <sip:192.0.2.20:51234;transport=tls>',
			'Event: presence',
			'Accept: application/msrtc-event-categories+xml',
			'Content-Length: 0',
			'Message-Body: -',
		]),
		stack('outgoing', 'response', [
			'Start-Line: SIP/2.0 200 OK',
			'Via: SIP/2.0/TLS 192.0.2.20:51234;branch=z9hG4bKs1',
			'To: <sip:alice@contoso.com>;tag=a1',
			...dialog,
			'CSeq: 1 SUBSCRIBE',
			'Contact: <sip:pool.contoso.com;transport=tls>',
			'Expires: 3600',
			'Content-Length: 0',
			'Message-Body: -',
		]),
		stack('outgoing', 'request', [
			'Start-Line: NOTIFY sip:192.0.2.20:51234;transport=tls SIP/2.0',
			'Via: SIP/2.0/TLS 198.51.100.1:5061;branch=z9hG4bKn1',
			'From: <sip:alice@contoso.com>;tag=a1',
			'To: <sip:bob@contoso.com>;tag=b1',
			'Call-ID: sub1@contoso.com',
			'CSeq: 1 NOTIFY',
			'Event: presence',
			'Subscription-State: active;expires=3600',
			'Content-Type: application/msrtc-event-categories+xml',
			`Content-Length: ${Buffer.byteLength(categories)}`,
			`Message-Body: ${categories}`,
		]),
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'msSipStack');
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['SUBSCRIBE', 200, 'NOTIFY'],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.equal(a.index.subscriptionOf(2)?.creator, 0);
	assert.ok(!a.problems.some((p) => /^(body|content-length|framing|message)\./.test(p.code)));
	const hover = bodyHover(a, a.messages[2]!, (i) => i + 1)!;
	assert.match(hover, /Microsoft enhanced presence categories\) of `sip:alice@contoso\.com`/);
	assert.match(hover, /availability 3500 \(Available\)/);
	coversAll(text, a);
});

// Microsoft's servers notify presence subscriptions with BENOTIFY, a NOTIFY that gets no
// response ([MS-SIP] §3.5), once the SUBSCRIBE says `Supported: ms-benotify`. The shape of the
// self-subscription in [MS-PRES] §4.4.1 and §4.4.3 (Office Communicator and OCS 2007).
test('a BENOTIFY notifies its subscription as a NOTIFY does, and is not counted as unanswered', () => {
	const dialog = ['Call-ID: 0599fe5e383644229740f1afefa5b456'];
	const text = [
		'SUBSCRIBE sip:alice@contoso.com SIP/2.0',
		'Via: SIP/2.0/TLS 172.24.32.208:2140;branch=z9hG4bKs1',
		'Max-Forwards: 70',
		'From: <sip:alice@contoso.com>;tag=1415cd9c08;epid=ffad8b59dc',
		'To: <sip:alice@contoso.com>',
		...dialog,
		'CSeq: 1 SUBSCRIBE',
		'Contact: <sip:alice@contoso.com;opaque=user:epid:qKP5qGHu11azBsZ7CPso2AAA;gruu>',
		'Event: vnd-microsoft-roaming-self',
		'Supported: ms-benotify',
		'Proxy-Require: ms-benotify',
		'Content-Length: 0',
		'',
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/TLS 172.24.32.208:2140;branch=z9hG4bKs1',
		'From: <sip:alice@contoso.com>;tag=1415cd9c08;epid=ffad8b59dc',
		'To: <sip:alice@contoso.com>;tag=F63B0080',
		...dialog,
		'CSeq: 1 SUBSCRIBE',
		'Contact: <sip:172.24.41.100:5061;transport=tls>',
		'Expires: 47515',
		'Supported: ms-benotify',
		'Content-Length: 0',
		'',
		'BENOTIFY sip:172.24.32.208:2140;transport=tls;ms-opaque=37dc925222 SIP/2.0',
		'Via: SIP/2.0/TLS 172.24.41.100:5061;branch=z9hG4bK0AAF5059.4FCDDC51;branched=FALSE',
		'Max-Forwards: 70',
		'To: <sip:alice@contoso.com>;tag=1415cd9c08;epid=ffad8b59dc',
		'From: <sip:alice@contoso.com>;tag=F63B0080',
		...dialog,
		'CSeq: 2 BENOTIFY',
		'Event: vnd-microsoft-roaming-self',
		'subscription-state: terminated;reason=noresource',
		'Content-Length: 0',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['SUBSCRIBE', 200, 'BENOTIFY'],
	);
	const subscription = a.index.subscriptionOf(2);
	assert.equal(subscription?.creator, 0);
	assert.deepEqual(subscription?.notifies, [2]);
	// Its Subscription-State ends the subscription, as a NOTIFY's would (RFC 6665 §4.1.3).
	assert.equal(subscription?.terminatedBy, 2);
	// The CLI's --json links it as it links a NOTIFY.
	const dir = mkdtempSync(join(tmpdir(), 'sip-benotify-'));
	try {
		writeFileSync(join(dir, 'self.sip'), text);
		const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
		const run = spawnSync(process.execPath, [cli, join(dir, 'self.sip'), '--json'], {
			encoding: 'utf8',
		});
		const json = JSON.parse(run.stdout) as {
			messages: { links: { subscription: number | null } }[];
		};
		assert.equal(json.messages[2]!.links.subscription, 0);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	const benotify = traceStatistics(a).methods.find((m) => m.method === 'BENOTIFY');
	assert.equal(benotify?.requests, 1);
	assert.equal(benotify?.unanswered, null);
	assert.ok(!a.problems.some((p) => p.severity === 'error' || p.severity === 'warning'));
});
