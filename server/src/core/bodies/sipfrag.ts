/**
 * A message/sipfrag body (RFC 3420): part of a SIP message: an optional start line, then header
 * fields, then optionally an empty line and a body. In a NOTIFY of a REFER's implicit
 * subscription it starts with the Status-Line of the response the referenced request got
 * (RFC 3515 §2.4.5), e.g. `SIP/2.0 100 Trying`.
 */
export interface SipFragment {
	/** The start line as written, or null when the fragment starts with a header field. */
	readonly startLine: string | null;
	/** For a Status-Line: the status code and reason phrase. */
	readonly status: number | null;
	readonly reason: string | null;
	/** For a Request-Line: method and Request-URI. */
	readonly method: string | null;
	readonly requestUri: string | null;
	/** Header fields, name and value as written, in order (folded lines joined). */
	readonly headers: readonly (readonly [string, string])[];
}

const statusLine = /^SIP\/2\.0 {1,4}(\d{3})(?: |$)/;
const methodToken = /^[A-Za-z]{1,32}$/;
const headerName = /^[!-9;-~]{1,100}$/;

/** Reads a sipfrag body; problems say what does not fit RFC 3420's grammar. */
export function decodeSipfrag(body: string): { fragment: SipFragment; problems: string[] } {
	const lines = body.split('\n').map((l) => l.replace(/\r$/, ''));
	while (lines.length && lines[lines.length - 1] === '') lines.pop();
	const problems: string[] = [];
	let first = 0;
	let startLine: string | null = null;
	let status: number | null = null;
	let reason: string | null = null;
	let method: string | null = null;
	let requestUri: string | null = null;
	const head = (lines[0] ?? '').trim();
	const s = statusLine.exec(head);
	const words = head.split(' ').filter(Boolean);
	if (s) {
		startLine = head;
		status = Number(s[1]);
		reason = head.slice(s[0].length).trim() || null;
		first = 1;
	} else if (words.length === 3 && words[2] === 'SIP/2.0' && methodToken.test(words[0]!)) {
		startLine = head;
		method = words[0]!;
		requestUri = words[1]!;
		first = 1;
	} else if (/^SIP\//i.test(head)) {
		problems.push(
			`"${head.slice(0, 80)}" is neither a Status-Line nor a Request-Line (RFC 3420 §2)`,
		);
		first = 1;
	}
	const headers: [string, string][] = [];
	for (let i = first; i < lines.length; i++) {
		const line = lines[i]!;
		if (line === '') break; // the fragment's own body follows
		if (/^[ \t]/.test(line) && headers.length) {
			const last = headers[headers.length - 1]!;
			last[1] = `${last[1]} ${line.trim()}`;
			continue;
		}
		const colon = line.indexOf(':');
		const name = colon < 0 ? '' : line.slice(0, colon).trim();
		if (headerName.test(name)) headers.push([name, line.slice(colon + 1).trim()]);
		else problems.push(`"${line.slice(0, 80)}" is not a header field (RFC 3420 §2)`);
	}
	return {
		fragment: { startLine, status, reason, method, requestUri, headers },
		problems,
	};
}
