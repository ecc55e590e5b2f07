// Renders the records SIPp's -trace_msg prints when a socket does not take a message whole, from
// a real SIPp 3.6.1 message log (test/fixtures/real/presence-story.sipp-linda.log: Linda's
// PUBLISH, the 407, the PUBLISH with credentials, the 200 with SIP-ETag, the refreshes, the
// removal and the PUBLISH refused with 412). SIPp's `SIPpSocket::write` (socket.cpp, 3.6 and 3.7;
// `write_socket` in 3.3 to 3.5) prints, after the usual separator
// `----------------------------------------------- %s\n` (CStat::formatTime):
//   sent whole:        "%s %smessage sent (%zu bytes):\n\n%.*s\n"           (TRANSPORT, "control ")
//   sent in part:      "Truncation sending %s message (%d of %zu sent):\n\n%.*s\n"   (rc, len)
//   refused (rc <= 0): "Error sending %s message:\n\n%.*s\n"
// and for what it reads "%s %smessage received [%d] bytes :\n\n%s\n". The part SIPp could not
// send is buffered and sent later (no record); after a refused send the call is deleted.
//
// Writes test/fixtures/formats/source/sipp-<variant>.log and, next to it, <file>.expected.json:
// each message's 0-based start line, method or status, time, direction, transport and the size
// the record gives, as the records were printed (not as the analyser reads them).
// Usage: node test/scripts/render-sipp-variants.mjs
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'test', 'fixtures', 'formats', 'source');
const source = readFileSync(
	join(root, 'test', 'fixtures', 'real', 'presence-story.sipp-linda.log'),
	'latin1',
);

// The records of the real log: separator time, direction, message (the text between the empty
// line after the direction line and the `\n` TRACE_MSG adds).
const separator = /^-{47} (\S+ \S+)\n(.*)\n\n/gm;
const records = [];
for (let m; (m = separator.exec(source));) {
	const from = m.index + m[0].length;
	const next = source.indexOf('\n-----------------------------------------------', from);
	const message = source.slice(from, next < 0 ? source.length - 1 : next);
	records.push({ time: m[1], sent: /message sent/.test(m[2]), message });
}
if (records.length !== 12) throw new Error(`expected 12 records, found ${records.length}`);

const sep = (time) => `----------------------------------------------- ${time}\n`;
const octets = (s) => Buffer.byteLength(s, 'latin1');
const firstLine = (s) => s.slice(0, s.indexOf('\r\n'));

/** The records as SIPp prints them; `how(record, i)` gives the direction line or null to leave it out. */
function render(name, how, transform = (s) => s) {
	let text = '';
	let line = 0;
	const messages = [];
	records.forEach((r, i) => {
		const message = transform(r.message);
		const head = how(r, i, message);
		if (head === null) return;
		const record = `${sep(r.time)}${head.line}\n\n${message}\n`;
		const start = firstLine(message);
		messages.push({
			line: line + 3,
			method: start.startsWith('SIP/2.0 ') ? null : start.split(' ')[0],
			status: start.startsWith('SIP/2.0 ') ? Number(start.split(' ')[1]) : null,
			time: r.time.replace(' ', 'T'),
			direction: head.direction,
			transport: head.transport,
			declaredBytes: head.bytes,
		});
		text += record;
		line += record.split('\n').length - 1;
	});
	mkdirSync(out, { recursive: true });
	writeFileSync(join(out, name), text, 'latin1');
	writeFileSync(
		join(out, `${name}.expected.json`),
		`${JSON.stringify({ format: 'sipp', messages }, null, '\t')}\n`,
	);
}

const whole = (transport) => (r, _i, message) =>
	r.sent
		? {
				line: `${transport} message sent (${octets(message)} bytes):`,
				direction: 'out',
				transport,
				bytes: octets(message),
			}
		: {
				line: `${transport} message received [${octets(message)}] bytes :`,
				direction: 'in',
				transport,
				bytes: octets(message),
			};

// -t t1: the same story over TCP (Via's sent-protocol says so; the lengths do not change). The
// PUBLISH with credentials went out in part: 512 octets, the rest buffered.
render(
	'sipp-tcp-truncation.log',
	(r, i, message) =>
		i === 2
			? {
					line: `Truncation sending TCP message (512 of ${octets(message)} sent):`,
					direction: 'out',
					transport: 'TCP',
					bytes: octets(message),
				}
			: whole('TCP')(r, i, message),
	(s) => s.replace(/^(Via: SIP\/2\.0\/)UDP /gm, '$1TCP '),
);

// UDP: the socket refused the last PUBLISH (the one the 412 answered in the real run): SIPp
// prints it and deletes the call, so no answer follows.
render('sipp-udp-error-sending.log', (r, i, message) =>
	i === 10
		? { line: 'Error sending UDP message:', direction: 'out', transport: 'UDP', bytes: null }
		: i === 11
			? null
			: whole('UDP')(r, i, message),
);
