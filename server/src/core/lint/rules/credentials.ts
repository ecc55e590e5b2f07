import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';
import { readDigestParams } from '../../parser/digestParams';
import { indexWithin } from '../../text/search';
import { valueOf } from './addresses';

/**
 * Authorization / Proxy-Authorization (RFC 3261 §25.1): `credentials = ("Digest" LWS
 * digest-response) / other-response`, a scheme and then its parameters; Digest's response needs
 * username, realm, nonce, uri and response (RFC 2617 §3.2.2, which §22.4 takes over). A value
 * that is no such thing (a bare token, `Digest` alone) is refused by the server as malformed,
 * not challenged again: the retry the user is waiting for never comes.
 */
export function checkCredentials(
	analysis: TraceAnalysis,
	m: SipMessage,
	position: number,
	out: Problem[],
): void {
	const { text, from, to, start, end } = valueOf(analysis, m, position);
	const value = text.slice(from, Math.min(to, from + 4000)).trim();
	// An example's writer's `...`, a poster's mask: nothing to judge.
	if (value === '' || /^(?:\.{3}|…|[xX*#]{2,}|<[^<>]{1,40}>|\[[^[\]]{1,40}\])$/.test(value)) return;
	const name = m.headerKey(position) === 'authorization' ? 'Authorization' : 'Proxy-Authorization';
	const scheme = /^([A-Za-z][\w.!%*+`'~-]*)[ \t]+\S/.exec(value);
	if (!scheme) {
		out.push(
			lintProblem(
				'header.bad-credentials',
				{ start, end },
				`${name} must be an auth scheme and its parameters (\`Digest username="...", ...\`): "${value.length > 40 ? `${value.slice(0, 40)}…` : value}" is not (RFC 3261 §25.1).`,
			),
		);
		return;
	}
	if (scheme[1]!.toLowerCase() !== 'digest') return;
	// Elided parameters (`Digest username="alice", ...`) may be among those left out; a value a
	// copy wrapped may have a name cut in two (`resp` / `onse=`): not judged.
	if (value.includes('...') || value.includes('…')) return;
	const lineBreak = analysis.text.indexOf('\n', start);
	if (
		lineBreak >= 0 &&
		(lineBreak < end ||
			(!nextRowOnLine(analysis.text, m, position, lineBreak + 1) &&
				!endsHeaders(m, end) &&
				wrapsOn(analysis.text, lineBreak + 1)))
	)
		return;
	const params = readDigestParams(value, 6);
	// With qop, the digest is computed over cnonce and nc too: the server cannot check it without.
	const needed = params.has('qop') ? [...digestParams, 'cnonce', 'nc'] : digestParams;
	const missing = needed.filter((p) => !params.has(p));
	if (missing.length > 0) {
		out.push(
			lintProblem(
				'header.bad-credentials',
				{ start, end },
				`${name}'s Digest response lacks ${missing.join(', ')}: the server needs each to check it (RFC 2617 §3.2.2, RFC 3261 §22.4).`,
			),
		);
		return;
	}
	const fault = digestValueFault(params);
	if (fault !== null)
		out.push(lintProblem('header.bad-credentials', { start, end }, `${name}'s ${fault}`));
}

/**
 * The response is the hex of the algorithm's hash (`request-digest = <"> 32LHEX <">`, RFC 2617
 * §3.2.2; 64 digits for SHA-256 and SHA-512/256, RFC 7616 §3.4.1), nc eight hex digits: a
 * response of another length never matches the server's own (a hash printed without its leading
 * zeros). Only digits are judged: a poster's mask (`xxxx`, `[redacted]`) or an empty response (an
 * IMS REGISTER's first, TS 24.229 §5.1.1.2) is no computed value.
 */
function digestValueFault(params: ReadonlyMap<string, string>): string | null {
	// `uri=""`: digest-uri is the Request-URI in quotes (RFC 3261 §25.1), which is never empty;
	// the response is computed over it, and the server checks it against the Request-URI (RFC
	// 2617 §3.2.2.5): a Cisco phone's NOTIFY credentials.
	if (params.get('uri')?.trim() === '')
		return 'Digest uri is empty: it is the Request-URI the response was computed over (RFC 3261 §25.1 digest-uri, RFC 2617 §3.2.2.5), and a server that checks it against the Request-URI refuses the credentials.';
	const response = params.get('response')!;
	const length = hashDigits(params.get('algorithm'));
	if (length !== null && response.length > 0 && response.length !== length && isHex(response))
		return `Digest response has ${response.length} hex digits, not the ${length} of its algorithm's hash: the server's digest never matches it (RFC 2617 §3.2.2, RFC 7616 §3.4.1).`;
	const nc = params.get('nc');
	if (nc !== undefined && nc.length !== 8 && isHex(nc))
		return `Digest nc is "${nc}", not eight hex digits (RFC 2617 §3.2.2: nc-value = 8LHEX).`;
	return null;
}

/** Hex digits of the algorithm's hash; null for an algorithm this does not know. */
function hashDigits(algorithm: string | undefined): number | null {
	const name = (algorithm ?? 'MD5').toUpperCase().replace(/-SESS$/, '');
	if (name === 'MD5' || name === 'AKAV1-MD5' || name === 'AKAV2-MD5') return 32;
	if (name === 'SHA-256' || name === 'SHA-512-256') return 64;
	return null;
}

function isHex(value: string): boolean {
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i) | 32;
		if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
	}
	return value.length > 0;
}

/**
 * Does the message's next header start on the line at `next`? Then nothing wraps onto it, whatever
 * prefix a log or a mail quote (`> `) puts before the name.
 */
function nextRowOnLine(text: string, m: SipMessage, position: number, next: number): boolean {
	if (position + 1 >= m.headerCount) return false;
	// A header this knows by name: a wrapped value's rest (`1:15360",nonce=...`, `sip:a@b",...`)
	// may read as a header of some other name.
	if (m.headerCode(position + 1) < 0) return false;
	const at = m.headerValueStart(position + 1);
	return at >= next && indexWithin(text, '\n', next, at) < 0;
}

/**
 * Is the line that ends at `end` the last of the message's headers, as its format's framing
 * read them (the empty line, or nothing, next)? Then the text's next line is none of its own,
 * however it reads: ngrep's `.` for the empty line's CR, tshark's decoded fields under it.
 */
function endsHeaders(m: SipMessage, end: number): boolean {
	const lines = m.frame.lines;
	if (!lines) return false;
	for (let k = 0; k < lines.length; k += 2) {
		if (lines[k]! > end || lines[k + 1]! < end) continue;
		return k + 2 >= lines.length || lines[k + 2] === lines[k + 3];
	}
	return false;
}

/** Does the line at `next` go on the header above (no header's name, not empty)? */
function wrapsOn(text: string, next: number): boolean {
	const line = text.slice(next, next + 80);
	return !/^\r?$/.test(line.split('\n', 1)[0]!) && !headerName.test(line);
}
const headerName = /^[A-Za-z][\w.!%*+`'~-]{0,60}[ \t]{0,8}:/;

const digestParams = ['username', 'realm', 'nonce', 'uri', 'response'];
