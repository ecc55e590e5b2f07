import type { MessageMeta } from './engine';
import { datedTime, timeIn, type LogTime } from './logTime';
import { hepRecord } from './hepRecord';
import { ribbonRecord } from './ribbonRecord';
import { uccApiRecord } from './uccApiRecord';
import { opalPdu } from './opalPdu';
import { drachtioRecord } from './drachtioRecord';
import { broadworksRecord } from './broadworksRecord';
import { phonerLiteRecord } from './phonerLiteRecord';
import { pjsipErrorRecord } from './pjsipErrorRecord';
import { mitelRecord } from './mitelRecord';

/*
 * A log line of a tool the framer has no rules for, right above a message, that says where the
 * message went: a PBX's monitor (`12:15:06 1210484664mS SIP Rx: UDP 192.168.3.107:5060 ->
 * 10.11.3.2:5060`), a phone's trace (`Recv from udp: 10.0.0.5:5060 00:00:00:01:066 (937 bytes)`,
 * `Send to udp: ...`), an SBC's or an application's own logger. Such a line is read for what it
 * plainly says, and nothing is guessed: an address is an IP address or a dotted host name with a
 * port; one address gets its side only from a direction word and `from` or `to` before it; the
 * time is a time of day standing alone (not the start of an uptime `00:00:00:01:066`).
 */

// An address as logs write it: `10.0.0.1:5060`, `[2001:db8::1]:5060`, `proxy.example.com:5061`,
// after an optional `udp:`, `UDP/` or `tcp ` of the transport, or before `/UDP` (sippts'
// `Sending to 10.0.0.1:5060/UDP ...`). A trailing `:` or `,` is the log's. An IPv4 address a poster
// masked (`x.x.x.x`, `10.*.*.5`, `xx.yy.zz.157`) is one too: the line still gives the time and
// direction.
const address =
	/^(?:(udp|tcp|tls|wss?|sctp)[:/])?((?:(?:\d{1,3}|[xXyYzZ]{1,3}|\*{1,3})\.){3}(?:\d{1,3}|[xXyYzZ]{1,3}|\*{1,3})|\[[0-9A-Fa-f:.]{2,45}\]|(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}):(\d{1,5})(?:\/(udp|tcp|tls|wss?|sctp))?[:,;]?$/i;
// A host name of one label (`pbx`), only after its transport (snom's `Sent to udp:pbx:5060`):
// alone, `name:5060` may be any word and a number.
const namedHost = /^(udp|tcp|tls|wss?|sctp):([A-Za-z][A-Za-z0-9-]{0,62}):(\d{1,5})[:,;]?$/i;
// A listener quoted (Yate's `'udp:0.0.0.0:5060'`) or a bracketed list (Genesys' `[0,UDP]`) names it too.
const transportWord = /(?:^|[\s([',])(udp|tcp|tls|wss?|sctp)(?=[\s:/)\],]|$)/i;
// A direction word, as a word of its own: `Rx`, `recv`, `received`, `Send`, `outgoing`...
const directionWord =
	/(?:^|[^A-Za-z])(recv|rcvd|recvd|received|receiving|rx|incoming|inbound|send|sent|sending|tx|transmitting|transmitted|outgoing|outbound|delivery|delivering)(?![A-Za-z])/i;
// `from X` after a word of receiving, `to X` after a word of sending, with the transport between;
// `from=X` too (sipexer's `message-received: from=a:p bytes=524`).
// Runs of white space are bounded: every search stays linear in the line.
const fromAddress =
	/(?:^|\s)from(?:[:=][ \t]{0,8}|[ \t]{1,8})(?:(udp|tcp|tls|wss?|sctp):?[ \t]{1,8})?(\S{1,100})/i;
const toAddress =
	/(?:^|\s)to(?:[:=][ \t]{0,8}|[ \t]{1,8})(?:(udp|tcp|tls|wss?|sctp):?[ \t]{1,8})?(\S{1,100})/i;
// `on X`, the local socket, after the peer's address (snom's `Received from udp:A on udp:B at ...`);
// `at X` too (PortaSIP's `RECEIVED message from UDP:A at UDP:B`), where X is an address (snom's
// `at` before its date is none).
const onAddress = /\s(?:on|at)[ \t]{1,8}(?:(udp|tcp|tls|wss?|sctp):?[ \t]{1,8})?(\S{1,100})/i;
const fromOrTo = /\s(?:from|to)(?:=|:?\s)/i;
// A time of day that is not part of a longer run of `:`-separated numbers (an uptime such as
// `00:00:00:01:066`), a colon after it aside (Genesys' `13:39:18.897: SIPTR: ...`); its
// milliseconds after a dot, a comma or a colon (snom's SIP trace:
// `Sent to udp:209.189.239.106:5060 at 19/10/2005 12:26:20:770 (425 bytes):`).
const lonelyTime = /(?<![\d:])\d\d:\d\d:\d\d(?:[.,]\d{1,9}|:\d{3})?(?!\d|:\d)/;

// Blink's (sipsimple's) path line: `192.168.8.104:54907 -(SIP over TLS)-> 81.23.228.150:443`.
const sipOver = /-\(SIP over (UDP|TCP|TLS|WSS?|SCTP)\)->$/i;

// The date and time as one number at the line's start, ISO 8601's basic form: Yate's `-Df` stamp
// (`20180712044943.940442 <sip:INFO> 'udp:0.0.0.0:5060' received 490 bytes SIP message from ...`).
const compactStamp = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.(\d{1,9}))?\s/;

/**
 * Only this much of a line is read for the words above: a heading is short, a long line is
 * something else. A record of a known shape (an SBC's) may be longer.
 */
const maxLine = 300;
export const maxRecordLine = 2000;

/**
 * What a line above a message says of it (addresses, transport, direction, time), when it says
 * where the message went; null otherwise.
 */
export function addressedHeading(line: string): MessageMeta | null {
	if (line.length > maxRecordLine) return null;
	// Records of known shapes first: their addresses are not written as the words below read.
	const known =
		ribbonRecord(line) ??
		uccApiRecord(line) ??
		hepRecord(line) ??
		opalPdu(line) ??
		drachtioRecord(line) ??
		broadworksRecord(line) ??
		phonerLiteRecord(line) ??
		pjsipErrorRecord(line) ??
		mitelRecord(line);
	if (known || line.length > maxLine) return known;
	const meta =
		pathHeading(line) ?? oneSidedHeading(line) ?? bannerHeading(line) ?? stampedWord(line);
	if (!meta) return null;
	meta.transport ??= transportWord.exec(line)?.[1]!.toUpperCase() ?? null;
	const compact = compactStamp.exec(line);
	const clock = compact ? null : lonelyTime.exec(line);
	if (compact) {
		const [, y, mo, d, h, mi, sec, fraction] = compact;
		const when = timeIn(`${y}-${mo}-${d} ${h}:${mi}:${sec}${fraction ? `.${fraction}` : ''}`);
		if (when) Object.assign(meta, when);
	} else if (clock) {
		// The date before it, when the line gives one, comes with it; so does a year right after
		// it (C's ctime, `Mon Nov 14 17:26:15 2022`), and so does a UTC offset (`+00:00`).
		const when =
			dayFirstAt(line, clock.index, clock[0]) ??
			timeIn(line.slice(Math.max(0, clock.index - 11), clock.index + clock[0].length + 6));
		if (when) Object.assign(meta, when);
	}
	return meta;
}

// snom's `at 22/1/2009 15:31:48:066`: day, month and year with slashes, neither padded.
const dayFirst = /\bat (\d{1,2})\/(\d{1,2})\/(\d{4}) $/;

/** The time `clock` at `index` in `line` on snom's day-first date right before it, or null. */
function dayFirstAt(line: string, index: number, clock: string): LogTime | null {
	const d = dayFirst.exec(line.slice(Math.max(0, index - 17), index));
	if (!d) return null;
	const day = Number(d[1]);
	const month = Number(d[2]);
	if (day < 1 || day > 31 || month < 1 || month > 12) return null;
	const date = `${d[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
	// The milliseconds after a colon (`15:31:48:066`), as a fraction.
	const time =
		clock.length === 12 && clock.charCodeAt(8) === 58
			? `${clock.slice(0, 8)}.${clock.slice(9)}`
			: clock.replace(',', '.');
	return datedTime(date, time);
}

/**
 * `A -> B`, `A => B` (a test harness's `<==[387 bytes]==[date] a => b ====`) or Blink's (sipsimple)
 * `A -(SIP over TLS)-> B`: the source and destination, each an address; the direction only when a
 * word says.
 */
function pathHeading(line: string): MessageMeta | null {
	let arrow = line.indexOf('->');
	let width = 2;
	let via: string | null = null;
	if (arrow >= 0) {
		const over = sipOver.exec(line.slice(Math.max(0, arrow - 20), arrow + 2));
		if (over) {
			via = over[1]!.toUpperCase();
			width = over[0].length;
			arrow = arrow + 2 - width;
		}
	} else arrow = line.indexOf(' => ');
	// `A<-B` (SIPSorcery's `Response received: tls:A<-tls:B`, sipgo's `read from A <- B:`): the
	// message came from B to A.
	if (arrow < 0) return backPath(line);
	if (line.charCodeAt(arrow) === 32) {
		arrow++;
		width = 2;
	}
	const src = parseAddress(lastWord(line.slice(0, arrow)));
	const dst =
		parseAddress(firstWord(line.slice(arrow + width))) ??
		portZero(firstWord(line.slice(arrow + width)));
	if (!src || !dst) return null;
	const meta: MessageMeta = { src: src.address, dst: dst.address };
	const transport = via ?? src.transport ?? dst.transport;
	if (transport) meta.transport = transport;
	const word = directionWord.exec(line.slice(0, arrow))?.[1];
	if (word) meta.direction = isSending(word) ? 'out' : 'in';
	else {
		// ejabberd's `SIP [tcp/in] A -> B:`: the transport and the way, bracketed.
		const way = transportWay.exec(line.slice(0, arrow));
		if (way) meta.direction = way[1]!.toLowerCase() === 'out' ? 'out' : 'in';
	}
	return meta;
}

// A transport and a direction bracketed together: ejabberd's `[udp/in]`, `[tcp/out]`.
const transportWay = /\[(?:udp|tcp|tls|wss?|sctp)\/(in|out)\]/i;

/** `A <- B`: from B to A, each an address; received, when a word does not say otherwise. */
function backPath(line: string): MessageMeta | null {
	const arrow = line.indexOf('<-');
	if (arrow < 0) return null;
	const dst = parseAddress(lastWord(line.slice(0, arrow)));
	const src = parseAddress(firstWord(line.slice(arrow + 2)));
	if (!src || !dst) return null;
	const meta: MessageMeta = { src: src.address, dst: dst.address };
	const transport = src.transport ?? dst.transport;
	if (transport) meta.transport = transport;
	const word = directionWord.exec(line.slice(0, arrow))?.[1];
	if (word) meta.direction = isSending(word) ? 'out' : 'in';
	return meta;
}

/**
 * A banner a program prints above each message, in rows of `-` or `=` (`=== INCOMING SIP MESSAGE
 * ===`, `--- 13:46:22.716 SIP recv ---`): its direction word says which way, its time when. Not
 * one that says `from` or `to` someone (`== Sent From kamailio ==`: whose side is not said).
 */
function bannerHeading(line: string): MessageMeta | null {
	const m = banner.exec(line);
	if (!m || fromOrToWord.test(m[1]!)) return null;
	const word = directionWord.exec(m[1]!)?.[1];
	return word ? { direction: isSending(word) ? 'out' : 'in' } : null;
}
const banner = /^\s{0,8}[-=]{2,20} (.{3,60}) [-=]{2,20}\s*$/;
const fromOrToWord = /(?:^|\s)(?:from|to)(?:\s|$)/i;

/**
 * A stamp and a direction word alone, the message on the lines below (Voximplant's session log:
 * `2026-02-16 18:38:19.579  Sent:`): which way and when; the time is read as for any heading.
 */
function stampedWord(line: string): MessageMeta | null {
	const m = stampThenWord.exec(line);
	return m ? { direction: isSending(m[1]!) ? 'out' : 'in' } : null;
}
const stampThenWord =
	/^[ \t]{0,8}(?:\d{4}-\d\d-\d\d[ T])?\d\d:\d\d:\d\d(?:[.,]\d{1,9})?[ \t]{1,8}(sent|received|send|recv|tx|rx|incoming|outgoing):?[ \t]{0,8}$/i;

/**
 * `Recv from udp: A`, `Sent to A`, `Received from A to B`: the words before tell the direction,
 * `from` and `to` which side each address is.
 */
function oneSidedHeading(line: string): MessageMeta | null {
	// Most log lines have neither word: they are passed over with one search.
	if (!fromOrTo.test(line)) return null;
	const word = directionWord.exec(line);
	if (!word) return pathInWords(line);
	const rest = line.slice(word.index + word[0].length);
	const from = sideOf(fromAddress.exec(rest));
	const to = sideOf(toAddress.exec(rest));
	if (!from && !to) return null;
	const sending = isSending(word[1]!);
	const meta: MessageMeta = { direction: sending ? 'out' : 'in' };
	if (from) meta.src = from.address;
	if (to) meta.dst = to.address;
	// One side named: the socket it was sent or received `on` is the other.
	const on = from && to ? null : sideOf(onAddress.exec(rest));
	if (on) {
		if (sending && !from) meta.src = on.address;
		else if (!sending && !to) meta.dst = on.address;
	}
	// The transport named as a word of its own where neither address carries it (`delivery with
	// udp from ...`).
	const transport =
		from?.transport ?? to?.transport ?? transportWord.exec(rest)?.[1]?.toUpperCase() ?? null;
	if (transport) meta.transport = transport;
	return meta;
}

/**
 * `from X to Y` with no word of direction (Kamailio's xlog of what it received: `REQ REGISTER from
 * udp:127.0.0.1:15112 to 127.0.0.1:15110`): both sides named, the path is said; the direction,
 * which the line does not give, is not guessed. `from X` at the line's end: the source, and the
 * destination where `to Y` comes before it.
 */
function pathInWords(line: string): MessageMeta | null {
	const m = fromAddress.exec(line);
	const from = sideOf(m);
	if (!from) return null;
	// `to` after `from`: `to` before it is the line's prose (`going to ...`).
	const to = sideOf(toAddress.exec(line.slice(m!.index + m![0].length)));
	if (!to) {
		// `from X` ending the line, right above the message, names its source (Kamailio's xlog of
		// a reply: `REPLY 100 from 127.0.0.1:15697:`), and an address `to` names before it its
		// destination (`SND 1 to 127.0.0.1:15902 from 127.0.0.1:15900`).
		if (m!.index + m![0].length !== line.trimEnd().length) return null;
		const before = sideOf(toAddress.exec(line.slice(0, m!.index)));
		const meta: MessageMeta = { src: from.address };
		if (before) meta.dst = before.address;
		const transport = from.transport ?? before?.transport;
		if (transport) meta.transport = transport;
		return meta;
	}
	const meta: MessageMeta = { src: from.address, dst: to.address };
	const transport = from.transport ?? to.transport;
	if (transport) meta.transport = transport;
	return meta;
}

/** The address a `from X` or `to X` names, with the transport written before or in it. */
function sideOf(m: RegExpExecArray | null): { address: string; transport: string | null } | null {
	const at = m ? parseAddress(m[2]!) : null;
	return at && { address: at.address, transport: at.transport ?? m![1]?.toUpperCase() ?? null };
}

function isSending(word: string): boolean {
	// `delivery with udp from a:p to b:p` (Net::SIP's Leg::deliver): what it sends.
	return /^(?:s|tx|tr|out|deliver)/i.test(word);
}

function lastWord(s: string): string {
	let end = s.length;
	while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
	let start = end;
	while (start > 0 && !isSpace(s.charCodeAt(start - 1))) start--;
	return s.slice(start, end);
}

const isSpace = (c: number): boolean => c === 32 || c === 9;

function firstWord(s: string): string {
	return /^\s*(\S+)/.exec(s)?.[1] ?? '';
}

/**
 * An address with port 0, which no message goes to: Kamailio's siptrace names a reply it
 * received over TCP so (`SIPTRACE tcp:127.0.0.1:15111 -> 127.0.0.1:0`). The side is unknown;
 * the line still says the rest (the other side, the transport, the time).
 */
function portZero(word: string): { address: null; transport: string | null } | null {
	if (!word.endsWith(':0')) return null;
	const known = parseAddress(`${word.slice(0, -2)}:1`);
	return known ? { address: null, transport: known.transport } : null;
}

function parseAddress(word: string): { address: string; transport: string | null } | null {
	const m =
		address.exec(word) ??
		address.exec(unwrapped(word)) ??
		namedHost.exec(word) ??
		address.exec(uriHost(word));
	if (!m) return null;
	const port = Number(m[3]);
	if (port < 1 || port > 65535) return null;
	const host = m[2]!;
	if (host.charCodeAt(0) !== 91 && /^[\d.]+$/.test(host)) {
		for (const part of host.split('.')) if (Number(part) > 255) return null;
	}
	return { address: `${host}:${m[3]}`, transport: (m[1] ?? m[4])?.toUpperCase() ?? null };
}

/**
 * The host and port of a SIP URI (Flexisip's `Sending Request SIP message to
 * sip:10.0.0.5:5060;transport=udp`), else ''.
 */
function uriHost(word: string): string {
	return sipUri.exec(word)?.[1] ?? '';
}
const sipUri = /^<?sips?:(?:[^@\s;>]{1,128}@)?([^\s;>?]{1,300})(?:[;?][^\s>]{0,300})?>?[:,]?$/i;

/** `[10.0.0.1:5060]`, `(10.0.0.1:5060)`, `<10.0.0.1:5060>`: the address inside, else ''. */
function unwrapped(word: string): string {
	const close = { '[': ']', '(': ')', '<': '>' }[word[0]!];
	const end = word.replace(/[:,;]$/, '');
	return close && end.endsWith(close) ? end.slice(1, -1) : '';
}
