// Turns tshark's JSON dissection of a capture (`tshark -r x.pcap -Y sip -T json
// --no-duplicate-keys`) into the field table make-real-traces.sh gets from `tshark -T fields`:
// one row per SIP message, not per frame. Over TCP one frame may carry several messages (a
// segment with a 100 Trying and a 200 OK) and a message may span several segments (tshark
// reassembles it and dissects it in the frame of its last segment), which `-T fields` cannot
// tell apart. The first occurrence of each field within a message is taken (the top Via), and
// the `udp.payload` column holds the message's start line and headers as hex, as
// expected-links.mjs reads them.
//
// With a second file name, also writes each message as tshark reassembled it, as JSON: its frame,
// start line, header lines (name and value, in order) and body, for the tests to compare the
// messages read from tcpdump's text with.
//
// With --addresses, each row also has the frame's addresses and ports (`ip.src`, `ip.dst`,
// `ipv6.src`, `ipv6.dst`, `udp.srcport`, `udp.dstport`, `tcp.srcport`, `tcp.dstport`), as
// `tshark -T fields` gives them.
//
// Usage: node tsharkSipJson.mjs [--addresses] dissection.json [messages.json] >fields.tsv
import { readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const withAddresses = args[0] === '--addresses';
if (withAddresses) args.shift();
const addressColumns = [
	'ip.src',
	'ip.dst',
	'ipv6.src',
	'ipv6.dst',
	'udp.srcport',
	'udp.dstport',
	'tcp.srcport',
	'tcp.dstport',
];

const columns = [
	'frame.number',
	'frame.time_epoch',
	'sip.Method',
	'sip.r-uri',
	'sip.Status-Code',
	'sip.Call-ID',
	'sip.CSeq.seq',
	'sip.CSeq.method',
	'sip.from.addr',
	'sip.from.tag',
	'sip.to.addr',
	'sip.to.tag',
	'sip.Via.branch',
	'sip.Event',
	'sip.Expires',
	'sip.ETag',
	'sip.If_Match',
	'sip.Subscription-State',
	'sip.Proxy-Authorization',
	'sip.Proxy-Authenticate',
	'sip.Content-Length',
	'sip.resend',
	'udp.payload',
	...(withAddresses ? addressColumns : []),
];

/** The first value of `key` in `node`, depth first in document order (arrays: their first hit). */
function first(node, key) {
	if (Array.isArray(node)) {
		for (const item of node) {
			const found = first(item, key);
			if (found !== undefined) return found;
		}
		return undefined;
	}
	if (node === null || typeof node !== 'object') return undefined;
	for (const [k, v] of Object.entries(node)) {
		if (k === key) return Array.isArray(v) ? v[0] : v;
		const found = first(v, key);
		if (found !== undefined) return found;
	}
	return undefined;
}

const packets = JSON.parse(readFileSync(args[0], 'utf8'));
const out = [columns.join('\t')];
const messages = [];
for (const packet of packets) {
	const layers = packet._source.layers;
	const sips = Array.isArray(layers.sip) ? layers.sip : [layers.sip];
	for (const sip of sips) {
		const start = first(sip, 'sip.Request-Line') ?? first(sip, 'sip.Status-Line') ?? '';
		const head = `${start}\r\n${first(sip, 'sip.msg_hdr') ?? ''}`;
		// tshark's msg_hdr holds the header lines, the empty line and the body.
		const blank = head.indexOf('\r\n\r\n');
		const headerLines = head
			.slice(0, blank < 0 ? head.length : blank)
			.split('\r\n')
			.slice(1);
		messages.push({
			frame: Number(first(layers.frame, 'frame.number')),
			startLine: start,
			headers: headerLines.map((l) => {
				const colon = l.indexOf(':');
				return [l.slice(0, colon).trim(), l.slice(colon + 1).trim()];
			}),
			// The body is Content-Length octets: over TCP, what follows belongs to the next message.
			body:
				blank < 0
					? ''
					: Buffer.from(head.slice(blank + 4), 'utf8')
							.subarray(0, Number(first(sip, 'sip.Content-Length') ?? 0))
							.toString('utf8'),
		});
		const row = columns.map((c) => {
			if (c === 'frame.number' || c === 'frame.time_epoch') return first(layers.frame, c) ?? '';
			if (c === 'udp.payload') return Buffer.from(head, 'utf8').toString('hex');
			if (addressColumns.includes(c)) return first(layers[c.slice(0, c.indexOf('.'))], c) ?? '';
			const v = first(sip, c);
			return v === undefined ? '' : String(v).replace(/[\t\r\n]/g, ' ');
		});
		out.push(row.join('\t'));
	}
}
process.stdout.write(`${out.join('\n')}\n`);
if (args[1]) writeFileSync(args[1], `${JSON.stringify(messages, null, '\t')}\n`);
