// Message bodies in tshark's text (`-V -O sip`), read back from the dissection tree, on the real
// traces (test/fixtures/README.md). The oracle is the same message in the bare export of the same
// capture (`*.sip`: the UDP payloads as captured): each body must decode, name and lint there as
// here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import type { SipMessage, TraceAnalysis } from '../../server/src/core';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { decodeBody, summarizePresence } from '../../server/src/core/bodies/decodeBody';
import { messageTitle } from '../../server/src/features/messageNames';

const dir = join(__dirname, '..', 'fixtures', 'real');
const load = (file: string): TraceAnalysis => analyzeTrace(readFileSync(join(dir, file), 'utf8'));

/** The tshark text of a story and its bare twin, message for message the same capture. */
function twins(story: string): { tshark: TraceAnalysis; raw: TraceAnalysis } {
	const tshark = load(`${story}.tshark.txt`);
	const raw = load(`${story}.sip`);
	assert.equal(tshark.format, 'tshark');
	assert.equal(tshark.messages.length, raw.messages.length);
	return { tshark, raw };
}

/** The messages of a kind, with their twins: `[tshark message, raw message]`. */
function pairs(
	{ tshark, raw }: { tshark: TraceAnalysis; raw: TraceAnalysis },
	keep: (m: SipMessage) => boolean,
): [SipMessage, SipMessage][] {
	const out: [SipMessage, SipMessage][] = [];
	for (const m of tshark.messages) if (keep(m)) out.push([m, raw.messages[m.index]!]);
	return out;
}

const withBody = (type: string) => (m: SipMessage) =>
	m.contentType === type && (m.contentLength ?? 0) > 0;

void test("presence-story (tshark): each PUBLISH's and NOTIFY's PIDF decodes to busy and the note, as in the bare export", () => {
	const stories = twins('presence-story');
	const carried = pairs(stories, withBody('application/pidf+xml'));
	const busy = carried.filter(([m]) => {
		const s = summarizePresence(decodeBody(stories.tshark.text, m));
		return s?.activities.includes('busy') && s.note === 'In a meeting until 3pm';
	});
	assert.ok(
		busy.some(([m]) => m.method === 'PUBLISH'),
		'a busy PUBLISH',
	);
	assert.ok(
		busy.some(([m]) => m.method === 'NOTIFY'),
		'a busy NOTIFY',
	);
	for (const [m, twin] of carried)
		assert.deepEqual(
			decodeBody(stories.tshark.text, m),
			decodeBody(stories.raw.text, twin),
			`message ${m.index}`,
		);
});

void test("forking-call (tshark): the INVITE's SDP summarises to the same media and codecs as in the bare export", () => {
	const stories = twins('forking-call');
	const invites = pairs(
		stories,
		(m) => m.method === 'INVITE' && m.contentType === 'application/sdp',
	);
	assert.ok(invites.length > 0);
	for (const [m, twin] of invites) {
		const decoded = decodeBody(stories.tshark.text, m);
		assert.equal(decoded.kind, 'sdp');
		assert.deepEqual(decoded, decodeBody(stories.raw.text, twin));
	}
	const first = decodeBody(stories.tshark.text, invites[0]![0]);
	assert.ok(first.kind === 'sdp');
	assert.deepEqual(
		first.sdp.media.map((x) => [x.type, x.port, x.codecs]),
		[['audio', 49170, ['PCMU/8000', 'PCMA/8000', 'telephone-event/8000']]],
	);
	// The SDP lines are read with their type letter (`v=0`), not as tshark labels them.
	assert.match(bodyText(stories.tshark.text, invites[0]![0]), /^v=0\r\no=alice /);
});

void test('mwi-story (tshark): each message summary decodes as in the bare export', () => {
	const stories = twins('mwi-story');
	const carried = pairs(stories, withBody('application/simple-message-summary'));
	assert.ok(carried.length >= 3);
	for (const [m, twin] of carried) {
		const decoded = decodeBody(stories.tshark.text, m);
		assert.equal(decoded.kind, 'message-summary');
		assert.deepEqual(decoded, decodeBody(stories.raw.text, twin), `message ${m.index}`);
	}
	assert.ok(
		carried.some(([m]) => {
			const d = decodeBody(stories.tshark.text, m);
			return d.kind === 'message-summary' && d.summary.waiting === true;
		}),
	);
});

for (const [story, type, kind] of [
	['blf-call', 'application/dialog-info+xml', 'dialog-info'],
	['winfo-story', 'application/watcherinfo+xml', 'watcherinfo'],
	['reginfo-alice', 'application/reginfo+xml', 'reginfo'],
	['refer-call', 'message/sipfrag', 'sipfrag'],
] as const)
	void test(`${story} (tshark): each ${type} body decodes as in the bare export`, () => {
		const stories = twins(story);
		const carried = pairs(stories, withBody(type));
		assert.ok(carried.length > 0);
		for (const [m, twin] of carried) {
			const decoded = decodeBody(stories.tshark.text, m);
			assert.equal(decoded.kind, kind, `message ${m.index}`);
			assert.deepEqual(decoded, decodeBody(stories.raw.text, twin), `message ${m.index}`);
		}
	});

const stories = [
	'presence-story',
	'presence-ipv6',
	'mwi-story',
	'forking-call',
	'challenged-call',
	'refer-call',
	'attended-transfer',
	'blf-call',
	'winfo-story',
	'reginfo-alice',
];

void test('every tshark trace: every body decodes, and every message reads in the outline, as in the bare export', () => {
	for (const story of stories) {
		const { tshark, raw } = twins(story);
		for (const m of tshark.messages) {
			const twin = raw.messages[m.index]!;
			assert.equal(!!m.body, !!twin.body, `${story} message ${m.index}: a body`);
			assert.deepEqual(
				decodeBody(tshark.text, m),
				decodeBody(raw.text, twin),
				`${story} message ${m.index}`,
			);
			assert.equal(messageTitle(tshark, m), messageTitle(raw, twin), `${story} ${m.index}`);
		}
	}
});

void test('every tshark trace: the same problems as the bare export, none on Content-Length', () => {
	for (const story of stories) {
		const { tshark, raw } = twins(story);
		const codes = (a: TraceAnalysis): string[] => a.problems.map((p) => p.code).sort();
		assert.deepEqual(codes(tshark), codes(raw), story);
		assert.ok(!tshark.problems.some((p) => p.code.startsWith('content-length.')), story);
	}
});

void test('a body read back stays on the trace: every line of it lies in its frame, in text order', () => {
	const { tshark } = twins('presence-story');
	for (const m of tshark.messages) {
		const { lines, span } = m.frame;
		assert.ok(lines);
		for (let i = 0; i < lines.length; i++) {
			assert.ok(lines[i]! >= span.start && lines[i]! <= span.end);
			if (i > 0) assert.ok(lines[i]! >= lines[i - 1]!);
		}
		if (m.body) assert.ok(m.body.start >= m.frame.sip.start && m.body.end <= m.frame.sip.end);
	}
});

void test('a PIDF that does not parse, read back from tshark, is a body lint reports', () => {
	const text = readFileSync(join(dir, 'presence-story.tshark.txt'), 'utf8');
	// One NOTIFY's closing </basic> turned into another name: the document is not well-formed.
	const notify = analyzeTrace(text).messages.find((m) => m.method === 'NOTIFY' && m.body)!;
	const at = text.indexOf('</basic>', notify.body!.start);
	assert.ok(at > 0 && at < notify.body!.end);
	const broken = `${text.slice(0, at)}</basix>${text.slice(at + '</basic>'.length)}`;
	const analysis = analyzeTrace(broken);
	const invalid = analysis.problems.filter((p) => p.code === 'body.invalid');
	assert.equal(invalid.length, 1);
	const message = analysis.messages.find(
		(m) => m.body && m.body.start <= invalid[0]!.span.start && invalid[0]!.span.end <= m.body.end,
	);
	assert.equal(message?.method, 'NOTIFY');
});

void test('tshark text cut inside a PIDF (`head -c`, a download cut short): the body is said cut, not invalid', () => {
	const text = readFileSync(join(dir, 'presence-story.tshark.txt'), 'utf8');
	const notify = analyzeTrace(text)
		.messages.filter((m) => m.method === 'NOTIFY' && m.body)
		.at(-1)!;
	const cutAt = text.indexOf('</basic>', notify.body!.start);
	assert.ok(cutAt > 0 && cutAt < notify.body!.end);
	const analysis = analyzeTrace(text.slice(0, cutAt + 3));
	const last = analysis.messages.at(-1)!;
	assert.equal(last.method, 'NOTIFY');
	const onIt = analysis.problems.filter(
		(p) => p.span.start >= last.frame.span.start && p.span.end <= last.frame.span.end,
	);
	assert.deepEqual(
		onIt
			.filter((p) => p.code === 'body.invalid' || p.code === 'message.truncated')
			.map((p) => p.code),
		['message.truncated'],
	);
});

void test('tshark-bodies (tshark): a multipart/related list NOTIFY decodes part by part as in the bare export', () => {
	const stories = twins('tshark-bodies');
	const [first] = pairs(stories, (m) => m.method === 'NOTIFY');
	const [m, twin] = first!;
	const decoded = decodeBody(stories.tshark.text, m);
	assert.ok(decoded.kind === 'multipart');
	assert.deepEqual(
		decoded.parts.map((p) => p.decoded.kind),
		['rlmi', 'pidf', 'pidf'],
	);
	assert.deepEqual(decoded, decodeBody(stories.raw.text, twin));
	// A list's NOTIFY is no one resource's presence (RFC 4662 §5): alice's is in her part.
	assert.equal(summarizePresence(decoded), null);
	const alice = summarizePresence(decoded.parts[1]!.decoded);
	assert.ok(alice?.activities.includes('busy'));
	assert.equal(alice?.note, 'In a meeting until 3pm');
	assert.equal(messageTitle(stories.tshark, m), messageTitle(stories.raw, twin));
});

void test('tshark-bodies (tshark): a text/plain MESSAGE reads as its lines', () => {
	const stories = twins('tshark-bodies');
	const [[m, twin]] = pairs(stories, (x) => x.method === 'MESSAGE') as [[SipMessage, SipMessage]];
	assert.equal(bodyText(stories.tshark.text, m), bodyText(stories.raw.text, twin).trimEnd());
	assert.equal(bodyText(stories.tshark.text, m), 'Lunch at 1?\r\nTable for three, by the window.');
});

void test('tshark-bodies (tshark): a body with a line tshark cut is kept as printed, and the cut is reported on that line', () => {
	const stories = twins('tshark-bodies');
	const notifies = pairs(stories, (m) => m.method === 'NOTIFY');
	const [m, twin] = notifies[1]!;
	// tshark prints 240 characters of an item: alice's long note is cut (`[truncated]`).
	const mark = stories.tshark.text.indexOf('[truncated]', m.frame.span.start);
	assert.ok(mark > 0 && mark < m.frame.span.end);
	// The body is there, its parts read: alice's note as far as tshark printed it.
	const decoded = decodeBody(stories.tshark.text, m);
	const sent = decodeBody(stories.raw.text, twin);
	assert.ok(decoded.kind === 'multipart' && sent.kind === 'multipart');
	assert.deepEqual(
		decoded.parts.map((p) => [p.contentType, p.decoded.kind]),
		sent.parts.map((p) => [p.contentType, p.decoded.kind]),
	);
	const note = (d: typeof decoded, k: number): string | null | undefined => {
		const part = d.kind === 'multipart' ? d.parts[k]?.decoded : undefined;
		return part?.kind === 'pidf' ? summarizePresence(part)?.note : undefined;
	};
	const cutNote = note(decoded, 1)!;
	const fullNote = note(sent, 1)!;
	assert.ok(cutNote.length > 200 && cutNote.length < fullNote.length, cutNote);
	assert.ok(fullNote.startsWith(cutNote));
	assert.equal(note(decoded, 2), note(sent, 2));
	// One problem more than in the bare export: the export's cut, on the line it cut.
	const cut = stories.tshark.problems.filter((p) => p.code === 'message.truncated');
	assert.equal(cut.length, 1);
	assert.equal(cut[0]!.span.start, mark);
	assert.match(cut[0]!.message, /tshark cut this line of the body/);
	assert.deepEqual(
		stories.tshark.problems.filter((p) => p !== cut[0]).map((p) => p.code),
		stories.raw.problems.map((p) => p.code),
	);
	// Every other message is read as in the bare export.
	for (const x of stories.tshark.messages)
		if (x !== m)
			assert.deepEqual(
				decodeBody(stories.tshark.text, x),
				decodeBody(stories.raw.text, stories.raw.messages[x.index]!),
				`message ${x.index}`,
			);
});

void test('a multipart/mixed body in tshark text reads as the message sent: SDP, PIDF and text parts', () => {
	// formats/tshark-multipart.*: one NOTIFY written by hand, printed by tshark from a capture.
	const formats = join(__dirname, '..', 'fixtures', 'formats');
	const tshark = analyzeTrace(readFileSync(join(formats, 'tshark-multipart.txt'), 'utf8'));
	const raw = analyzeTrace(readFileSync(join(formats, 'tshark-multipart.sip'), 'utf8'));
	assert.equal(tshark.format, 'tshark');
	const [m] = tshark.messages;
	const [twin] = raw.messages;
	// Line for line as sent, but for the XML part, which tshark prints a token a line.
	const read = bodyText(tshark.text, m!);
	const sent = bodyText(raw.text, twin!).trimEnd();
	const xmlStart = sent.indexOf('<?xml');
	const xmlEnd = sent.indexOf('\r\n--b1\r\nContent-Type: text/plain');
	assert.equal(read.slice(0, xmlStart), sent.slice(0, xmlStart));
	assert.equal(read.slice(read.length - (sent.length - xmlEnd)), sent.slice(xmlEnd));
	const decoded = decodeBody(tshark.text, m!);
	assert.ok(decoded.kind === 'multipart');
	assert.deepEqual(
		decoded.parts.map((p) => [p.contentType, p.decoded.kind]),
		[
			['application/sdp', 'sdp'],
			['application/pidf+xml', 'pidf'],
			['text/plain', 'unknown'],
		],
	);
	assert.deepEqual(decoded, decodeBody(raw.text, twin!));
	assert.deepEqual(
		tshark.problems.map((p) => p.code),
		raw.problems.map((p) => p.code),
	);
});

void test('a body read back from tshark without Content-Length is still reported, and only that', () => {
	const text = readFileSync(join(dir, 'presence-story.tshark.txt'), 'utf8');
	const publish = analyzeTrace(text).messages.find((m) => m.method === 'PUBLISH' && m.body)!;
	const header = text.indexOf('        Content-Length:', publish.frame.sip.start);
	const without = text.slice(0, header) + text.slice(text.indexOf('\n', header) + 1);
	const codes = analyzeTrace(without)
		.problems.map((p) => p.code)
		.filter((c) => c.startsWith('content-length.'));
	assert.deepEqual(codes, ['content-length.missing-with-body']);
});

void test('an SDP line tshark cut after its label (`Session Information (i) [truncated]: `) is kept as far as printed, and the cut is reported', () => {
	// formats/tshark-cut-sdp.*: one INVITE written by hand, printed by tshark from a capture.
	const formats = join(__dirname, '..', 'fixtures', 'formats');
	const tshark = analyzeTrace(readFileSync(join(formats, 'tshark-cut-sdp.txt'), 'utf8'));
	const raw = analyzeTrace(readFileSync(join(formats, 'tshark-cut-sdp.sip'), 'utf8'));
	assert.equal(tshark.format, 'tshark');
	const read = bodyText(tshark.text, tshark.messages[0]!).split('\r\n');
	const sent = bodyText(raw.text, raw.messages[0]!).trimEnd().split('\r\n');
	// Every line as sent, the `i=` line as far as tshark printed it.
	assert.equal(read.length, sent.length);
	const cut = sent.findIndex((l) => l.startsWith('i='));
	read.forEach((line, k) => {
		if (k !== cut) assert.equal(line, sent[k], `line ${k}`);
	});
	assert.ok(read[cut]!.length > 200 && sent[cut]!.startsWith(read[cut]!), read[cut]);
	assert.equal(decodeBody(tshark.text, tshark.messages[0]!).kind, 'sdp');
	const truncated = tshark.problems.filter((p) => p.code === 'message.truncated');
	assert.equal(truncated.length, 1);
	assert.ok(tshark.text.slice(truncated[0]!.span.start).startsWith('[truncated]: Agenda item 1:'));
});

test('a `Message Body` the export left collapsed: no body read, the headers whole (not said cut)', () => {
	// A MESSAGE as a post copied it from Wireshark's details pane, the body's tree not expanded.
	const text = [
		'Frame 992: 694 bytes on wire (5552 bits), 694 bytes captured (5552 bits) on interface 0',
		'Internet Protocol Version 4, Src: 192.168.50.194, Dst: 192.175.96.69',
		'User Datagram Protocol, Src Port: 59831, Dst Port: 5060',
		'Session Initiation Protocol (MESSAGE)',
		'    Request-Line: MESSAGE sip:5145714228@montreal5.voip.ms SIP/2.0',
		'        Method: MESSAGE',
		'    Message Header',
		'        Via: SIP/2.0/UDP 192.168.50.194:59831;branch=z9hG4bK.QQ2DfUVVD;rport',
		'        From: <sip:253902@montreal5.voip.ms>;tag=l4gb1wXcN',
		'        To: sip:5145714228@montreal5.voip.ms',
		'        CSeq: 21 MESSAGE',
		'        Call-ID: qQeod~7aGc',
		'        Max-Forwards: 70',
		'        Content-Type: text/plain',
		'        Content-Length: 5',
		'    Message Body',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tshark');
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.body, null);
	assert.equal(a.messages[0]!.cutShort, false);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
});
