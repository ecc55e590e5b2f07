// Renders the presence story's real messages (test/fixtures/real/presence-story.sngrep.txt:
// Kamailio 5.6 and SIPp on loopback, as sngrep exported them) in each message-logging shape that
// belle-sip's channel.c (Linphone, liblinphone, Flexisip), baresip's sip_trace and the JavaScript
// SIP stacks (JsSIP, SIP.js, sipML5) print, applying each printf or console call of their source
// to the messages (see the section "belle-sip, baresip and the JavaScript stacks' message logging"
// in test/fixtures/README.md for the source, versions and printf of each). The logging host is
// the presence server, 127.0.0.1:15060: what it received is logged as received, what it sent as
// sent. Next to each fixture it writes `<name>.expected.json`: every message's 0-based start
// line, method or status, time, peer, direction and transport as the printf put them, and the
// story's links (RFC 3261 and 3903 relations of these messages), so the expectations do not come
// from the analyser.
// Usage: node test/scripts/render-mobile-variants.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { presenceStory, sngrepMessages, storyExpectation } from './lib/sngrepStory.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const out = join(root, 'formats', 'source');

/** The presence story of `file` at the positions `ids` (see presenceStory), logged at `host`. */
const story = (file, host, ids) => ({ host, ...presenceStory(file, ids) });
// The presence server (Kamailio, 127.0.0.1:15060) is the logging host.
const ipv4 = story(
	'presence-story.sngrep.txt',
	'127.0.0.1:15060',
	[0, 1, 2, 3, 46, 47, 48, 49, 4, 5, 50, 51],
);

// Andrew's side of his subscription (127.0.0.1:15061): SUBSCRIBE, 200, NOTIFY (no state yet),
// 200, the NOTIFY with Linda's state, 200.
const andrew = (() => {
	const all = sngrepMessages('presence-story.sngrep.txt');
	return {
		host: '127.0.0.1:15061',
		messages: [0, 1, 2, 3, 4, 5].map((i) => all[i]),
		answers: { 1: 0, 3: 2, 5: 4 },
		subscriptionOf: { 2: 0, 4: 0 },
		challengeOf: {},
		publicationOf: {},
	};
})();
/** The story over TCP: each message's Via says so (the lengths are the rewritten message's). */
const overTcp = (s) => ({
	...s,
	messages: s.messages.map((m) => ({
		...m,
		raw: m.raw.replace(/^(Via: SIP\/2\.0\/)UDP/gm, '$1TCP'),
	})),
});

// Where each message of the story first stands in the fixture being rendered.
const position = new Map();

const octets = (s) => Buffer.byteLength(s, 'utf8');
const portOf = (addr) => addr.slice(addr.lastIndexOf(':') + 1);
const hostOf = (addr) => addr.slice(0, addr.lastIndexOf(':'));

/**
 * Writes a fixture of `story`: `records(m, k, inbound)` gives the chunks of text logged for
 * message m (k-th): a chunk that holds a message's start line says which (`of`, m by default)
 * and carries `startAt`, the 0-based offset in lines of that start line within the chunk, and
 * what the printf said of it (time, peer, transport; `cut` for a message the logger cut short).
 * A message logged within another's chunks (two messages in one read) gives no chunk of its own.
 */
function render(name, { host, messages, ...links }, records, prologue = '') {
	let text = prologue;
	const expected = [];
	position.clear();
	messages.forEach((m, k) => {
		const inbound = m.dst === host;
		for (const chunk of [records(m, k, inbound)].flat()) {
			if (chunk.startAt !== undefined) {
				const of = chunk.of ?? m;
				const line = text.split('\n').length - 1 + chunk.startAt;
				position.set(of.id, expected.length);
				expected.push(expectation(of, of.dst === host, chunk, line, links));
			}
			text += chunk.text;
		}
	});
	mkdirSync(out, { recursive: true });
	writeFileSync(join(out, name), text);
	writeFileSync(join(out, `${name}.expected.json`), `${JSON.stringify(expected, null, '\t')}\n`);
}

/** What the printf said of message m, and its links in the story (see storyExpectation). */
const expectation = (m, inbound, record, line, links) =>
	storyExpectation(m, inbound, record, line, links, position);

// --- belle-sip src/channel.c ----------------------------------------------------------------

/** bctoolbox's (and belle-sip's own, before bctoolbox) file log prefix. */
const bctbx = (m) => `${m.date} ${m.time}:${m.micros.slice(0, 3)} belle-sip-message-`;
const bctbxTime = (m) => `${m.date}T${m.time}.${m.micros.slice(0, 3)}`;
const channel = '0x55e39daf8ce0';

// belle-sip 1.x (2012-2013, Linphone 3.6): `channel [%p]: received [%i] new bytes from
// [%s:%i]:\n%s` (no transport; reads of 50 bytes or fewer not logged), `channel [%p]: message
// sent to [%s://%s:%i], size: [%i] bytes\n%s`; the parser then logged the start of each message it
// read, `channel [%p] read message of [%i] bytes:\n%.40s...` (the head's first 40 characters),
// `channel [%p] [%i] bytes parsed`, and a body once complete, `channel [%p] read [%i] bytes of
// body from %s:%i\n%s` (the body again). belle-sip's own log handler:
// `%i-%.2i-%.2i %.2i:%.2i:%.2i:%.3i belle-sip-%s-%s\n`.
render('bellesip-1.x-no-transport.log', ipv4, (m, k, inbound) => {
	const peer = inbound ? m.src : m.dst;
	const head = inbound
		? `channel [${channel}]: received [${octets(m.raw)}] new bytes from [${peer}]:`
		: `channel [${channel}]: message sent to [UDP://${peer}], size: [${octets(m.raw)}] bytes`;
	const record = {
		text: `${bctbx(m)}${head}\n${m.raw}\n`,
		startAt: 1,
		time: bctbxTime(m),
		peer,
		transport: inbound ? null : 'UDP',
	};
	if (!inbound) return record;
	const headEnd = m.raw.indexOf('\r\n\r\n') + 4;
	const body = m.raw.slice(headEnd);
	return [
		record,
		{
			text: `${bctbx(m)}channel [${channel}] read message of [${headEnd}] bytes:\n${m.raw.slice(0, 40)}...\n`,
		},
		{ text: `${bctbx(m)}channel [${channel}] [${headEnd}] bytes parsed\n` },
		...(body
			? [
					{
						text: `${bctbx(m)}channel [${channel}] read [${octets(body)}] bytes of body from ${hostOf(peer)}:${portOf(peer)}\n${body}\n`,
					},
				]
			: []),
	];
});

// belle-sip 1.3 on (channel.c belle_sip_channel_process_read_data and send_buffer), over TCP as
// Andrew's Linphone logs it: every read of the stream is a record, `channel [%p]: received [%i]
// new bytes from [%s://%s:%i]:\n%s`, whatever it holds: the 200 and the NOTIFY Kamailio sent
// 0.2 ms apart come in one read; the NOTIFY with Linda's state in two (its head and the first
// bytes of its body, then the rest), the parser logging `channel [%p] [%i] bytes parsed` after
// the head and `channel [%p] read [%i] bytes of body from [%s:%i]` once the body is complete.
const tcpAndrew = overTcp(andrew);
render('bellesip-tcp-reads.log', tcpAndrew, (m, k, inbound) => {
	const peer = '127.0.0.1:15060';
	const received = (bytes) =>
		`${bctbx(m)}channel [${channel}]: received [${bytes}] new bytes from [TCP://${peer}]:\n`;
	const meta = { time: bctbxTime(m), peer, transport: 'TCP' };
	const parsed = (raw) =>
		`${bctbx(m)}channel [${channel}] [${raw.indexOf('\r\n\r\n') + 4}] bytes parsed\n`;
	if (!inbound)
		return {
			text: `${bctbx(m)}channel [${channel}]: message sent to [TCP://${peer}], size: [${octets(m.raw)}] bytes\n${m.raw}\n`,
			startAt: 1,
			...meta,
		};
	if (m.id === 1) {
		// The 200 and the NOTIFY after it, in one read.
		const notify = tcpAndrew.messages[k + 1];
		const both = m.raw + notify.raw;
		return [
			{ text: `${received(octets(both))}${m.raw}`, startAt: 1, ...meta },
			{ text: `${notify.raw}\n`, startAt: 0, of: notify, ...meta },
			{ text: `${parsed(m.raw)}${parsed(notify.raw)}` },
		];
	}
	if (m.id === 2) return [];
	if (m.id === 4) {
		// The head and 100 bytes of the body, then the rest.
		const split = m.raw.indexOf('\r\n\r\n') + 4 + 100;
		const body = m.raw.length - m.raw.indexOf('\r\n\r\n') - 4;
		return [
			{
				text: `${received(octets(m.raw.slice(0, split)))}${m.raw.slice(0, split)}\n`,
				startAt: 1,
				...meta,
			},
			{ text: parsed(m.raw) },
			{ text: `${received(octets(m.raw.slice(split)))}${m.raw.slice(split)}\n` },
			{
				text: `${bctbx(m)}channel [${channel}] read [${body}] bytes of body from [${hostOf(peer)}:${portOf(peer)}]\n`,
			},
		];
	}
	return [
		{ text: `${received(octets(m.raw))}${m.raw}\n`, startAt: 1, ...meta },
		{ text: parsed(m.raw) },
	];
});

// make_logbuf (belle-sip 1.4 on): a buffer is logged up to its first octet that is not a valid
// multibyte character in the program's locale (mbrlen; in the C locale, any octet past ASCII),
// then `... (first %u bytes shown)` right after it; the channel then logs nothing more
// (`stop_logging_buffer`) until it has received a whole message: a message sent with such an
// octet silences the channel until the next read is parsed, which is itself not logged. Linda's
// note in French here (`En réunion jusqu'à 15h`, UTF-8, Content-Length grown to match), over UDP
// as liblinphone's file log writes it: her PUBLISHes the server receives and the NOTIFY it sends
// are cut at the `é`, and Andrew's 200 to that NOTIFY is not logged at all.
const french = {
	...ipv4,
	messages: ipv4.messages.map((m) => (m.raw.includes('<note') ? inFrench(m) : m)),
};
function inFrench(m) {
	const raw = m.raw.replace(
		/<note xml:lang="en">In a meeting until 3pm<\/note>/g,
		'<note xml:lang="fr">En réunion jusqu\'à 15h</note>',
	);
	const grown = octets(raw) - octets(m.raw);
	return {
		...m,
		raw: raw.replace(/^Content-Length: *(\d+)/m, (_, n) => `Content-Length: ${Number(n) + grown}`),
	};
}
const silenced = new Set();
render('bellesip-binary-cut.log', french, (m, k, inbound) => {
	const peer = inbound ? m.src : m.dst;
	const meta = { time: bctbxTime(m), peer, transport: 'UDP' };
	const size = octets(m.raw);
	if (silenced.delete(peer) && inbound) return [];
	const head = inbound
		? `channel [${channel}]: received [${size}] new bytes from [UDP://${peer}]:`
		: `channel [${channel}]: message sent to [UDP://${peer}], size: [${size}] bytes`;
	const binary = /[^ -~\t\r\n]/.exec(m.raw);
	if (!binary) return { text: `${bctbx(m)}${head}\n${m.raw}\n`, startAt: 1, ...meta };
	if (!inbound) silenced.add(peer);
	const shown = m.raw.slice(0, binary.index);
	return [
		{
			text: `${bctbx(m)}channel [${channel}]: found binary data in buffer, will stop logging it now.\n`,
		},
		{
			text: `${bctbx(m)}${head}\n${shown}... (first ${octets(shown)} bytes shown)\n`,
			startAt: 1,
			...meta,
			cut: true,
		},
	];
});

// send_buffer when the socket took part of the message (a TCP or TLS stream under load):
// `channel [%p]: message partly sent to [%s://%s:%i], sent: [%i/%i] bytes:\n%s`, the part sent
// (the rest goes out when the socket is writable again, not logged). Linda's PUBLISH with
// credentials over TLS, partly sent by her Linphone (127.0.0.1:15064) after 300 bytes.
const linda = (() => {
	const all = sngrepMessages('presence-story.sngrep.txt');
	return {
		host: '127.0.0.1:15064',
		messages: [46, 47, 48, 49, 50, 51].map((i) => all[i]),
		answers: { 47: 46, 49: 48, 51: 50 },
		subscriptionOf: {},
		challengeOf: { 48: 47 },
		publicationOf: { 50: 48 },
	};
})();
const tlsLinda = {
	...linda,
	messages: linda.messages.map((m) => ({
		...m,
		raw: m.raw.replace(/^(Via: SIP\/2\.0\/)UDP/gm, '$1TLS'),
	})),
};
render('bellesip-tls-partly-sent.log', tlsLinda, (m, k, inbound) => {
	const peer = '127.0.0.1:15060';
	const meta = { time: bctbxTime(m), peer, transport: 'TLS' };
	const size = octets(m.raw);
	if (inbound)
		return {
			text: `${bctbx(m)}channel [${channel}]: received [${size}] new bytes from [TLS://${peer}]:\n${m.raw}\n`,
			startAt: 1,
			...meta,
		};
	if (m.id !== 48)
		return {
			text: `${bctbx(m)}channel [${channel}]: message sent to [TLS://${peer}], size: [${size}] bytes\n${m.raw}\n`,
			startAt: 1,
			...meta,
		};
	const part = m.raw.slice(0, 300);
	return {
		text: `${bctbx(m)}channel [${channel}]: message partly sent to [TLS://${peer}], sent: [300/${size}] bytes:\n${part}\n`,
		startAt: 1,
		...meta,
		cut: true,
	};
});

// --- JsSIP: the debug module's lines (JsSIP 0.7 on: src/Transport.js) ---------------------------

// Transport.send: `debug('sending message:\n\n' + message + '\n')`; _onData: `received text
// message:\n\n` (`received binary message:` for a binary frame). The JavaScript SIP stacks log
// the browser's side: Andrew's, over WSS to the server (127.0.0.1:15060 here, which the log
// never names). debug in Node without a terminal (a file, a pipe) writes `new
// Date().toISOString()`, the namespace, a space, then the text; in a terminal it writes the
// namespace in colour before every line of it (two spaces before), and `+Nms` after its last;
// the browser's console shows the namespace, the text, then ` +Nms`. Node's console lines end
// the text's lines as they are (CRLF in the message).
const debugRecord = (m, inbound) =>
	inbound ? `received text message:\n\n${m.raw}\n` : `sending message:\n\n${m.raw}\n`;
render('jssip-node-file.log', andrew, (m, k, inbound) => ({
	text: `${m.date}T${m.time}.${m.micros.slice(0, 3)}Z JsSIP:Transport ${debugRecord(m, inbound)}`,
	startAt: 2,
	time: `${m.date}T${m.time}.${m.micros.slice(0, 3)}Z`,
	peer: null,
	transport: null,
}));
// debug's useColors in a terminal: `  \x1b[3Xm;1mJsSIP:Transport \x1b[0m` before each line, `
// \x1b[3Xm+2ms\x1b[0m` after the last; copied from the terminal, the escapes are gone.
let last = null;
render('jssip-node-terminal-copy.log', andrew, (m, k, inbound) => {
	const now = Date.parse(`${m.date}T${m.time}.${m.micros.slice(0, 3)}Z`);
	const diff = last === null ? 0 : now - last;
	last = now;
	const lines = debugRecord(m, inbound).split('\n');
	return {
		text: `${lines.map((l) => `  JsSIP:Transport ${l}`).join('\n')} +${diff}ms\n`,
		startAt: 2,
		time: null,
		peer: null,
		transport: null,
	};
});
// The browser's console (Chrome), the text copied with each entry's source link before it:
// `JsSIP:Transport sending message:\n\n<message>\n +2ms` (the `%c` colours are gone).
last = null;
render('jssip-browser-console.txt', andrew, (m, k, inbound) => {
	const now = Date.parse(`${m.date}T${m.time}.${m.micros.slice(0, 3)}Z`);
	const diff = last === null ? 0 : now - last;
	last = now;
	return {
		text: `jssip.min.js:9 JsSIP:Transport ${debugRecord(m, inbound)} +${diff}ms\n`,
		startAt: 2,
		time: null,
		peer: null,
		transport: null,
	};
});

// --- SIP.js: LoggerFactory.print (0.7 to 0.14: `sip.transport`, 0.15 on: `sip.Transport`) -------

// `[new Date(), category, label].join(' | ')` before the text: `Mon Nov 24 2026 22:42:05 GMT+0000
// (Coordinated Universal Time) | sip.Transport | Sending WebSocket message:\n\n<message>\n`
// (0.15 on: src/platform/web/transport/transport.ts, `Received WebSocket text message:`).
const jsDate = (m) =>
	`${new Date(`${m.date}T${m.time}Z`).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) (\S+) GMT$/, '$1 $3 $2 $4 $5')} GMT+0000 (Coordinated Universal Time)`;
render('sipjs-0.21-console.txt', andrew, (m, k, inbound) => ({
	text: `${jsDate(m)} | sip.Transport | ${inbound ? 'Received WebSocket text message:' : 'Sending WebSocket message:'}\n\n${m.raw}\n`,
	startAt: 2,
	time: `${m.date}T${m.time}+0000`,
	peer: null,
	transport: null,
}));
// The same in a terminal's capture (`script`, or DEBUG_COLORS=1 into a file): the colour escapes
// kept, `  \x1b[36;1mJsSIP:Transport \x1b[0m` before each line and ` \x1b[36m+2ms\x1b[0m` after
// the last (debug's formatArgs and humanize).
last = null;
render('jssip-node-terminal-colours.log', andrew, (m, k, inbound) => {
	const now = Date.parse(`${m.date}T${m.time}.${m.micros.slice(0, 3)}Z`);
	const diff = last === null ? 0 : now - last;
	last = now;
	const lines = debugRecord(m, inbound).split('\n');
	return {
		text: `${lines.map((l) => `  \x1b[36;1mJsSIP:Transport \x1b[0m${l}`).join('\n')} \x1b[36m+${diff}ms\x1b[0m\n`,
		startAt: 2,
		time: null,
		peer: null,
		transport: null,
	};
});

// --- baresip: sip_trace_handler (src/uag.c, baresip 1.0 on; src/ua.c before) ------------------

// `re_printf("\x1b[36;1m" "%H#\n" "%s %J -> %J\n" "%b" "\x1b[;m\n", fmt_timestamp, NULL,
// sip_transp_name(tp), src, dst, pkt, len)` (baresip 1.1 on; `#\n` without the time before),
// libre's `%J` writing an IPv6 address bracketed with its port. The presence server's side over
// TCP on IPv6 (the story run over ::1, real/presence-ipv6.sngrep.txt), both directions in one
// trace handler (`tx` unused).
const ipv6 = story(
	'presence-ipv6.sngrep.txt',
	'[::1]:15060',
	[0, 1, 2, 3, 38, 39, 40, 41, 4, 5, 42, 43],
);
render('baresip-tcp-ipv6.log', overTcp(ipv6), (m) => ({
	text: `\x1b[36;1m${m.time}.${m.micros.slice(0, 3)}#\nTCP ${m.src} -> ${m.dst}\n${m.raw}\x1b[;m\n`,
	startAt: 2,
	time: `${m.time}.${m.micros.slice(0, 3)}`,
	src: m.src,
	dst: m.dst,
	direction: null,
	transport: 'TCP',
}));
