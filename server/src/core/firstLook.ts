import { analyzeTrace } from './analyze';
import { detectFormat, formatEvidenceEnd } from './framing/detect';
import type { AnalyzeOptions, Problem, Span, TraceAnalysis } from './model';

/** How much of a large trace the first look reads: a few hundred messages, enough for the
 * first screens, read in a fraction of a second even before the code is warm. */
export const firstLookChars = 200_000;

/**
 * Problems a message's own text decides: its start line, its headers, its body against its own
 * Content-Type and Content-Length. Reading more of the trace cannot change them. Left out: what
 * compares messages (a NOTIFY with no SUBSCRIBE, a response without its request or with another
 * Via, versions of a subscription, ACKs, Replaces, entity-tags, TCP segments found elsewhere),
 * which the rest of the trace can make or unmake.
 */
const ownTextCodes: ReadonlySet<string> = new Set([
	'message.malformed-start-line',
	'message.bad-request-uri',
	'message.bad-status-code',
	'message.bad-version',
	'message.double-spaced',
	'message.stray-empty-line',
	'message.missing-empty-line',
	'message.no-break-space',
	'message.truncated',
	'message.not-sent',
	'message.elided',
	'header.malformed',
	'header.wrapped',
	'body.wrapped',
	'header.bad-content-length',
	'header.bad-cseq',
	'header.bad-name-addr',
	'header.bad-via',
	// Not a missing Via or Call-ID: a response further on may show the copy left them out
	// (lint/rules/answeredHeaders.ts).
	'header.missing-from',
	'header.missing-to',
	'header.missing-cseq',
	'header.missing-max-forwards',
	'header.missing-contact',
	'notify.missing-contact',
	'header.missing-refer-to',
	'header.bad-refer-to',
	'to.empty-tag',
	'header.bad-max-forwards',
	'header.bad-option-tag',
	'via.empty-received',
	'via.bad-received',
	'header.duplicate',
	'header.bad-date',
	'header.bad-call-id',
	'header.asserted-identity-count',
	'header.bad-asserted-identity',
	'contact.bad-wildcard',
	'contact.transport-outside-uri',
	'route.param-outside-uri',
	'route.unspecified-address',
	'via.bad-sent-by',
	'contact.no-uri',
	'header.bad-content-type',
	'contact.not-sips',
	'contact.unspecified-address',
	'message.bare-lf',
	'contact.name-without-brackets',
	'contact.not-one-sip-uri',
	'422.missing-min-se',
	'session-expires.too-small',
	'session-expires.bad-value',
	'rseq.bad-value',
	'session-expires.uac-refresher-without-require',
	'header.route-needs-brackets',
	'header.bad-route',
	'header.addr-spec-needs-brackets',
	'header.unquoted-display-name',
	'header.space-in-brackets',
	'header.text-after-uri',
	'header.bad-credentials',
	'header.empty-route',
	'uri.transport-wss',
	'uri.duplicate-parameter',
	'uri.empty-parameter',
	'register.uri-has-user',
	'register.2xx-contact-without-expires',
	'uri.bad-host',
	'uri.unbracketed-ipv6',
	'uri.bad-user',
	'response.bad-reason',
	'uri.password',
	'content-length.mismatch',
	'content-length.missing-with-body',
	'content-length.missing-on-stream',
	'cseq.method-mismatch',
	'body.missing-content-type',
	'body.invalid',
	'body.bad-message-summary',
	'body.invalid-reginfo',
	'body.invalid-watcherinfo',
	'body.invalid-dialog-info',
	'pidf.entity-not-presentity',
	'from.missing-tag',
	'via.branch-without-cookie',
	'via.unbracketed-ipv6',
	'via.transport-mismatch',
	'event.missing',
	'notify.missing-subscription-state',
	'notify.missing-expires',
	'notify.bad-expires',
	'notify.terminated-without-reason',
	'publish.no-body-no-if-match',
	'publish.2xx-missing-etag',
	'publish.2xx-missing-expires',
	'subscribe.2xx-missing-expires',
	'subscribe.202-accepted',
	'to.missing-tag-in-2xx',
	'to.missing-tag',
	'expires.not-a-number',
	'423.missing-min-expires',
	'401.missing-www-authenticate',
	'407.missing-proxy-authenticate',
	'replaces.missing-tag',
	'replaces.own-dialog',
]);

/** What the first look found: its problems, all of which the whole analysis reports too. */
export interface FirstLook {
	/** The analysis of the beginning alone (its offsets are the trace's). */
	readonly analysis: TraceAnalysis;
	readonly problems: readonly Problem[];
	/** Where the part whose problems are given ends. */
	readonly end: number;
}

/**
 * A first look at a large trace: its beginning analysed alone, and of what that finds only the
 * problems the whole analysis will report too. A user who opens a trace of a million lines sees
 * the faults of what is on screen at once, and the rest when the whole trace is read.
 *
 * Null where there is nothing to gain (the trace is not much longer than the look), and for
 * tcpdump output, where a message's TCP segments may stand far apart.
 */
export function firstLook(
	text: string,
	options: AnalyzeOptions = {},
	chars = firstLookChars,
): FirstLook | null {
	if (text.length <= 2 * chars) return null;
	const format = options.format ?? detectFormat(text);
	if (format === 'tcpdump') return null;
	// Past the evidence for the format, so that the beginning is framed as the whole would be.
	const nl = text.indexOf('\n', Math.max(chars, formatEvidenceEnd(text)));
	if (nl < 0 || nl + 1 >= text.length) return null;
	const analysis = analyzeTrace(text.slice(0, nl + 1), { format });
	// The cut may shorten the last message, and its problems with it. A message whose
	// Content-Length would reach past the cut may, in the whole, take the text after it as body
	// (up to two characters an octet, where the log turned line ends into CRLF).
	const last = analysis.frames[analysis.frames.length - 1];
	if (!last) return null;
	let end = last.span.start;
	for (const m of analysis.messages) {
		const frame = analysis.frames[m.index]!;
		if (m.contentLength && (m.body?.start ?? frame.span.end) + 2 * m.contentLength > nl) {
			end = Math.min(end, frame.span.start);
			break;
		}
	}
	const inside = (span: Span): boolean => span.end <= end;
	const problems = analysis.problems.filter(
		(p) =>
			ownTextCodes.has(p.code) && inside(p.span) && (p.related ?? []).every((r) => inside(r.span)),
	);
	return { analysis, problems, end };
}
