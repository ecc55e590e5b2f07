// tshark's, tcpdump's, ngrep's single-line, JAIN-SIP's and Lync's printouts read each line by its
// column. Pasted into a ticket or Markdown indented as a whole (every line behind four spaces or
// a tab, as `sed 's/^/    /'` or an editor's indent does) or quoted in a mail (`> `), they must read as the printout itself:
// the same messages on the same lines, the same links and the same problems, no text lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace, type TraceAnalysis } from '../../server/src/core';
import { incrementalEditsOf, reanalyzeTrace } from '../../server/src/core/reanalyze';
import { coversAll } from './coversAll';
import { linksOf, type Expected } from './expectedLinks';

const real = join(__dirname, '..', 'fixtures', 'real');
const formats = join(__dirname, '..', 'fixtures', 'formats');

/** The real printouts whose formats have a framer of their own. */
const printouts = [
	...readdirSync(real)
		.filter((name) => name.endsWith('.expected.json'))
		.filter((name) => {
			const { format } = JSON.parse(readFileSync(join(real, name), 'utf8')) as Expected;
			return (
				['tshark', 'tcpdump', 'jainSip', 'escaped'].includes(format) ||
				name.includes('.ngrep-single.')
			);
		})
		.map((name) => join(real, name.slice(0, -'.expected.json'.length))),
	join(formats, 'ms-sipstack.log'),
];

function lineAt(text: string, offset: number): number {
	let line = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}

/** What a user reads of an analysis, by line: messages, their links, problems. */
function reading(a: TraceAnalysis): unknown {
	return {
		format: a.format,
		messages: a.messages.map((m, i) => ({
			line: lineAt(a.text, m.frame.sip.start),
			what: m.method ?? m.status,
			callId: m.callId,
			src: m.frame.src,
			dst: m.frame.dst,
			time: m.frame.time,
			body: m.body === null ? null : lineAt(a.text, m.body.start),
			links: linksOf(a, i, true),
		})),
		problems: a.problems.map((p) => [p.code, p.severity, lineAt(a.text, p.span.start), p.message]),
	};
}

/** The lines of a message's SIP text as the analysis reads them. */
function sipLines(a: TraceAnalysis, m: TraceAnalysis['messages'][number]): string[] {
	const { lines, sip } = m.frame;
	if (!lines) {
		const split = a.text.slice(sip.start, sip.end).split(/\r*\n/);
		return split[split.length - 1] === '' ? split.slice(0, -1) : split;
	}
	const out: string[] = [];
	for (let k = 0; k < lines.length; k += 2) out.push(a.text.slice(lines[k], lines[k + 1]));
	return out;
}

/** Each line behind `margin` (as sed or an editor's indent does), a blank line behind `blank`. */
function withMargin(text: string, margin: string, blank: string): string {
	const lines = text.split('\n');
	const last = lines.length - 1;
	return lines
		.map((l, i) =>
			i === last && l === '' ? l : l.trim() === '' ? `${blank}${l}` : `${margin}${l}`,
		)
		.join('\n');
}

void test('every printout with a framer of its own is checked', () => {
	const kinds = new Set(printouts.map((p) => analyzeTrace(readFileSync(p, 'utf8')).format));
	assert.deepEqual([...kinds].sort(), [
		'escaped',
		'jainSip',
		'msSipStack',
		'ngrep',
		'tcpdump',
		'tshark',
	]);
});

for (const file of printouts) {
	void test(`${file.split('/').pop()!} indented as a whole reads as the printout itself`, () => {
		const text = readFileSync(file, 'utf8');
		const plain = analyzeTrace(text);
		assert.ok(plain.messages.length > 0);
		const want = reading(plain);
		for (const [label, margin, blank] of [
			['four spaces', '    ', '    '],
			['a tab', '\t', '\t'],
			['four spaces, blank lines left', '    ', ''],
			['quoted', '> ', '>'],
		] as const) {
			const copy = withMargin(text, margin, blank);
			assert.notEqual(copy, text);
			const a = analyzeTrace(copy);
			assert.deepEqual(reading(a), want, label);
			coversAll(copy, a);
			// Each message's lines are read as the printout's, without the indent.
			assert.deepEqual(
				a.messages.map((m) => sipLines(a, m)),
				plain.messages.map((m) => sipLines(plain, m)),
				label,
			);
		}
	});
}

void test('an indented tshark printout edited is read again as it is read whole', () => {
	// Twice the story: an edit past the head (which says the format) is read again alone.
	const story = readFileSync(join(real, 'presence-story.tshark.txt'), 'utf8');
	const text = withMargin(story + story, '    ', '    ');
	const before = analyzeTrace(text);
	const at = text.lastIndexOf('<note');
	assert.ok(at > 0);
	const edited = `${text.slice(0, at + 5)} ${text.slice(at + 5)}`;
	const again = reanalyzeTrace(before, edited);
	// Read again around the edit only, the other messages kept.
	assert.equal(incrementalEditsOf(again), 1);
	assert.deepEqual(reading(again), reading(analyzeTrace(edited)));
	assert.equal(again.format, 'tshark');
	assert.equal(again.messages.length, 2 * analyzeTrace(story).messages.length);
});

// phhusson/ims (MainActivity.kt): a phone's SUBSCRIBE kept at the margin in a comment, then the
// app's own SUBSCRIBE template in a Kotlin string, indented 28 spaces as the code around it, each
// header at the same indentation as the start line.
test('a message indented deep inside a program (28 spaces), below one at the margin: its headers read under its start line', () => {
	const pad = ' '.repeat(28);
	const text = [
		'/*',
		'SUBSCRIBE sip:+33749511976@ims.mnc015.mcc208.3gppnetwork.org SIP/2.0',
		'Via: SIP/2.0/UDP [fdde:0:38f:ee5c::42ad:5b24]:50012;rport;branch=z9hG4bKxAMsPkaKotvtdU',
		'From: <sip:+33749511976@ims.mnc015.mcc208.3gppnetwork.org>;tag=Jwaq0Z3Rf',
		'To: <sip:+33749511976@ims.mnc015.mcc208.3gppnetwork.org>',
		'Call-ID: vklHOSALCrfeDKIAI9z',
		'CSeq: 1 SUBSCRIBE',
		'Event: reg',
		'Max-Forwards: 70',
		'Content-Length: 0',
		' */',
		'                            val msg3 = """',
		...[
			'SUBSCRIBE sip:$mySip SIP/2.0',
			'Via: SIP/2.0/TCP [$myAddr2]:5067;branch=$branch;rport',
			'From: <sip:$mySip>;tag=$tag',
			'To: <sip:$mySip>',
			'Call-ID: $callId',
			'Event: reg',
			'Max-Forwards: 70',
			'Expires: 600000',
			'CSeq: 3 SUBSCRIBE',
			'Content-Length: 0',
		].map((l) => pad + l),
		'                        """.trimIndent()',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.callId, m.cseq?.seq]),
		[
			['SUBSCRIBE', 'vklHOSALCrfeDKIAI9z', 1],
			['SUBSCRIBE', '$callId', 3],
		],
	);
	const codes = a.problems.map((p) => p.code);
	for (const code of ['header.malformed', 'header.missing-via', 'header.missing-call-id'])
		assert.ok(!codes.includes(code), code);
});

test('a syslog record whose continuation lines a viewer indented under its first: the message read from them, the next record ends it', () => {
	// Kamailio's xlog of a request it sent to Teams, as a syslog viewer shows a multi-line record
	// (kamailio issue 3675): the start line after the record's tag, every other line indented.
	const pad = ' '.repeat(62);
	const record = (n: number): string[] => [
		`Dec 12 19:32:5${n} sbc.example.com /usr/sbin/kamailio[23837]: INFO: <script>: Sent out tm request: OPTIONS sip:sip.pstnhub.microsoft.com;transport=tls SIP/2.0`,
		...[
			`Via: SIP/2.0/TLS sbc.example.com:5061;branch=z9hG4bK7c5b.7ad6332000000000000000000000000${n}.0`,
			'To: <sip:sip.pstnhub.microsoft.com;transport=tls>',
			`From: <sip:sbc.example.com>;tag=64ff6b492a7d9ab14de1f0b7c15c9c17-2500${n}`,
			`CSeq: 1${n} OPTIONS`,
			`Call-ID: 25555f22142f22f4-2383${n}@0.0.0.0`,
			'Max-Forwards: 70',
			'Content-Length: 0',
			'User-Agent: kamailio (5.6.5 (x86_64/linux))',
		].map((l) => pad + l),
	];
	const text = [...record(5), ...record(6), ''].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.callId, m.cseq?.seq, m.headerCount]),
		[
			['OPTIONS', '25555f22142f22f4-23835@0.0.0.0', 15, 8],
			['OPTIONS', '25555f22142f22f4-23836@0.0.0.0', 16, 8],
		],
	);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	coversAll(text, a);
	// A dissector's tree under a tag (tshark's `Request-Line:`, then `Method: INVITE`): its
	// fields are not SIP headers, read as tshark's, the start line alone.
	const tree = [
		'//\t\tSession Initiation Protocol',
		'//\t\t    Request-Line: INVITE sip:guic@10.10.10.248:5061 SIP/2.0',
		'//\t\t        Method: INVITE',
		'//\t\t        Request-URI: sip:guic@10.10.10.248:5061',
		'',
	].join('\n');
	const dissected = analyzeTrace(tree);
	assert.equal(dissected.format, 'tshark');
	assert.deepEqual(
		dissected.messages.map((m) => [m.method, m.headerCount, m.cutShort]),
		[['INVITE', 0, true]],
	);
});

// A tshark dump kept in a C++ comment, each line `//` and two tabs (a SIP stack's source that
// quoted Wireshark's dissection of a call above its code).
test('a tshark dissection behind `//` and tabs: read as the dissection, its tree levels kept', () => {
	const name = 'presence-story.tshark.txt';
	const dump = readFileSync(join(__dirname, '..', 'fixtures', 'real', name), 'utf8');
	const commented = dump
		.split('\n')
		.map((l) => (l === '' ? '//' : `//\t\t${l}`))
		.join('\n');
	const plain = analyzeTrace(dump);
	const a = analyzeTrace(commented);
	assert.equal(a.format, 'tshark');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.callId]),
		plain.messages.map((m) => [m.method ?? m.status, m.callId]),
	);
	assert.ok(a.messages.length > 10);
});
