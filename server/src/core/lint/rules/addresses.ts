import type { Problem, SipMessage, Span, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';
import { textOf } from '../../parser/joins';
import { isJsWhiteSpace } from '../../text/whiteSpace';

/** Date in GMT, and the name-addr / addr-spec rules of RFC 3261 §20.10 and §25.1 met in the wild. */
export function checkAddresses(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	for (let i = 0; i < m.headerCount; i++) {
		const key = m.headerKey(i);
		if (key !== 'date' && key !== 'contact' && key !== 'from' && key !== 'to') continue;
		const h = m.headerField(i);
		// Read over a TCP segment boundary that cut the line (tcpdump), if one did.
		const value = textOf(analysis.text, m.frame, h.value.start, h.value.end);
		if (key === 'date' && !/GMT\s*$/.test(value)) {
			out.push(
				lintProblem(
					'header.bad-date',
					h.value,
					'Date must be an RFC 1123 date in GMT (RFC 3261 §20.17).',
				),
			);
		}
		if (key !== 'date') checkAddress(value, h.value, out);
	}
}

function checkAddress(value: string, span: Span, out: Problem[]): void {
	const lt = value.indexOf('<');
	if (lt < 0) {
		// addr-spec: a URI with headers ("?") must be written as <name-addr>.
		if (/^[^;]*\?/.test(value))
			out.push(
				lintProblem(
					'header.addr-spec-needs-brackets',
					span,
					'A URI with headers ("?") must be enclosed in <> (RFC 3261 §20.10).',
				),
			);
		return;
	}
	// Most values start with `<` or a quoted name: no copy of the display name is made for them.
	const display = lt === 0 || value.charCodeAt(0) === 34 ? '' : value.slice(0, lt).trim();
	if (display && !display.startsWith('"') && /[,;:?@<>"]/.test(display)) {
		out.push(
			lintProblem(
				'header.unquoted-display-name',
				span,
				`The display name ${display} has special characters and must be quoted (RFC 3261 §25.1).`,
			),
		);
	}
	const gt = value.indexOf('>', lt);
	if (
		gt > lt + 1 &&
		(isJsWhiteSpace(value.charCodeAt(lt + 1)) || isJsWhiteSpace(value.charCodeAt(gt - 1)))
	) {
		out.push(
			lintProblem(
				'header.space-in-brackets',
				span,
				'No white space is allowed inside <> around a URI (RFC 3261 §25.1).',
			),
		);
	}
}
