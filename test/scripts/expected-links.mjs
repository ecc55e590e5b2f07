// Computes the links every exported trace file must yield, from tshark's dissection alone
// (make-real-traces.sh's field dump), so that the analyser is checked against an independent
// reading of the capture. Writes `<trace file>.expected.json` next to each trace file, in the
// shape of a subset of the CLI's `--json`:
//   { format, messages: [ { index, line, method, status, callId, [src, dst, direction, time,]
//                           links: { request, subscription, publication, publications, challenge,
//                                    notifies } } ] }
// (src and dst, the UDP addresses of the frame, when the field dump has ip/ipv6 and udp ports
// and the format prints them, see addressesOf;
// links.replaces, when it has sip.Replaces and sip.Refer-To: for an INVITE with Replaces or a
// REFER whose Refer-To URI carries one, the request that created the dialog it names.)
// `index` counts the messages of that file in file order from 0 (sngrep groups by dialog, the
// SIPp logs hold one agent's messages only), and every link is an index into the same file.
// Time order ("after the 2xx", "the next change") is the capture's time, not file order.
//
// Usage: node expected-links.mjs fields.tsv [--retransmissions] [--peer=ADDR ...] FILE FORMAT
//        [FILE FORMAT ...]
// FORMAT: raw | sngrep | sipdump | sipp | tshark | ngrep | ngrep-single | ngrep-oneline | sipgrep
// | tcpdump | tcpdump-hex | hex | follow | follow-hex
// | baresip | bellesip | sofia | sofia-dump | kamailio | kamailio-xlog | kamailio-xlog-colour
// | kamailio-syslog | jainsip | tshark-json | tshark-ek
// | twinkle | tshark-json | sipsak
// (baresip: its own SIP trace, `baresip -s`: each message after a `#` line and a
// `UDP a:p -> b:p` line; only start lines and headers are read, so its colour escapes do not matter)
// (bellesip: a Linphone log, each message on the lines after belle-sip's channel line; with the
// address columns, each message also gets the remote address, its direction and its time)
// (sofia: sofia-sip's TPORT_LOG output, each message after its stamp `send 290 bytes to
// udp/[a]:p at hh:mm:ss.uuuuuu:` and a line of dashes, indented by three spaces; sofia-dump: its
// TPORT_DUMP file, each message right after the stamp (`sent` or `recv`), as it went. With the
// address columns, each message gets the remote address, its direction, transport and time; the
// remote end is the address given with --peer, for a file written by several runs of a program
// that used other local addresses)
// (kamailio: Kamailio's own log on stderr, each message on the lines after the log line that
// logged it; kamailio-xlog: the same, where each log line names the other end of the message, so
// each message also gets the remote address and its direction; kamailio-syslog: that log written
// by rsyslog, one record a line, the message's line ends escaped as #015#012, with the log's time
// of each message too; kamailio-xlog-colour: kamailio-xlog's log with log_color, its terminal
// escapes taken out. The analyser names the first two and the colour one raw, syslog's escaped)
// (tshark-json: `tshark -T json`, each message at its start line's field, its header lines read from
// its `sip.msg_hdr` field with JSON.parse; with the address columns, each message gets the
// addresses and capture time of its packet; the analyser names it tsharkJson)
// (tshark-ek: `tshark -T ek`, a line indexing each packet, then the packet on one line: each
// message at its packet's line, its fields read with JSON.parse (`sip_sip_Request-Line`,
// `sip_sip_msg_hdr`, one `sip` layer or an array of them); the analyser names it tsharkJson)
// (twinkle: Twinkle's log, each message in a record `+++ d-m-yyyy hh:mm:ss.uuuuuu INFO SIP
// ::send_sip_udp`, `Send to: udp:a:p` (or `Received from: ...`), the message, `---`: with the address
// columns, each message gets the remote address, its direction and its time. A request in a record
// `Cannot resolve destination for:` never left: a message of the file with no frame in the capture,
// and no links; the response Twinkle then made for itself, after `Send internal:`, is no message)
// (sipsak: sipsak's -vvv output, each request after `request:`, each reply after `received from:
// UDP:a:p` (or `received:`), the draft after `New message with Via-Line:` no message; with the
// address columns, each message gets the far end's address and its direction)
// (ngrep-single: ngrep's default output, without -W byline; the analyser names it ngrep too)
// (ngrep-oneline: ngrep -W single, each packet on its packet line; the analyser names it ngrep)
// (sipgrep: sipgrep's output, ngrep's -W byline with terminal colour escapes inside lines, which
// are no part of the text read; each packet line gives both addresses and the capture's time. The
// analyser names it ngrep)
// (tcpdump-hex: tcpdump -X or -XX, each packet as a hex dump; the analyser names it tcpdump)
// (follow: tshark -z follow,udp,ascii (or tcp), each payload's octets after a line with their
// count, at the margin or behind a tab; each message gets the addresses of its packet; the
// analyser names it tsharkFollow; follow-hex: the same in hex, `-z follow,udp,hex`, each node's
// rows read as octets while their offsets run on, each message's line the line of its first octet)
// (hex: tshark -x, each packet's octets as Wireshark prints them, read from the hex, with the
// packet's addresses; the analyser names it hexDump)
// (sipp: SIPp's -trace_msg log; after an unexpected message SIPp prints it again, after a
// separator without a time and `Unexpected UDP message received:` (for an aborted call, `Dead call
// 1-13255@127.0.0.1 received a UDP message:`): the same reception, no message)
// (sipp-errors: SIPp's -trace_err log, each unexpected message, or one for an aborted call,
// printed whole after `received '` on its record line `2026-12-03\t15:24:40.721939\t1796311480.721939:
// Aborting call ...` (`Dead call ...`), which may follow the last record's closing `'`: a message
// the agent received, at the record's time)
// (sipp-calldebug: SIPp's -trace_calldebug log, each message of an aborted call on the lines after
// its record line, `<time> Sending UDP message for call ...:` (sent) or `<time> Processing 302
// byte incoming message for call-ID ...:` (received); the unexpected one again after `<time>
// Unexpected UDP message received (index 1, hash ...):`, no message of its own)
// (with the address columns, a message of these three formats also gets its direction, and of the
// last two the time of its record; FORMAT@ADDRESS names the agent's own address, `sipp@127.0.0.1:5061`)
import { readFileSync, writeFileSync } from 'node:fs';

const [fieldsFile, ...pairs] = process.argv.slice(2);

// --- tshark's fields, one record per SIP frame ------------------------------------------------
const [headerRow, ...rows] = readFileSync(fieldsFile, 'utf8').split('\n').filter(Boolean);
const names = headerRow.split('\t');
const frames = rows.map((row) => {
	const cells = row.split('\t');
	const f = (name) => {
		const i = names.indexOf(name);
		if (i < 0) throw new Error(`no column ${name}`);
		return cells[i] ?? '';
	};
	// Addresses, when the field dump has them (make-baresip-traces.sh's): `a.b.c.d:port`, `[v6]:port`;
	// the TCP ports when it has those and the frame is TCP.
	const tcp = names.includes('tcp.srcport') && f('tcp.srcport') !== '';
	const address = (side) => {
		if (!names.includes(`udp.${side}port`)) return undefined;
		const v4 = f(`ip.${side === 'src' ? 'src' : 'dst'}`);
		const v6 = f(`ipv6.${side === 'src' ? 'src' : 'dst'}`);
		return `${v4 || `[${v6}]`}:${f(`${tcp ? 'tcp' : 'udp'}.${side}port`)}`;
	};
	// RFC 3891 §6.1 `callid;to-tag=a;from-tag=b`, as the INVITE carries it or, URI-escaped, as
	// the header part `?Replaces=...` of the REFER's Refer-To URI (RFC 3261 §19.1.1).
	const replacesValue = (value) => {
		const [callId, ...params] = value.split(';').map((p) => p.trim());
		const tag = (name) =>
			params.find((p) => p.toLowerCase().startsWith(`${name}=`))?.slice(name.length + 1) ?? null;
		return callId ? { callId, toTag: tag('to-tag'), fromTag: tag('from-tag') } : null;
	};
	const replacesOf = () => {
		if (!names.includes('sip.Replaces')) return undefined;
		if (f('sip.Method') === 'INVITE' && f('sip.Replaces')) return replacesValue(f('sip.Replaces'));
		const embedded = /[?&]replaces=([^&>]*)/i.exec(f('sip.Refer-To'));
		if (f('sip.Method') === 'REFER' && embedded)
			return replacesValue(decodeURIComponent(embedded[1]));
		return null;
	};
	const hex = f('udp.payload') || (names.includes('tcp.payload') ? f('tcp.payload') : '');
	const payload = Buffer.from(hex.replace(/:/g, ''), 'hex').toString('utf8');
	const status = f('sip.Status-Code');
	return {
		frame: Number(f('frame.number')),
		time: Number(f('frame.time_epoch')),
		method: f('sip.Method') || null,
		requestUri: f('sip.r-uri') || null,
		status: status ? Number(status) : null,
		callId: f('sip.Call-ID'),
		cseq: Number(f('sip.CSeq.seq')),
		cseqMethod: f('sip.CSeq.method'),
		fromTag: f('sip.from.tag') || null,
		toTag: f('sip.to.tag') || null,
		fromUri: f('sip.from.addr') || null,
		branch: f('sip.Via.branch') || null,
		event: f('sip.Event') || null,
		expires: f('sip.Expires') === '' ? null : Number(f('sip.Expires')),
		etag: f('sip.ETag') || null,
		ifMatch: f('sip.If_Match') || null,
		credentials: f('sip.Proxy-Authorization') !== '',
		// The nonce of a 407's challenge or of a request's credentials (RFC 2617 §3.2.1, §3.2.2).
		nonce:
			/nonce="([^"]*)"/.exec(f('sip.Proxy-Authorization') || f('sip.Proxy-Authenticate'))?.[1] ??
			null,
		contentLength: Number(f('sip.Content-Length') || '0'),
		resend: f('sip.resend') === '1',
		startLine: payload.slice(0, payload.search(/\r?\n/)),
		members: listMembersOf(payload),
		body: bodyOf(payload),
		replaces: replacesOf(),
		src: address('src'),
		dst: address('dst'),
		transport: tcp ? 'TCP' : 'UDP',
	};
});
// A story may keep the retransmissions it was made with (`--retransmissions`, the forked call's
// 200 OK re-sent for a late ACK); elsewhere one means the run went wrong.
const keepsRetransmissions = pairs[0] === '--retransmissions';
if (keepsRetransmissions) pairs.shift();
// --peer=ADDR: the far end of every message of a log that names only that end (see addressesOf).
const peers = new Set();
while (pairs[0]?.startsWith('--peer=')) peers.add(pairs.shift().slice('--peer='.length));
for (const fr of frames) {
	if (fr.resend && !keepsRetransmissions)
		throw new Error(`frame ${fr.frame} is a retransmission: rerun the generator`);
}

/** The body of a message, from the packet's octets: what follows the empty line ('' for none). */
function bodyOf(payload) {
	const split = /\r?\n\r?\n/.exec(payload);
	return split ? payload.slice(split.index + split[0].length) : '';
}

/**
 * The texts of a presence document that a NOTIFY carrying its state repeats, however the server
 * lays the document out: each element's text, white space collapsed; of a body that is not XML,
 * each line.
 */
function documentTexts(body) {
	const texts = body.includes('<')
		? [...body.matchAll(/>([^<>]+)</g)].map((m) => m[1])
		: body.split(/\r?\n/);
	return new Set(texts.map((t) => t.trim().replace(/\s+/g, ' ')).filter((t) => t !== ''));
}

/**
 * Presentity as a presence server keys it (Kamailio's and OpenSIPS' presentity table: username and
 * domain): user@host, no port, no parameters; a URI without a user keeps its port.
 */
/**
 * RFC 4662 §5: a resource list server's NOTIFY (multipart/related, an RLMI part) carries the state
 * of each resource its RLMI lists with an instance naming a body part (`cid`); null for any other
 * message. Read from the packet's octets by regular expressions.
 */
function listMembersOf(payload) {
	const split = payload.search(/\r?\n\r?\n/);
	if (split < 0 || !/^Content-Type:\s*multipart\/related/im.test(payload.slice(0, split)))
		return null;
	const body = payload.slice(split);
	return [...body.matchAll(/<resource\s[^>]*?uri="([^"]+)"[^>]*?(?:\/>|>([\s\S]*?)<\/resource>)/g)]
		.filter(([, , inner]) => /<instance\s[^>]*\bcid="/.test(inner ?? ''))
		.map(([, uri]) => uri);
}

const presentity = (uri) => {
	const m = /^sips?:(?:([^@;>]+)@)?([^;>?]+)/i.exec(uri ?? '');
	if (!m) return null;
	const host = m[2].toLowerCase();
	if (m[1] === undefined) return `@${/:\d+$/.test(host) ? host : `${host}:5060`}`;
	return `${m[1]}@${host.replace(/^(\[[^\]]*\]|[^:]*):\d+$/, '$1')}`;
};

// --- which frame each message of a file is ------------------------------------------------------
const startLine = /^(?:[A-Z]+ \S+ SIP\/2\.0|SIP\/2\.0 \d{3}(?: .*)?)$/;
const tcpdumpStart =
	/(?:(?:SUBSCRIBE|NOTIFY|PUBLISH|INVITE|ACK|BYE|REGISTER|OPTIONS|MESSAGE|REFER|CANCEL|INFO|UPDATE|PRACK) \S+ SIP\/2\.0|SIP\/2\.0 \d{3}(?: .*)?)$/;

/**
 * What a message is matched to its frame by, read from its header lines (the first header of each
 * name, compact forms too): Call-ID, CSeq, the top Via's branch; and the headers read.
 */
function messageKeys(headerLines) {
	const headers = {};
	for (const l of headerLines) {
		const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(l);
		if (m && !(m[1].toLowerCase() in headers)) headers[m[1].toLowerCase()] = m[2].trim();
	}
	const branch = /;\s*branch=([^;,\s]+)/i.exec(headers.via ?? headers.v ?? '');
	return {
		headers,
		callId: headers['call-id'] ?? headers.i ?? '',
		cseq: (headers.cseq ?? '').replace(/\s+/g, ' '),
		branch: branch ? branch[1] : null,
	};
}

/** The text without its terminal control sequences (ESC [ ... final byte), every line in place. */
function withoutEscapes(text) {
	// eslint-disable-next-line no-control-regex -- the escapes are what is taken out
	return text.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '');
}

/** Start lines of the SIP messages in a text export, with their 0-based line and key headers. */
function messagesInFile(text, format) {
	// Terminal control sequences (ESC [ ... final byte) taken out leave every line where it was.
	if (format === 'sipgrep' || format === 'kamailio-xlog-colour')
		return messagesInFile(withoutEscapes(text), format === 'sipgrep' ? 'ngrep' : 'kamailio-xlog');
	if (format === 'ngrep-single') return ngrepSingleMessages(text);
	if (format === 'ngrep-oneline') return ngrepOneLineMessages(text);
	if (format === 'tcpdump-hex') return tcpdumpHexMessages(text);
	if (format === 'hex') return wiresharkHexMessages(text);
	if (format === 'follow-hex') return followHexMessages(text);
	if (format === 'sofia' || format === 'sofia-dump')
		return sofiaMessages(text, format === 'sofia-dump');
	if (format === 'sipp-errors' || format === 'sipp-calldebug')
		return sippRecordMessages(text, format);
	if (format === 'kamailio-syslog') return syslogMessages(text);
	if (format === 'jainsip') return jainSipMessages(text);
	if (format === 'twinkle') return twinkleMessages(text);
	if (format === 'sipsak') return sipsakMessages(text);
	if (format === 'tshark-json') return tsharkJsonMessages(text);
	if (format === 'tshark-ek') return tsharkEkMessages(text);
	// ngrep prints each CR of the payload as a trailing '.'.
	const lines = text
		.split('\n')
		.map((l) => l.replace(/\r$/, ''))
		.map((l) => (format === 'ngrep' ? l.replace(/\.$/, '') : l));
	// tcpdump -A prints the IP and UDP/TCP headers (non-printables as '.') before the start line,
	// after the packet line (`hh:mm:ss.micro IP a.p > b.p: UDP, length N`; with -v the IP fields
	// in parentheses after `IP`, and for IPv4 the addresses on a line of their own): cut them off.
	if (format === 'tcpdump') {
		for (let i = 1; i < lines.length; i++) {
			const packetLine = lines[i - 1].replace(/ IP(6?) \((?:[^()]|\([^()]*\))*\)/, ' IP$1');
			const addressLine =
				/^\s+\S+ > \S+: /.test(lines[i - 1]) && / IP6? \(/.test(lines[i - 2] ?? '');
			if (
				!addressLine &&
				!/^(?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.\d+ (?:\S+ +(?:In|Out) +)?IP6? \S+ > \S+: /.test(
					packetLine,
				)
			)
				continue;
			// An LF octet among the header bytes (a 10.x address, TCP's timestamp option) breaks
			// them over two or three lines.
			for (let j = i; j < i + 3 && j < lines.length; j++) {
				const glued = tcpdumpStart.exec(lines[j]);
				if (glued) {
					lines[j] = glued[0];
					break;
				}
			}
		}
	}
	const found = [];
	for (let i = 0; i < lines.length; i++) {
		if (!startLine.test(lines[i])) continue;
		// SIPp's second print of a message it has just logged: one that broke the scenario, or came
		// for a call already aborted.
		const again = /^(?:Unexpected \w+ message received|Dead call \S+ received an? \w+ message):$/;
		if (format === 'sipp' && again.test(lines[i - 2] ?? '')) continue;
		let j = i + 1;
		while (j < lines.length && lines[j] !== '') j++;
		const { headers, ...keys } = messageKeys(lines.slice(i + 1, j));
		found.push({ line: i, startLine: lines[i], ...keys });
		// Skip the body, which may hold a start line of its own (a message/sipfrag, RFC 3420):
		// its first line, then lines up to Content-Length octets or an empty line (the exports
		// may have dropped the CRs the length counts).
		const length = Number(headers['content-length'] ?? headers.l ?? 0);
		if (length > 0 && j + 1 < lines.length) {
			let used = lines[j + 1].length + 2;
			let k = j + 2;
			for (; k < lines.length && used < length && lines[k] !== ''; k++) used += lines[k].length + 2;
			i = k - 1;
		}
	}
	return found;
}

/**
 * sofia-sip's logs (tport_logging.c): a stamp at the start of a line, `send 290 bytes to
 * udp/[127.0.0.1]:35060 at 15:22:19.424906:` (`recv ... from`; in the dump `sent` for `send`).
 * In the log (TPORT_LOG) a line of dashes follows, then the message with three spaces before
 * each line, then dashes; in the dump (TPORT_DUMP) the message follows the stamp as it went, then
 * a vertical tab. The message's start line is the line after the stamp (after the dashes in the
 * log); its headers are the lines after it up to the empty one.
 */
function sofiaMessages(text, dump) {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const stamp = dump
		? /^(?:sent|recv) \d+ bytes (?:to|from) \w+\/\[[^\]]+\]:\d+ at [\d:.]+:$/
		: /^(?:send|recv) \d+ bytes (?:to|from) \w+\/\[[^\]]+\]:\d+ at [\d:.]+:$/;
	const found = [];
	for (let i = 0; i < lines.length; i++) {
		if (!stamp.test(lines[i])) continue;
		const first = dump ? i + 1 : i + 2;
		const body = (l) => (dump ? l : l.replace(/^ {3}/, ''));
		const headers = {};
		for (let j = first + 1; j < lines.length && body(lines[j] ?? '') !== ''; j++) {
			const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(body(lines[j]));
			if (m && !(m[1].toLowerCase() in headers)) headers[m[1].toLowerCase()] = m[2].trim();
		}
		const branch = /;\s*branch=([^;,\s]+)/i.exec(headers.via ?? headers.v ?? '');
		found.push({
			line: first,
			startLine: body(lines[first] ?? ''),
			callId: headers['call-id'] ?? headers.i ?? '',
			cseq: (headers.cseq ?? '').replace(/\s+/g, ' '),
			branch: branch ? branch[1] : null,
		});
	}
	return found;
}

/**
 * ngrep's default output: after each packet line, the payload wrapped at a fixed width, each
 * printed line indented by two spaces (the last padded with spaces), CR and LF printed as '.'.
 * The payload is joined again and each `..` read as a line end; the line is the first printed one.
 */
function ngrepSingleMessages(text) {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const found = [];
	for (let i = 0; i + 1 < lines.length; i++) {
		if (!/^[UTI] .* -> \S+ #\d+$/.test(lines[i]) || !lines[i + 1].startsWith('  ')) continue;
		let payload = '';
		let j = i + 1;
		for (; j < lines.length && lines[j].startsWith('  '); j++) payload += lines[j].slice(2);
		const sip = payload.trimEnd().split('..');
		if (!startLine.test(sip[0])) continue;
		const headers = {};
		for (let k = 1; k < sip.length && sip[k] !== ''; k++) {
			const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(sip[k]);
			if (m && !(m[1].toLowerCase() in headers)) headers[m[1].toLowerCase()] = m[2].trim();
		}
		const branch = /;\s*branch=([^;,\s]+)/i.exec(headers.via ?? headers.v ?? '');
		found.push({
			line: i + 1,
			startLine: sip[0],
			callId: headers['call-id'] ?? headers.i ?? '',
			cseq: (headers.cseq ?? '').replace(/\s+/g, ' '),
			branch: branch ? branch[1] : null,
		});
		i = j - 1;
	}
	return found;
}

/**
 * ngrep's `-W single`: each packet on one line, the payload right after the packet's addresses,
 * CR and LF printed as '.'. The payload is split at each `..` (the headers' line ends); the line
 * is the packet line's.
 */
function ngrepOneLineMessages(text) {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const found = [];
	for (let i = 0; i < lines.length; i++) {
		const m = /^[UTI] (?:\S+ )*?\S+ -> \S+ (.*)$/.exec(lines[i]);
		if (!m) continue;
		const sip = m[1].split('..');
		if (!startLine.test(sip[0])) continue;
		const headers = {};
		for (let k = 1; k < sip.length && sip[k] !== ''; k++) {
			const h = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(sip[k]);
			if (h && !(h[1].toLowerCase() in headers)) headers[h[1].toLowerCase()] = h[2].trim();
		}
		const branch = /;\s*branch=([^;,\s]+)/i.exec(headers.via ?? headers.v ?? '');
		found.push({
			line: i,
			startLine: sip[0],
			callId: headers['call-id'] ?? headers.i ?? '',
			cseq: (headers.cseq ?? '').replace(/\s+/g, ' '),
			branch: branch ? branch[1] : null,
		});
	}
	return found;
}

/**
 * rsyslog's file: one record a line, control characters escaped as `#` and three octal digits
 * (LF `#012`, CR `#015`). A record's escaped lines are its pieces between `#012`s, each without
 * the `#015` that ends it; the message starts at the first piece that is a start line. The line is
 * the record's.
 */
function syslogMessages(text) {
	const found = [];
	text.split('\n').forEach((record, i) => {
		const pieces = record.split('#012').map((p) => p.replace(/#015$/, ''));
		const first = pieces.findIndex((p) => startLine.test(p));
		if (first < 0) return;
		const headers = {};
		for (let k = first + 1; k < pieces.length && pieces[k] !== ''; k++) {
			const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(pieces[k]);
			if (m && !(m[1].toLowerCase() in headers)) headers[m[1].toLowerCase()] = m[2].trim();
		}
		const branch = /;\s*branch=([^;,\s]+)/i.exec(headers.via ?? headers.v ?? '');
		found.push({
			line: i,
			startLine: pieces[first],
			callId: headers['call-id'] ?? headers.i ?? '',
			cseq: (headers.cseq ?? '').replace(/\s+/g, ' '),
			branch: branch ? branch[1] : null,
		});
	});
	return found;
}

/**
 * tcpdump -X / -XX: after each packet line, the packet as a hex dump, 16 octets a line
 * (`\t0x0010:  7f00 0001 3ad5 3ad4 0191 ffa4 5355 4253  ....:.:.....SUBS`). The octets are read
 * from the hex groups; a packet's payload is its last `length N` octets (N from the packet line);
 * the payloads of each direction of each flow (`a.p > b.p`) are read in file order as one stream
 * (TCP segments in turn), and each message in it is found by its start line, its headers and
 * Content-Length. The line is the dump line that holds the start line's first octet.
 */
function tcpdumpHexMessages(text) {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const flows = new Map();
	for (let i = 0; i < lines.length; i++) {
		// The packet line (with -v over IPv4, its second line holds the addresses).
		const m = /^\s*(?:\S+ +)*?(\S+) > (\S+): .*\blength:? (\d+)$/.exec(lines[i]);
		if (!m || lines[i].startsWith('\t')) continue;
		const bytes = [];
		const at = [];
		let j = i + 1;
		for (; j < lines.length && /^\t0x[0-9a-f]+: {2}/.test(lines[j]); j++) {
			const colon = lines[j].indexOf(':');
			const hex = lines[j].slice(colon + 1, colon + 42).replace(/\s+/g, '');
			for (let k = 0; k + 1 < hex.length; k += 2) {
				bytes.push(parseInt(hex.slice(k, k + 2), 16));
				at.push(j);
			}
		}
		i = j - 1;
		const n = Number(m[3]);
		if (n === 0 || n > bytes.length) continue;
		const key = `${m[1]} > ${m[2]}`;
		if (!flows.has(key)) flows.set(key, { bytes: [], at: [] });
		flows.get(key).bytes.push(...bytes.slice(-n));
		flows.get(key).at.push(...at.slice(-n));
	}
	const found = [];
	for (const { bytes, at } of flows.values()) {
		const s = Buffer.from(bytes).toString('latin1');
		let p = 0;
		while (p < s.length) {
			const eol = s.indexOf('\r\n', p);
			if (eol < 0) break;
			const first = s.slice(p, eol);
			if (!startLine.test(first)) {
				p = eol + 2;
				continue;
			}
			const blank = s.indexOf('\r\n\r\n', p);
			const headers = {};
			for (const line of s.slice(eol + 2, blank < 0 ? s.length : blank).split('\r\n')) {
				const h = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
				if (h && !(h[1].toLowerCase() in headers)) headers[h[1].toLowerCase()] = h[2].trim();
			}
			const branch = /;\s*branch=([^;,\s]+)/i.exec(headers.via ?? headers.v ?? '');
			found.push({
				line: at[p],
				startLine: first,
				callId: headers['call-id'] ?? headers.i ?? '',
				cseq: (headers.cseq ?? '').replace(/\s+/g, ' '),
				branch: branch ? branch[1] : null,
			});
			const length = Number(headers['content-length'] ?? headers.l ?? 0);
			p = blank < 0 ? s.length : blank + 4 + length;
		}
	}
	// File order: by line (two messages of one segment are in stream order: the sort is stable).
	return found.sort((a, b) => a.line - b.line);
}

/**
 * SIPp's -trace_err and -trace_calldebug logs: each message follows a record line that says what
 * SIPp did with it; its lines up to the first empty one are its start line and headers (a body
 * has no start line of its own to be mistaken for one: the next message is found by its record).
 */
function sippRecordMessages(text, format) {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const stamp = /^'?(\d{4}-\d\d-\d\d)\t(\d\d:\d\d:\d\d\.\d+)\t\d+\.\d+/;
	const found = [];
	for (let i = 0; i < lines.length; i++) {
		const record = stamp.exec(lines[i]);
		if (!record) continue;
		let first;
		let at;
		let direction;
		if (format === 'sipp-errors') {
			const glued = /, received '(.*)$/.exec(lines[i]);
			if (!glued || !startLine.test(glued[1])) continue;
			[first, at, direction] = [glued[1], i, 'in'];
		} else {
			const rest = lines[i].slice(record[0].length);
			if (/^ Sending \w+ message for call \S+ \(index -?\d+, hash \d+\):$/.test(rest))
				direction = 'out';
			else if (/^ Processing \d+ byte incoming message for call-ID \S+ \(hash \d+\):$/.test(rest))
				direction = 'in';
			else continue;
			[first, at] = [lines[i + 1] ?? '', i + 1];
			if (!startLine.test(first)) continue;
		}
		const headers = {};
		for (let j = at + 1; j < lines.length && lines[j] !== ''; j++) {
			const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(lines[j]);
			if (m && !(m[1].toLowerCase() in headers)) headers[m[1].toLowerCase()] = m[2].trim();
		}
		const branch = /;\s*branch=([^;,\s]+)/i.exec(headers.via ?? headers.v ?? '');
		found.push({
			line: at,
			startLine: first,
			callId: headers['call-id'] ?? headers.i ?? '',
			cseq: (headers.cseq ?? '').replace(/\s+/g, ' '),
			branch: branch ? branch[1] : null,
			direction,
			time: `${record[1]}T${record[2]}`,
		});
	}
	return found;
}

/**
 * The NIST JAIN-SIP stack's message log (ServerLog, MessageLog.toString): each record a
 * `<message` line, one attribute a line (`from="a:p" `, `to=`, `time="<epoch ms>"`, an optional
 * `timeStamp = "..."`, `isSender="true" `, `transactionId=`, `callId=`, `firstLine=`), a `>` line,
 * then `<![CDATA[` and the message on the same line, up to `]]>` and a `</message>` line. The
 * message's start line is the CDATA line after `<![CDATA[`; its headers the lines after it up to
 * the empty one. The record's own from, to, isSender and time are kept to check the capture's.
 */
function jainSipMessages(text) {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const found = [];
	for (let i = 0; i < lines.length; i++) {
		if (lines[i] !== '<message') continue;
		const attrs = {};
		let j = i + 1;
		for (; j < lines.length && lines[j] !== '>'; j++) {
			const m = /^(\w+)\s*=\s*"(.*)"\s*$/.exec(lines[j]);
			if (m) attrs[m[1]] = m[2];
		}
		const cdata = j + 1;
		if (!(lines[cdata] ?? '').startsWith('<![CDATA[')) throw new Error(`line ${cdata}: no CDATA`);
		const headers = {};
		for (let k = cdata + 1; k < lines.length && lines[k] !== '' && lines[k] !== ']]>'; k++) {
			const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(lines[k]);
			if (m && !(m[1].toLowerCase() in headers)) headers[m[1].toLowerCase()] = m[2].trim();
		}
		const branch = /;\s*branch=([^;,\s]+)/i.exec(headers.via ?? headers.v ?? '');
		found.push({
			line: cdata,
			startLine: lines[cdata].slice('<![CDATA['.length),
			callId: headers['call-id'] ?? headers.i ?? '',
			cseq: (headers.cseq ?? '').replace(/\s+/g, ' '),
			branch: branch ? branch[1] : null,
			src: attrs.from,
			dst: attrs.to,
			direction: attrs.isSender === 'true' ? 'out' : 'in',
			time: new Date(Number(attrs.time)).toISOString(),
		});
		i = cdata;
	}
	return found;
}

/**
 * tshark's JSON (`tshark -T json`): each message's start line is the string of its
 * `"sip.Request-Line"` or `"sip.Status-Line"` field, its header lines those of its `"sip.msg_hdr"`
 * string (read with JSON.parse) up to the empty line, the packet's first not yet taken. With
 * `-e FIELD` each field is an array, its strings a line each: a packet's start lines, then its
 * headers, in the same order. The message's line is its start line's string's.
 */
function tsharkJsonMessages(text) {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const startKey = /^\s*"sip\.(?:Request|Status)-Line": /;
	const headersKey = /^\s*"sip\.msg_hdr": /;
	const found = [];
	let lacking = 0;
	let array = null;
	const take = (kind, value, i) => {
		if (kind === 'start') found.push({ line: i, startLine: value, head: '' });
		else if (lacking < found.length) found[lacking++].head = value;
	};
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i];
		if (/^\s*"_index": /.test(l)) lacking = found.length;
		if (array) {
			if (/^\s*\]/.test(l)) array = null;
			else take(array, JSON.parse(l.trim().replace(/,$/, '')), i);
			continue;
		}
		const kind = startKey.test(l) ? 'start' : headersKey.test(l) ? 'headers' : null;
		if (!kind) continue;
		const value = l.slice(l.indexOf('": ') + 3).replace(/,$/, '');
		if (value === '[') array = kind;
		else take(kind, JSON.parse(value), i);
	}
	return found.map(({ head, ...m }) => {
		const blank = head.indexOf('\r\n\r\n');
		const headerLines = (blank < 0 ? head : head.slice(0, blank)).split('\r\n');
		return { ...m, ...withoutHeaders(messageKeys(headerLines)) };
	});
}

function tsharkEkMessages(text) {
	const found = [];
	for (const [i, line] of text.split('\n').entries()) {
		if (!line.trim()) continue;
		const layers = JSON.parse(line).layers;
		if (!layers?.sip) continue;
		for (const sip of [layers.sip].flat()) {
			const startLine = sip['sip_sip_Request-Line'] ?? sip['sip_sip_Status-Line'];
			if (startLine === undefined) continue;
			const head = sip.sip_sip_msg_hdr ?? '';
			const blank = head.indexOf('\r\n\r\n');
			const headerLines = (blank < 0 ? head : head.slice(0, blank)).split('\r\n');
			found.push({ line: i, startLine, ...withoutHeaders(messageKeys(headerLines)) });
		}
	}
	return found;
}

/** Message keys without the headers they were read from. */
function withoutHeaders(keys) {
	const { callId, cseq, branch } = keys;
	return { callId, cseq, branch };
}

/**
 * The message a log prints with its start line at line `j` and its header lines up to line `k`:
 * what it is matched to its frame by.
 */
function loggedMessage(lines, j, k) {
	const { callId, cseq, branch } = messageKeys(lines.slice(j + 1, k));
	const method = /^([A-Z]+) \S+ SIP\/2\.0$/.exec(lines[j]);
	const status = /^SIP\/2\.0 (\d{3})/.exec(lines[j]);
	return {
		line: j,
		startLine: lines[j],
		callId,
		cseq,
		branch,
		method: method ? method[1] : null,
		status: status ? Number(status[1]) : null,
	};
}

/**
 * Twinkle's records: the message of each SIP record (its first start line), and the request of a
 * `Cannot resolve destination for:` record, marked unsent; `Send internal:` responses are skipped.
 */
function twinkleMessages(text) {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const found = [];
	for (let i = 0; i < lines.length; i++) {
		if (!/^\+\+\+ \d{1,2}-\d{1,2}-\d{4} /.test(lines[i])) continue;
		const kind = lines[i + 1] ?? '';
		const unsent = kind === 'Cannot resolve destination for:';
		if (!unsent && !/^(?:Send to|Received from): /.test(kind)) continue;
		let j = i + 2;
		while (j < lines.length && lines[j] !== '---' && !startLine.test(lines[j])) j++;
		if (j >= lines.length || lines[j] === '---') continue;
		let k = j + 1;
		while (k < lines.length && lines[k] !== '' && lines[k] !== '---') k++;
		found.push({ ...loggedMessage(lines, j, k), unsent });
		while (j < lines.length && lines[j] !== '---') j++;
		i = j;
	}
	return found;
}

/**
 * sipsak's output: each request after `request:` (as sent; the copy after `New message with
 * Via-Line:` never went), each reply after `received from: ...` or `received:` (-vvv), or after
 * `message received:` (-vv); the status line of the summary after `** reply received` is no
 * message. An error's dump (on stderr) prints the request a reply answers again after `request:`,
 * then the reply, printed nowhere else, after `response:`.
 */
function sipsakMessages(text) {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const openers = ['request:', 'received:', 'message received:', 'response:'];
	const found = [];
	for (let i = 0; i + 1 < lines.length; i++) {
		const opener = lines[i];
		if (!openers.includes(opener) && !/^received from: /.test(opener)) continue;
		let j = i + 1;
		// After `received from:`, a challenge's `authorizing` and `received:` before the reply.
		if (opener !== 'request:' && lines[j] === 'authorizing') continue;
		if (!startLine.test(lines[j])) continue;
		let k = j + 1;
		while (k < lines.length && lines[k] !== '') k++;
		// The dump's request: `response:` follows it, not `send to:`.
		let after = k;
		while (after < lines.length && lines[after] === '') after++;
		if (opener === 'request:' && lines[after] === 'response:') {
			i = k;
			continue;
		}
		// A reply after `message received:` or `response:`: no `received from:` above names its
		// sender (at -vv none is printed; the dump's stands after it in a terminal).
		const message = loggedMessage(lines, j, k);
		if (opener === 'message received:' || opener === 'response:') message.unaddressed = true;
		found.push(message);
		i = k;
	}
	return found;
}

function framesOfFile(text, format) {
	if (format === 'tshark') {
		// tshark prints one dissection per frame, in frame order; its text is no SIP message. With
		// the raw text preference it prints the message's raw text after it, the same message.
		const count = (text.match(/^Session Initiation Protocol(?! \(SIP as raw text\))/gm) ?? [])
			.length;
		if (count !== frames.length) throw new Error(`tshark text has ${count} SIP frames`);
		return frames.map((fr) => ({ fr, line: null }));
	}
	const used = new Set();
	return messagesInFile(text, format).map((m) => {
		if (m.unsent) return { fr: null, line: m.line, logged: m };
		const fr = frames.find(
			(c) =>
				!used.has(c) &&
				c.startLine === m.startLine &&
				c.callId === m.callId &&
				`${c.cseq} ${c.cseqMethod}` === m.cseq &&
				c.branch === m.branch,
		);
		if (!fr) throw new Error(`no frame for line ${m.line}: ${m.startLine}`);
		used.add(fr);
		// JAIN-SIP's times are the stack's clock readings, a few milliseconds off the wire and not
		// always in its order (a NOTIFY sent right after a 200 read first): what the log says
		// happened first is what its own times say, so the links follow those (the capture's kept
		// to check them against).
		if (format === 'jainsip')
			return {
				fr: { ...fr, time: Date.parse(m.time) / 1000, captured: fr.time },
				line: m.line,
				logged: m,
			};
		return { fr, line: m.line, logged: m };
	});
}

// --- the links, over the messages of one file -----------------------------------------------
/**
 * tshark -x: each packet's octets as lines of `0000  hh hh ... hh   chars`, from its Ethernet header
 * on (the loopback captures' zeroed one), packets apart; an IPv4 or IPv6 header, UDP's, then the
 * message. The message's line is the line holding its first octet.
 */
function wiresharkHexMessages(text) {
	const lines = text.split('\n');
	const found = [];
	for (let i = 0; i < lines.length; i++) {
		if (!/^0000 {2}/.test(lines[i])) continue;
		const bytes = [];
		const at = [];
		let j = i;
		for (; j < lines.length && /^[0-9a-f]{4} {2}[0-9a-f]{2} /.test(lines[j]); j++) {
			for (const h of lines[j]
				.slice(6, 6 + 47)
				.trim()
				.split(' ')) {
				bytes.push(parseInt(h, 16));
				at.push(j);
			}
		}
		i = j - 1;
		const type = (bytes[12] << 8) | bytes[13];
		const ip = 14;
		const udp = type === 0x0800 ? ip + (bytes[ip] & 15) * 4 : type === 0x86dd ? ip + 40 : -1;
		if (udp < 0) throw new Error(`line ${i}: not IPv4 or IPv6`);
		const p = udp + 8;
		const s = Buffer.from(bytes.slice(p)).toString('latin1');
		const eol = s.indexOf('\r\n');
		const first = s.slice(0, eol);
		if (!startLine.test(first)) continue;
		const blank = s.indexOf('\r\n\r\n');
		const { callId, cseq, branch } = messageKeys(
			s.slice(eol + 2, blank < 0 ? s.length : blank).split('\r\n'),
		);
		found.push({ line: at[p], startLine: first, callId, cseq, branch });
	}
	return found;
}

/**
 * The messages of tshark's stream follower in hex: each node's rows (node 1's behind a tab), their
 * offsets running on over the node's payloads, read as one run of octets while they follow one
 * another; in a run, messages one after the other, each as long as its Content-Length says. Each
 * message's line is the line of its first octet.
 */
function followHexMessages(text) {
	const lines = text.split('\n');
	const found = [];
	const row = /^(\t?)([0-9a-fA-F]{8}) {2}((?:[0-9a-f]{2} ){1,8}(?: (?:[0-9a-f]{2} ?){1,8})?)/;
	for (let i = 0; i < lines.length; i++) {
		const first = row.exec(lines[i]);
		if (!first) continue;
		const bytes = [];
		const at = [];
		let j = i;
		let expected = parseInt(first[2], 16);
		for (; j < lines.length; j++) {
			const m = row.exec(lines[j]);
			if (!m || m[1] !== first[1] || parseInt(m[2], 16) !== expected) break;
			const octets = m[3].trim().split(/ +/);
			for (const h of octets) {
				bytes.push(parseInt(h, 16));
				at.push(j);
			}
			expected += octets.length;
		}
		i = j - 1;
		const s = Buffer.from(bytes).toString('latin1');
		for (let p = 0; p < s.length;) {
			while (s.startsWith('\r\n', p)) p += 2;
			const eol = s.indexOf('\r\n', p);
			if (eol < 0 || !startLine.test(s.slice(p, eol))) break;
			const blank = s.indexOf('\r\n\r\n', p);
			const { headers, callId, cseq, branch } = messageKeys(
				s.slice(eol + 2, blank < 0 ? s.length : blank).split('\r\n'),
			);
			found.push({ line: at[p], startLine: s.slice(p, eol), callId, cseq, branch });
			if (blank < 0) break;
			p = blank + 4 + Number(headers['content-length'] ?? headers.l ?? 0);
		}
	}
	return found;
}

/**
 * The addresses a file prints for each message, in the shape the analyser gives them: baresip's
 * trace prints both ends; belle-sip's channel line only the remote one (the local side null), and
 * it says which way the message went; so do the lines Kamailio's xlog() writes before each message
 * in kamailio-log.cfg (`received from $si:$sp`, `sent to $sndto(ip):$sndto(port)`). With the log's
 * time of it, for a time that is the capture's (UTC, to the millisecond), where the log has one.
 * Nothing for the other formats, or without address columns.
 */
function addressesOf(fr, format, own, logged) {
	if (fr.src === undefined) return {};
	if (format === 'baresip' || format === 'hex' || format === 'follow' || format === 'follow-hex')
		return { src: fr.src, dst: fr.dst };
	// tshark's JSON gives each packet's addresses and capture time.
	if (format === 'tshark-json' || format === 'tshark-ek')
		return { src: fr.src, dst: fr.dst, time: new Date(fr.time * 1000).toISOString() };
	if (format === 'sipgrep')
		return { src: fr.src, dst: fr.dst, time: new Date(fr.time * 1000).toISOString() };
	// JAIN-SIP's record names both ends and says which way; its time is the stack's (to the
	// millisecond), when it logged the message: checked against the capture's, and kept.
	if (format === 'jainsip') {
		if (logged.src !== fr.src || logged.dst !== fr.dst)
			throw new Error(
				`line ${logged.line}: ${logged.src} -> ${logged.dst}, captured ${fr.src} -> ${fr.dst}`,
			);
		if (Math.abs(Date.parse(logged.time) - fr.captured * 1000) >= 250)
			throw new Error(`line ${logged.line}: logged at ${logged.time}, captured at ${fr.captured}`);
		return { src: fr.src, dst: fr.dst, direction: logged.direction, time: logged.time };
	}
	if (format === 'sofia' || format === 'sofia-dump') {
		// sofia's stamp names the far end only, with the transport; its time is the local time of
		// day when the message was logged (the machine's, UTC when the fixtures were made).
		const out = peers.size > 0 ? peers.has(fr.dst) : fr.src === own;
		return {
			src: out ? null : fr.src,
			dst: out ? fr.dst : null,
			direction: out ? 'out' : 'in',
			transport: fr.transport,
			time: new Date(fr.time * 1000).toISOString(),
		};
	}
	// SIPp's logs name no address: the direction, from the agent's own address (the capture's),
	// and for the record formats the record's time when it is the capture's (to a quarter second).
	if (format === 'sipp' || format === 'sipp-errors' || format === 'sipp-calldebug') {
		const direction = fr.src === own ? 'out' : 'in';
		if (logged?.direction && logged.direction !== direction)
			throw new Error(
				`line ${logged.line}: the log says ${logged.direction}, the capture ${direction}`,
			);
		if (format === 'sipp') return { direction };
		const captured = new Date(fr.time * 1000).toISOString();
		if (Math.abs(Date.parse(`${logged.time}Z`) - Date.parse(captured)) >= 250)
			throw new Error(`line ${logged.line}: logged at ${logged.time}, captured at ${captured}`);
		return { direction, time: captured };
	}
	if (format === 'kamailio-xlog-colour') return addressesOf(fr, 'kamailio-xlog', own, logged);
	if (!['bellesip', 'kamailio-xlog', 'kamailio-syslog', 'twinkle', 'sipsak'].includes(format))
		return {};
	const out = fr.src === own;
	const sides = {
		src: out ? null : fr.src,
		dst: out ? fr.dst : null,
		direction: out ? 'out' : 'in',
	};
	// Kamailio's log on stderr has no time, nor has sipsak's output.
	if (format === 'sipsak' && logged?.unaddressed) return { src: null, dst: null, direction: 'in' };
	if (format === 'kamailio-xlog' || format === 'sipsak') return sides;
	return { ...sides, time: new Date(fr.time * 1000).toISOString() };
}

/**
 * The address every frame of a per-agent log has at one end: the agent's own. Where both ends of
 * its frames qualify (a log of one exchange), the end that sent a request, or received a reply.
 */
function ownAddress(list) {
	const [first] = list;
	if (!first || first.fr.src === undefined) return null;
	const both = [first.fr.src, first.fr.dst].filter((a) =>
		list.every(({ fr }) => fr.src === a || fr.dst === a),
	);
	if (both.length < 2) return both[0] ?? null;
	const asker = list.find(({ fr }) => fr.startLine !== undefined);
	if (!asker) return both[0];
	const { fr } = asker;
	return fr.startLine.startsWith('SIP/2.0 ') ? fr.dst : fr.src;
}

function links(list, format, given) {
	const own = given ?? ownAddress(list);
	const msgs = list.map(({ fr }) => fr);
	const isReq = (m) => m.method !== null;
	const responsesTo = (i) =>
		msgs
			.map((m, j) => ({ m, j }))
			.filter(({ m }) => !isReq(m) && requestOf(m) === i)
			.map(({ j }) => j);

	/** RFC 3261 §17.1.3: a response matches the request with its top branch and CSeq method. */
	function requestOf(r) {
		const i = msgs.findIndex(
			(q) =>
				isReq(q) &&
				q.callId === r.callId &&
				q.branch === r.branch &&
				q.cseq === r.cseq &&
				q.method === r.cseqMethod,
		);
		return i < 0 ? null : i;
	}

	/**
	 * RFC 6665 §4.4.1: NOTIFY's To tag is the SUBSCRIBE's From tag, same Call-ID and Event; of
	 * such initial SUBSCRIBEs sent before the NOTIFY, the latest attempt (highest CSeq, its first
	 * copy) that no final error answered (a challenged SUBSCRIBE created nothing).
	 */
	function subscriptionOf(n) {
		return onNotifyHop(subscriptionAnyHop(n), n);
	}

	/**
	 * Of request i's copies (a proxy's on the next hop: same method, Call-ID, From tag and CSeq),
	 * the one NOTIFY n answers: sent between the same two addresses as n, either way (RFC 3261
	 * §16.6: each hop's copy is a request of its own); i where none is.
	 */
	function onNotifyHop(i, n) {
		if (i === null || n.src == null || n.dst == null) return i;
		const q = msgs[i];
		const hop = msgs.findIndex(
			(c) =>
				c.method === q.method &&
				c.callId === q.callId &&
				c.fromTag === q.fromTag &&
				c.cseq === q.cseq &&
				c.time <= n.time &&
				((c.src === n.dst && c.dst === n.src) || (c.src === n.src && c.dst === n.dst)),
		);
		return hop < 0 ? i : hop;
	}

	function subscriptionAnyHop(n) {
		if ((n.event ?? '').split(';')[0].trim().toLowerCase() === 'refer') return referOf(n);
		let best = null;
		msgs.forEach((q, i) => {
			if (
				q.method === 'SUBSCRIBE' &&
				q.toTag === null &&
				q.callId === n.callId &&
				q.fromTag === n.toTag &&
				(q.event ?? '').split(';')[0] === (n.event ?? '').split(';')[0] &&
				q.time <= n.time &&
				!responsesTo(i).some((j) => msgs[j].status >= 300) &&
				(best === null || q.cseq > msgs[best].cseq)
			)
				best = i;
		});
		return best;
	}

	/**
	 * RFC 3515 §2.4.4/§2.4.6: a REFER creates an implicit `refer` subscription in its dialog (the
	 * NOTIFY's To tag is the REFER's From tag, same Call-ID), whose id is the REFER's CSeq number.
	 * A NOTIFY with `;id=` belongs to the REFER of that CSeq; one without (allowed only for the
	 * first REFER of a dialog) to the first REFER of the dialog. Only REFERs sent before the NOTIFY
	 * and not answered with a final error (that REFER created nothing); the first copy of each.
	 */
	function referOf(n) {
		const id = /;\s*id\s*=\s*([^;\s]+)/i.exec(n.event ?? '');
		let best = null;
		msgs.forEach((q, i) => {
			if (
				q.method === 'REFER' &&
				q.callId === n.callId &&
				q.fromTag === n.toTag &&
				q.time <= n.time &&
				(id === null || String(q.cseq) === id[1]) &&
				!responsesTo(i).some((j) => msgs[j].status >= 300) &&
				(best === null || q.time < msgs[best].time)
			)
				best = i;
		});
		return best;
	}

	/** 2xx responses to request i, in time order. */
	const accepted = (i) =>
		responsesTo(i)
			.filter((j) => msgs[j].status >= 200 && msgs[j].status < 300)
			.sort((a, b) => msgs[a].time - msgs[b].time);

	/** RFC 3903 §4.1: the PUBLISH whose 2xx issued the entity-tag `etag`, before time `t`. */
	function issuerOf(etag, t) {
		let best = null;
		msgs.forEach((q, i) => {
			if (q.method !== 'PUBLISH') return;
			const ok = accepted(i).some((j) => msgs[j].etag === etag && msgs[j].time < t);
			if (ok && (best === null || q.time > msgs[best].time)) best = i;
		});
		return best;
	}

	/**
	 * RFC 3903 §4.1: initial (no SIP-If-Match), modify (new body) and removal (Expires: 0) change
	 * the state; a refresh (SIP-If-Match, no body) only extends it. The state a NOTIFY carries is
	 * that of the last change accepted before it (see acceptedAt), for the same presentity and event.
	 */
	function publishOf(n) {
		if (n.contentLength === 0) return null; // no body: no state carried
		// A list's NOTIFY: the newest of its members' changes it carries.
		if (n.members) return newest(publicationsOf(n));
		const sub = subscriptionOf(n);
		const resource = presentity(sub === null ? n.fromUri : msgs[sub].requestUri);
		// Of a package that does not compose, the change carried, while one is live.
		const live = liveChanges(resource, n);
		if (!composes(n)) {
			const newestLive = newest(live);
			if (newestLive !== null) return newestLive;
		}
		const last = lastChange(resource, n);
		// The last change's publication expired or was lost (a 412): the newest still live. A
		// removal is the link of the NOTIFYs after it.
		if (composes(n) && last !== null && msgs[last].expires !== 0 && !live.includes(last))
			return newest(live);
		return last;
	}

	/** The PUBLISH whose acceptance came last, of `list`; null for none. */
	function newest(list) {
		let best = null;
		for (const p of list) if (best === null || acceptedAt(p) > acceptedAt(best)) best = p;
		return best;
	}

	const isRefresh = (q) => q.ifMatch !== null && q.contentLength === 0 && q.expires !== 0;

	/** The last change of PUBLISH i's publication before it, along SIP-If-Match; null for none. */
	function previousChange(i) {
		let p = i;
		do p = msgs[p].ifMatch === null ? null : issuerOf(msgs[p].ifMatch, msgs[p].time);
		while (p !== null && isRefresh(msgs[p]));
		return p;
	}

	const acceptedTimes = new Map();
	/**
	 * When PUBLISH i took effect (null: never accepted): at its first 2xx, or, for a change of
	 * state, a moment before the first NOTIFY of its presentity between its sending and that 2xx
	 * whose body holds its new state (Kamailio's presence server, notifying at once, sends the
	 * NOTIFYs before its 2xx): most of the texts the new document added, and more of them than
	 * of those it dropped; after a removal, at most half of those the previous document had.
	 */
	function acceptedAt(i) {
		if (acceptedTimes.has(i)) return acceptedTimes.get(i);
		const ok = accepted(i)[0];
		let at = ok === undefined ? null : msgs[ok].time;
		const q = msgs[i];
		if (at !== null && !isRefresh(q)) {
			const previous = previousChange(i);
			const now = documentTexts(q.body);
			const then = previous === null ? new Set() : documentTexts(msgs[previous].body);
			const fresh = [...now].filter((t) => !then.has(t));
			const stale = [...then].filter((t) => !now.has(t));
			const resource = presentity(q.requestUri);
			const early = msgs
				.map((n, j) => ({ n, j }))
				.filter(
					({ n }) =>
						n.method === 'NOTIFY' &&
						!n.resend &&
						n.contentLength > 0 &&
						n.time >= q.time &&
						n.time < at &&
						(n.event ?? '') === (q.event ?? '') &&
						subscriptionOf(n) !== null &&
						presentity(msgs[subscriptionOf(n)].requestUri) === resource,
				)
				.sort((a, b) => a.n.time - b.n.time || a.j - b.j)
				.find(({ n }) => {
					const texts = documentTexts(n.body);
					const kept = stale.filter((t) => texts.has(t)).length;
					if (q.expires === 0) return stale.length > 0 && kept * 2 <= stale.length;
					const added = fresh.filter((t) => texts.has(t)).length;
					return added * 2 > fresh.length && added > kept;
				});
			// A microsecond before: the NOTIFY is after it, the messages before the NOTIFY are not.
			if (early) at = early.n.time - 1e-6;
		}
		acceptedTimes.set(i, at);
		return at;
	}

	/** Does the NOTIFY's event package compose its publications' state (presence, dialog)? */
	function composes(n) {
		const event = (n.event ?? 'presence').split(';')[0].trim().toLowerCase();
		return event === 'presence' || event === 'dialog';
	}

	/** The last change (not a refresh) of `resource`'s publications accepted before NOTIFY n. */
	function lastChange(resource, n) {
		let best = null;
		let bestTime = -Infinity;
		msgs.forEach((q, i) => {
			if (q.method !== 'PUBLISH' || presentity(q.requestUri) !== resource) return;
			if ((q.event ?? '') !== (n.event ?? '')) return;
			const refresh = q.ifMatch !== null && q.contentLength === 0 && q.expires !== 0;
			if (refresh) return;
			const at = acceptedAt(i);
			if (at === null || !(at < n.time)) return;
			if (at > bestTime) {
				best = i;
				bestTime = at;
			}
		});
		return best;
	}

	/**
	 * RFC 3903 §4, §6; RFC 4479 §3.3: a presence server composes the state of every publication
	 * of the presentity into each NOTIFY. A publication starts with a PUBLISH without
	 * SIP-If-Match; a PUBLISH with one continues the publication of the PUBLISH whose 2xx issued
	 * that entity-tag. At the NOTIFY (capture time), a publication is live when its last PUBLISH
	 * accepted before it was no removal (Expires: 0) and its lifetime has not run out: the 2xx's
	 * Expires (else the PUBLISH's) seconds after that 2xx. Of each live publication, the last
	 * accepted PUBLISH that changed the state (not a refresh). In file order. Only presence and
	 * dialog compose (RFC 3856 and RFC 4479, RFC 4235); of another event package a NOTIFY carries
	 * the last change alone, while its publication lives.
	 */
	function publicationsOf(n) {
		if (n.contentLength === 0) return [];
		if (n.members) {
			const carried = new Set();
			for (const uri of n.members) for (const p of liveChanges(presentity(uri), n)) carried.add(p);
			return [...carried].sort((a, b) => a - b);
		}
		const sub = subscriptionOf(n);
		const resource = presentity(sub === null ? n.fromUri : msgs[sub].requestUri);
		const live = liveChanges(resource, n);
		if (composes(n)) return live;
		const carried = newest(live);
		return carried === null ? [] : [carried];
	}

	/**
	 * The live publications of `resource` for NOTIFY n's event at its time, each by its last
	 * accepted change (see publicationsOf), in file order.
	 */
	function liveChanges(resource, n) {
		const byTime = msgs
			.map((q, i) => ({ q, i }))
			.filter(
				({ q }) =>
					q.method === 'PUBLISH' &&
					presentity(q.requestUri) === resource &&
					(q.event ?? '') === (n.event ?? ''),
			)
			.sort((a, b) => a.q.time - b.q.time);
		const root = new Map(); // PUBLISH -> the PUBLISH that started its publication
		for (const { q, i } of byTime) {
			const issuer = q.ifMatch === null ? null : issuerOf(q.ifMatch, q.time);
			root.set(i, issuer === null ? i : (root.get(issuer) ?? issuer));
		}
		const last = new Map(); // publication -> { any: last accepted, change: last accepted change }
		const acceptances = byTime
			.map(({ q, i }) => ({ q, i, ok: accepted(i)[0], at: acceptedAt(i) }))
			.filter(({ at }) => at !== null && at < n.time)
			.sort((a, b) => a.at - b.at);
		for (const { q, i, ok } of acceptances) {
			const id = root.get(i);
			const entry = last.get(id) ?? { any: null, ok: null, change: null };
			entry.any = i;
			entry.ok = ok;
			const refresh = q.ifMatch !== null && q.contentLength === 0 && q.expires !== 0;
			if (!refresh) entry.change = i;
			last.set(id, entry);
		}
		// RFC 3903 §6 step 2: a 412 to a PUBLISH naming the tag its publication's last 2xx issued
		// says the server no longer holds that publication.
		for (const { q, i } of byTime) {
			if (q.ifMatch === null) continue;
			const failed = responsesTo(i).find((j) => msgs[j].status === 412 && msgs[j].time < n.time);
			const entry = failed === undefined ? undefined : last.get(root.get(i));
			if (entry && msgs[entry.ok].time < msgs[failed].time && msgs[entry.ok].etag === q.ifMatch)
				entry.change = null;
		}
		const live = [];
		for (const { any, ok, change } of last.values()) {
			if (msgs[any].expires === 0 || change === null) continue;
			const lifetime = msgs[ok].expires ?? msgs[any].expires;
			if (lifetime !== null && msgs[ok].time + lifetime <= n.time) continue;
			// In its last second (a server counts whole seconds from the second of its 2xx): gone
			// where the NOTIFY's body holds at most half of the texts its document had.
			if (lifetime !== null && msgs[ok].time + lifetime - 1 <= n.time) {
				const own = documentTexts(msgs[change].body);
				const texts = documentTexts(n.body);
				const kept = [...own].filter((t) => texts.has(t)).length;
				if (own.size > 0 && kept * 2 <= own.size) continue;
			}
			live.push(change);
		}
		return live.sort((a, b) => a - b);
	}

	/**
	 * RFC 3891 §3: the dialog a Replaces names has its Call-ID and the two tags, either way round
	 * (the tags are the receiving UA's view). The request that created it: the first INVITE without
	 * a To tag of that Call-ID whose From tag is one of the two, once a message of the file carries
	 * both tags (the dialog was made); with no such INVITE in the file, the first message carrying
	 * both tags (the dialog predates the file). Null when no message carries both.
	 */
	function replacedCreator(m) {
		if (!m.replaces || !m.replaces.toTag || !m.replaces.fromTag) return null;
		const { callId, toTag: a, fromTag: b } = m.replaces;
		const both = (q) =>
			q.callId === callId &&
			((q.fromTag === a && q.toTag === b) || (q.fromTag === b && q.toTag === a));
		const earliest = (test) => {
			let best = null;
			msgs.forEach((q, i) => {
				if (test(q) && (best === null || q.time < msgs[best].time)) best = i;
			});
			return best;
		};
		if (!msgs.some(both)) return null;
		const creator = earliest(
			(q) =>
				q.method === 'INVITE' &&
				q.toTag === null &&
				q.callId === callId &&
				(q.fromTag === a || q.fromTag === b),
		);
		return creator ?? earliest(both);
	}

	/** RFC 3261 §22.2/§22.3: a request re-sent with credentials after a 401/407 to the previous one. */
	function sameCallChallengeOf(r) {
		if (!r.credentials) return null;
		const prev = msgs.findIndex(
			(q) =>
				isReq(q) &&
				q.method === r.method &&
				q.callId === r.callId &&
				q.fromTag === r.fromTag &&
				q.cseq === r.cseq - 1,
		);
		if (prev < 0) return null;
		const c = responsesTo(prev).find((j) => msgs[j].status === 401 || msgs[j].status === 407);
		return c ?? null;
	}

	/**
	 * The same, or else, for a request of another Call-ID or From tag (a client that re-sent it
	 * under a new one: sofia-sip's PUBLISH after its 407), the one challenge before it that gave
	 * the nonce its credentials carry, for its method, when no request of its own call answered it.
	 */
	function challengeOf(r) {
		const own = sameCallChallengeOf(r);
		if (own !== null || !r.credentials || r.nonce === null) return own;
		const at = msgs.indexOf(r);
		const givers = msgs
			.map((c, j) => j)
			.filter(
				(j) => (msgs[j].status === 401 || msgs[j].status === 407) && msgs[j].nonce === r.nonce,
			);
		if (givers.length !== 1) return null;
		const c = givers[0];
		const challenge = msgs[c];
		if (c > at || challenge.cseqMethod !== r.method) return null;
		if (challenge.callId === r.callId && challenge.fromTag === r.fromTag) return null;
		const answered = msgs.some((q) => isReq(q) && sameCallChallengeOf(q) === c);
		if (answered) return null;
		// The first such request answers it; later ones reuse the nonce (RFC 2617's nonce count).
		const first = msgs.findIndex(
			(q, j) =>
				j > c &&
				isReq(q) &&
				q.credentials &&
				q.nonce === r.nonce &&
				q.method === challenge.cseqMethod &&
				!(q.callId === challenge.callId && q.fromTag === challenge.fromTag),
		);
		return first === at ? c : null;
	}

	const out = msgs.map((m, i) => {
		const l = noLinks();
		if (!isReq(m)) l.request = requestOf(m);
		if (m.method === 'NOTIFY') {
			l.subscription = subscriptionOf(m);
			l.publication = publishOf(m);
			l.publications = publicationsOf(m);
		}
		if (m.method === 'PUBLISH' && m.ifMatch !== null) l.publication = issuerOf(m.ifMatch, m.time);
		if (isReq(m)) l.challenge = challengeOf(m);
		if (m.replaces !== undefined) l.replaces = replacedCreator(m);
		return {
			index: i,
			line: list[i].line,
			method: m.method,
			status: m.status,
			callId: m.callId,
			...addressesOf(m, format, own, list[i].logged),
			links: l,
		};
	});
	// A PUBLISH's NOTIFYs: those that carried its state, or reported it as the last change (a
	// removal, whose publication is no longer live).
	out.forEach((m, i) => {
		if (msgs[i].method !== 'NOTIFY') return;
		const carried = new Set(m.links.publications);
		if (m.links.publication !== null) carried.add(m.links.publication);
		for (const p of carried) out[p].links.notifies.push(i);
	});
	for (const m of out) m.links.notifies.sort((a, b) => a - b);
	return out;
}

/** A message's links before any is found. */
function noLinks() {
	return {
		request: null,
		subscription: null,
		publication: null,
		publications: [],
		challenge: null,
		notifies: [],
	};
}

/**
 * The links of a file's messages, where some never left (no frame: Twinkle's unresolvable
 * request): computed over those that were sent, their indices then counted in the whole file;
 * one that was not sent has no link, and the log says only which way it was going.
 */
function withUnsent(list, format, agent) {
	const sent = list.filter((entry) => entry.fr !== null);
	if (sent.length === list.length) return links(list, format, agent);
	const fileIndex = list.flatMap((entry, i) => (entry.fr === null ? [] : [i]));
	const renumber = (j) => (j === null ? null : fileIndex[j]);
	const linked = links(sent, format, agent ?? ownAddress(sent));
	return list.map((entry, i) => {
		if (entry.fr === null)
			return {
				index: i,
				line: entry.line,
				method: entry.logged.method,
				status: entry.logged.status,
				callId: entry.logged.callId,
				src: null,
				dst: null,
				direction: 'out',
				links: noLinks(),
			};
		const m = linked[fileIndex.indexOf(i)];
		const l = m.links;
		return {
			...m,
			index: i,
			links: {
				...l,
				request: renumber(l.request),
				subscription: renumber(l.subscription),
				publication: renumber(l.publication),
				publications: l.publications.map(renumber),
				challenge: renumber(l.challenge),
				notifies: l.notifies.map(renumber),
				...('replaces' in l ? { replaces: renumber(l.replaces) } : {}),
			},
		};
	});
}

/** The streams (pairs of addresses, either way) the messages travelled in. */
function streamsIn(messages) {
	return new Set(messages.map((m) => [m.src, m.dst].sort().join(' '))).size;
}

/**
 * tshark's stream follower prints each stream on its own, without times: which NOTIFY (in a
 * watcher's stream) carried which PUBLISH (in the publisher's) is a matter of time order the file
 * does not give, so a file of several streams links none (the analyser says why).
 */
function withoutFanOut(messages) {
	for (const m of messages) {
		m.links.notifies = [];
		if (m.method === 'NOTIFY') {
			m.links.publication = null;
			m.links.publications = [];
		}
	}
}

for (let k = 0; k < pairs.length; k += 2) {
	const file = pairs[k];
	// FORMAT@ADDRESS: the address of the agent that wrote the log (a log of one message does not
	// tell which of its two ends that is).
	const [format, agent] = pairs[k + 1].split('@');
	const list = framesOfFile(readFileSync(file, 'utf8'), format);
	const named = {
		'ngrep-single': 'ngrep',
		'ngrep-oneline': 'ngrep',
		sipgrep: 'ngrep',
		hex: 'hexDump',
		follow: 'tsharkFollow',
		'follow-hex': 'tsharkFollow',
		'tcpdump-hex': 'tcpdump',
		'sofia-dump': 'sofiaDump',
		'sipp-errors': 'sippErrors',
		'sipp-calldebug': 'sippCallDebug',
		kamailio: 'raw',
		'kamailio-xlog': 'raw',
		'kamailio-xlog-colour': 'raw',
		'kamailio-syslog': 'escaped',
		jainsip: 'jainSip',
		'tshark-json': 'tsharkJson',
		'tshark-ek': 'tsharkJson',
	};
	const messages = withUnsent(list, format, agent);
	if ((format === 'follow' || format === 'follow-hex') && streamsIn(messages) > 1)
		withoutFanOut(messages);
	const doc = { format: named[format] ?? format, messages };
	writeFileSync(`${file}.expected.json`, JSON.stringify(doc, null, '\t') + '\n');
	process.stderr.write(`${file}: ${list.length} messages\n`);
}
