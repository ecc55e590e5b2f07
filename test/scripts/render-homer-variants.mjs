// Renders the presence story's real messages (test/fixtures/real/presence-story.sngrep.txt and, over
// IPv6, presence-ipv6.sngrep.txt: Kamailio 5.6 and SIPp on loopback, as sngrep exported them) in
// each text export that HOMER's own source writes: homer-api's `generateHomerTextPCAP` (HOMER 5),
// homer-app's `TextBuffer.writePacket` (HOMER 7, Node.js) and `exportwriter.WriteDataToBuffer`
// (HOMER 7, Go), applying each one's string building to the messages (see the section "HOMER
// text exports" in test/fixtures/README.md for the source, versions and format of each). A
// capture server sees both ends of every message: each record names its source and destination.
// Next to each fixture it writes `<name>.expected.json`: every message's 0-based start line,
// method or status, time, source, destination and transport as the export wrote them, and the
// story's links (RFC 3261 and 3903 relations of these messages, listed below), so the
// expectations do not come from the analyser.
// Usage: node test/scripts/render-homer-variants.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { presenceStory, sngrepMessages } from './lib/sngrepStory.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const out = join(root, 'formats', 'source');

/** A message with its capture time as HOMER keeps it: microseconds since the epoch (UTC). */
const asHomer = (m) => ({ ...m, micros: m.epochMicros });
const storyMessages = (file) => sngrepMessages(file).map(asHomer);
/** The presence story (see presenceStory), its times as HOMER keeps them. */
function story(file, ids) {
	const told = presenceStory(file, ids);
	return { ...told, messages: told.messages.map(asHomer) };
}
const ipv4 = story('presence-story.sngrep.txt', [0, 1, 2, 3, 46, 47, 48, 49, 4, 5, 50, 51]);
const ipv6 = story('presence-ipv6.sngrep.txt', [0, 1, 2, 3, 38, 39, 40, 41, 4, 5, 42, 43]);

/**
 * The IPv6 story with Bob's subscription from its start to its end: SUBSCRIBE, 200, NOTIFY, 200,
 * then (22:42:27.012366, under a tenth of a second past the second) the SUBSCRIBE with Expires 0,
 * 200, the NOTIFY that ends the subscription (no body), 200.
 */
function withBob() {
	const all = storyMessages('presence-ipv6.sngrep.txt');
	const [subscribe, ok1, notify, ok2, unsubscribe, ok3, last, ok4] = [
		14, 15, 16, 17, 26, 27, 28, 29,
	];
	return {
		messages: [
			...ipv6.messages,
			...[subscribe, ok1, notify, ok2, unsubscribe, ok3, last, ok4].map((i) => all[i]),
		].sort((a, b) => a.micros - b.micros),
		answers: { ...ipv6.answers, [ok1]: subscribe, [ok2]: notify, [ok3]: unsubscribe, [ok4]: last },
		subscriptionOf: { ...ipv6.subscriptionOf, [notify]: subscribe, [last]: subscribe },
		challengeOf: ipv6.challengeOf,
		publicationOf: ipv6.publicationOf,
	};
}

const position = new Map();
const at = (table, id) => (id in table ? position.get(table[id]) : null);
const startLine = (raw) => raw.slice(0, raw.indexOf('\r\n'));
const isResponse = (raw) => raw.startsWith('SIP/2.0 ');
/** `[::1]:15061` as HOMER keeps it: the address and the port apart. */
function ipPort(addr) {
	const colon = addr.lastIndexOf(':');
	return { ip: addr.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: addr.slice(colon + 1) };
}
const pad = (n, width = 2) => String(n).padStart(width, '0');

/**
 * Writes a fixture of `story`: `record(m)` gives the record written for message m: its text, the
 * 0-based offset in lines of the message's start line within it, and what the record said of it
 * (time, source, destination, transport as the analyser is to show them).
 */
function render(name, { messages, ...links }, record) {
	let text = '';
	const expected = [];
	position.clear();
	for (const m of messages) {
		const r = record(m);
		const line = text.split('\n').length - 1 + r.startAt;
		text += r.text;
		position.set(m.id, expected.length);
		const start = startLine(m.raw);
		expected.push({
			line,
			start,
			method: isResponse(m.raw) ? null : start.split(' ')[0],
			status: isResponse(m.raw) ? Number(start.split(' ')[1]) : null,
			time: r.time,
			src: r.src,
			dst: r.dst,
			// A capture server is neither end of the message.
			direction: null,
			transport: r.transport,
			links: {
				request: at(links.answers, m.id),
				subscription: at(links.subscriptionOf, m.id),
				publication: at(links.publicationOf, m.id),
				challenge: at(links.challengeOf, m.id),
			},
		});
	}
	mkdirSync(out, { recursive: true });
	writeFileSync(join(out, name), text);
	writeFileSync(join(out, `${name}.expected.json`), `${JSON.stringify(expected, null, '\t')}\n`);
}

// --- HOMER 5: homer-api api/RestApi/Search.php generateHomerTextPCAP($results, $text) ----------

/** PHP's date("Y/m/d H:i:s", $sec) in a zone `offset` minutes east of UTC. */
function phpDate(micros, offset) {
	const d = new Date(Math.floor(micros / 1e6) * 1000 + offset * 60_000);
	return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
/** `$usec = $result['micro_ts'] - ($sec*1000000)`, concatenated as an integer: no leading zeros. */
const phpUsec = (micros) => String(micros % 1e6);
/** The time the analyser shows for it: ISO, the microseconds as six digits. */
function shown(micros, offset) {
	const date = phpDate(micros, offset).replace(/\//g, '-').replace(' ', 'T');
	return `${date}.${pad(micros % 1e6, 6)}`;
}

// homer-api 5.0 (2015): `"U ".date("Y/m/d H:i:s", $sec).".".$usec." ".source_ip.":".source_port."
// -> ".destination_ip.":".destination_port."\r\n\r\n"`, the message, `"\r\n"`; the date in
// HOMER_TIMEZONE (here UTC, as the capture server's), no zone written; an IPv6 address bare
// before its port; Bob's last four messages, 12366 to 12994 microseconds past the second, written
// `.12366` to `.12994`.
render('homer5-text-export-ipv6.txt', withBob(), (m) => {
	const s = ipPort(m.src);
	const d = ipPort(m.dst);
	return {
		text: `U ${phpDate(m.micros, 0)}.${phpUsec(m.micros)} ${s.ip}:${s.port} -> ${d.ip}:${d.port}\r\n\r\n${m.raw}\r\n`,
		startAt: 2,
		time: shown(m.micros, 0),
		// The line is ngrep's: an IPv6 address written bare is read bracketed, as everywhere.
		src: `${s.ip.includes(':') ? `[${s.ip}]` : s.ip}:${s.port}`,
		dst: `${d.ip.includes(':') ? `[${d.ip}]` : d.ip}:${d.port}`,
		transport: 'UDP',
	};
});

// The same export of a MESSAGE whose body's lines end in `.`: the message's own, not ngrep's
// mark of a CR (the export writes the message's CRLF as they are).
render('homer5-text-export-message-dot.txt', lunch(), (m) => {
	const s = ipPort(m.src);
	const d = ipPort(m.dst);
	return {
		text: `U ${phpDate(m.micros, 0)}.${phpUsec(m.micros)} ${s.ip}:${s.port} -> ${d.ip}:${d.port}\r\n\r\n${m.raw}\r\n`,
		startAt: 2,
		time: shown(m.micros, 0),
		src: m.src,
		dst: m.dst,
		transport: 'UDP',
	};
});

// homer-api 5.0.x later (the user's time zone): `... $usec." ".date("O",$sec)." ".source_ip ...`,
// the date in the zone the user's browser sent (here UTC-5, `-0500`).
render('homer5-text-export-zone.txt', ipv4, (m) => {
	const s = ipPort(m.src);
	const d = ipPort(m.dst);
	return {
		text: `U ${phpDate(m.micros, -300)}.${phpUsec(m.micros)} -0500 ${s.ip}:${s.port} -> ${d.ip}:${d.port}\r\n\r\n${m.raw}\r\n`,
		startAt: 2,
		// The analyser writes the offset ISO's way, with its colon.
		time: `${shown(m.micros, -300)}-05:00`,
		src: m.src,
		dst: m.dst,
		transport: 'UDP',
	};
});

/**
 * The UDP payloads of a pcapng capture on loopback (Ethernet, IPv4; timestamps in nanoseconds, as
 * the capture's interface says), each with its time in microseconds and its addresses.
 */
function pcapngUdp(file) {
	const b = readFileSync(join(root, 'real', file));
	const packets = [];
	for (let o = 0; o < b.length; o += b.readUInt32LE(o + 4)) {
		if (b.readUInt32LE(o) !== 6) continue; // Enhanced Packet Block
		const ns = b.readUInt32LE(o + 12) * 2 ** 32 + b.readUInt32LE(o + 16);
		const frame = b.subarray(o + 28, o + 28 + b.readUInt32LE(o + 20));
		const ip = frame.subarray(14);
		const udp = ip.subarray((ip[0] & 15) * 4);
		const addr = (at, port) =>
			`${[...ip.subarray(at, at + 4)].join('.')}:${udp.readUInt16BE(port)}`;
		packets.push({
			id: packets.length,
			micros: Math.floor(ns / 1000),
			src: addr(12, 0),
			dst: addr(16, 2),
			raw: udp.subarray(8).toString('utf8'),
		});
	}
	return packets;
}

/**
 * A MESSAGE whose text ends its lines with `.` (`Table for three, by the window.`) and its 200,
 * from test/fixtures/real/tshark-bodies.pcapng (SIPp on loopback): packets 7 and 8.
 */
function lunch() {
	const [message, ok] = pcapngUdp('tshark-bodies.pcapng').slice(6, 8);
	return {
		messages: [message, ok],
		answers: { [ok.id]: message.id },
		subscriptionOf: {},
		challengeOf: {},
		publicationOf: {},
	};
}

// --- HOMER 3 and 4: homer webhomer/api/class/pcap.php Export::generatePcap($param, $text) -------

// `"U ".date("Y/m/d H:i:s", $sec).".".$usec." ".source_ip.":".source_port." -> "
// .destination_ip.":".destination_port."\r\n"`, the message (`\015\012` kept escaped in older
// tables turned back into CRLF), `"\r\n"`: no blank line between the record's line and the message.
render('homer3-text-export.txt', ipv4, (m) => {
	const s = ipPort(m.src);
	const d = ipPort(m.dst);
	return {
		text: `U ${phpDate(m.micros, 0)}.${phpUsec(m.micros)} ${s.ip}:${s.port} -> ${d.ip}:${d.port}\r\n${m.raw}\r\n`,
		startAt: 1,
		time: shown(m.micros, 0),
		src: m.src,
		dst: m.dst,
		transport: 'UDP',
	};
});

// --- HOMER 7 (Go): homer-app utils/exportwriter/exportwriter.go WriteDataToBuffer ---------------

/** Go's time.RFC3339Nano in UTC: the fraction without its trailing zeros, `Z`. */
function rfc3339Nano(micros) {
	const iso = new Date(Math.floor(micros / 1000)).toISOString().slice(0, 19);
	const fraction = pad(micros % 1e6, 6).replace(/0+$/, '');
	return `${iso}${fraction ? `.${fraction}` : ''}Z`;
}

// `"proto:" + ProtocolText + " " + CreateDate + "  " + SrcIP + ":" + port + " ---> " + DstIP +
// ":" + port + "\r\n\r\n"`, the message, `"\r\n"`: create_date as encoding/json writes a
// time.Time (RFC 3339 with nanoseconds, trailing zeros left out), an IPv6 address bare before its
// port.
render('homer7-text-export-ipv6.txt', ipv6, (m) => {
	const s = ipPort(m.src);
	const d = ipPort(m.dst);
	const time = rfc3339Nano(m.micros);
	return {
		text: `proto:UDP ${time}  ${s.ip}:${s.port} ---> ${d.ip}:${d.port}\r\n\r\n${m.raw}\r\n`,
		startAt: 2,
		time,
		src: m.src,
		dst: m.dst,
		transport: 'UDP',
	};
});
