import { knownNameCount, nameCodeOf, singleValued } from '../../parser/headerNames';
import type { Problem, SipMessage } from '../../model';
import { lintProblem, type LintCode } from '../codes';
import { toTagOf } from '../../parser/sipMessage';
import { isCaptured } from '../../parser/captured';
import { isMaskedUri, parseUri } from '../../parser/uri';

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
	'content-length': 'Content-Length',
	'content-type': 'Content-Type',
	expires: 'Expires',
	event: 'Event',
	'subscription-state': 'Subscription-State',
	'sip-etag': 'SIP-ETag',
	'sip-if-match': 'SIP-If-Match',
	'min-expires': 'Min-Expires',
};

// One bit per header this rule looks at: one pass over a message's headers finds both the
// missing and the repeated ones, with no set or search per message. Every one of them is a
// common name, so the bits are kept by name code (`SipMessage.headerCode`).
const bitOf = new Map<string, number>();
for (const key of [...requestMandatory.map(([k]) => k), ...singleValued, 'contact', 'refer-to'])
	if (!bitOf.has(key)) bitOf.set(key, 1 << bitOf.size);
const contactBit = bitOf.get('contact')!;
/** RFC 3515 §2.1: a REFER carries exactly one Refer-To. */
const referToBit = bitOf.get('refer-to')!;
const singleMask = [...singleValued].reduce((mask, key) => mask | bitOf.get(key)!, 0);
/** The bit of each header of {@link requestMandatory}, in its order. */
const requiredBits = requestMandatory.map(([key]) => bitOf.get(key)!);

/** By name code: the header's bit for this rule, 0 for one it does not look at. */
export const mandatoryBits = new Int32Array(knownNameCount);
for (const [key, bit] of bitOf) mandatoryBits[nameCodeOf(key)] = bit;

/**
 * RFC 3261 §8.1.1: the headers every request needs; §8.2.6.2 / §20: those every response needs.
 * Header `position` of `m` has bit `bit` (see {@link mandatoryBits}); `present` has the bits of
 * the headers before it. Returns `present` with this one's bit.
 */
export function checkMandatoryHeader(
	m: SipMessage,
	position: number,
	bit: number,
	present: number,
	out: Problem[],
): number {
	if (present & bit & singleMask) {
		const key = m.headerKey(position);
		out.push(
			lintProblem(
				'header.duplicate',
				m.headerField(position).name,
				`${names[key] ?? key} may appear only once: only a header whose value is a comma-separated list may be repeated (RFC 3261 §7.3.1), and the receiver may take either value or reject the message.`,
			),
		);
	} else if (present & bit & referToBit && m.method === 'REFER')
		out.push(
			lintProblem(
				'header.duplicate',
				m.headerField(position).name,
				'A REFER carries exactly one Refer-To: with two, the recipient answers 400 Bad Request (RFC 3515 §2.1, §2.4.1).',
			),
		);
	return present | bit;
}

/** After the walk: the mandatory headers missing from `present` (see {@link checkMandatoryHeader}). */
export function checkMissingHeaders(m: SipMessage, present: number, out: Problem[]): void {
	// tshark's text keeps every header, but skips none: the check applies to all formats.
	const required = m.kind === 'request' ? requestMandatory.length : 5;
	let edited: string | null | undefined;
	// A request with neither Via nor Call-ID (its From, To, CSeq there): no stack sends one so,
	// its transport writes the Via and its transaction the Call-ID; a manual's example that kept
	// the headers it was about. Said as the copy's (information).
	// Not in a capture's datagram: that is the message as sent.
	const abridged =
		m.kind === 'request' &&
		!(present & requiredBits[0]!) &&
		!(present & requiredBits[3]!) &&
		!isCaptured(m.frame);
	for (let r = 0; r < required; r++) {
		if (present & requiredBits[r]!) continue;
		const [key, code] = requestMandatory[r]!;
		const problem = lintProblem(
			code,
			m.startLine,
			`${m.kind === 'request' ? 'Request' : 'Response'} without ${names[key]}.`,
		);
		// A message whose poster masked its addresses (`sip:1000@<pbx>`) or left values out
		// (`tag=…`) was edited before it was posted: a header it lacks may have gone with them.
		edited ??= editedValue(m);
		out.push(
			edited === null
				? abridged
					? {
							...problem,
							severity: 'information',
							message: `${problem.message.slice(0, -1)} as copied: no stack sends a request without its Via and Call-ID both (RFC 3261 §8.1.1), so the example or the copy left them out, and may have left this one out too.`,
						}
					: problem
				: {
						...problem,
						severity: 'information',
						message:
							edited.includes('[email\u00a0protected]') || edited.includes('[email protected]')
								? `${problem.message.slice(0, -1)} as copied: the page it was copied from hid its addresses behind its e-mail protection (\`${edited}\`), and the copy may have lost this header too.`
								: `${problem.message.slice(0, -1)} as posted: the poster edited this message (\`${edited}\`), and may have left it out too.`,
					},
		);
	}
	if (m.kind === 'request' && m.method === 'REFER' && !(present & referToBit))
		out.push(
			lintProblem(
				'header.missing-refer-to',
				m.startLine,
				'REFER without Refer-To: it names nothing to refer to, and the recipient answers 400 Bad Request (RFC 3515 §2.1, §2.4.1).',
			),
		);
	// §8.1.1.8: a request that can make a dialog (outside one: no To tag) gives its Contact, the
	// target of the requests the other side sends in it.
	if (
		!(present & contactBit) &&
		m.kind === 'request' &&
		dialogMaking.has(m.method ?? '') &&
		present & requiredBits[2]! &&
		// An empty tag (`;tag=`) is none.
		!toTagOf(m)
	)
		out.push(
			lintProblem(
				'header.missing-contact',
				m.startLine,
				`${m.method} outside a dialog without Contact: the other side has no target for the requests it sends in the dialog this ${m.method} makes.`,
			),
		);
	// RFC 6665 §8.1 (its table of header fields): Contact is mandatory in NOTIFY, which refreshes
	// the subscription dialog's target (RFC 3261 §12.2). An unsolicited NOTIFY (no To tag) is in
	// no dialog.
	else if (
		!(present & contactBit) &&
		m.kind === 'request' &&
		m.method === 'NOTIFY' &&
		present & requiredBits[2]! &&
		toTagOf(m)
	)
		out.push(
			lintProblem(
				'notify.missing-contact',
				m.startLine,
				"NOTIFY without Contact: RFC 6665 §8.1 makes it mandatory, for the NOTIFY refreshes the remote target of the subscription's dialog (RFC 3261 §12.2); the subscriber keeps sending its SUBSCRIBE refreshes to an old target, or has none.",
			),
		);
}

/** Requests that make a dialog: INVITE (RFC 3261 §12.1), SUBSCRIBE and REFER (their subscription's). */
const dialogMaking: ReadonlySet<string> = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

/**
 * A value the poster masked or left out in the message's addresses: a placeholder for a host
 * (`sip:1000@<pbx>`, `<us>`), or an ellipsis (`tag=…`, `sip:…`). Null when none is.
 */
function editedValue(m: SipMessage): string | null {
	for (const uri of [m.requestUri, m.from?.uri, m.to?.uri, m.from?.tag, m.to?.tag, m.callId]) {
		if (!uri) continue;
		if (uri.includes('…') || uri.endsWith('...')) return uri;
		// Not a URI that is valid as written (`sip:*97@pbx`, a feature code's `*`).
		if (parseUri(uri) === null && isMaskedUri(uri)) return uri;
	}
	return null;
}
