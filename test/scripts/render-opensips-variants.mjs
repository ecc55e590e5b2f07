// Renders what `opensips-cli -x trace` prints for real messages, as its source prints each HEP
// packet it is sent (opensips-cli, opensipscli/modules/trace.py, HEPpacket.__str__ and
// logger.color), for test/fixtures/formats/source/. See test/fixtures/README.md, "Message logs as
// their producers' source prints them: OpenSIPS and Kamailio".
//
//   print(color(BLUE, "{}.{}".format(ts, tms)) + color(CYAN, " {}/{}".format(proto, type) +
//         " {}:{} -> {}:{}".format(inet_ntop(src), sport, inet_ntop(dst), dport)) + "\n" + data)
//
// color(c, m) is `\x1b[1;%dm` + m + `\x1b[0m` (30 + c: blue 34, cyan 36), also when the output is
// no terminal; ts and tms are the HEP packet's seconds and microseconds as numbers (tms not
// padded: 4466 microseconds print `.4466`); proto is the IP protocol's name (`UDP`), type `SIP`;
// an IPv6 address is printed as inet_ntop writes it, without brackets, then `:` and the port;
// data is the message as it went (CRLF), and print() adds a line end.
//
// The messages, their addresses and times (the HEP packet OpenSIPS would send has the time it
// took the message in) are Kamailio's own records of the presence stories,
// test/fixtures/real/presence-story.sipdump.txt (IPv4) and presence-ipv6.sipdump.txt (IPv6).
// Each output gets `<file>.expected.json`: per message the 0-based line of its start line in the
// text rendered here, method, status, Call-ID, addresses, transport, time (UTC, microseconds),
// and the links of the story as expected-links.mjs computed them from tshark's dissection
// (the sipdump's `.expected.json`).
//
// Usage: node test/scripts/render-opensips-variants.mjs [OUT-DIR] (default
// test/fixtures/formats/source).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = process.argv[2] ?? join(root, 'test', 'fixtures', 'formats', 'source');
const real = join(root, 'test', 'fixtures', 'real');

const color = (c, m) => `\x1b[1;${30 + c}m${m}\x1b[0m`;
const BLUE = 4;
const CYAN = 6;

/** Kamailio's sipdump records: the message as it went, its addresses, protocol and time. */
function records(file) {
	return readFileSync(join(real, file), 'latin1')
		.split('====================\n')
		.slice(1)
		.map((record) => {
			const [head, rest] = record.split('~~~~~~~~~~~~~~~~~~~~\n');
			const field = (name) => new RegExp(`^${name}: (.*)$`, 'm').exec(head)[1];
			const [seconds, fraction] = field('time').split('.');
			return {
				message: rest.slice(0, rest.lastIndexOf('||||||||||||||||||||')),
				proto: field('proto').split(' ')[0].toUpperCase(),
				src: field('srcip'),
				sport: field('srcport'),
				dst: field('dstip'),
				dport: field('dstport'),
				seconds: Number(seconds),
				micros: Number(fraction.padEnd(6, '0')),
			};
		});
}

/** An address as the product names it: IPv6 in brackets. */
const named = (ip, port) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

const outputs = [
	{ file: 'opensips-cli-trace-color.txt', source: 'presence-story.sipdump.txt' },
	{ file: 'opensips-cli-trace-ipv6.txt', source: 'presence-ipv6.sipdump.txt' },
];

mkdirSync(out, { recursive: true });
for (const { file, source } of outputs) {
	const story = JSON.parse(readFileSync(join(real, `${source}.expected.json`), 'utf8')).messages;
	let text = '';
	const messages = [];
	records(source).forEach((r, index) => {
		// The start line follows the packet's line.
		const line = text.split('\n').length;
		text +=
			color(BLUE, `${r.seconds}.${r.micros}`) +
			color(CYAN, ` ${r.proto}/SIP ${r.src}:${r.sport} -> ${r.dst}:${r.dport}`) +
			'\n' +
			r.message +
			'\n';
		const want = story[index];
		messages.push({
			index,
			line,
			method: want.method,
			status: want.status,
			callId: want.callId,
			src: named(r.src, r.sport),
			dst: named(r.dst, r.dport),
			transport: r.proto,
			time: `${new Date(r.seconds * 1000).toISOString().slice(0, 19)}.${String(r.micros).padStart(6, '0')}`,
			links: want.links,
		});
	});
	writeFileSync(join(out, file), text, 'latin1');
	writeFileSync(
		join(out, `${file}.expected.json`),
		`${JSON.stringify({ format: 'opensips', messages }, null, '\t')}\n`,
	);
	console.log(`${file}: ${messages.length} messages`);
}
