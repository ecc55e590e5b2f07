import { findHeader } from '../../query';
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

/** RFC 3261 §8.1.1: the headers every request needs; §8.2.6.2 / §20: those every response needs. */
export function checkMandatoryHeaders(m: SipMessage, out: Problem[]): void {
	if (m.kind === 'invalid') return;
	// tshark's text keeps every header, but skips none: the check applies to all formats.
	const required = m.kind === 'request' ? requestMandatory : requestMandatory.slice(0, 5);
	for (const [key, code] of required) {
		if (!findHeader(m, key))
			out.push(
				lintProblem(
					code,
					m.startLine,
					`${m.kind === 'request' ? 'Request' : 'Response'} without ${names[key]}.`,
				),
			);
	}
	const seen = new Set<string>();
	for (const h of m.headers) {
		if (!singleValued.has(h.key)) continue;
		if (seen.has(h.key))
			out.push(
				lintProblem('header.duplicate', h.name, `${names[h.key] ?? h.key} may appear only once.`),
			);
		seen.add(h.key);
	}
}
