// Renders the presence story's real messages (test/fixtures/real/presence-story.sngrep.txt and, over
// IPv6, presence-ipv6.sngrep.txt: Kamailio 5.6 and SIPp on loopback, as sngrep exported them) in
// each message-logging shape that Asterisk's
// res_pjsip_logger.c and chan_sip.c, and pjproject's pjsua_core.c with pj_log, print, applying each
// printf of their source to the messages (see the section "Asterisk and pjproject message logging"
// in test/fixtures/README.md for the source, versions and printf of each). The logging host is the
// presence server, 127.0.0.1:15060 or [::1]:15060: what it received is `RX`/`Received`, what it sent `TX`/
// `Transmitting`. Next to each fixture it writes `<name>.expected.json`: every message's 0-based
// start line, method or status, time, peer, direction and transport as the printf put them, and
// the story's links (RFC 3261 and 3903 relations of these messages, listed below), so the
// expectations do not come from the analyser.
// Usage: node test/scripts/render-asterisk-pjproject-variants.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isResponse, presenceStory, startLine, storyExpectation } from './lib/sngrepStory.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const out = join(root, 'formats', 'source');

/** The presence story of `file` at the positions `ids` (see presenceStory), logged at `host`. */
const story = (file, host, ids) => ({ host, ...presenceStory(file, ids) });
// The presence server (Kamailio, 127.0.0.1:15060 or [::1]:15060) is the logging host.
const ipv4 = story(
	'presence-story.sngrep.txt',
	'127.0.0.1:15060',
	[0, 1, 2, 3, 46, 47, 48, 49, 4, 5, 50, 51],
);
const ipv6 = story(
	'presence-ipv6.sngrep.txt',
	'[::1]:15060',
	[0, 1, 2, 3, 38, 39, 40, 41, 4, 5, 42, 43],
);

// Where each message of the story first stands in the fixture being rendered (a copy logged
// again comes after it).
const position = new Map();

const octets = (s) => Buffer.byteLength(s, 'utf8');
const cseqOf = (raw) => /^CSeq: *(\d+) (\w+)/m.exec(raw);
const portOf = (addr) => addr.slice(addr.lastIndexOf(':') + 1);

/**
 * Writes a fixture of `story`: `records(m, k, inbound)` gives the record(s) logged for message m
 * (k-th): its text, the 0-based offset in lines of the message's start line within it, and what
 * the printf said of it (time, peer, transport; `copy` for the same message logged again, `cut`
 * for a record the logger cut short, `faults` for what the message itself lacks).
 */
function render(name, { host, messages, ...links }, records) {
	let text = '';
	const expected = [];
	position.clear();
	messages.forEach((m, k) => {
		const inbound = m.dst === host;
		for (const record of [records(m, k, inbound)].flat()) {
			const line = text.split('\n').length - 1 + record.startAt;
			text += record.text;
			if (!position.has(m.id)) position.set(m.id, expected.length);
			expected.push(expectation(m, inbound, record, line, links));
		}
	});
	mkdirSync(out, { recursive: true });
	writeFileSync(join(out, name), text);
	writeFileSync(join(out, `${name}.expected.json`), `${JSON.stringify(expected, null, '\t')}\n`);
}

/** What the printf said of message m, and its links in the story (see storyExpectation). */
const expectation = (m, inbound, record, line, links) =>
	storyExpectation(m, inbound, record, line, links, position);

/** pjsip's `pjsip_rx_data_get_info` / `pjsip_tx_data_get_info` (sip_transport.c get_msg_info). */
function msgInfo(m, k, inbound) {
	const cseq = cseqOf(m.raw);
	const object = `${inbound ? 'rdata' : 'tdta'}0x7f3a2c00${(0x4a0 + k * 0x38).toString(16)}`;
	const start = startLine(m.raw);
	return isResponse(m.raw)
		? `Response msg ${start.split(' ')[1]}/${cseq[2]}/cseq=${cseq[1]} (${object})`
		: `Request msg ${start.split(' ')[0]}/cseq=${cseq[1]} (${object})`;
}

// --- Asterisk res_pjsip_logger.c ---------------------------------------------------------------

// Asterisk 12.0 to 13.x (before pj_sockaddr_print): `<--- Received SIP %s (%d bytes) from %s:%s:%d
// --->\n%s\n` with the transport's type_name, rdata->pkt_info.src_name (pjsip's bare address: an
// IPv6 one unbracketed) and the port; the CLI console, no prefix.
render('asterisk-pjsip-logger-ast12-ipv6-bare.log', ipv6, (m, k, inbound) => {
	const kind = isResponse(m.raw) ? 'response' : 'request';
	const peer = inbound ? m.src : m.dst;
	const head = inbound
		? `<--- Received SIP ${kind} (${octets(m.raw)} bytes) from UDP:::1:${portOf(peer)} --->`
		: `<--- Transmitting SIP ${kind} (${octets(m.raw)} bytes) to UDP:::1:${portOf(peer)} --->`;
	return {
		text: `${head}\n${m.raw}\n`,
		startAt: 1,
		time: null,
		peer: `[::1]:${portOf(peer)}`,
		transport: 'UDP',
	};
});

// Asterisk 13.8 to 22: `%s:%s` with pj_sockaddr_print(..., 3) (`[::1]:15061`), in the full log
// written with logger.conf's `[plain]` formatter (logger.c format_log_plain: `[%s] %s[%d]%s:
// %s:%d %s: %s`, file, line and function; the message's further lines as they are).
render('asterisk-pjsip-logger-full-log-plain-ipv6.log', ipv6, (m, k, inbound) => {
	const kind = isResponse(m.raw) ? 'response' : 'request';
	const peer = `[::1]:${portOf(inbound ? m.src : m.dst)}`;
	const where = inbound
		? 'res_pjsip_logger.c:388 logging_on_rx_msg'
		: 'res_pjsip_logger.c:357 logging_on_tx_msg';
	const head = inbound
		? `<--- Received SIP ${kind} (${octets(m.raw)} bytes) from UDP:${peer} --->`
		: `<--- Transmitting SIP ${kind} (${octets(m.raw)} bytes) to UDP:${peer} --->`;
	return {
		text: `[2026-11-24 ${m.time}.${m.micros.slice(0, 3)}] VERBOSE[2980272][C-00000002]: ${where}: ${head}\n${m.raw}\n`,
		startAt: 1,
		time: `2026-11-24T${m.time}.${m.micros.slice(0, 3)}`,
		peer,
		transport: 'UDP',
	};
});

// --- Asterisk res_pjsip_history.c (13.9 on) -----------------------------------------------------

// `pjsip set history on` keeps each message; `pjsip show history` lists them (display_entry_list:
// `%-5.5s %-10.10s %-30.30s %-35.35s` headings, a rule, then sprint_list_entry's `%-5.5d %-10.10ld
// %-5.5s %-24.24s` number, second, `* <==`/`* ==>`, peer, and the start line), `pjsip show history
// entry N` prints one (display_single_entry: `<--- History Entry %d %s %s at %-10.10ld --->\n%s\n`,
// `Sent to`/`Received from`, pj_sockaddr_print(..., 3), the second, then pjsip_msg_print's text).
// A console session: the list, then each entry asked for at the `*CLI>` prompt. The entry's time
// is the second it was taken (tv_usec set to 0); the transport is not said. Over IPv6 the peer is
// bracketed (`[::1]:15061`).
function renderHistory(name, story) {
	const seconds = (m) => Math.floor(m.epochMicros / 1e6);
	const peer = (m, inbound) => (inbound ? m.src : m.dst);
	const list = [
		'*CLI> pjsip show history',
		`${'No.'.padEnd(5)} ${'Timestamp'.padEnd(10)} ${'(Dir) Address'.padEnd(30)} ${'SIP Message'.padEnd(35)}`,
		'===== ========== ============================== ===================================',
		...story.messages.map((m, k) => {
			const inbound = m.dst === story.host;
			return `${String(k).padStart(5, '0')} ${seconds(m)} ${inbound ? '* <==' : '* ==>'} ${peer(m, inbound).padEnd(24)} ${startLine(m.raw)}`;
		}),
	].join('\n');
	render(name, story, (m, k, inbound) => {
		const head = `<--- History Entry ${k} ${inbound ? 'Received from' : 'Sent to'} ${peer(m, inbound)} at ${seconds(m)} --->`;
		const before = k === 0 ? `${list}\n` : '';
		return {
			text: `${before}*CLI> pjsip show history entry ${k}\n${head}\n${m.raw}\n`,
			startAt: before.split('\n').length - 1 + 2,
			time: new Date(seconds(m) * 1000).toISOString().slice(0, 19),
			peer: peer(m, inbound),
			transport: null,
		};
	});
}
renderHistory('asterisk-pjsip-history-entries.log', ipv4);
renderHistory('asterisk-pjsip-history-entries-ipv6.log', ipv6);

// --- Asterisk chan_sip.c (1.8 to 20) -----------------------------------------------------------

// handle_request_do: `\n<--- SIP read from %s:%s --->\n%s\n<------------->\n` (sip_get_transport,
// ast_sockaddr_stringify: `[::1]:15061`), then parse_request's `--- (%d headers %d lines)%s ---\n`;
// send_response: `\n<--- %sTransmitting (%s) to %s --->\n%s\n<------------>\n`; send_request:
// `%sTransmitting (%s) to %s:\n%s\n---\n` (`Reliably ` for a request kept for retransmission);
// retrans_pkt: `Retransmitting #%d (%s) to %s:\n%s\n---\n`, the same message again. The full log
// (`[%s] %s[%d]%s %s: %s`, default formatter) prefixes the first line of each: chan_sip's reads and
// responses start with a line end, so their record line stands alone.
function chanSipCounts(raw) {
	const [head, body = ''] = raw.split('\r\n\r\n');
	const headers = head.split('\r\n').length - 1;
	const lines = body === '' ? 0 : body.replace(/\r\n$/, '').split('\r\n').length;
	return `--- (${headers} headers ${lines} lines) ---\n`;
}
render('asterisk-chan-sip-full-log-ipv6-retransmit.log', ipv6, (m, k, inbound) => {
	const peer = `[::1]:${portOf(inbound ? m.src : m.dst)}`;
	const stamp = `[Nov 24 ${m.time}] VERBOSE[2980291][C-00000003] chan_sip.c: `;
	const time = `--11-24T${m.time}`;
	if (inbound)
		return {
			text: `${stamp}\n<--- SIP read from UDP:${peer} --->\n${m.raw}\n<------------->\n${chanSipCounts(m.raw)}`,
			startAt: 2,
			time,
			peer,
			transport: 'UDP',
		};
	if (isResponse(m.raw))
		return {
			text: `${stamp}\n<--- Transmitting (no NAT) to ${peer} --->\n${m.raw}\n<------------>\n`,
			startAt: 2,
			time,
			peer,
			transport: null,
		};
	const sent = {
		text: `${stamp}Reliably Transmitting (no NAT) to ${peer}:\n${m.raw}\n---\n`,
		startAt: 1,
		time,
		peer,
		transport: null,
	};
	if (!m.raw.includes('Content-Type: application/pidf+xml')) return sent;
	// The NOTIFY with Linda's state is sent again (timer A, 500 ms) before its 200 comes.
	const again = `[Nov 24 ${m.time}] VERBOSE[2980291][C-00000003] chan_sip.c: `;
	return [
		sent,
		{
			...sent,
			text: `${again}Retransmitting #1 (no NAT) to ${peer}:\n${m.raw}\n---\n`,
			copy: true,
		},
	];
});

// --- pjproject: pjsua_core.c logging_on_rx_msg / logging_on_tx_msg through pj_log -------------

// The first pjsua (0.5, 2006) and pjsip-apps' samples to this day (simpleua, siprtp, pjsip-perf):
// `RX %d bytes %s from %s:%d:\n%s\n--end msg--`, no transport; pj_log of then: a space, the time
// with milliseconds, a space, the sender right-aligned in 12, a space.
render('pjsua-0.5-no-transport.log', ipv4, (m, k, inbound) => {
	const peer = inbound ? m.src : m.dst;
	const time = m.time + '.' + m.micros.slice(0, 3);
	const head = `${inbound ? 'RX' : 'TX'} ${octets(m.raw)} bytes ${msgInfo(m, k, inbound)} ${inbound ? 'from' : 'to'} ${peer}:`;
	return {
		text: ` ${time} pjsua_core.c ${head}\n${m.raw}\n--end msg--\n`,
		startAt: 1,
		time,
		peer,
		transport: null,
	};
});

// pjsua 1.x and 2.x up to 2.7: `RX %d bytes %s from %s %s:%d:\n%.*s\n--end msg--`, the transport's type_name
// then pjsip's bare address (IPv6 unbracketed) and the port; pjsua's default decor (time with
// milliseconds, sender in 14, PJ_LOG_HAS_THREAD_SWC's space or `!`, PJ_LOG_HAS_INDENT's dots).
render('pjsua-2.7-ipv6-bare.log', ipv6, (m, k, inbound) => {
	const peer = inbound ? m.src : m.dst;
	const time = m.time + '.' + m.micros.slice(0, 3);
	const head = `${inbound ? 'RX' : 'TX'} ${octets(m.raw)} bytes ${msgInfo(m, k, inbound)} ${inbound ? 'from' : 'to'} UDP ::1:${portOf(peer)}:`;
	return {
		text: `${time}   pjsua_core.c  ${inbound ? '.' : '...'}${head}\n${m.raw}\n--end msg--\n`,
		startAt: 1,
		time,
		peer: `[::1]:${portOf(peer)}`,
		transport: 'UDP',
	};
});

// pjsua 2.8 on: `RX %d bytes %s from %s %s:\n%.*s\n--end msg--` with pj_addr_str_print; an
// application's decor with PJ_LOG_HAS_THREAD_SWC and without PJ_LOG_HAS_INDENT: `!` right before
// `RX`/`TX` when another thread logged the record before (here: received messages and responses
// on the SIP worker thread, requests sent from the application's), a space otherwise; the sender
// in pj_log's PJ_LOG_SENDER_WIDTH of 22.
let lastThread = null;
render('pjsua-thread-switch-no-indent.log', ipv4, (m, k, inbound) => {
	const peer = inbound ? m.src : m.dst;
	const time = m.time + '.' + m.micros.slice(0, 3);
	const thread = inbound || isResponse(m.raw) ? 'worker' : 'app';
	const mark = thread === lastThread ? ' ' : '!';
	lastThread = thread;
	const head = `${inbound ? 'RX' : 'TX'} ${octets(m.raw)} bytes ${msgInfo(m, k, inbound)} ${inbound ? 'from' : 'to'} UDP ${peer}:`;
	return {
		text: `${time} ${'pjsua_core.c'.padStart(22)} ${mark}${head}\n${m.raw}\n--end msg--\n`,
		startAt: 1,
		time,
		peer,
		transport: 'UDP',
	};
});

// --- Asterisk res_pjsip_logger.c: `pjsip set logger pcap FILE` (Asterisk 16.28, 18.14 on) --------

// pjsip_set_logger_pcap writes the file header (magic 0xa1b2c3d4 in the host's order, version
// 2.4, snaplen 65535, link type 1); pjsip_logger_write_to_pcap then, per message: the record header
// (ast_tvnow's seconds and microseconds, both lengths), an Ethernet header with zero addresses, an
// IPv4 header (0x45, TTL 128, protocol UDP, no checksum) or an IPv6 one (version 6, hop limit 0),
// a UDP header whose checksum is left as it was on the stack, and the message. Only the peer's
// address is known: a received message has no destination (0.0.0.0, port 0), a sent one no
// source. Written little-endian here, as on x86.
function pcap(name, { host, messages, ...links }) {
	const v6 = host.startsWith('[');
	const chunks = [];
	const file = Buffer.alloc(24);
	file.writeUInt32LE(0xa1b2c3d4, 0);
	file.writeUInt16LE(2, 4);
	file.writeUInt16LE(4, 6);
	file.writeUInt32LE(65535, 16);
	file.writeUInt32LE(1, 20);
	chunks.push(file);
	const expected = [];
	position.clear();
	for (const m of messages) {
		const inbound = m.dst === host;
		const message = Buffer.from(m.raw, 'utf8');
		const peer = inbound ? m.src : m.dst;
		const port = Number(portOf(peer));
		const seconds = Date.parse(`${m.date}T${m.time}Z`) / 1000;
		const ipLength = v6 ? 40 : 20;
		const record = Buffer.alloc(16);
		record.writeUInt32LE(seconds, 0);
		record.writeUInt32LE(Number(m.micros), 4);
		record.writeUInt32LE(14 + ipLength + 8 + message.length, 8);
		record.writeUInt32LE(14 + ipLength + 8 + message.length, 12);
		const ethernet = Buffer.alloc(14);
		ethernet.writeUInt16BE(v6 ? 0x86dd : 0x0800, 12);
		const ip = Buffer.alloc(ipLength);
		if (v6) {
			ip[0] = 0x60;
			ip.writeUInt16BE(8 + message.length, 4);
			ip[6] = 17;
			ip[inbound ? 23 : 39] = 1; // ::1, the peer's address; the other one stays ::
		} else {
			ip[0] = 0x45;
			ip.writeUInt16BE(20 + 8 + message.length, 2);
			ip[8] = 128;
			ip[9] = 17;
			Buffer.from([127, 0, 0, 1]).copy(ip, inbound ? 12 : 16);
		}
		const udp = Buffer.alloc(8);
		udp.writeUInt16BE(inbound ? port : 0, 0);
		udp.writeUInt16BE(inbound ? 0 : port, 2);
		udp.writeUInt16BE(8 + message.length, 4);
		udp.writeUInt16BE(0x7f3a, 6);
		chunks.push(record, ethernet, ip, udp, message);
		const none = v6 ? '[::]:0' : '0.0.0.0:0';
		position.set(m.id, expected.length);
		expected.push({
			src: inbound ? peer : none,
			dst: inbound ? none : peer,
			epochMicros: seconds * 1_000_000 + Number(m.micros),
			start: startLine(m.raw),
			octets: message.length,
			links: expectation(m, inbound, {}, 0, links).links,
		});
	}
	writeFileSync(join(out, name), Buffer.concat(chunks));
	writeFileSync(join(out, `${name}.expected.json`), `${JSON.stringify(expected, null, '\t')}\n`);
}
pcap('asterisk-pjsip-logger-pcap.pcap', ipv4);
pcap('asterisk-pjsip-logger-pcap-ipv6.pcap', ipv6);

// pj_log cuts a record longer than PJ_LOG_MAX_SIZE: the first PJ_LOG_MAX_SIZE - 2 characters,
// then its line end; the rest of the message and `--end msg--` are lost. The default is 4000, past
// the story's longest message, so this is rendered as a build with `#define PJ_LOG_MAX_SIZE 1000`
// in config_site.h prints it (the default cuts a longer INVITE the same way). pjsua's default
// decor, at log level 5: sip_endpoint.c's `Processing incoming message: %s` comes before each
// received message's record.
const logMaxSize = 1000;
render('pjsua-log-max-size-cut.log', ipv4, (m, k, inbound) => {
	const peer = inbound ? m.src : m.dst;
	const time = `${m.time}.${m.micros.slice(0, 3)}`;
	const info = msgInfo(m, k, inbound);
	const head = `${inbound ? 'RX' : 'TX'} ${octets(m.raw)} bytes ${info} ${inbound ? 'from' : 'to'} UDP ${peer}:`;
	let record = `${time} ${'pjsua_core.c'.padStart(22)}  .${head}\n${m.raw}\n--end msg--`;
	const cut = record.length > logMaxSize - 2;
	if (cut) record = record.slice(0, logMaxSize - 2);
	const before = inbound
		? `${time} ${'sip_endpoint.c'.padStart(22)}  Processing incoming message: ${info}\n`
		: '';
	return {
		text: `${before}${record}\n`,
		startAt: before ? 2 : 1,
		time,
		peer,
		transport: 'UDP',
		cut,
	};
});

// pjsip's dump of a packet it rejects, in the same log: sip_endpoint.c's endpt_on_rx_msg when a
// mandatory header is missing (`Error processing packet from %s:%d: %s %s [code %d]:\n%.*s\n--
// end of packet.`, PJ_LOG(1), the bare src_name), sip_transport.c's when a header does not parse
// (`Error processing %d bytes packet from %s %s:%d %.*s:\n%.*s\n-- end of packet.`). Rendered
// with the story's SUBSCRIBE from Andrew sent without its CSeq (pjsip drops it: no 200, no
// NOTIFY) before Linda's publications, each of those logged by pjsua as above.
const publications = {
	...ipv4,
	messages: ipv4.messages.filter((m) => cseqOf(m.raw)[2] === 'PUBLISH'),
};
const subscribe = ipv4.messages[0];
const withoutCseq = {
	...subscribe,
	id: -1,
	raw: subscribe.raw.replace(/^CSeq: [^\r]*\r\n/m, ''),
};
render(
	'pjsua-rejected-packet.log',
	{ ...publications, messages: [withoutCseq, ...publications.messages] },
	(m, k, inbound) => {
		const peer = inbound ? m.src : m.dst;
		const time = `${m.time}.${m.micros.slice(0, 3)}`;
		if (m.id === -1)
			return {
				text: `${time} ${'sip_endpoint.c'.padStart(22)} !Error processing packet from ${peer}: Missing required header(s)  CSeq [code 171050]:\n${m.raw}\n-- end of packet.\n`,
				startAt: 1,
				time,
				peer,
				transport: null,
				faults: ['header.missing-cseq'],
			};
		const head = `${inbound ? 'RX' : 'TX'} ${octets(m.raw)} bytes ${msgInfo(m, k, inbound)} ${inbound ? 'from' : 'to'} UDP ${peer}:`;
		return {
			text: `${time} ${'pjsua_core.c'.padStart(22)}  .${head}\n${m.raw}\n--end msg--\n`,
			startAt: 1,
			time,
			peer,
			transport: 'UDP',
		};
	},
);
