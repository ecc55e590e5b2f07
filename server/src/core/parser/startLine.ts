import type { Problem, SipMessage, Span } from '../model';
import { isTokenChar } from './headerNames';
import { methodAt } from './methods';
import { problem } from './problems';
import { parseUri } from './uri';

type StartLine = Pick<
	SipMessage,
	'kind' | 'method' | 'requestUri' | 'requestUriSpan' | 'status' | 'reason'
>;

const invalid: StartLine = {
	kind: 'invalid',
	method: null,
	requestUri: null,
	requestUriSpan: null,
	status: null,
	reason: null,
};

/**
 * Request-Line `Method SP Request-URI SP SIP-Version` or Status-Line `SIP-Version SP Status-Code
 * SP Reason-Phrase` (RFC 3261 §7.1, §7.2). Single spaces are required; extra white space is
 * reported but tolerated, so a sloppy log line still yields a usable message. A line the trace
 * printed cut short (`cut`, tshark's `[truncated]`) may end inside its Request-URI: a request is
 * its method and the Request-URI as far as printed.
 */
export function parseStartLine(
	text: string,
	span: Span,
	problems: Problem[],
	cut = false,
): StartLine {
	const line = text.slice(span.start, span.end);
	if (/^SIP\/\S*\s/i.test(line)) {
		const m = /^(SIP\/\S+)\s+(\d+)(?:\s(.*))?$/i.exec(line);
		if (!m || m[2]!.length !== 3) {
			problems.push(
				problem(
					'message.malformed-start-line',
					span,
					'Status-Line must be "SIP/2.0 SP 3-digit code SP reason" (RFC 3261 §7.2).',
				),
			);
			return invalid;
		}
		checkVersion(m[1]!, span.start, problems);
		const status = Number(m[2]);
		if (status < 100 || status > 699)
			problems.push(
				problem(
					'message.bad-status-code',
					span,
					`Status code ${status} is outside 100-699 (RFC 3261 §7.2).`,
				),
			);
		return {
			kind: 'response',
			method: null,
			requestUri: null,
			requestUriSpan: null,
			status,
			reason: m[3]?.trim() ?? '',
		};
	}
	let i = 0;
	while (i < line.length && isTokenChar(line.charCodeAt(i))) i++;
	const method = methodAt(line, 0, i);
	const rest = line.slice(i);
	const whole = /^(\s+)(\S+)(\s+)(\S+)(\s*)$/.exec(rest);
	// Cut inside the Request-URI or after it: no version printed.
	const m = whole ?? (cut ? /^( {1,20})(\S{1,400})( {0,20})()()$/.exec(rest) : null);
	if (!method || !m) {
		problems.push(
			problem(
				'message.malformed-start-line',
				span,
				'Request-Line must be "Method SP Request-URI SP SIP/2.0" (RFC 3261 §7.1).',
			),
		);
		return invalid;
	}
	if (m[1] !== ' ' || (whole && (m[3] !== ' ' || m[5]))) {
		problems.push(
			problem(
				'message.malformed-start-line',
				span,
				'Request-Line elements must be separated by single spaces (RFC 3261 §7.1).',
				'warning',
			),
		);
	}
	const uriStart = span.start + i + m[1]!.length;
	const uri = m[2]!;
	const uriSpan = { start: uriStart, end: uriStart + uri.length };
	const parsed = parseUri(uri);
	if (parsed?.headers != null)
		problems.push(
			problem(
				'message.bad-request-uri',
				uriSpan,
				'A Request-URI may not carry URI headers (RFC 3261 §19.1.5).',
				'warning',
			),
		);
	if (!parsed)
		problems.push(
			problem(
				'message.bad-request-uri',
				uriSpan,
				`"${uri.slice(0, 80)}" is not a valid Request-URI (RFC 3261 §19.1.1).`,
			),
		);
	if (!cut) checkVersion(m[4]!, uriSpan.end + m[3]!.length, problems);
	return {
		kind: 'request',
		method,
		requestUri: uri,
		requestUriSpan: uriSpan,
		status: null,
		reason: null,
	};
}

function checkVersion(version: string, at: number, problems: Problem[]): void {
	if (version.toUpperCase() !== 'SIP/2.0') {
		problems.push(
			problem(
				'message.bad-version',
				{ start: at, end: at + version.length },
				`SIP-Version "${version}" is not SIP/2.0 (RFC 3261 §7.1).`,
			),
		);
	}
}
