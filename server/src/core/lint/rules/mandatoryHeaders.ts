import { singleValued } from '../../parser/headerNames';
import type { Problem, SipMessage } from '../../model';
import { lintProblem, type LintCode } from '../codes';

const requestMandatory: readonly [string, LintCode][] = [
	['via', 'header.missing-via'],
	['from', 'header.missing-from'],
	['to', 'header.missing-to'],
	['call-id', 'header.missing-call-id'],
	['cseq', 'header.missing-cseq'],
	['max-forwards', 'header.missing-max-forwards'],
];
const names: Readonly<Record<string, string>> = {
	via: 'Via',
	from: 'From',
	to: 'To',
	'call-id': 'Call-ID',
	cseq: 'CSeq',
	'max-forwards': 'Max-Forwards',
};

// One bit per header this rule looks at: one pass over a message's headers finds both the
// missing and the repeated ones, with no set or search per message.
const bitOf = new Map<string, number>();
for (const key of [...requestMandatory.map(([k]) => k), ...singleValued])
	if (!bitOf.has(key)) bitOf.set(key, 1 << bitOf.size);
const singleMask = [...singleValued].reduce((mask, key) => mask | bitOf.get(key)!, 0);
/** The bit of each header of {@link requestMandatory}, in its order. */
const requiredBits = requestMandatory.map(([key]) => bitOf.get(key)!);

/** RFC 3261 §8.1.1: the headers every request needs; §8.2.6.2 / §20: those every response needs. */
export function checkMandatoryHeaders(m: SipMessage, out: Problem[]): void {
	if (m.kind === 'invalid') return;
	let present = 0;
	for (let i = 0; i < m.headerCount; i++) {
		const key = m.headerKey(i);
		const bit = bitOf.get(key);
		if (bit === undefined) continue;
		if (present & bit & singleMask)
			out.push(
				lintProblem(
					'header.duplicate',
					m.headerField(i).name,
					`${names[key] ?? key} may appear only once.`,
				),
			);
		present |= bit;
	}
	// tshark's text keeps every header, but skips none: the check applies to all formats.
	const required = m.kind === 'request' ? requestMandatory.length : 5;
	for (let r = 0; r < required; r++) {
		if (present & requiredBits[r]!) continue;
		const [key, code] = requestMandatory[r]!;
		out.push(
			lintProblem(
				code,
				m.startLine,
				`${m.kind === 'request' ? 'Request' : 'Response'} without ${names[key]}.`,
			),
		);
	}
}
