// Renders Kamailio's sipdump text file (src/modules/sipdump/sipdump_write.c, sipdump_data_print)
// for a message whose last octet is no line end, which the real files made here do not hold:
//
//   "====================\n" "tag: %.*s\n" "pid: %d\n" "process: %d\n" "time: %lu.%06lu\n"
//   "date: %s" (asctime's, with its line end) "proto: %.*s %.*s\n" "srcip: %.*s\n"
//   "srcport: %d\n" "dstip: %.*s\n" "dstport: %d\n" "~~~~~~~~~~~~~~~~~~~~\n" "%.*s"
//   "||||||||||||||||||||\n"
//
// The message is written as it went and the closing pipes right after it: after a body without a
// final CRLF they run on from its last line. The records are Kamailio's own of the presence story
// (test/fixtures/real/presence-story.sipdump.txt: andrew's SUBSCRIBE, 200, NOTIFY and 200, linda's
// PUBLISH, 407, PUBLISH with credentials, 200, the NOTIFY to andrew and its 200, her refresh and its
// 200), each heading as Kamailio wrote it; the first PUBLISH's PIDF ends without its line end (as
// many clients send XML), Content-Length counted anew. See test/fixtures/README.md, "Message logs
// as their producers' source prints them: OpenSIPS and Kamailio".
//
// `<file>.expected.json`: per message the 0-based line of its start line in the text rendered
// here, method, status, Call-ID, addresses, direction, transport, time, and the links of the story
// as expected-links.mjs computed them from tshark's dissection (the sipdump's .expected.json),
// renumbered.
//
// Usage: node test/scripts/render-sipdump-variants.mjs [OUT-DIR] (default
// test/fixtures/formats/source).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = process.argv[2] ?? join(root, 'test', 'fixtures', 'formats', 'source');
const real = join(root, 'test', 'fixtures', 'real');
const file = 'kamailio-sipdump-unterminated-body.txt';

const story = JSON.parse(
	readFileSync(join(real, 'presence-story.sipdump.txt.expected.json'), 'utf8'),
).messages;
const records = readFileSync(join(real, 'presence-story.sipdump.txt'), 'latin1')
	.split('====================\n')
	.slice(1)
	.map((record) => {
		const [head, rest] = record.split('~~~~~~~~~~~~~~~~~~~~\n');
		const field = (name) => new RegExp(`^${name}: (.*)$`, 'm').exec(head)[1];
		return {
			head,
			message: rest.slice(0, rest.lastIndexOf('||||||||||||||||||||')),
			tag: field('tag'),
			proto: field('proto').split(' ')[0].toUpperCase(),
			src: `${field('srcip')}:${field('srcport')}`,
			dst: `${field('dstip')}:${field('dstport')}`,
			time: field('time'),
		};
	});

const picked = [0, 1, 2, 3, 12, 13, 14, 15, 16, 19, 22, 23];
const unterminatedPublish = 12;

/** The message with its body's last line end left out, Content-Length counted anew. */
function unterminated(message) {
	const [headers, body] = message.split('\r\n\r\n');
	const shorter = body.replace(/\r\n$/, '');
	if (shorter === body) throw new Error('the body has no final line end');
	return `${headers.replace(/^Content-Length: *\d+/im, `Content-Length: ${shorter.length}`)}\r\n\r\n${shorter}`;
}

const renumber = new Map(picked.map((source, index) => [source, index]));
const mapped = (i) => (i === null ? null : (renumber.get(i) ?? null));
const mappedList = (list) => list.map((i) => renumber.get(i)).filter((i) => i !== undefined);

let text = '';
const messages = [];
for (const source of picked) {
	const r = records[source];
	const message = source === unterminatedPublish ? unterminated(r.message) : r.message;
	text += `====================\n${r.head}~~~~~~~~~~~~~~~~~~~~\n`;
	const line = text.split('\n').length - 1;
	text += `${message}||||||||||||||||||||\n`;
	const want = story[source];
	const [seconds, micros] = r.time.split('.');
	messages.push({
		index: messages.length,
		line,
		method: want.method,
		status: want.status,
		callId: want.callId,
		src: r.src,
		dst: r.dst,
		direction: r.tag === 'rcv' ? 'in' : 'out',
		transport: r.proto,
		time: `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${micros}`,
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
mkdirSync(out, { recursive: true });
writeFileSync(join(out, file), text, 'latin1');
writeFileSync(
	join(out, `${file}.expected.json`),
	`${JSON.stringify({ format: 'sipdump', messages }, null, '\t')}\n`,
);
console.log(`${file}: ${messages.length} messages`);
