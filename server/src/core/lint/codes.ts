import type { Problem, Severity, Span } from '../model';

/**
 * Lint codes: a stable dotted id, its default severity and the RFC section that states the rule.
 * Users may change a severity or turn a code off with `sipTrace.rules`.
 */
export const lintCodes = {
	'header.missing-via': ['error', '3261', '8.1.1.7', 'A request or response without Via'],
	'header.missing-from': ['error', '3261', '8.1.1.3', 'A message without From'],
	'header.missing-to': ['error', '3261', '8.1.1.2', 'A message without To'],
	'header.missing-call-id': ['error', '3261', '8.1.1.4', 'A message without Call-ID'],
	'header.missing-cseq': ['error', '3261', '8.1.1.5', 'A message without CSeq'],
	'header.missing-max-forwards': ['warning', '3261', '8.1.1.6', 'A request without Max-Forwards'],
	'header.missing-contact': [
		'information',
		'3261',
		'8.1.1.8',
		'An INVITE, SUBSCRIBE or REFER outside a dialog without Contact',
	],
	'header.duplicate': ['error', '3261', '7.3.1', 'A single-valued header appears more than once'],
	'cseq.not-increasing': [
		'warning',
		'3261',
		'12.2.1.1',
		"A request in a dialog whose CSeq is not above that of its side's previous request",
	],
	'cseq.method-mismatch': [
		'error',
		'3261',
		'8.1.1.5',
		'The CSeq method differs from the request method',
	],
	'body.missing-content-type': ['warning', '3261', '20.15', 'A body without Content-Type'],
	'body.invalid': ['error', '3863', '4.1', 'A body that does not parse as its Content-Type says'],
	'body.bad-message-summary': [
		'warning',
		'3842',
		'5.2',
		'A message-summary body (message waiting) that does not follow its grammar',
	],
	'body.invalid-reginfo': [
		'error',
		'3680',
		'5.1',
		'A reginfo body that is not well-formed or not a registration document',
	],
	'body.invalid-watcherinfo': [
		'error',
		'3858',
		'4',
		'A watcherinfo body that is not well-formed or does not follow its schema',
	],
	'body.invalid-dialog-info': [
		'error',
		'4235',
		'4.1',
		'A dialog-info body that is not well-formed or does not follow its schema',
	],
	'reginfo.version-not-increasing': [
		'warning',
		'3680',
		'5.2',
		'A reginfo version not above the previous one of its subscription',
	],
	'reginfo.version-gap': [
		'information',
		'3680',
		'5.2',
		'A partial reginfo whose version skips some: a NOTIFY lost or not in the trace',
	],
	'from.missing-tag': ['error', '3261', '8.1.1.3', 'A request whose From has no tag'],
	'to.missing-tag': ['warning', '3261', '8.2.6.2', 'A response other than 100 without a To tag'],
	'to.missing-tag-in-2xx': [
		'error',
		'3261',
		'12.1.1',
		'A 2xx to a dialog-creating request without a To tag',
	],
	'via.empty-branch': ['error', '3261', '25.1', 'A Via branch parameter without a value'],
	'via.branch-reused': [
		'warning',
		'3261',
		'8.1.1.7',
		'A request that reuses the Via branch of an earlier request under another CSeq',
	],
	'via.unbracketed-ipv6': [
		'error',
		'5954',
		'4.1',
		'A Via sent-by whose IPv6 host is not in brackets',
	],
	'via.branch-without-cookie': [
		'hint',
		'3261',
		'8.1.1.7',
		'A Via branch without the z9hG4bK magic cookie (RFC 2543 peer)',
	],
	'event.missing': ['error', '6665', '8.2.1', 'SUBSCRIBE, NOTIFY or PUBLISH without Event'],
	'notify.missing-subscription-state': [
		'error',
		'6665',
		'8.2.3',
		'NOTIFY without Subscription-State',
	],
	'notify.missing-expires': [
		'warning',
		'6665',
		'4.2.2',
		'Subscription-State active or pending without expires',
	],
	'notify.terminated-without-reason': [
		'hint',
		'6665',
		'4.2.2',
		'Subscription-State terminated without a reason',
	],
	'notify.after-termination': [
		'warning',
		'6665',
		'4.1.3',
		'A NOTIFY after its subscription was terminated',
	],
	'notify.after-expiry': ['warning', '6665', '4.1.2.2', 'A NOTIFY after its subscription expired'],
	'notify.no-subscribe': [
		'information',
		'6665',
		'4.4.1',
		'A NOTIFY matching no SUBSCRIBE in the trace',
	],
	'watcherinfo.version-gap': [
		'warning',
		'3858',
		'4',
		'A watcherinfo version that is not one more than the previous in its subscription (a NOTIFY lost or out of date)',
	],
	'rlmi.version-gap': [
		'warning',
		'4662',
		'5.2',
		'An RLMI version that skips numbers in its list subscription (NOTIFYs lost or not captured)',
	],
	'rlmi.version-not-increasing': [
		'warning',
		'4662',
		'5.2',
		'An RLMI version not above the previous one of its list subscription (out of date)',
	],
	'publish.no-body-no-if-match': [
		'error',
		'3903',
		'4.1',
		'A PUBLISH with neither a body nor SIP-If-Match',
	],
	'subscribe.2xx-missing-expires': ['error', '6665', '3.1.1', 'A 2xx to SUBSCRIBE without Expires'],
	'publish.2xx-missing-etag': ['error', '3903', '6', 'A 2xx to PUBLISH without SIP-ETag'],
	'publish.2xx-missing-expires': ['error', '3903', '6', 'A 2xx to PUBLISH without Expires'],
	'expires.not-a-number': ['error', '3261', '20.19', 'Expires is not a number of seconds'],
	'423.missing-min-expires': [
		'error',
		'3261',
		'21.4.17',
		'423 Interval Too Brief without Min-Expires',
	],
	'401.missing-www-authenticate': ['error', '3261', '21.4.2', '401 without WWW-Authenticate'],
	'407.missing-proxy-authenticate': ['error', '3261', '21.4.8', '407 without Proxy-Authenticate'],
	'header.bad-date': ['warning', '3261', '20.17', 'Date is not an RFC 1123 date in GMT'],
	'header.bad-call-id': ['error', '3261', '20.8', 'Call-ID is empty'],
	'response.record-route-missing': [
		'warning',
		'3261',
		'12.1.1',
		'A 2xx that makes a dialog without the Record-Route of its request',
	],
	'header.route-needs-brackets': [
		'warning',
		'3261',
		'25.1',
		'Route or Record-Route with a URI outside <>',
	],
	'header.addr-spec-needs-brackets': [
		'warning',
		'3261',
		'20.10',
		'A URI with ",", ";" or "?" outside <>',
	],
	'header.unquoted-display-name': [
		'warning',
		'3261',
		'25.1',
		'A display name with special characters not quoted',
	],
	'header.space-in-brackets': ['warning', '3261', '25.1', 'White space inside <> around a URI'],
	'header.text-after-uri': [
		'warning',
		'3261',
		'25.1',
		'Text after a <URI> that is no parameter (no ";" before it)',
	],
	'response.via-mismatch': [
		'warning',
		'3261',
		'8.2.6.2',
		"A response whose top Via differs from its request's",
	],
	'ack.branch-mismatch': [
		'error',
		'3261',
		'17.1.1.3',
		"An ACK for a non-2xx final response without its INVITE's branch",
	],
	'invite.ack-missing': [
		'warning',
		'3261',
		'13.3.1.4',
		'A final response to INVITE sent again and again: its ACK did not arrive',
	],
	'replaces.missing-tag': [
		'error',
		'3891',
		'6.1',
		"A Replaces (or a Refer-To URI's Replaces) without to-tag or from-tag",
	],
	'replaces.dialog-not-in-trace': [
		'information',
		'3891',
		'3',
		'A Replaces naming a dialog that is not in the trace',
	],
	'replaces.not-invite-dialog': [
		'warning',
		'3891',
		'3',
		'A Replaces naming a dialog not made by an INVITE (answered 481)',
	],
	'replaces.own-dialog': [
		'warning',
		'3891',
		'3',
		"A REFER whose Refer-To's Replaces names the dialog the REFER is sent in",
	],
	'replaces.dialog-terminated': [
		'warning',
		'3891',
		'3',
		'A Replaces naming a dialog that had already ended (answered 603)',
	],
	'replaces.early-only-confirmed': [
		'warning',
		'3891',
		'3',
		'An early-only Replaces naming a dialog already answered (answered 486)',
	],
	'dialog-info.version-gap': [
		'warning',
		'4235',
		'4.1',
		'A dialog-info version that skips numbers: NOTIFYs missing from the trace',
	],
	'dialog-info.version-not-increasing': [
		'warning',
		'4235',
		'4.1',
		'A dialog-info version not above the previous one of its subscription',
	],
	'response.to-ack': [
		'warning',
		'3261',
		'17.1.1.1',
		'A response to an ACK, which is never answered',
	],
	'response.no-request': [
		'information',
		'3261',
		'17.1.3',
		'A response whose request is not in the trace',
	],
} as const satisfies Record<string, readonly [Severity, string, string, string]>;

export type LintCode = keyof typeof lintCodes;

export function lintProblem(
	code: LintCode,
	span: Span,
	message: string,
	related?: Problem['related'],
): Problem {
	const [severity, rfc, section] = lintCodes[code];
	return {
		code,
		severity,
		span,
		message,
		rfc: {
			label: `RFC ${rfc} §${section}`,
			url: `https://www.rfc-editor.org/rfc/rfc${rfc}#section-${section}`,
		},
		...(related ? { related } : {}),
	};
}
