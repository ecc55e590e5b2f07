import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';
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
	if (lineBreak >= 0 && (lineBreak < end || wrapsOn(analysis.text, lineBreak + 1))) return;
	const named = new Set<string>();
	for (const m of value.slice(6).matchAll(digestParam)) named.add(m[1]!.toLowerCase());
	const missing = digestParams.filter((p) => !named.has(p));
	if (missing.length === 0) return;
	out.push(
		lintProblem(
			'header.bad-credentials',
			{ start, end },
			`${name}'s Digest response lacks ${missing.join(', ')}: the server needs each to check it (RFC 2617 §3.2.2, RFC 3261 §22.4).`,
		),
	);
}

/** Does the line at `next` go on the header above (no header's name, not empty)? */
function wrapsOn(text: string, next: number): boolean {
	const line = text.slice(next, next + 80);
	return !/^\r?$/.test(line.split('\n', 1)[0]!) && !headerName.test(line);
}
const headerName = /^[A-Za-z][\w.!%*+`'~-]{0,60}[ \t]{0,8}:/;

const digestParams = ['username', 'realm', 'nonce', 'uri', 'response'];
const digestParam = /(?:^|[\s,])(username|realm|nonce|uri|response)[ \t]{0,8}=/gi;
