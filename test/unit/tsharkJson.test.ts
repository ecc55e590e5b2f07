// tshark's JSON (`tshark -T json`, Wireshark's "Export Packet Dissections > As JSON") of real
// captures (test/fixtures/real/*.tshark.json, made by test/scripts/make-tshark-json-printouts.sh):
// each message read from its two strings as it went, compared with tshark's own reassembly
// (`*.messages.json`, written by test/scripts/tsharkSipJson.mjs), independently of the analyser.
// The messages and links of every export are checked in realFixtures.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { detectFormat } from '../../server/src/core/framing/detect';
import { textOf } from '../../server/src/core/parser/joins';
import type { SipMessage } from '../../server/src/core/model';
import { createTraceDocument } from '../../server/src/traceDocument';
import { provideHover } from '../../server/src/features/hover';
import { coversAll } from './coversAll';
import { withoutScenarioPriorities } from './tcpStoryBodies';

const realDir = join(__dirname, '..', 'fixtures', 'real');
const real = (name: string): string => readFileSync(join(realDir, name), 'utf8');

interface Reassembled {
	startLine: string;
	headers: [string, string][];
	body: string;
}

/** A message as read: start line, header names and values (over escapes), body. */
function asRead(text: string, m: SipMessage): Reassembled {
	return {
		startLine: text.slice(m.startLine.start, m.startLine.end),
		headers: m.headers.map((h) => [
			textOf(text, m.frame, h.name.start, h.name.end),
			textOf(text, m.frame, h.value.start, h.value.end),
		]),
		body: bodyText(text, m),
	};
}

/** tshark's message, its body without the last line end (a message's lines leave it out). */
function asReassembled(r: Reassembled): Reassembled {
	return { startLine: r.startLine, headers: r.headers, body: r.body.replace(/\r\n$/, '') };
}

for (const [file, story, variant] of [
	['tcp-story', 'tcp-story', 'every packet, bare ACKs too'],
	['tcp-ipv6', 'tcp-ipv6', 'IPv6, `-Y sip --no-duplicate-keys`'],
	['tcp-story.fields', 'tcp-story', 'only the fields a reader needs, `-e`: each an array'],
	['tcp-story.ek', 'tcp-story', '`-T ek`: a packet a line, its messages an array of layers'],
] as const) {
	void test(`tshark's JSON over TCP (${variant}): every message read whole, as tshark reassembles it, and no more`, () => {
		const text = real(`${file}.tshark.json`);
		const expected = JSON.parse(real(`${story}.messages.json`)) as Reassembled[];
		const a = analyzeTrace(text);
		assert.equal(a.format, 'tsharkJson');
		assert.equal(a.messages.length, expected.length);
		// Quotes (`From: \"Linda\"`) and slashes (`<\/basic>`) are read as the characters they
		// stand for; a segment's start of the next message, in msg_hdr after Content-Length's
		// octets, is not read as body.
		for (let i = 0; i < expected.length; i++)
			assert.deepEqual(asRead(a.text, a.messages[i]!), asReassembled(expected[i]!), `message ${i}`);
		assert.deepEqual(
			withoutScenarioPriorities(a.problems).map((p) => p.code),
			[],
		);
		assert.ok(a.messages.every((m) => m.frame.transport === 'TCP'));
		coversAll(text, a);
		// The reading keeps every line where it is: the start line's line is the trace's.
		assert.equal(a.text.split('\n').length, text.split('\n').length);
	});
}

void test("tshark's JSON: each message has its packet's addresses, capture time and transport", () => {
	const udp = analyzeTrace(real('presence-story.tshark.json'));
	const first = udp.messages[0]!;
	assert.deepEqual(
		[first.frame.src, first.frame.dst, first.frame.transport],
		['127.0.0.1:15061', '127.0.0.1:15060', 'UDP'],
	);
	// `"frame.time_epoch": "1795560125.356310844"`, to the microsecond.
	const epoch = /"frame\.time_epoch": "(\d+)\.(\d{6})/.exec(real('presence-story.tshark.json'))!;
	assert.equal(first.frame.epochMicros, Number(epoch[1]) * 1e6 + Number(epoch[2]));
	const ws = analyzeTrace(real('ws-story.tshark.json'));
	assert.ok(ws.messages.length > 0);
	assert.ok(ws.messages.every((m) => m.frame.transport === 'WS'));
	const v6 = analyzeTrace(real('tcp-ipv6.tshark.json'));
	assert.match(v6.messages[0]!.frame.src!, /^\[::1\]:\d+$/);
});

void test("tshark's JSON: the capture time as any Wireshark prints it, the epoch in seconds or in ISO time, or the shown time in UTC", () => {
	const text = real('presence-story.tshark.json');
	const micros = (t: string): (number | null)[] =>
		analyzeTrace(t).messages.map((m) => m.frame.epochMicros);
	const want = micros(text);
	assert.ok(want.every((t) => t !== null));
	// `"frame.time_epoch": "2026-11-24T22:42:05.356310844Z"`.
	const iso = text.replace(
		/"frame\.time_epoch": "(\d+)\.(\d+)"/g,
		(_, s: string, f: string) =>
			`"frame.time_epoch": "${new Date(Number(s) * 1000).toISOString().slice(0, 19)}.${f}Z"`,
	);
	assert.notEqual(iso, text);
	assert.deepEqual(micros(iso), want);
	// Without the epoch: `"frame.time": "Nov 24, 2026 22:42:05.356310844 UTC"`.
	const shown = text.replace(/^ *"frame\.time_epoch": .*\n/gm, '');
	assert.ok(!shown.includes('frame.time_epoch'));
	assert.deepEqual(micros(shown), want);
	// A local zone's time says no instant the reader can tell.
	const local = shown.replace(/ UTC",$/gm, ' CET",');
	assert.ok(micros(local).every((t) => t === null));
});

void test("tshark's JSON compacted onto one line (`jq -c`, a program's JSON.stringify): the same messages and links", () => {
	const text = real('presence-story.tshark.json');
	const compact = JSON.stringify(JSON.parse(text));
	assert.ok(!compact.includes('\n'));
	const pretty = analyzeTrace(text);
	const one = analyzeTrace(compact);
	assert.equal(one.format, 'tsharkJson');
	const read = (a: typeof one): unknown[] =>
		a.messages.map((m) => [
			m.method,
			m.status,
			m.callId,
			m.frame.src,
			m.frame.epochMicros,
			a.index.requestOf(m.index),
			a.index.publishOf(m.index),
			a.index.notifiesOf(m.index),
			bodyText(a.text, m),
		]);
	assert.deepEqual(read(one), read(pretty));
	coversAll(compact, one);
});

void test("tshark's JSON of tunnelled traffic (VXLAN, as a mirror port sends it): the addresses the message went between, the inner ones", () => {
	const text = real('presence-story.tshark.json');
	// An outer IP and UDP header before each packet's own, as tshark writes a VXLAN packet's.
	const outer =
		'"ip": { "ip.src": "192.0.2.1", "ip.dst": "192.0.2.2" }, "udp": { "udp.srcport": "4789", "udp.dstport": "4789" }, "vxlan": {}, "eth": {';
	const tunnelled = text.replaceAll('"eth": {', outer);
	assert.notEqual(tunnelled, text);
	const sides = (t: string): unknown[] =>
		analyzeTrace(t).messages.map((m) => [m.frame.src, m.frame.dst, m.frame.transport]);
	assert.deepEqual(sides(tunnelled), sides(text));
});

void test("tshark's JSON: the hover on Linda's PUBLISH decodes the presence it carries", () => {
	const text = real('presence-story.tshark.json');
	const doc = createTraceDocument('file:///presence-story.tshark.json', 1, text, undefined);
	const publish = doc.analysis.messages.find(
		(m) => m.method === 'PUBLISH' && bodyText(doc.analysis.text, m).includes('rpid:busy'),
	);
	assert.ok(publish, 'a PUBLISH saying busy');
	const at = text.indexOf('<rpid:busy/>', publish.body!.start);
	const hover = JSON.stringify(provideHover(doc, doc.lines.positionAt(at)));
	assert.match(hover, /busy/);
	assert.match(hover, /In a meeting until 3pm/);
});

/**
 * The presence story's first PUBLISH with a body made to hold what tshark escapes: tabs, a
 * character beyond ASCII written as `\u00e9`, and bare LF line ends (Content-Length counted so),
 * the last line without one.
 */
function escapedPublish(): { text: string; body: string } {
	const text = real('presence-story.tshark.json');
	const key = '"sip.msg_hdr": ';
	const at = text.indexOf(key, text.indexOf('"sip.Request-Line": "PUBLISH '));
	const end = text.indexOf('\n', at);
	// The value, without the comma after it.
	const value = JSON.parse(text.slice(at + key.length, end - 1)) as string;
	const blank = value.indexOf('\r\n\r\n');
	const body = `<?xml version="1.0"?>\n<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:linda@127.0.0.1">\n\t<tuple id="t1">\n\t\t<status><basic>open</basic></status>\n\t\t<note xml:lang="fr">Réunion jusqu'à 15h</note>\n\t</tuple>\n</presence>`;
	const head = value
		.slice(0, blank)
		.replace(/Content-Length: *\d+/, `Content-Length: ${Buffer.byteLength(body)}`);
	// JSON.stringify escapes quotes, tabs and line ends; a writer may escape beyond ASCII too.
	const escaped = [...JSON.stringify(`${head}\r\n\r\n${body}`)]
		.map((c) =>
			c.charCodeAt(0) > 0x7f ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c,
		)
		.join('');
	const edited = `${text.slice(0, at)}${key}${escaped}${text.slice(end - 1)}`;
	return { text: edited, body };
}

void test("tshark's JSON: escaped tabs, \\u escapes and bare LFs are read as the octets that went, Content-Length checked on them", () => {
	const { text, body } = escapedPublish();
	assert.match(text, /\\t\\t<note xml:lang=\\"fr\\">R\\u00e9union/);
	const a = analyzeTrace(text);
	const m = a.messages.find((x) => x.body && bodyText(a.text, x).includes('Réunion'));
	assert.ok(m, 'the edited PUBLISH');
	// Its lines as sent (bodyText joins a body's lines with CRLF).
	assert.equal(bodyText(a.text, m), body.replace(/\n/g, '\r\n'));
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('content-length')).map((p) => p.message),
		[],
	);
	// A Content-Length the body does not meet is said with the octets the body has: each bare
	// LF one octet, each character beyond ASCII its UTF-8 octets.
	const octets = Buffer.byteLength(body);
	const longer = analyzeTrace(
		text.replace(`Content-Length: ${octets}`, `Content-Length: ${octets + 20}`),
	);
	const said = longer.problems.filter((p) => p.code.startsWith('content-length'));
	assert.equal(said.length, 1);
	assert.match(
		said[0]!.message,
		new RegExp(`^Content-Length is ${octets + 20}\\b.*\\b${octets}\\b`),
	);
	coversAll(text, a);
});

void test("tshark's JSON cut short, mid-message, or with its first packets holding no SIP", () => {
	const text = real('presence-story.tshark.json');
	const whole = analyzeTrace(text).messages.length;
	for (const cut of [0.3, 0.5, 0.77]) {
		// Cut inside a msg_hdr string: the messages before it are read, the cut one as far as it goes.
		const at = text.indexOf('"sip.msg_hdr": "', Math.floor(text.length * cut)) + 200;
		const part = text.slice(0, at);
		const a = analyzeTrace(part);
		assert.equal(a.format, 'tsharkJson');
		assert.ok(a.messages.length > 0 && a.messages.length < whole, `cut at ${cut}`);
		coversAll(part, a);
	}
	// A capture whose first packets are no SIP (the TCP handshake): still tshark's JSON.
	const tcp = real('tcp-story.tshark.json');
	const firstSip = tcp.indexOf('"sip": {');
	const lead = `${tcp.slice(0, tcp.lastIndexOf('\n  {\n', firstSip))}\n]\n`;
	assert.equal(detectFormat(lead), 'tsharkJson');
	const none = analyzeTrace(lead);
	assert.deepEqual(
		none.problems.map((p) => p.message),
		['No SIP message found in this tsharkJson trace.'],
	);
});

void test("tshark's JSON pasted indented as a whole (a ticket, Markdown), cut after a packet, its last line the indentation alone: read, every offset kept", () => {
	const text = real('ws-story.tshark.json');
	// Without the array's closing `]`: the last packet's frame runs to the end of the text.
	const pasted = `${text
		.slice(0, text.lastIndexOf(']'))
		.split('\n')
		.map((line) => (line ? `    ${line}` : line))
		.join('\n')}    `;
	const a = analyzeTrace(pasted);
	assert.equal(a.format, 'tsharkJson');
	assert.equal(a.messages.length, analyzeTrace(text).messages.length);
	coversAll(pasted, a);
});

void test('tshark\'s `-T ek` with its numbers written bare (`"udp_udp_srcport":15061`) reads as with them quoted', () => {
	const text = real('presence-story.ek.tshark.json');
	const bare = text.replace(
		/"((?:udp|tcp)_(?:udp|tcp)_(?:src|dst)port|frame_frame_time_epoch)":"([\d.]+)"/g,
		'"$1":$2',
	);
	assert.notEqual(bare, text);
	const seen = (t: string): unknown[] =>
		analyzeTrace(t).messages.map((m) => [
			m.frame.src,
			m.frame.dst,
			m.frame.transport,
			m.frame.epochMicros,
		]);
	assert.deepEqual(seen(bare), seen(text));
	assert.ok(
		analyzeTrace(bare).messages.every((m) => m.frame.src !== null && m.frame.epochMicros !== null),
	);
});
