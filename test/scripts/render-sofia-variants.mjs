// Renders the message logs of FreeSWITCH's sofia-sip (its fork, 1.13) around real messages, as
// its tport_log_msg (libsofia-sip-ua/tport/tport_logging.c) prints them, for the shapes that no
// real program here writes (Debian has the upstream sofia-sip 1.12, whose shape
// make-sofia-traces.sh and make-sofia-truncated-traces.sh record). See test/fixtures/README.md,
// "Message logs as their producers' source prints them: sofia-sip and FreeSWITCH".
//
// The messages are the first ones of test/fixtures/real/presence-story.sipdump.txt (Kamailio's
// own record of the presence story, with the addresses, transport and time of each), logged as the
// presence server would log them: `recv` for what it received, `send` for what it sent, the far
// end in the stamp, the time of day in UTC. Two PUBLISHes are changed, Content-Length counted
// anew: the first one's PIDF ends without a line end (as many clients send XML), and the one with
// credentials carries 160 more tuples, longer than FreeSWITCH's record.
//
// Each output gets `<file>.expected.json` in the shape expected-links.mjs writes: per message the
// 0-based line of its start line (counted in the text rendered here), method, status, Call-ID,
// address, direction, transport, time, and the links of the story as expected-links.mjs computed
// them from tshark's dissection (presence-story.sipdump.txt.expected.json), renumbered.
//
// Usage: node test/scripts/render-sofia-variants.mjs [OUT-DIR] (default
// test/fixtures/formats/source).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = process.argv[2] ?? join(root, 'test', 'fixtures', 'formats', 'source');
const real = join(root, 'test', 'fixtures', 'real');

// --- the real messages ----------------------------------------------------------------------
const dump = readFileSync(join(real, 'presence-story.sipdump.txt'), 'latin1');
const story = JSON.parse(
	readFileSync(join(real, 'presence-story.sipdump.txt.expected.json'), 'utf8'),
).messages;
const records = dump
	.split('====================\n')
	.slice(1)
	.map((record, i) => {
		const [head, rest] = record.split('~~~~~~~~~~~~~~~~~~~~\n');
		const field = (name) => new RegExp(`^${name}: (.*)$`, 'm').exec(head)[1];
		const message = rest.slice(0, rest.lastIndexOf('||||||||||||||||||||'));
		checkLength(message, i);
		const received = field('tag') === 'rcv';
		return {
			source: i,
			message,
			received,
			proto: field('proto').split(' ')[0],
			address: field(received ? 'srcip' : 'dstip'),
			port: field(received ? 'srcport' : 'dstport'),
			epoch: field('time'),
		};
	});

/** The message's Content-Length is its body's octets (the sipdump record holds it whole). */
function checkLength(message, i) {
	const body = message.indexOf('\r\n\r\n') + 4;
	const length = Number(/^Content-Length: *(\d+)/im.exec(message)[1]);
	if (message.length - body !== length) throw new Error(`record ${i}: body is not Content-Length`);
}

// andrew's subscription, linda's PUBLISH (407, again with credentials, 200 with SIP-ETag), the
// NOTIFY that carries it to andrew and its 200, her refresh and its 200.
const picked = [0, 1, 2, 3, 12, 13, 14, 15, 16, 19, 22, 23];
const longPublish = 14;
const unterminatedPublish = 12;

/** The PUBLISH with its PIDF's last line end left out (as many clients send XML), Content-Length counted anew. */
function unterminated(message) {
	const [headers, body] = message.split('\r\n\r\n');
	const shorter = body.replace(/\r\n$/, '');
	return `${headers.replace(/^Content-Length: *\d+/im, `Content-Length: ${shorter.length}`)}\r\n\r\n${shorter}`;
}

/** The PUBLISH with 160 more tuples in its PIDF, Content-Length counted anew. */
function lengthened(message) {
	const [headers, body] = message.split('\r\n\r\n');
	let tuples = '';
	for (let i = 1; i <= 160; i++)
		tuples += `  <tuple id="device-${i}">\r\n    <status><basic>closed</basic></status>\r\n    <contact>sip:linda-${i}@127.0.0.1</contact>\r\n  </tuple>\r\n`;
	const longer = body.replace('</presence>', `${tuples}</presence>`);
	return `${headers.replace(/^Content-Length: *\d+/im, `Content-Length: ${longer.length}`)}\r\n\r\n${longer}`;
}

// --- tport_logging.c ------------------------------------------------------------------------
const separator = '-'.repeat(72) + '\n';

/** tport_stamp: `%s %zu bytes %s %s/[%s]:%u%s%s at %02u:%02u:%02u.%06lu:\n` (local time: UTC). */
function stamp(r, n) {
	const [seconds, micros] = r.epoch.split('.');
	const day = new Date(Number(seconds) * 1000).toISOString().slice(11, 19);
	const what = r.received ? 'recv' : 'send';
	const via = r.received ? 'from' : 'to';
	return `${what} ${n} bytes ${via} ${r.proto}/[${r.address}]:${r.port} at ${day}.${micros.padEnd(6, '0')}:\n`;
}

/**
 * The message's lines as tport_log_msg writes them: each line without its CR LF, then `\n`,
 * except the last when the message does not end with a line end; nothing from a NUL on.
 */
function lines(message) {
	const nul = message.indexOf('\0');
	const text = nul >= 0 ? message.slice(0, nul) : message;
	return text.replace(/\r\n|\r|\n/g, '\n');
}

/**
 * FreeSWITCH's fork: one buffer, `min(16000, n + 1 + TPORT_STAMP_SIZE (144) +
 * sizeof(MSG_SEPARATOR) (74))` characters with its NUL: the stamp, the dashes, the lines, all
 * unindented and without closing dashes; what does not fit is left out without a word. Then
 * `su_log("%s", buffer)` (commit 0c28b5f) or `su_log("%s\n", buffer)` (commit 11df220); the
 * rts-cn fork adds `call-id=<value>\n` after the lines, on a line of its own, for a line that
 * starts with `Call-ID:`.
 */
function freeswitchRecord(r, message, { newline, callIdLine }) {
	const n = Buffer.byteLength(message, 'latin1');
	const size = Math.min(16000, n + 1 + 144 + 74);
	let buffer = stamp(r, n) + separator + lines(message);
	if (callIdLine) {
		const m = /^Call-ID: ?(.*)$/m.exec(lines(message));
		if (m) buffer += `${buffer.endsWith('\n') ? '' : '\n'}call-id=${m[1]}\n`;
	}
	buffer = buffer.slice(0, size - 1);
	return newline ? `${buffer}\n` : buffer;
}

// --- the outputs ----------------------------------------------------------------------------
const variants = [
	{
		file: 'freeswitch-1.13-siptrace.log',
		render: (r, m) => freeswitchRecord(r, m, { newline: false, callIdLine: false }),
	},
	{
		file: 'freeswitch-1.13-siptrace-newline.log',
		render: (r, m) => freeswitchRecord(r, m, { newline: true, callIdLine: false }),
	},
	{
		file: 'freeswitch-rts-siptrace-call-id.log',
		render: (r, m) => freeswitchRecord(r, m, { newline: false, callIdLine: true }),
	},
];

const renumber = new Map(picked.map((source, index) => [source, index]));
const mapped = (i) => (i === null ? null : (renumber.get(i) ?? null));
const mappedList = (list) => list.map((i) => renumber.get(i)).filter((i) => i !== undefined);

mkdirSync(out, { recursive: true });
for (const { file, render } of variants) {
	let text = '';
	const messages = [];
	for (const source of picked) {
		const r = records[source];
		const message =
			source === longPublish
				? lengthened(r.message)
				: source === unterminatedPublish
					? unterminated(r.message)
					: r.message;
		const record = render(r, message);
		// The start line follows the stamp and the dashes.
		const line = text.split('\n').length - 1 + 2;
		text += record;
		const want = story[source];
		const [seconds, micros] = r.epoch.split('.');
		messages.push({
			index: messages.length,
			line,
			method: want.method,
			status: want.status,
			callId: want.callId,
			src: r.received ? `${r.address}:${r.port}` : null,
			dst: r.received ? null : `${r.address}:${r.port}`,
			direction: r.received ? 'in' : 'out',
			transport: r.proto.toUpperCase(),
			time: `${new Date(Number(seconds) * 1000).toISOString().slice(11, 19)}.${micros.padEnd(6, '0')}`,
			// The record holds fewer octets than the message: the log's limit.
			truncated: source === longPublish,
			links: {
				request: mapped(want.links.request),
				subscription: mapped(want.links.subscription),
				publication: mapped(want.links.publication),
				publications: mappedList(want.links.publications),
				challenge: mapped(want.links.challenge),
				notifies: mappedList(want.links.notifies),
			},
		});
	}
	writeFileSync(join(out, file), text, 'latin1');
	writeFileSync(
		join(out, `${file}.expected.json`),
		`${JSON.stringify({ format: 'sofia', messages }, null, '\t')}\n`,
	);
	console.log(`${file}: ${messages.length} messages`);
}
