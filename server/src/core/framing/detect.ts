import type { TraceFormat } from '../model';
import type { FormatRules } from './engine';
import {
	asterisk,
	baresip,
	bellesip,
	ccsip,
	headerLine,
	homer,
	holdsTabbedMessages,
	logcat,
	ngrep,
	opensips,
	pjsua,
	raw,
	sipdump,
	sipp,
	sngrep,
	sofiaRules,
	sofiaDump,
	tabbedLogcat,
} from './formats';
import { hasEscapedMessage } from './escaped';
import { sipmsg, sipmsgRecordLine } from './sipmsg';
import { twinkle, twinkleRecordLine } from './twinkle';
import { sipsak, sipsakRecordLine } from './sipsak';
import { sippCallDebug, sippCallDebugRecord, sippErrorRecord, sippErrors } from './sippLogs';
import { cucmSdl, cucmSdlSipRecord } from './cucmSdl';
import { ciscoFragmentRecord, ciscoVoipTrace } from './ciscoVoipTrace';
import { ciscoSipio, ciscoSipioRecord } from './ciscoSipio';
import { expressway, expresswaySipRecord } from './expressway';
import { isSipStackRecordLine } from './msSipStack';
import { isJainSipRecordLine } from './jainSip';
import { commonIndent, quoteMarker, unquoted } from './indent';
import { isTcpdumpPacketLine } from './tcpdump';
import { holdsHexDump } from './hexDump';
import { isFollowMarker, tsharkFollow } from './tsharkFollow';
import { isTsharkJsonLine, opensAsTsharkJson } from './tsharkJson';
import { isHeaderLine, isStartLine, readLine, type Line } from './lines';

/** How much of the file detection looks at: enough for a few messages of any format. */
const sampleLines = 3000;
/** How much of a long line is searched for a message with escaped line ends. */
const longLine = 20_000;

/** `text` and `next` (where the line after `s`'s ends) for a test that reads the next line too. */
const candidates: readonly {
	format: TraceFormat;
	test: (s: string, text: string, next: number) => boolean;
}[] = [
	{
		format: 'sngrep',
		test: (s) => /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d+ \S+ -> \S+\s*$/.test(s),
	},
	{ format: 'tcpdump', test: isTcpdumpPacketLine },
	{
		format: 'headerLine',
		// A capture's rendering names the transport after the addresses (render.ts).
		test: (s) =>
			/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d\S* +\S+ +-> +\S+(?: +(?:UDP|TCP|TLS|SCTP|WSS?)(?: \(\d{1,9} bytes\))?)?\s*$/.test(
				s,
			),
	},
	{
		format: 'ngrep',
		// An address a poster masked with a placeholder (`U <from_ip>:4539 -> <proxy_ip>:5060`).
		test: (s) =>
			/^[UTI](?:\(\d{1,3}\))? (?:\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d+(?: [+-]\d{4})? |\+\d{1,10}\.\d{1,9} )?(?:<[^\s<>]{1,40}>:\d{1,5}|[^\s>]+) -> \S+/.test(
				s,
			),
	},
	{ format: 'sipp', test: (s) => /^-{20,} \d{4}-\d\d-\d\d[\t ]\d\d:\d\d:\d\d/.test(s) },
	{
		format: 'sippErrors',
		// Also its heading, and any record of it (a timeout's, a jump's): SIPp's stamp, date, time
		// and epoch between tabs, then a colon.
		test: (s) =>
			sippErrorRecord.test(s) ||
			s.startsWith('The following events occurred:') ||
			/^'?\d{4}-\d\d-\d\d\t\d\d:\d\d:\d\d\.\d{1,9}\t\d{1,12}\.\d{1,9}: /.test(s),
	},
	{ format: 'sippCallDebug', test: (s) => sippCallDebugRecord.test(s) },
	{
		format: 'pjsipLogger',
		test: (s) =>
			/<--- (?:(?:Received|Transmitting) SIP (?:request|response) \((?:\d+ bytes|[^()\d]{1,20})\) (?:from|to)|History Entry \d{1,10} (?:Sent to|Received from)) /.test(
				s,
			),
	},
	{
		format: 'chanSip',
		test: (s) =>
			/<--- (?:SIP read from|(?:Reliably )?Transmitting (?:\([^)]{0,100}\) )?to) /.test(s) ||
			/^(?:Reliably )?Transmitting \((?:no )?NAT\) to \S{1,200}:\s*$/.test(s) ||
			// A retransmission alone (an OPTIONS to a phone that went away: the paste's only record).
			/^Retransmitting #\d{1,3} \((?:no )?NAT\) to \S{1,200}?:?\s*$/.test(s),
	},
	// sofia-sip's TPORT_DUMP file: its opening line, and its stamps of what was sent (the log says
	// `send`); its `recv` stamps are the log's.
	{
		format: 'sofiaDump',
		test: (s) => s.startsWith('dump started at ') || /^sent \d{1,10} bytes to \w{1,10}\/\[/.test(s),
	},
	{
		format: 'sofia',
		test: (s) =>
			/(?:recv|send) \d+ bytes (?:from|to) \w+\/\[[^\]]{1,100}\](?::\d+)?(?:\/\d+)?(?:;comp=sigcomp)?(?: at \d\d:\d\d:\d\d|:?\s*$)/.test(
				s,
			),
	},
	// sipdump's `~~~~` and `||||` lines: its `====` opener alone is a separator anyone may type.
	{ format: 'sipdump', test: (s) => /^(?:~{20}|\|{20})\s*$/.test(s) },
	// opensips-cli's `trace` colours the time and the rest of the line (see formats.ts).
	{
		format: 'opensips',
		test: (s) =>
			// eslint-disable-next-line no-control-regex -- the terminal colours opensips-cli prints
			/^(?:\x1b\[[\d;]{0,12}m)?\d{9,11}\.\d{1,6}(?:\x1b\[[\d;]{0,12}m){0,2} \w+\/SIP \S+ -> \S+/.test(
				s,
			),
	},
	{
		format: 'pjsua',
		test: (s) =>
			/(?:TX|RX) \d+ bytes \S+ msg \S+ \([^)]{0,100}\) (?:to|from) \w+ \S+:\s*$/.test(s) ||
			s === '--end msg--',
	},
	{
		format: 'tshark',
		test: (s) =>
			/^Frame \d+: \d+ bytes on wire/.test(s) || sipTreeRoot.test(s) || untitledTree.test(s),
	},
	{ format: 'homer', test: (s) => /^proto:\w+ \d{4}-\d\d-\d\dT/.test(s) },
	{
		format: 'baresip',
		test: (s) =>
			/^(?:\d\d:\d\d:\d\d\.\d{1,6} )?(?:UDP|TCP|TLS|WSS?|SCTP) \S{1,200} -> \S{1,200}\s*$/.test(s),
	},
	{
		format: 'bellesip',
		test: (s) =>
			/channel \[[^\]\s]{1,40}\]: (?:message (?:NOT )?sent to|received \[\d{1,10}\] new bytes from) \[\w{1,10}:\/\//.test(
				s,
			),
	},
	{
		format: 'ccsip',
		// IOS 12's `1w0d:SIP Msg:ccsipDisplayMsg:Received:` too, and a record a page joined to
		// its direction (`.../SIP/Msg/ccsipDisplayMsg: Received:`).
		test: (s) =>
			/\/SIP\/Msg\/ccsipDisplayMsg:(?: ?(?:Sent|Received):)?\s*$/.test(s) ||
			/SIP Msg:ccsipDisplayMsg:(?:Sent|Received):\s*$/.test(s) ||
			// Older IOS: the direction right after the stamp (`*Apr 19 08:38:52.529: Sent:`).
			/^(?:\d{1,10}: )?[*.]?[A-Z][a-z]{2} {1,2}\d{1,2} (?:\d{4} )?\d\d:\d\d:\d\d(?:\.\d{1,6})?(?: [A-Z][A-Za-z]{1,5})?: (?:Sent|Received):\s*$/.test(
				s,
			),
	},
	{ format: 'sipmsg', test: (s) => sipmsgRecordLine.test(s) },
	{ format: 'twinkle', test: (s) => twinkleRecordLine.test(s) },
	{ format: 'sipsak', test: (s) => sipsakRecordLine.test(s) },
	{ format: 'cucmSdl', test: (s) => cucmSdlSipRecord.test(s) },
	{ format: 'ciscoVoipTrace', test: (s) => ciscoFragmentRecord.test(s) },
	{ format: 'ciscoSipio', test: (s) => ciscoSipioRecord.test(s) },
	{ format: 'expressway', test: (s) => expresswaySipRecord.test(s) },
	{ format: 'msSipStack', test: isSipStackRecordLine },
	// JAIN-SIP's record: the attribute line saying which way the message went.
	{ format: 'jainSip', test: isJainSipRecordLine },
	// tshark's JSON: each message's start line, a field of its own.
	{ format: 'tsharkJson', test: isTsharkJsonLine },
	// tshark's stream follower: each block's head.
	{ format: 'tsharkFollow', test: isFollowMarker },
	// A status line alone in its string literal is one with a header literal on the next line.
	{ format: 'escaped', test: (s, text, next) => hasEscapedMessage(s, text, next) },
];

// tshark's SIP tree: `Session Initiation Protocol (SUBSCRIBE)`, `(200)`, `(SIP as raw text)`, or
// the title alone (Wireshark before 1.6); or, copied without it, its start line's item (the
// label and a whole start line after it: not a page's prose about the field);
// not a page's heading (`Session Initiation Protocol (SIP) für IP-Telefonie`).
const untitledTree =
	/^ {4}(?:Request-Line: [A-Za-z][\w.!%*+`'~-]{0,40} \S{1,2000} SIP\/2\.0|Status-Line: SIP\/2\.0 \d{3}(?: |$))/;
const sipTreeRoot =
	/^Session Initiation Protocol(?: \((?!SIP\))(?:[A-Za-z][\w.!%*+`'~-]{0,40}|\d{3}|SIP as raw text)\))?\s*$/;

// `[Mar 30 13:35:51] `, or `[2024-01-15 10:20:30.123] ` (logger.conf dateformat; `,123` too), with
// the full log's `VERBOSE[pid][C-call] file.c: ` when every line carries it.
const asteriskPrefix =
	/^\[(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d{1,6})?)\] (?:[A-Z]{3,10}\[\d{1,10}\](?:\[C-[0-9a-fA-F]{1,16}\])?:? [\w.-]{1,60}:(?:\d{1,6} [\w]{1,60}:)? )?/;
// logcat's (threadtime, Android Studio's; brief and time: `I/flutter (32165): `; tag: `I/libcore: `,
// also after the date and time), or Apple's
// log's (`2020-03-29 01:25:05.125178+0530 linphone[68064:1643374] `).
const logcatPrefix =
	/^[ \t]?(?:(?:\d{4}-)?\d\d-\d\d \d\d:\d\d:\d\d\.\d+ +\d+[- ]+\d+(?:\/\S+)? [VDIWEF][/ ][^:]*: |(?:\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} )?[VDIWEFA]\/[^(:]{1,80}\( {0,9}\d{1,10}\):(?: |$)|(?:(?:\d{4}-)?\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} )?[VDIWEFA]\/[^\s(:][^(:]{0,79}:(?: |$)|\d{1,7}\.\d{3} [VDIWEF] [^\s:][^:]{0,79}: |\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{1,9}[+-]\d{4} [^\s[\]]{1,80}\[\d{1,10}:[\dA-Fa-fx]{1,20}\] |\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} +\d+-\d+ +(?:\S[^\n]{0,120}? [VDIWEFA](?: {2}|$)|\S+ +\S+ *$))/;

/**
 * The format of a trace, from the markers in its first lines: the format with most markers wins
 * (`passed over` aside: the runner-up, when the winner read no message).
 */
export function detectFormat(text: string, passedOver?: TraceFormat): TraceFormat {
	// tshark's JSON says so at its start, also when its first packets hold no SIP (RTP, DNS
	// before the call) or a tool compacted it onto one line, where its strings' escaped line ends
	// would read as a log's one-line messages.
	if (opensAsTsharkJson(text)) return 'tsharkJson';
	const counts = new Map<TraceFormat, number>();
	// A trace indented as a whole (pasted into Markdown, a mail) is read without its indentation.
	const indent = commonIndent(text);
	// So is a trace quoted as a whole (`> ` before every line, or `// ` in a source file).
	const quoted = quoteMarker(text);
	const line: Line = { start: 0, end: 0, next: 0 };
	let lines = 0;
	for (
		let at = 0;
		lines < sampleLines && at < text.length && readLine(text, at, line);
		at = line.next, lines++
	) {
		if (line.end === line.start) continue;
		// A vertical tab ends each record of sofia-sip's dump, alone on a line or right after the
		// record's last octet: no log writes one, so it tells a dump from the log whose stamps it
		// shares, also in a part of a dump without its opening line or a `sent` stamp.
		if (text.charCodeAt(line.end - 1) === 11) {
			counts.set('sofiaDump', (counts.get('sofiaDump') ?? 0) + 1);
			continue;
		}
		const lineStart = quoted ? unquoted(text, line.start, line.end, quoted) : line.start;
		const from =
			indent && text.startsWith(indent, lineStart) ? lineStart + indent.length : lineStart;
		let s = text.slice(from, Math.min(line.end, from + 300));
		const prefix = asteriskPrefix.exec(s);
		if (prefix) s = s.slice(prefix[0].length);
		const c = s.charCodeAt(0);
		// Most lines of a trace are SIP headers: skip them cheaply. A header's name is a token
		// (no space, no `/`): `I/Hello Linphone: channel [..]: ...` is a log line to look into.
		const colon = s.indexOf(': ');
		if (
			c >= 65 &&
			c <= 90 &&
			colon > 0 &&
			colon < 40 &&
			isTokenName(s, colon) &&
			!s.startsWith('Frame ') &&
			!s.startsWith('IP') &&
			!s.startsWith('Session ') &&
			!s.includes('<---') &&
			!s.includes('#012') &&
			!s.includes('#015 ') &&
			!s.includes('/SIP/Msg/') &&
			!s.includes('\\n')
		)
			continue;
		let matched = false;
		for (const candidate of candidates) {
			if (candidate.test(s, text, line.next)) {
				counts.set(candidate.format, (counts.get(candidate.format) ?? 0) + 1);
				matched = true;
				break;
			}
		}
		// A message on one line with its line ends escaped may start past the first 300
		// characters: behind a JSON record's other fields (a Homer API answer compacted onto one
		// line, `[{"create_date":...,"protocol_header":{...},"raw":"SIP/2.0 200 OK\r\n...`).
		if (
			!matched &&
			line.end - from > 300 &&
			hasEscapedMessage(text.slice(from, Math.min(line.end, from + longLine)))
		)
			counts.set('escaped', (counts.get('escaped') ?? 0) + 1);
	}
	if (passedOver !== undefined) counts.delete(passedOver);
	let best: TraceFormat = 'raw';
	let bestCount = 0;
	for (const [format, count] of counts) {
		if (count > bestCount) {
			best = format;
			bestCount = count;
		}
	}
	// Linphone on Android or iOS: belle-sip's lines behind logcat's or Apple's log prefix; an app
	// on pjsua2 on Android: pjsua's lines behind logcat's.
	// A dump's `recv` stamps count for the log, whose stamps they share.
	if (best === 'sofia' && counts.has('sofiaDump')) best = 'sofiaDump';
	// Also a message logged behind logcat's prefix in a post whose prose makes most of its lines.
	// Not where logcat's rules were tried and read nothing: Android Studio's newer view prints
	// belle-sip's message indented below its record, with no prefix, which belle-sip's rules read.
	if (
		passedOver !== 'logcat' &&
		(best === 'raw' || best === 'bellesip' || best === 'pjsua') &&
		(hasPrefix(text, logcatPrefix) || messageBehindPrefix(text, logcatPrefix))
	)
		return 'logcat';
	// Packets as bare hex dumps: lines no other format's markers are on.
	if (best === 'raw' && holdsHexDump(text)) return 'hexDump';
	// Asterisk's full log with its stamp on every line, the messages quoted without the heading
	// above each (`[2016-04-27 10:25:58] INVITE sip:...`): its rules read past the stamp.
	if (best === 'raw' && hasPrefix(text, asteriskPrefix) && startsBehindPrefix(text))
		return 'chanSip';
	return best;
}

/** Is a start line behind Asterisk's stamp on one of the first 200 non-blank lines? */
function startsBehindPrefix(text: string): boolean {
	const line: Line = { start: 0, end: 0, next: 0 };
	let seen = 0;
	for (let at = 0; seen < 200 && at < text.length && readLine(text, at, line); at = line.next) {
		if (line.end === line.start) continue;
		seen++;
		const prefix = asteriskPrefix.exec(
			text.slice(line.start, Math.min(line.end, line.start + 160)),
		);
		if (prefix && isStartLine(text, line.start + prefix[0].length, line.end)) return true;
	}
	return false;
}

/**
 * Is a start line behind `prefix`, with a header behind it on the next line? Looked for in the
 * lines {@link hasPrefix} looks at.
 */
function messageBehindPrefix(text: string, prefix: RegExp): boolean {
	const line: Line = { start: 0, end: 0, next: 0 };
	let seen = 0;
	let startEnd = -1;
	for (let at = 0; seen < 200 && at < text.length && readLine(text, at, line); at = line.next) {
		if (line.end === line.start) continue;
		seen++;
		const found = prefix.exec(text.slice(line.start, Math.min(line.end, line.start + 160)));
		const content = found ? line.start + found[0].length : -1;
		if (content >= 0 && startEnd === line.start && isHeaderLine(text, content, line.end))
			return true;
		startEnd = content >= 0 && isStartLine(text, content, line.end) ? line.next : -1;
	}
	return false;
}

/** Are the first `end` characters of `s` free of spaces and slashes, as a header's name is? */
function isTokenName(s: string, end: number): boolean {
	for (let i = 0; i < end; i++) {
		const c = s.charCodeAt(i);
		if (c === 32 || c === 47 || c === 9) return false;
	}
	return true;
}

/**
 * Where the evidence for the format and its rules ends: detection samples the first
 * {@link sampleLines} lines, prefix checks the first 200 non-blank ones, the `^M` check the first
 * 64 KB. An edit after this offset cannot change how the trace is framed as a whole.
 */
export function formatEvidenceEnd(text: string): number {
	const line: Line = { start: 0, end: 0, next: 0 };
	let lines = 0;
	let nonBlank = 0;
	let at = 0;
	while ((lines < sampleLines || nonBlank < 200) && at < text.length && readLine(text, at, line)) {
		lines++;
		if (line.end > line.start) nonBlank++;
		at = line.next;
	}
	return Math.max(at, 1 << 16);
}

/** Asterisk logs may prefix every line with `[Mar 30 13:35:51] `. */
function hasPrefix(text: string, prefix: RegExp): boolean {
	const line: Line = { start: 0, end: 0, next: 0 };
	let seen = 0;
	let hits = 0;
	for (let at = 0; seen < 200 && at < text.length && readLine(text, at, line); at = line.next) {
		if (line.end === line.start) continue;
		seen++;
		if (prefix.test(text.slice(line.start, Math.min(line.end, line.start + 160)))) hits++;
	}
	return seen > 0 && hits * 2 >= seen;
}

/** The rules that frame a format (tshark, escaped and tcpdump have their own framers). */
export function rulesFor(format: TraceFormat, text: string): FormatRules {
	switch (format) {
		case 'sngrep':
			return sngrep;
		case 'headerLine':
			return headerLine;
		case 'ngrep':
			return ngrep;
		case 'sipp':
			return sipp;
		case 'sippErrors':
			return sippErrors;
		case 'sippCallDebug':
			return sippCallDebug;
		case 'pjsipLogger':
		case 'chanSip':
			return asterisk(format, hasPrefix(text, asteriskPrefix));
		case 'sofia':
			return sofiaRules();
		case 'sofiaDump':
			return sofiaDump;
		case 'sipdump':
			return sipdump;
		case 'opensips':
			return opensips;
		case 'pjsua':
			return pjsua;
		case 'homer':
			return homer;
		case 'logcat':
			return holdsTabbedMessages(text) ? tabbedLogcat : logcat;
		case 'bellesip':
			return bellesip;
		case 'baresip':
			return baresip;
		case 'ccsip':
			return ccsip;
		case 'sipmsg':
			return sipmsg;
		case 'twinkle':
			return twinkle;
		case 'sipsak':
			return sipsak;
		case 'cucmSdl':
			return cucmSdl;
		case 'ciscoVoipTrace':
			return ciscoVoipTrace;
		case 'ciscoSipio':
			return ciscoSipio;
		case 'expressway':
			return expressway;
		case 'tsharkFollow':
			return tsharkFollow(text);
		default:
			return raw;
	}
}
