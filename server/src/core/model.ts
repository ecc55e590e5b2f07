/**
 * The data the core hands to every consumer (LSP features, the CLI, the ladder, tests).
 * Everything is plain, readonly data addressed by offsets into the analysed text, never by
 * editor positions: only `server/src/features/convert.ts` turns offsets into LSP ranges.
 */

/** A half-open range `[start, end)` of UTF-16 offsets into the analysed text. */
export interface Span {
	readonly start: number;
	readonly end: number;
}

/** The log formats the framer recognises (see docs in README, "Trace formats"). */
export type TraceFormat =
	| 'raw' // bare messages, blank lines between them
	| 'sngrep' // sngrep text export: `2026/11/24 19:33:07.319727 a:p -> b:p`
	| 'headerLine' // one plain header line per message: `2026-11-24 19:33:07.319727 a:p -> b:p`
	| 'ngrep' // ngrep -W byline: `U 2026/11/24 ... a:p -> b:p #1`, CR shown as a trailing '.'
	| 'sipp' // SIPp -trace_msg
	| 'sippErrors' // SIPp -trace_err: `<time>: Aborting call on unexpected message for Call-Id '..': ..., received 'SIP/2.0 407 ...`
	| 'sippCallDebug' // SIPp -trace_calldebug: `<time> Sending UDP message for call .. (index 0, hash ..):`, the message
	| 'pjsipLogger' // Asterisk `pjsip set logger on`
	| 'chanSip' // Asterisk chan_sip `sip set debug on`
	| 'sofia' // FreeSWITCH / sofia-sip siptrace (indented)
	| 'sofiaDump' // sofia-sip's TPORT_DUMP file: `sent N bytes to udp/[a]:p at hh:mm:ss.uuuuuu:`, the octets, `\v`
	| 'sipdump' // Kamailio sipdump text
	| 'opensips' // OpenSIPS tracer / opensips-cli trace
	| 'pjsua' // pjsua / PJSIP apps msg_logging
	| 'tshark' // tshark -V -O sip / Wireshark "export as plain text"
	| 'homer' // HOMER text export
	| 'logcat' // Android logcat-wrapped lines (per-line prefix)
	| 'bellesip' // belle-sip (Linphone): `channel [..]: received [N] new bytes from [UDP://a:p]:`
	| 'baresip' // baresip sip_trace: `20:25:26.360#`, `UDP a:p -> b:p`, the message
	| 'ccsip' // Cisco IOS / CUBE `debug ccsip messages`: `Oct  9 12:00:00.123: //-1/.../SIP/Msg/ccsipDisplayMsg:`, `Sent:`
	| 'sipmsg' // Oracle (Acme Packet) SBC sipmsg.log: `Mar  6 13:34:49.416 On [6:0]a:p received from b:p`, the message, 40 dashes
	| 'cucmSdl' // Cisco Unified CM SDL trace: `04241111.002 |11:27:41.232 |AppInfo  |SIPTcp - wait_SdlReadRsp: Incoming SIP TCP message from ...`
	| 'jainSip' // NIST JAIN-SIP stack's message log (SERVER_LOG): `<message`, `from="a:p" `, `time="<epoch ms>"`, `isSender="true" `, ..., `<![CDATA[` the message `]]>`, `</message>`
	| 'ciscoVoipTrace' // Cisco IOS SIP call tracing: `*Jul  2 13:16:30.125: sip_msgs: SIP_MSG: Fragment Number = 1,  Message Id = 3, Last Fragment = No, Messages Direction = Sent, Message:`, a fragment, dashes
	| 'ciscoSipio' // Cisco IP phone console log / PRT and Jabber log: `0611 DEB Dec 21 14:33:00.127717 JAVA-sipio-sent---> INVITE ...`, `... [platform_print_sip_msg] - sipio-recv<--- SIP/2.0 407 ...`
	| 'expressway' // Cisco Expressway / VCS network log: `... tvcs: UTCTime="..." Module="network.sip" Level="DEBUG":  Action="Received" ... Src-ip=.. Src-port=..`, ` SIPMSG:`, ` |INVITE ...`, ` |`
	| 'msSipStack' // Lync / Skype for Business Server SIPStack log as text: `TL_INFO(TF_PROTOCOL) ...$$begin_record`, `Start-Line: ...`, `$$end_record`
	| 'sipsak' // sipsak -vvv: `request:` (then `send to: UDP:a:p`) or `message received`, `received from: UDP:a:p`, the message
	| 'twinkle' // Twinkle's log: `+++ 4-12-2026 05:34:02.473933 INFO SIP ::send_sip_udp`, `Send to: udp:a:p` (or `Received from: udp:a:p`), the message, `---`
	| 'escaped' // one message per log line, line ends escaped (syslog `#015#012`, `\r\n`)
	| 'tsharkJson' // tshark -T json / Wireshark "Export Packet Dissections > As JSON": `"sip.Request-Line": "..."`, `"sip.msg_hdr": "...\r\n..."`
	| 'tsharkFollow' // tshark -z follow,udp,ascii: `Follow: udp,ascii`, `Node 0: a:p`, each payload after its length (node 1's behind a tab)
	| 'hexDump' // packets as bare hex dumps: Wireshark's copy, tshark -x, hexdump -C, xxd
	| 'tcpdump'; // tcpdump -A: `hh:mm:ss.micro IP a.p > b.p: UDP, length N`, headers glued before the start line; -X/-XX: a hex dump with its ASCII column

/** Every format, in the order the CLI and settings list them. */
export const traceFormats: readonly TraceFormat[] = [
	'raw',
	'sngrep',
	'headerLine',
	'ngrep',
	'sipp',
	'sippErrors',
	'sippCallDebug',
	'pjsipLogger',
	'chanSip',
	'sofia',
	'sofiaDump',
	'sipdump',
	'opensips',
	'pjsua',
	'tshark',
	'homer',
	'logcat',
	'bellesip',
	'baresip',
	'ccsip',
	'sipmsg',
	'cucmSdl',
	'ciscoVoipTrace',
	'ciscoSipio',
	'expressway',
	'msSipStack',
	'jainSip',
	'twinkle',
	'sipsak',
	'escaped',
	'tcpdump',
	'tsharkFollow',
	'tsharkJson',
	'hexDump',
];

/** How a message travelled, as far as the trace says. */
export type Direction = 'in' | 'out';

/**
 * One SIP message as a trace presents it: the logging tool's metadata plus the SIP text.
 * Nothing of the text is lost: every offset of the document lies in exactly one frame or
 * one noise span of {@link FramingResult}.
 */
export interface Frame {
	readonly format: TraceFormat;
	/** The whole frame: metadata lines, the SIP text and any end marker the tool writes. */
	readonly span: Span;
	/** The tool's metadata (header line or block) for this message, or null (bare messages). */
	readonly meta: Span | null;
	/** From the first character of the SIP start line to the end of the SIP text. */
	readonly sip: Span;
	/**
	 * Where the format decorates every line of the SIP text (per-line log prefixes, sofia's
	 * indentation, ngrep's trailing '.', tshark's indentation): the SIP content of each line
	 * as `[start0, end0, start1, end1, ...]`, ends excluding CR/LF and decoration.
	 * Null when the SIP text is contiguous in `sip` (the common case, kept allocation-free).
	 */
	readonly lines: Int32Array | null;
	/**
	 * Where a line of `lines` goes on in the next pair with no line break between them: the
	 * indexes of those pairs, ascending (pair `i` continues in pair `i + 1`). tcpdump prints a
	 * TCP segment at a time, so a message read over several segments has each line that a
	 * segment boundary cut in two pieces, with the next packet's line between them. Absent or
	 * null when no line is cut (every other format).
	 */
	readonly joins?: Int32Array | null;
	/**
	 * Where `lines` give only the value of an SDP line, whose type letter the trace prints before
	 * it rather than as `t=`: `[pair, back, pair, back, ...]`, pairs ascending, the line being the
	 * letter `back` characters before the pair's start, `=`, then the pair. tshark prints the
	 * line `s=-` as `Session Name (s): -`; the body is read with the letter put back (`bodyText`),
	 * while every span stays on the trace's own text. Absent or null: every pair is the line as
	 * it stands (every other format, and tshark's other bodies).
	 */
	readonly keys?: Int32Array | null;
	/**
	 * The pairs of `lines` the tool printed cut short, ascending: tshark prints at most 240
	 * characters of an item, and marks a longer start line, header line or line of its raw text
	 * ` [truncated]`. Such a line is read as printed, as far as it goes; what its text lacks is
	 * the export's doing, not the sender's, so checks of it are left out. Absent or null when none
	 * (a body line cut in tshark's dissection is not listed: it is read back apart).
	 */
	readonly cuts?: Int32Array | null;
	/**
	 * Where the message goes on past `span`: the packets (packet line and payload) that carry the
	 * rest of a message read over TCP segments that took turns with other connections' (tcpdump),
	 * in file order. Their text is noise to the spans; `lines` read the message from it. Absent
	 * when the message lies within `span` (every other frame).
	 */
	readonly rest?: readonly Span[];
	/** Time as the trace gives it, ISO-8601-like: `2026-11-24T19:33:07.319727`, or `19:33:07.319727` without a date. */
	readonly time: string | null;
	/** Microseconds since the Unix epoch, when the trace gives date and time (UTC assumed if no zone). */
	readonly epochMicros: number | null;
	/** Source and destination as `ip:port` (IPv6 as `[::1]:5060`) when the trace gives them. */
	readonly src: string | null;
	readonly dst: string | null;
	/** `UDP`, `TCP`, `TLS`, `WS`, `WSS`, `SCTP` when the trace gives it. */
	readonly transport: string | null;
	/** Relative to the host that wrote the log, when the format says (sent/received). */
	readonly direction: Direction | null;
	/** The size the tool printed for the message, in bytes, when it prints one. */
	readonly declaredBytes: number | null;
}

/** The output of framing: frames in file order, the non-SIP text between them, and faults. */
export interface FramingResult {
	/** The dominant format of the file (the first one detected when several appear). */
	readonly format: TraceFormat;
	readonly frames: readonly Frame[];
	/** Log lines that are not SIP, kept as such (one span per run of lines). */
	readonly noise: readonly Span[];
	readonly problems: readonly Problem[];
	/**
	 * The text to read the messages from, where the trace does not print them as they are: a hex
	 * dump (tcpdump -X) prints each space and tab of a message as `.`, and its hex says which `.`
	 * is one. The same length and the same line breaks as the trace (a CR or LF octet stays `.`:
	 * frames' `lines` leave line ends out), so every offset is the trace's. Absent: the trace.
	 */
	readonly reading?: string;
	/**
	 * Runs of the noise that print a message the trace does not count as one of its own (a copy
	 * of one already shown, one that never crossed the network: see the engine's
	 * `MessageMeta.logOnly`), in text order. Absent: none.
	 */
	readonly logOnly?: readonly Span[];
}

/** Severity of a problem; the LSP layer maps it, and users may override it per code. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Something wrong or notable in the trace. Never thrown: bad input is normal input. */
export interface Problem {
	/** Stable dotted id, e.g. `header.missing-call-id`, `content-length.mismatch` (see lint/codes.ts). */
	readonly code: string;
	readonly severity: Severity;
	readonly span: Span;
	readonly message: string;
	/** RFC reference, e.g. `RFC 3261 §8.1.1` and its URL, when one applies. */
	readonly rfc?: { readonly label: string; readonly url: string };
	/** The other message(s) involved, e.g. the SUBSCRIBE a late NOTIFY belongs to. */
	readonly related?: readonly { readonly span: Span; readonly message: string }[];
}

/** A header field. `key` is the canonical lower-case long name: `i` and `Call-ID` both give `call-id`. */
export interface Header {
	readonly name: Span;
	/** The value without leading/trailing white space; folded continuation lines are included. */
	readonly value: Span;
	readonly key: string;
	readonly compact: boolean;
}

/** name-addr / addr-spec of From, To, Contact, Refer-To... */
export interface NameAddr {
	readonly displayName: string | null;
	readonly uri: string;
	readonly uriSpan: Span;
	readonly tag: string | null;
	/** Header parameters (after the URI), lower-case names. */
	readonly params: ReadonlyMap<string, string | null>;
}

/** A parsed SIP/SIPS/TEL URI. Host keeps IPv6 brackets; user and host are as written. */
export interface SipUri {
	readonly scheme: string;
	readonly user: string | null;
	readonly host: string;
	readonly port: number | null;
	readonly params: ReadonlyMap<string, string | null>;
	readonly headers: string | null;
}

/** One Via value (RFC 3261 §20.42). */
export interface Via {
	readonly protocol: string; // SIP/2.0/UDP
	readonly transport: string; // UDP
	readonly sentBy: string; // host[:port], as written
	readonly branch: string | null;
	readonly received: string | null;
	readonly rport: string | null; // '' when present without a value
	readonly span: Span;
}

/** Subscription-State (RFC 6665 §8.2.3). */
export interface SubscriptionState {
	readonly state: string; // active | pending | terminated | extension, lower-case
	readonly expires: number | null;
	readonly reason: string | null;
	readonly retryAfter: number | null;
}

/** A SIP message parsed from a frame. Strings are extracted only for what correlation needs. */
export interface SipMessage {
	/** Position in file order, from 0: the `index` of the CLI's `--json`. */
	readonly index: number;
	readonly frame: Frame;
	readonly kind: 'request' | 'response' | 'invalid';
	/** The start line (request or status line), without CR/LF. */
	readonly startLine: Span;
	/** Request method (upper-case as written), or for a response null. */
	readonly method: string | null;
	readonly requestUri: string | null;
	readonly requestUriSpan: Span | null;
	readonly status: number | null;
	readonly reason: string | null;
	/** Every header, made into objects on each read: for a feature looking at one message. */
	readonly headers: readonly Header[];
	/** Header access without making every header: rules that visit each message use these. */
	readonly headerCount: number;
	/** The canonical key of the header at `position` (0-based, in message order). */
	headerKey(position: number): string;
	headerField(position: number): Header;
	/**
	 * The `HeaderName.code` of the header at `position` (see parser/headerNames), -1 for a name
	 * without one: rules that visit each message tell headers apart by it.
	 */
	headerCode(position: number): number;
	/** Where the value of the header at `position` starts and ends: `headerField(position).value`, unmade. */
	headerValueStart(position: number): number;
	headerValueEnd(position: number): number;
	/** The first header with canonical name `key`, or undefined. */
	header(key: string): Header | undefined;
	readonly callId: string | null;
	/** CSeq number and method; null when absent or malformed. */
	readonly cseq: { readonly seq: number; readonly method: string } | null;
	readonly from: NameAddr | null;
	readonly to: NameAddr | null;
	/** All Via values in order; `vias[0]` is the top one. */
	readonly vias: readonly Via[];
	/** Event package and id (RFC 6665 §8.2.1), package lower-case. */
	readonly event: { readonly package: string; readonly id: string | null } | null;
	readonly subscriptionState: SubscriptionState | null;
	/** Expires header as a number, null if absent; NaN if present but not a number. */
	readonly expires: number | null;
	readonly sipETag: string | null;
	readonly sipIfMatch: string | null;
	/** Content-Type media type, lower-case, without parameters (`application/pidf+xml`). */
	readonly contentType: string | null;
	readonly contentLength: number | null;
	/** The body as it stands in the text (may be cut by a truncated trace), or null. */
	readonly body: Span | null;
	/** The body holds fewer octets than Content-Length announces: the trace (or a copy) cut it. */
	readonly bodyShort: boolean;
	/**
	 * Line ends a copy put inside the body's lines where it cut them at a width (each where it
	 * starts, in text order): the body is read without them. Null when there are none.
	 */
	readonly bodyBreaks: Int32Array | null;
	/**
	 * Headers it had may be missing: the trace ends inside this message's headers, before the
	 * empty line that ends them, or a line of them stands for lines left out where it was posted
	 * (`...`, `message.elided`).
	 */
	readonly cutShort: boolean;
}

/** A client/server transaction: one request and its responses (RFC 3261 §17). */
export interface Transaction {
	readonly id: number;
	/** The first copy of the request; retransmissions are in `retransmissions`. */
	readonly request: number | null;
	readonly responses: readonly number[];
	/** Later copies of a message already seen (retransmission, or the other side's log of it). */
	readonly retransmissions: readonly number[];
	/** For an ACK to a non-2xx, or a CANCEL: the INVITE transaction it belongs to. */
	readonly relatedInvite: number | null;
}

/** A dialog (RFC 3261 §12): Call-ID and both tags. */
export interface Dialog {
	readonly id: number;
	readonly callId: string;
	readonly localTag: string;
	readonly remoteTag: string | null;
	readonly state: 'early' | 'confirmed' | 'terminated';
	/** The request that created it (INVITE, SUBSCRIBE, REFER...). */
	readonly creator: number;
	readonly messages: readonly number[];
}

/**
 * The dialog a request names to replace (RFC 3891): an INVITE's Replaces header (§3), or the
 * Replaces header embedded, URI-escaped, in the URI of a REFER's Refer-To (§7, RFC 5589 §7).
 * `callId;to-tag=x;from-tag=y`: the tags as the UA receiving the INVITE sees them, `to-tag` its
 * own; a tag left out is null (the grammar of §6.1 requires both).
 */
export interface Replaces {
	readonly callId: string;
	readonly toTag: string | null;
	readonly fromTag: string | null;
	/** `early-only`: replace the dialog only while it is early (§6.1); else the UAS answers 486. */
	readonly earlyOnly: boolean;
	/** `replaces`: the INVITE's Replaces header; `refer-to`: inside a REFER's Refer-To URI. */
	readonly source: 'replaces' | 'refer-to';
	/** The header value it is read from: the Replaces value, or the whole Refer-To value. */
	readonly span: Span;
}

/** A subscription (RFC 6665): dialog + Event package + id. */
export interface Subscription {
	readonly id: number;
	readonly event: string;
	readonly eventId: string | null;
	/** The initial SUBSCRIBE (or REFER, for an implicit subscription); null if it predates the trace. */
	readonly creator: number | null;
	readonly subscribes: readonly number[];
	readonly notifies: readonly number[];
	readonly watcher: string | null; // AoR of the subscriber
	readonly resource: string | null; // AoR subscribed to (the presentity)
	/** Index of the message that made it active (200 to SUBSCRIBE or first active NOTIFY). */
	readonly activatedBy: number | null;
	readonly terminatedBy: number | null;
	readonly terminationReason: string | null;
	/** Expiry as epoch micros, when times are known. */
	readonly expiresAtMicros: number | null;
}

/** A publication (RFC 3903): entity + SIP-ETag chain. */
export interface Publication {
	readonly id: number;
	readonly entity: string; // AoR from the Request-URI
	readonly event: string;
	/** PUBLISH messages in order: initial, refreshes, modifies, removal. */
	readonly publishes: readonly number[];
	/** The ETags issued by the 2xx responses, in order. */
	readonly etags: readonly string[];
}

/** What the correlation index answers. All arguments and results are message indexes. */
export interface TraceIndex {
	readonly transactions: readonly Transaction[];
	readonly dialogs: readonly Dialog[];
	readonly subscriptions: readonly Subscription[];
	readonly publications: readonly Publication[];
	/** The request a response answers. */
	requestOf(message: number): number | null;
	/** Responses to a request (first copies only). */
	responsesOf(message: number): readonly number[];
	transactionOf(message: number): Transaction | null;
	dialogOf(message: number): Dialog | null;
	/** The earlier copy this message repeats, or null if it is the first. */
	originalOf(message: number): number | null;
	/**
	 * For a request a proxy forwarded: the copy of it the proxy received, on the hop before (its
	 * second Via is that copy's top Via, RFC 3261 §16.6). Null for the request as its UAC sent it.
	 */
	forwardedFrom(message: number): number | null;
	/**
	 * For a request whose top Via branch (with its sent-by, for its method) an earlier request
	 * carried under another CSeq number: that request. The branch names one transaction only
	 * (RFC 3261 §8.1.1.7); the two are kept apart by their CSeq. Null for other messages.
	 */
	reusedBranchOf(message: number): number | null;
	/** For a NOTIFY/SUBSCRIBE (or their responses): its subscription. */
	subscriptionOf(message: number): Subscription | null;
	/** For a PUBLISH (or its responses): its publication. */
	publicationOf(message: number): Publication | null;
	/** For a PUBLISH with SIP-If-Match: the PUBLISH whose 2xx issued that ETag. */
	publishRefreshed(message: number): number | null;
	/** For a request re-sent with credentials: the 401/407 that challenged the previous attempt. */
	challengeOf(message: number): number | null;
	/** For a 401/407: the request re-sent with credentials that answers it. */
	retryOf(message: number): number | null;
	/**
	 * For a PUBLISH: the NOTIFYs that carried its state to watchers (it was the last change of its
	 * publication while that lived, see {@link publishesOf}), or reported it as the presentity's
	 * last change ({@link publishOf}: a removal too).
	 */
	notifiesOf(message: number): readonly number[];
	/** For a NOTIFY: the last accepted, state-changing PUBLISH of its presentity before it. */
	publishOf(message: number): number | null;
	/**
	 * For a NOTIFY with a body: the state it carries, composed from every publication of the
	 * presentity live at it (RFC 3903 §4, RFC 4479 §3.3: one per publishing device): the last
	 * accepted initial or modifying PUBLISH of each, in file order. Removed and expired
	 * publications are not in it.
	 */
	publishesOf(message: number): readonly number[];
	/**
	 * For an INVITE with Replaces, or a REFER whose Refer-To URI carries Replaces: what it names
	 * (RFC 3891 §3, §7). Null for other messages.
	 */
	replacesOf(message: number): Replaces | null;
	/**
	 * The dialog that {@link replacesOf} names: its Call-ID, and its two tags in either order (a
	 * dialog does not depend on who sends). Null when it names none of the trace's dialogs.
	 */
	replacedDialog(message: number): Dialog | null;
	/**
	 * For a message of a dialog: the INVITEs whose Replaces and the REFERs whose Refer-To name that
	 * dialog (every copy, in file order).
	 */
	replacedBy(message: number): readonly number[];
}

/** Everything the core knows about one trace. */
export interface TraceAnalysis {
	/**
	 * The text the messages were read from: the trace, or where framing gave one its reading
	 * (`FramingResult.reading`), offset for offset and line for line the same.
	 */
	readonly text: string;
	/** The trace as written, where `text` is its reading (a hex dump); absent: `text` is the trace. */
	readonly source?: string;
	readonly format: TraceFormat;
	readonly frames: readonly Frame[];
	readonly noise: readonly Span[];
	readonly messages: readonly SipMessage[];
	readonly index: TraceIndex;
	/** Framing, parsing and lint problems, in text order. */
	readonly problems: readonly Problem[];
}

/** Options of {@link analyzeTrace}. */
export interface AnalyzeOptions {
	/** Force a format instead of detecting it. */
	readonly format?: TraceFormat;
}
