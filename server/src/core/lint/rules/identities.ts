import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { splitValues } from '../../parser/split';
import { lintProblem } from '../codes';
import { valueOf } from './addresses';
import { schemeOf } from './addressScheme';
import { parseNameAddr } from '../../parser/nameAddr';
import { placeholderUri } from '../../parser/uriPlaceholder';

/** An identity's kind: 1 a sip or sips URI, 2 a tel URI, 0 another scheme or none read. */
function kindOf(text: string, start: number, end: number): number {
	const scheme = schemeOf(text, start, end);
	return scheme === 'sip' ? 1 : scheme === 'tel' ? 2 : 0;
}

/**
 * P-Asserted-Identity and P-Preferred-Identity name one identity, or two: one a sip or sips
 * URI, the other a tel URI (RFC 3325 §9.1, §9.2). Their values are counted over every row of the
 * header, once, at its first row; rows past `judged` (cut by the trace) are not.
 */
export function checkIdentities(
	analysis: TraceAnalysis,
	m: SipMessage,
	position: number,
	judged: number,
	out: Problem[],
): void {
	const code = m.headerCode(position);
	for (let i = 0; i < position; i++) if (m.headerCode(i) === code) return;
	let count = 0;
	let sip = 0;
	let tel = 0;
	let rows = 0;
	// The first line whose identity is no name-addr or addr-spec (an unclosed quote).
	let malformedAt = -1;
	let end = m.headerValueEnd(position);
	for (let i = position; i < judged; i++) {
		if (m.headerCode(i) !== code) continue;
		end = m.headerValueEnd(i);
		rows++;
		const value = valueOf(analysis, m, i);
		for (const [from, to] of splitValues(value.text, value.from, value.to)) {
			// `...`: an example's writer left the value out.
			if (value.text.startsWith('...', from) || value.text.startsWith('…', from)) return;
			count++;
			if (
				malformedAt < 0 &&
				parseNameAddr(value.text, from, to) === null &&
				!placeholderUri(value.text, from, to)
			)
				malformedAt = i;
			const kind = kindOf(value.text, from, to);
			if (kind === 1) sip++;
			else if (kind === 2) tel++;
		}
	}
	const name = m.headerField(position).name;
	const header = analysis.text.slice(name.start, name.end);
	if (malformedAt >= 0)
		out.push(
			lintProblem(
				'header.bad-asserted-identity',
				{ start: m.headerValueStart(malformedAt), end: m.headerValueEnd(malformedAt) },
				`${header} is not a name-addr or addr-spec (RFC 3325 §9.1, RFC 3261 §25.1).`,
			),
		);
	if (count <= 1 || (count === 2 && sip === 1 && tel === 1)) return;
	const what =
		count > 2
			? `${count} identities`
			: sip === 2
				? 'two SIP URIs'
				: tel === 2
					? 'two tel URIs'
					: 'two identities that are not one SIP or SIPS URI and one tel URI';
	out.push(
		lintProblem(
			'header.asserted-identity-count',
			{ start: m.headerValueStart(position), end },
			`${header} names ${what}${rows > 1 ? ` over ${rows} header lines` : ''}: it holds one identity, or two where one is a SIP or SIPS URI and the other a tel URI (RFC 3325 §9.1, §9.2).`,
		),
	);
}
