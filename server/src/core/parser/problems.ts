import type { Problem, Severity, Span } from '../model';

/** Parse-level problem codes: default severity and the RFC section that defines the rule. */
const codes: Readonly<Record<string, readonly [Severity, string, string]>> = {
	'message.malformed-start-line': ['error', '3261', '7.1'],
	'message.bad-version': ['error', '3261', '7.1'],
	'message.bad-request-uri': ['error', '3261', '19.1.1'],
	'message.bad-status-code': ['error', '3261', '7.2'],
	'message.truncated': ['warning', '3261', '18.3'],
	'message.not-sent': ['warning', '3261', '18.4'],
	'message.double-spaced': ['warning', '3261', '7'],
	'message.stray-empty-line': ['warning', '3261', '7'],
	'message.missing-empty-line': ['warning', '3261', '7'],
	'message.no-break-space': ['warning', '3261', '25.1'],
	'message.elided': ['information', '3261', '7'],
	'message.flattened': ['warning', '3261', '7'],
	'header.malformed': ['error', '3261', '7.3.1'],
	'header.wrapped': ['warning', '3261', '7.3.1'],
	'body.wrapped': ['warning', '3261', '20.14'],
	'header.bad-cseq': ['error', '3261', '20.16'],
	'header.bad-via': ['error', '3261', '20.42'],
	'header.joined': ['warning', '3261', '7.3.1'],
	'header.bad-name-addr': ['error', '3261', '20.20'],
	'header.bad-content-length': ['error', '3261', '20.14'],
	'content-length.mismatch': ['error', '3261', '18.3'],
	'content-length.missing-with-body': ['information', '3261', '20.14'],
	'content-length.missing-on-stream': ['warning', '3261', '18.3'],
	// Which NOTIFY carried which PUBLISH (RFC 3903 §4) needs the order of both.
	'trace.streams-apart': ['information', '3903', '4'],
};

export function problem(code: string, span: Span, message: string, severity?: Severity): Problem {
	const [defaultSeverity, rfc, section] = codes[code] ?? ['error', '3261', ''];
	return {
		code,
		severity: severity ?? defaultSeverity,
		span,
		message,
		rfc: {
			label: `RFC ${rfc}${section ? ` §${section}` : ''}`,
			url: `https://www.rfc-editor.org/rfc/rfc${rfc}${section ? `#section-${section}` : ''}`,
		},
	};
}
