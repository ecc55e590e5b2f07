/*
 * A line of Kamailio's or OpenSIPS's own log, as it stands once the system log took its prefix
 * away (`journalctl -o cat`, a MESSAGE field): the level in capitals, then the part that wrote it.
 *   WARNING: siptrace [siptrace_send.c:300]: trace_send_duplicate(): Neither dup_uri ...
 *   INFO: <core> [core/tcp_main.c:3006]: tcpconn_1st_send(): quick connect ...
 *   NOTICE: <script>: RX REGISTER from 127.0.0.1:15242 proto tcp:
 *   ERROR:tm:t_reply: ...                                  (OpenSIPS)
 * Such a line is a header by its shape (a token, a colon), but no SIP header is named so in
 * capitals with such a value (a `Warning` header's value opens with its three-digit code, RFC 3261
 * §20.43): right under a message's headers, with no empty line between, it ends the message.
 */
const levelLine =
	/^(?:ALERT|BUG|CRITICAL|CRIT|ERROR|ERR|WARNING|WARN|NOTICE|INFO|DEBUG|DBG):(?: <[\w.-]{1,40}>(?: \[[^\]\r\n]{1,120}\])?:| [\w.-]{1,40} \[[^\]\r\n]{1,120}:\d{1,6}\]:|[a-z_][\w.-]{0,40}:[a-z_]\w{0,60}:)/;

/** Is the line at [start, end) a proxy's own log line of the shape above? */
export function isProxyLogLine(text: string, start: number, end: number): boolean {
	// The level is 3 to 8 capitals and a colon: a header line (`Via:`, `CSeq:`) is turned away by
	// its first characters, without a slice (this is asked of every header line framed).
	let i = start;
	while (i < end && i - start < 9) {
		const c = text.charCodeAt(i);
		if (c < 65 || c > 90) break;
		i++;
	}
	if (i - start < 3 || i - start > 8 || text.charCodeAt(i) !== 58) return false;
	return levelLine.test(text.slice(start, Math.min(end, start + 200)));
}
