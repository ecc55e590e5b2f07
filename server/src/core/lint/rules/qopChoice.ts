import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';
import { digestChallenge, digestCredentials, type DigestEntry } from './digestHeaders';

/*
 * The qop a request re-sent with credentials applied "MUST be one of the alternatives the server
 * indicated it supports" in the challenge it answers (RFC 2617 §3.2.2): the server computes the
 * digest the way its own offer says, so a qop it did not offer (none at all, or a client's
 * `qop="undefined"`) makes a response it cannot check, and the request is challenged again.
 */

/** Says credentials whose qop the challenge they answer did not offer. */
export function checkQopChoice(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.kind !== 'request') return;
	const challenged = analysis.index.challengeOf(m.index);
	if (challenged === null) return;
	const c = analysis.messages[challenged]!;
	const proxy = c.status === 407;
	const key = proxy ? 'proxy-authenticate' : 'www-authenticate';
	// Of the credentials, those for the realm the challenge named (one per proxy that challenged).
	let given: DigestEntry | undefined;
	let offer: Map<string, string> | null = null;
	for (const entry of digestCredentials(
		analysis,
		m,
		proxy ? 'proxy-authorization' : 'authorization',
	)) {
		const realm = entry.params.get('realm');
		offer = realm ? digestChallenge(analysis, c, key, realm) : null;
		if (offer) {
			given = entry;
			break;
		}
	}
	const qop = given?.params.get('qop');
	if (!given || !offer || qop === undefined) return;
	const offered = offer.get('qop');
	// A source file's escaped quotes (`qop=\\"auth\\"`) are no part of the options.
	const bare = (v: string) => v.replace(/[\\"]/g, '').trim().toLowerCase();
	const options = offered === undefined ? [] : offered.split(',').map(bare);
	if (options.includes(bare(qop))) return;
	out.push({
		...lintProblem(
			'auth.qop-not-offered',
			given.span,
			options.length === 0
				? `These credentials carry qop=${qop}, and the ${c.status} they answer offered no qop: the server computes the digest without one, so it cannot check this response (RFC 2617 §3.2.2: the qop must be one the challenge offered).`
				: `These credentials carry qop=${qop}, and the ${c.status} they answer offered ${options.join(', ')}: the server cannot check a response computed for another (RFC 2617 §3.2.2: the qop must be one the challenge offered).`,
		),
		related: [{ span: c.startLine, message: `the ${c.status} it answers` }],
	});
}
