import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';
import { digestChallenge, digestCredentials, type DigestEntry } from './digestHeaders';

/*
 * A 401 or 407 to a request that already carried credentials for the realm it challenges, and
 * without `stale=true`: "If stale is FALSE, or anything other than TRUE, or the stale directive
 * is not present, the username and/or password are invalid" (RFC 2617 §3.2.1). Said where the
 * credentials answered a nonce that cannot have aged (the one just given, or the one given
 * again): refused for themselves, and sent again unchanged they fail again. What a support
 * engineer looks for first in a registration that never succeeds.
 */

/** Says a challenge that refuses the credentials of the request it answers. */
export function checkRefusedCredentials(
	analysis: TraceAnalysis,
	m: SipMessage,
	out: Problem[],
): void {
	if (m.kind !== 'response' || (m.status !== 401 && m.status !== 407) || m.cutShort) return;
	const asked = analysis.index.requestOf(m.index);
	if (asked === null || analysis.index.originalOf(m.index) !== null) return;
	const request = analysis.messages[asked]!;
	const proxy = m.status === 407;
	const challenge = proxy ? 'proxy-authenticate' : 'www-authenticate';
	const previous = analysis.index.challengeOf(asked);
	for (const given of digestCredentials(
		analysis,
		request,
		proxy ? 'proxy-authorization' : 'authorization',
	))
		checkRefused(analysis, m, request, given, challenge, previous, out);
}

/** One realm's credentials of `request` against the challenge `m`. */
function checkRefused(
	analysis: TraceAnalysis,
	m: SipMessage,
	request: SipMessage,
	given: DigestEntry,
	challenge: string,
	previous: number | null,
	out: Problem[],
): void {
	// Credentials without a computed response (an IMS REGISTER's first, TS 24.229 §5.1.1.2.1,
	// with an empty nonce and response) ask for the challenge: none was refused.
	const realm = given.params.get('realm');
	if (!realm || !given.params.get('response') || !given.params.get('nonce')) return;
	const again = digestChallenge(analysis, m, challenge, realm);
	if (!again || again.get('stale')?.toLowerCase() === 'true') return;
	// Only credentials made for a nonce still good: the one this challenge gives again, or the
	// one of the challenge the request answers. A UA that reuses an older nonce (a REGISTER
	// refresh) may be challenged for it by a server that forgets `stale=true`.
	const nonce = given.params.get('nonce');
	const answered =
		previous === null
			? null
			: digestChallenge(analysis, analysis.messages[previous]!, challenge, realm)?.get('nonce');
	if (again.get('nonce') !== nonce && answered !== nonce) return;
	const user = given.params.get('username');
	out.push({
		...lintProblem(
			'auth.credentials-refused',
			m.startLine,
			`The ${request.method ?? 'request'} carried credentials for realm "${realm}"${user ? ` (username "${user}")` : ''} and this ${m.status} challenges them again without stale=true: the server refused them, and says the username or password is wrong (RFC 2617 §3.2.1); sent again unchanged, they fail again.`,
		),
		related: [{ span: given.span, message: `The credentials it refused` }],
	});
}
