import type { Frame } from '../model';
/*
 * A value a poster masked in a body before pasting the trace (`c=IN IP4 x.x.x.167`,
 * `o=- 1 1 IN IP4 xxx.xxx.xxx.xxx`, `<IP>`): the mask is seldom as long as what it hides, so the
 * body's length as read says nothing of its length on the wire (RFC 3261 §18.3 cannot be judged).
 */

// An IPv4 address with at least one of its parts masked (`x.x.x.167`, `10.*.*.5`, `y.y.y.y`, `zzz.zzz.zz.zzz`,
// `###.###.###.###`), read as a whole token (a dot after it ends a sentence, or is ngrep's CR).
const maskedAddress =
	/(?<![\w.])(?:(?:\d{1,3}|[A-Za-z*#]|[xXyYzZ*#]{2,3})\.){3}(?:\d{1,3}|[A-Za-z*#]|[xXyYzZ*#]{2,3})(?!\w|\.\w)/g;
// A run of X's, stars or hashes standing as a token of its own (`XXXX`, `****`).
const maskRun = /(?<![\w+/=])(?:[xX]{3,}|\*{3,}|#{3,})(?![\w+/=])/;
// An SDP address that is a poster's word (`c=IN IP4 UA_pvtipaddr`, `PUBLIC_IP`): no host name
// holds an underscore (RFC 4566 §9, RFC 1123 §2.1).
const sdpWordAddress = /\bIN IP[46] (?=[\w.-]*_)([\w.-]+)/;
// A value left out: `...` or `…` after a `=`, `:` or a space, ending the value.
const elidedValue = /[:= ](?:\.{3}|…)(?=[ \r\n]|$)/g;

/** The `...` of an SDP line (`x=...`) that stands for a value left out, or null. */
function sdpElidedValue(body: string): string | null {
	elidedValue.lastIndex = 0;
	for (let m = elidedValue.exec(body); m; m = elidedValue.exec(body)) {
		const lineStart = body.lastIndexOf('\n', m.index) + 1;
		const c = body.charCodeAt(lineStart);
		if (c >= 97 && c <= 122 && body.charCodeAt(lineStart + 1) === 61) return m[0].slice(1);
	}
	return null;
}
// A host a poster replaced by the word `ip` (`sip:8475551004@ip`, a watcherinfo body's): no
// host is named so.
const hostWord = /@(?:ip|IP)(?=[\s;:>"<,]|$)/;
// A placeholder in angle or square brackets (`<IP>`, `[REDACTED]`, `<public ip>`): never in SDP
// or other text bodies, so looked for only where the body holds no XML (no part of it either).
const placeholder = /<[A-Za-z][\w .-]{0,30}>|\[[A-Za-z][\w .-]{0,30}\]/g;
// A log's level in brackets (FreeSWITCH's `[NOTICE]`, `[DEBUG]`): the log's line, no mask.
const logLevel =
	/^\[(?:NOTICE|DEBUG|INFO|WARNING|WARN|ERR|ERROR|CRIT|ALERT|EMERG|CONSOLE|TRACE)\]$/;

/**
 * The first value masked in the body [start, end), or null where none is. `off`, how far the
 * body as read is from Content-Length: a word for an address stands for one only as far as a
 * word may be shorter or longer than an address.
 */
export function maskInBody(text: string, start: number, end: number, off: number): string | null {
	const body = text.slice(start, end);
	maskedAddress.lastIndex = 0;
	for (let m = maskedAddress.exec(body); m; m = maskedAddress.exec(body))
		if (!/^[\d.]+$/.test(m[0])) return m[0];
	const run = maskRun.exec(body);
	if (run) return run[0];
	const host = hostWord.exec(body);
	if (host) return host[0].slice(1);
	const word = sdpWordAddress.exec(body);
	if (word && Math.abs(off) <= 2 * perMask) {
		// Without the dots after it (ngrep's `.` for the CR, a sentence's end).
		let end = word[1]!.length;
		while (end > 0 && word[1]!.charCodeAt(end - 1) === 46) end--;
		return word[1]!.slice(0, end);
	}
	// An SDP value a poster left out as `...` (`a=ice-pwd:...`, `a=candidate:... 1 UDP`).
	const elided = sdpElidedValue(body);
	if (elided !== null) return elided;
	if (body.trimStart().startsWith('<') || body.includes('</') || body.includes('/>')) return null;
	placeholder.lastIndex = 0;
	for (let m = placeholder.exec(body); m; m = placeholder.exec(body))
		if (!logLevel.test(m[0])) return m[0];
	return null;
}

/**
 * How many addresses or runs are masked in [start, end) (`x.x.x.167`, `xxx.xxx.xx.xxx`, `XXXX`):
 * each may be shorter or longer than what it hides.
 */
export function maskCount(text: string, start: number, end: number): number {
	const part = text.slice(start, end);
	let n = 0;
	maskedAddress.lastIndex = 0;
	for (let m = maskedAddress.exec(part); m; m = maskedAddress.exec(part))
		if (!/^[\d.]+$/.test(m[0])) n++;
	return n;
}

/**
 * Is `short`, the octets a record's lines lack of its count, no more than the message's masked
 * addresses explain (a poster replaced each by `xxx.xxx.xx.xxx`, seldom as long as the address,
 * up to {@link perMask} octets shorter each)? Then the record is whole as posted, not cut.
 */
export function maskedShortfall(text: string, frame: Frame, short: number): boolean {
	if (short <= 0) return false;
	const masks = maskCount(text, frame.sip.start, frame.sip.end);
	return masks > 0 && short <= masks * perMask;
}
export const perMask = 12;
