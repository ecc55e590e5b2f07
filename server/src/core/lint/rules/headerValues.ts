import { findHeader } from '../../query';
import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { fromTagOf, toTagOf, topViaOf, viaCountOf, viaReadingOf } from '../../parser/sipMessage';
import { lintProblem } from '../codes';
import { isTokenChar } from '../../parser/headerNames';
import { isPacketText } from './viaTransport';
import { hasRecordRoute, tagInsideUriNote } from './inDialog';
import { textOf } from '../../parser/joins';

const dialogCreating = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

// Values that must agree with the rest of the message or its transaction, in four parts: those
// that read the message alone (kept per message after an edit, see lint/ownProblems.ts) and those
// that read the index, called in turn so that the problems come in this order.

/** CSeq against the method, the From tag, empty branches: the message alone. */
// Characters no `word` of RFC 3261 §25.1 holds, that a Call-ID is met with.
const foreignInCallId = /[;=,]/;
// A page's HTML entity (`&amp;`), the copy's.
const htmlEntity = /&[A-Za-z]{2,8};|&#\d{1,6};/;

export function checkCSeqFromAndBranches(m: SipMessage, out: Problem[]): void {
	// Headers are searched for only where a problem is found: most messages have none.
	const cseqHeader =
		m.kind === 'request' && m.cseq && m.method && m.cseq.method !== m.method
			? findHeader(m, 'cseq')
			: undefined;
	if (cseqHeader) {
		// The start line's method the end of CSeq's (`FER` under `CSeq: 1 REFER`, `UBSCRIBE`): a
		// log or a copy cut the line's first characters, not a method the sender chose.
		const cut = m.cseq!.method.length > m.method!.length && m.cseq!.method.endsWith(m.method!);
		const problem = lintProblem(
			'cseq.method-mismatch',
			cseqHeader.value,
			cut
				? `The start line's method ${m.method} is the end of CSeq's ${m.cseq!.method}: the log or the copy cut the start line's first characters, the request is a ${m.cseq!.method}.`
				: `CSeq method ${m.cseq!.method} differs from the request method ${m.method}.`,
		);
		out.push(cut ? { ...problem, severity: 'information' } : problem);
	}
	// RFC 3261 §25.1: callid = word ["@" word], a word one character or more. (White space in
	// one is nearly always a poster's placeholder, `<client ip>`, or a page's `[email protected]`:
	// not said.)
	if (m.callId === '') {
		out.push(
			lintProblem(
				'header.bad-call-id',
				findHeader(m, 'call-id')!.value,
				'Call-ID is empty: it must be a word, or two joined by @ (RFC 3261 §20.8, §25.1), and it names the dialog.',
			),
		);
	} else if (m.callId && m.callId.indexOf('@', m.callId.indexOf('@') + 1) > 0) {
		// `1-2066@172.16.5.51@172.16.5.51:5060`: a B2BUA or an ONT that appended its own host to a
		// Call-ID that had one; a word holds no @, so strict parsers reject the message.
		out.push(
			lintProblem(
				'header.bad-call-id',
				findHeader(m, 'call-id')!.value,
				'Call-ID holds more than one @: it must be a word, or two joined by one @ (RFC 3261 §20.8, §25.1), and a word holds no @.',
			),
		);
	} else if (m.callId && foreignInCallId.test(m.callId) && !htmlEntity.test(m.callId)) {
		// `57aeab...@pbx.example.com;user=phone`: a URI's parameters glued to it. `;`, `=` and `,`
		// are no word's characters, and a strict parser reads the Call-ID short of them or rejects it.
		const c = foreignInCallId.exec(m.callId)![0];
		out.push(
			lintProblem(
				'header.bad-call-id',
				findHeader(m, 'call-id')!.value,
				`Call-ID holds "${c}": it must be a word, or two joined by @ (RFC 3261 §20.8, §25.1), and no word holds \`;\`, \`=\` or \`,\` (a URI's parameters glued to it?).`,
			),
		);
	}
	// Tags read from the shared readings: `m.from` and `m.to` make a value per message.
	// Not of an excerpt a poster cut down to a few headers (no Via, Call-ID or CSeq left): the
	// tag may have gone with them (the parser said the message is only in part in the trace).
	if (
		m.kind === 'request' &&
		!fromTagOf(m) &&
		m.from &&
		m.method !== 'CANCEL' &&
		!(m.cutShort && viaCountOf(m) === 0 && m.callId === null && m.cseq === null) &&
		// The From on the last line of a message the trace cuts (a debugger's `;ta"...`): the
		// cut may have taken its tag.
		!(m.cutShort && m.headerCount > 0 && m.headerKey(m.headerCount - 1) === 'from')
	) {
		out.push(
			lintProblem(
				'from.missing-tag',
				findHeader(m, 'from')!.value,
				`From has no tag: every request must carry one (RFC 3261 §8.1.1.3).${tagInsideUriNote(m.from.uri, 'From')}`,
			),
		);
	}
	// `To: <sip:b@h>;tag=`: a tag is a token, one character at least (§25.1, tag-param). A request
	// so sent reads as one inside a dialog to some peers and as malformed to others (Asterisk's
	// chan_sip answers 481); none is said to be in a dialog here.
	if (toTagOf(m) === '' && m.to)
		out.push(
			lintProblem(
				'to.empty-tag',
				findHeader(m, 'to')!.value,
				'To has a tag parameter with no value: a tag is a token of one character or more (RFC 3261 §25.1); the peer may take the message for one inside a dialog that does not exist (answered 481) or reject it.',
			),
		);
	// `branch=` with nothing after it: a branch is a token, one character at least (§25.1), and
	// the transaction cannot be told by it.
	// Read without making the message's Via list; a Via's span only for a problem about it.
	for (let i = 0, n = viaCountOf(m); i < n; i++) {
		const via = viaReadingOf(m, i)!;
		if (via.branch === '')
			out.push(
				lintProblem(
					'via.empty-branch',
					m.vias[i]!.span,
					'The branch parameter has no value: a branch is a token of one character or more (RFC 3261 §25.1), and identifies the transaction (§8.1.1.7).',
				),
			);
		// A branch that is no token (sipsak's multi-user REGISTERs wrote a request line over one:
		// `branch=z9REGISTER sip:127.0.0.1 SIP/2.0`): the Via is malformed. White space is said
		// in a packet's own text only: in a copy it is nearly always the page's (a line it wrapped,
		// a PDF's hyphen), and so are a poster's marks (`#####`, `<Branch-ID>`, a code's backtick).
		else if (via.branch !== null && notToken(via.branch, isPacketText(m.frame)))
			out.push(
				lintProblem(
					'via.bad-branch',
					m.vias[i]!.span,
					`The branch parameter "${via.branch}" is not a token (RFC 3261 §25.1: no white space, quotes or separators): the Via is malformed, and a strict parser rejects it and the message.`,
				),
			);
		// `;received=` with nothing after it: the parameter is an address (§18.2.1, §25.1), and
		// strict parsers (Kamailio's) reject the whole Via, and the message with it.
		if (via.received === '')
			out.push(
				lintProblem(
					'via.empty-received',
					m.vias[i]!.span,
					'The received parameter has no value: it is the IP address the request came from (RFC 3261 §18.2.1, §25.1); a strict parser rejects this Via.',
				),
			);
		else if (via.received !== null && addressWithPort(via.received))
			out.push(
				lintProblem(
					'via.bad-received',
					m.vias[i]!.span,
					`The received parameter is "${via.received}", an address with a port: it is the IP address alone (RFC 3261 §18.2.1, §25.1), the port goes in rport (RFC 3581); a strict parser rejects this Via.`,
				),
			);
		// `SIP/2.0/TCP sip:alice@atlanta.com`: a URI where the host and port go.
		if (uriSentBy.test(via.sentBy))
			out.push(
				lintProblem(
					'via.bad-sent-by',
					m.vias[i]!.span,
					`The Via's sent-by is "${via.sentBy}", a URI: it is a host and an optional port (RFC 3261 §20.42, §25.1), where the response goes (§18.2.2); a strict parser rejects this Via.`,
				),
			);
	}
}
// A scheme, or a user's `@`, in a sent-by.
const uriSentBy = /^(?:sips?|tel|urn):|@/i;

/** `192.0.2.1:5060` or `[2001:db8::1]:5060`: an IP address and a port. */
function addressWithPort(value: string): boolean {
	const colon = value.lastIndexOf(':');
	if (colon <= 0 || colon === value.length - 1) return false;
	for (let i = colon + 1; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c < 48 || c > 57) return false;
	}
	if (value[0] === '[') return value[colon - 1] === ']';
	let dots = 0;
	for (let i = 0; i < colon; i++) {
		const c = value.charCodeAt(i);
		if (c === 46) dots++;
		else if (c < 48 || c > 57) return false;
	}
	return dots === 3;
}

/** A request's branch an earlier request of the trace used. */
export function checkReusedBranch(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	const reused = m.kind === 'request' ? analysis.index.reusedBranchOf(m.index) : null;
	const via = reused !== null ? topViaOf(m) : undefined;
	if (reused !== null && via) {
		const earlier = analysis.messages[reused]!;
		out.push(
			lintProblem(
				'via.branch-reused',
				m.vias[0]!.span,
				`Branch "${via.branch}" was already used by the ${earlier.method} with CSeq ${earlier.cseq?.seq ?? '?'}: a new request needs a new branch (RFC 3261 §8.1.1.7). Responses are matched to each by their CSeq.`,
				[{ span: earlier.startLine, message: 'the request that used this branch first' }],
			),
		);
	}
}

/**
 * A request taken for a copy of an earlier one (its branch, sent-by, CSeq) whose body differs: a
 * retransmission repeats its request unchanged (RFC 3261 §17.1.1.2, §17.1.2.2), so it is another
 * request under the same branch and CSeq (a NOTIFY per refer progress sent so, §8.1.1.7), or the
 * same one changed on the path (an ALG rewriting the SDP). White space is not compared (two logs
 * of one message may print line ends apart), nor a body one copy holds only the start of (cut).
 */
export function checkChangedCopy(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.kind !== 'request' || !m.body) return;
	const original = analysis.index.originalOf(m.index);
	const earlier = original === null ? undefined : analysis.messages[original];
	if (!earlier?.body || earlier.kind !== 'request') return;
	// Nearly every copy repeats its body as it was: compared as it stands first.
	const text = analysis.text;
	const length = m.body.end - m.body.start;
	if (
		length === earlier.body.end - earlier.body.start &&
		text.startsWith(text.slice(m.body.start, m.body.end), earlier.body.start)
	)
		return;
	const body = compact(analysis, m);
	const before = compact(analysis, earlier);
	if (body === before || body.startsWith(before) || before.startsWith(body)) return;
	// Without a branch, RFC 2543's matching took it for the same request (RFC 3261 §17.2.3).
	const branched = topViaOf(m)?.branch != null;
	const seq = m.cseq?.seq ?? '?';
	out.push(
		lintProblem(
			'request.changed-copy',
			m.startLine,
			branched
				? `This ${m.method} has the branch and CSeq (${seq}) of the one above but another body: a retransmission repeats its request unchanged (RFC 3261 §17.1.2.2), so this is a new request that needs a new branch (§8.1.1.7) and a higher CSeq (§12.2.1.1), or the same request changed on its way (an ALG rewriting its body).`
				: `This ${m.method} has no branch, and the Request-URI, tags, Call-ID, CSeq (${seq}) and top Via of the one above, so a receiver matching it the RFC 2543 way takes it for that request again (RFC 3261 §17.2.3), but its body differs: a new request needs a higher CSeq (§12.2.1.1), or the same request changed on its way (an ALG rewriting its body).`,
			[
				{
					span: earlier.startLine,
					message: branched
						? 'the request with this branch and CSeq'
						: 'the request with these identifiers',
				},
			],
		),
	);
}

/** A message's body without white space, up to 64 KB (enough to tell two bodies apart). */
function compact(analysis: TraceAnalysis, m: SipMessage): string {
	const { start, end } = m.body!;
	return textOf(analysis.text, m.frame, start, Math.min(end, start + 65536)).replace(/\s+/g, '');
}

/**
 * The magic cookie, a 2xx's To tag, Expires, the headers a status code requires: the message
 * alone.
 */
/** Does the branch hold what no token holds (white space too where `asSent`), not a poster's mark? */
function notToken(branch: string, asSent: boolean): boolean {
	if (maskedBranch.test(branch) || /[<>`#*…]/.test(branch)) return false;
	for (let i = 0; i < branch.length; i++) {
		const c = branch.charCodeAt(i);
		if (!isTokenChar(c) && (asSent || (c !== 32 && c !== 9))) return true;
	}
	return false;
}

const maskedBranch =
	/^(?:#{3,}|\*{3,}|[xX]{3,}|\.{3}|…|<[^<>]{0,40}>|\[[^\]]{0,40}\]|ID|BRANCH|\w{0,20}REDACTED\w{0,20})$/i;

/**
 * The top Via of `m` ends where a copy joined the next header to its line
 * (`branch=z9hG4bK-d8754z-...---d8754zMax-Forwards: 70`) and its branch is the other's cut short
 * there: the copy lost what stood at the join, the sender did not change the branch.
 */
function joinedBranch(
	text: string,
	m: SipMessage,
	own: string | null,
	other: string | null,
): boolean {
	const via = m.vias[0];
	if (!via || own === null || other === null || !other.startsWith(own)) return false;
	// The next header's name right after the value, on the same line.
	const c = text.charCodeAt(via.span.end) | 32;
	return c >= 97 && c <= 122 && via.span.end < m.frame.span.end;
}

/**
 * A Via a poster replaced after its protocol by a placeholder (`Via: SIP/2.0/UDP <<REMOVED>>`,
 * `{proxy}`, `[hidden]`): its branch went with the rest, so none is judged missing or different.
 */
function maskedVia(via: { sentBy: string; branch: string | null } | undefined): boolean {
	return via !== undefined && via.branch === null && maskedSentBy.test(via.sentBy);
}
const maskedSentBy = /^(?:<<?[^<>]{1,40}>>?|\{\{?[^{}]{1,40}\}?\}|\[[A-Za-z][^\]]{0,40}\])$/;

export function checkCookieTagsAndExpires(text: string, m: SipMessage, out: Problem[]): void {
	// RFC 3261 §25.1: a sent-by's host is an IPv6reference, `[2001:db8::1]`; bare, its last group
	// cannot be told from the port (an interop fault seen from proxies that wrote it so).
	// Read from the shared readings: the message's own list of Vias (kept once made) is made
	// only for one that is faulty, for its span.
	for (let k = 0, n = viaCountOf(m); k < n; k++) {
		const v = viaReadingOf(m, k)!;
		const colon = v.sentBy.indexOf(':');
		if (colon >= 0 && v.sentBy.charCodeAt(0) !== 91 && v.sentBy.indexOf(':', colon + 1) > 0)
			out.push(
				lintProblem(
					'via.unbracketed-ipv6',
					m.vias[k]!.span,
					`The sent-by ${v.sentBy} is an IPv6 address without brackets: it must be written [address]:port (RFC 3261 §25.1, RFC 5954 §4.1), or its port cannot be told from the address.`,
				),
			);
	}
	const via = m.kind === 'request' ? topViaOf(m) : undefined;
	// A branch a poster masked (`#########`, `xxx`, `...`, `ID`, `REDACTED_BRANCH`) was not sent so.
	if (via?.branch && !via.branch.startsWith('z9hG4bK') && !maskedBranch.test(via.branch)) {
		out.push(
			lintProblem(
				'via.branch-without-cookie',
				m.vias[0]!.span,
				`Branch "${via.branch}" lacks the z9hG4bK magic cookie that RFC 3261 requires (§8.1.1.7): its transactions are matched the RFC 2543 way (§17.2.3), as an RFC 2543 peer's are.`,
			),
		);
	}
	if (via && via.branch === null && !m.cutShort && !maskedVia(via)) {
		// RFC 2543 had no branch to require; rport (RFC 3581, after RFC 3261) says the sender knew
		// RFC 3261, which requires one: then a fault, else a hint.
		const found = lintProblem(
			'via.missing-branch',
			m.vias[0]!.span,
			via.rport !== null
				? 'The top Via has no branch though its rport says the sender follows RFC 3261, which requires one (§8.1.1.7): its transaction can only be matched the RFC 2543 way.'
				: 'The top Via has no branch, which RFC 3261 requires (§8.1.1.7): its transaction is matched the RFC 2543 way (§17.2.3), as an RFC 2543 peer sends it.',
		);
		out.push(via.rport !== null ? { ...found, severity: 'warning' } : found);
	}
	if (
		m.kind === 'response' &&
		m.status != null &&
		m.status >= 200 &&
		m.status < 300 &&
		m.cseq &&
		dialogCreating.has(m.cseq.method) &&
		!toTagOf(m) &&
		m.to
	) {
		out.push(
			lintProblem(
				'to.missing-tag-in-2xx',
				findHeader(m, 'to')!.value,
				`A ${m.status} to ${m.cseq.method} must add a To tag: it creates a dialog (RFC 3261 §12.1.1).`,
			),
		);
	} else if (
		m.kind === 'response' &&
		m.status != null &&
		m.status > 100 &&
		m.to &&
		!toTagOf(m) &&
		!m.cutShort
	) {
		out.push(
			lintProblem(
				'to.missing-tag',
				findHeader(m, 'to')!.value,
				`A ${m.status} response must carry a To tag: the UAS adds one to every response but 100 (RFC 3261 §8.2.6.2).`,
			),
		);
	}
	const expires =
		m.expires !== null && (Number.isNaN(m.expires) || m.expires > maxDelta)
			? findHeader(m, 'expires')
			: undefined;
	if (expires) {
		const written = text.slice(expires.value.start, expires.value.end).trim();
		// All digits, beyond 2^32-1 (RFC 4475's scalar02): a number out of range, which RFC 4475
		// §3.1.2.3 lets a receiver take as the default.
		out.push(
			/^\d+$/.test(written)
				? {
						...lintProblem(
							'expires.not-a-number',
							expires.value,
							`Expires ${written.length > 20 ? `${written.slice(0, 20)}…` : written} is beyond 4294967295 (2^32-1), the most delta-seconds may be (RFC 3261 §20.19, §25.1): a receiver takes it as its default (RFC 4475 §3.1.2.3) or refuses the request.`,
						),
						severity: 'warning',
					}
				: lintProblem(
						'expires.not-a-number',
						expires.value,
						'Expires must be a whole number of seconds.',
					),
		);
	}
	// A header a status code requires: a message the trace cuts short may have had it after the cut.
	if (m.kind === 'response' && !m.cutShort) {
		if (m.status === 423 && !findHeader(m, 'min-expires'))
			out.push(
				lintProblem(
					'423.missing-min-expires',
					m.startLine,
					'423 Interval Too Brief must say the shortest interval in Min-Expires.',
				),
			);
		if (m.status === 401 && !findHeader(m, 'www-authenticate'))
			out.push(
				lintProblem(
					'401.missing-www-authenticate',
					m.startLine,
					'401 Unauthorized must carry a WWW-Authenticate challenge.',
				),
			);
		if (m.status === 407 && !findHeader(m, 'proxy-authenticate'))
			out.push(
				lintProblem(
					'407.missing-proxy-authenticate',
					m.startLine,
					'407 Proxy Authentication Required must carry a Proxy-Authenticate challenge.',
				),
			);
		if (m.status === 405 && !findHeader(m, 'allow'))
			out.push(
				lintProblem(
					'405.missing-allow',
					m.startLine,
					'405 Method Not Allowed must list the methods the UAS supports in Allow (RFC 3261 §8.2.1), so the sender knows what it may send instead.',
				),
			);
		if (m.status === 420 && !findHeader(m, 'unsupported'))
			out.push(
				lintProblem(
					'420.missing-unsupported',
					m.startLine,
					'420 Bad Extension must name the extensions it does not support in Unsupported (RFC 3261 §8.2.2.3).',
				),
			);
		if (
			m.status === 415 &&
			!findHeader(m, 'accept') &&
			!findHeader(m, 'accept-encoding') &&
			!findHeader(m, 'accept-language')
		)
			out.push(
				lintProblem(
					'415.missing-accept',
					m.startLine,
					'415 Unsupported Media Type must say what the UAS understands: Accept for body types, Accept-Encoding or Accept-Language for encodings and languages (RFC 3261 §8.2.3).',
				),
			);
	}
}

/** The methods whose 2xx makes a dialog (RFC 3261 §12.1, RFC 6665 §4.1.2.1, RFC 3515 §2.4.4). */
const dialogMethods = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

/**
 * A response that makes a dialog (a 2xx to INVITE, SUBSCRIBE or REFER; a 101-199 with a To tag,
 * RFC 3261 §12.1, an early dialog of an INVITE) copies every Record-Route of its request (RFC
 * 3261 §12.1.1): without them the caller's route set is empty and its in-dialog requests (ACK,
 * BYE, re-INVITE; PRACK and UPDATE in the early dialog) go around the proxies that asked to stay
 * in the path. Wherever the trace saw the two, the proxies that added what the request carries
 * lie between there and the caller, so the response passes there with them.
 */
function checkRecordRouteCopied(request: SipMessage, m: SipMessage, out: Problem[]): void {
	if (m.status === null || m.status <= 100 || m.status > 299 || m.cutShort) return;
	// A request inside a dialog (a re-INVITE) makes none: its route set was set when the dialog
	// was made, and no Record-Route changes it (§12.2).
	if (toTagOf(request) || !hasRecordRoute(request) || hasRecordRoute(m)) return;
	const method = m.cseq?.method;
	if (m.status < 200 ? method !== 'INVITE' || !m.to?.tag : !dialogMethods.has(method ?? '')) return;
	out.push(
		lintProblem(
			'response.record-route-missing',
			m.startLine,
			`The ${method} carried Record-Route and this ${m.status} has none: a response that makes a dialog copies every Record-Route of its request (RFC 3261 §12.1.1), or the caller's in-dialog requests bypass the proxies that record-routed.`,
			[{ span: request.startLine, message: `The ${method} with Record-Route` }],
		),
	);
}

/**
 * A 2xx that makes a dialog (to an INVITE, SUBSCRIBE or REFER sent outside one), or a
 * provisional response that makes an early one, carries Contact (RFC 3261 §12.1.1): without it
 * the caller has no remote target, and every request it sends in the dialog (ACK, BYE, a
 * SUBSCRIBE refresh) has nowhere to go.
 */
function checkContactInDialogCreating(request: SipMessage, m: SipMessage, out: Problem[]): void {
	if (m.status === null || m.status <= 100 || m.status > 299 || m.cutShort) return;
	const method = m.cseq?.method;
	if (!method || !dialogCreating.has(method) || toTagOf(request) || findHeader(m, 'contact'))
		return;
	// A 101-199 with a To tag makes an early dialog of an INVITE (§12.1): its Contact is the
	// target of PRACK and UPDATE. One without a tag makes none.
	const early = m.status < 200;
	if (early && (method !== 'INVITE' || !toTagOf(m))) return;
	const problem = lintProblem(
		'response.missing-contact',
		m.startLine,
		early
			? `A ${m.status} with a To tag makes an early dialog and must carry Contact (RFC 3261 §12.1, §12.1.1): it is the callee's address for the requests of the early dialog (PRACK, UPDATE).`
			: `A ${m.status} that makes a dialog must carry Contact (RFC 3261 §12.1.1): it is the ${method === 'INVITE' ? 'callee' : 'notifier'}'s address for every request in the dialog.`,
		[{ span: request.startLine, message: `The ${method} it answers` }],
	);
	// Without 100rel or UPDATE nothing is sent in an early dialog (Linphone's 180s carry no
	// Contact): a warning there, an error for the dialog every call has.
	out.push(early ? { ...problem, severity: 'warning' } : problem);
}

/** A response against the request the index matched it to, or the lack of one. */
/**
 * A response copies its request's From and To, a To tag added only where the request had none
 * (RFC 3261 §8.2.6.2): the UAC finds the dialog a response belongs to by those tags (§12.1.2).
 * Tags are compared, not URIs (a page's masking edits those alike or not); a masked tag
 * (`tag=xxx`, `tag=...`) has nothing to differ from.
 */
function checkFromToCopied(asked: SipMessage, m: SipMessage, out: Problem[]): void {
	// A tag on the last line of a message the trace cuts (a capture's snapshot length) is cut
	// with it: the request's read as the response's where it begins it, and the other way round.
	const cut = (tag: string | null, whole: string | null, short: boolean) =>
		tag !== null && whole !== null && short && whole.startsWith(tag) ? whole : tag;
	const respFrom = copiedTag(m.from);
	const respTo = copiedTag(m.to);
	const askedFrom = cut(copiedTag(asked.from), respFrom, asked.cutShort);
	const askedTo = cut(copiedTag(asked.to), respTo, asked.cutShort);
	const from = cut(respFrom, askedFrom, m.cutShort);
	const to = cut(respTo, askedTo, m.cutShort);
	const related = [{ span: asked.startLine, message: 'The request it answers' }];
	const where = (name: string) => findHeader(m, name)?.value ?? m.startLine;
	if (askedFrom && askedTo && from === askedTo && to === askedFrom && askedFrom !== askedTo) {
		out.push(
			lintProblem(
				'response.from-to-mismatch',
				where('from'),
				`From and To are its request's swapped (From tag ${from}, the request's To tag): a response copies the request's From and To as they are (RFC 3261 §8.2.6.2); the UAC matches it to the dialog by its own tag in From (§12.1.2) and finds none.`,
				related,
			),
		);
		return;
	}
	if (askedFrom && from && from !== askedFrom)
		out.push(
			lintProblem(
				'response.from-to-mismatch',
				where('from'),
				`The From tag (${from}) differs from its request's (${askedFrom}): a response copies the request's From, tag included (RFC 3261 §8.2.6.2); the UAC matches it to the dialog by that tag (§12.1.2).`,
				related,
			),
		);
	if (askedTo && to && to !== askedTo)
		out.push(
			lintProblem(
				'response.from-to-mismatch',
				where('to'),
				`The To tag (${to}) differs from its request's (${askedTo}): a request inside a dialog carries the peer's tag in To, and the response copies it (RFC 3261 §8.2.6.2, §12.2.1.1).`,
				related,
			),
		);
}

/**
 * The tag of a From or To as a response copies it, null when none, masked by a poster, or with
 * white space in it (no token: a page's edit or wrapping, RFC 3261 §25.1).
 */
function copiedTag(address: SipMessage['from']): string | null {
	const tag = address?.tag ?? null;
	if (!tag || maskedTag.test(tag) || /\s/.test(tag)) return null;
	return tag;
}
const maskedTag = /^(?:[xX]{2,}|\*+|\.{2,}|…|<[^>]*>|\[[^\]]*\]|\{[^}]*\})$|\.\.\.|…/;

export function checkRequestMatch(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	const request = m.kind === 'response' ? analysis.index.requestOf(m.index) : null;
	if (request !== null) {
		// Matched without the branch (see the transactions' fallback): say what differs.
		const asked = analysis.messages[request]!;
		const branch = topViaOf(m)?.branch ?? null;
		const askedBranch = topViaOf(asked)?.branch ?? null;
		// Without branches (RFC 2543), the sent-by is what the response copies to be matched.
		const sentBy = branch === null ? (topViaOf(m)?.sentBy.toLowerCase() ?? null) : null;
		const askedSentBy =
			askedBranch === null ? (topViaOf(asked)?.sentBy.toLowerCase() ?? null) : null;
		// A request written without its Via (an example's `...`) or with it masked has nothing to
		// differ from.
		if (
			(branch !== askedBranch || sentBy !== askedSentBy) &&
			m.vias[0] &&
			asked.vias.length > 0 &&
			!maskedVia(topViaOf(asked)) &&
			!maskedVia(topViaOf(m)) &&
			!joinedBranch(analysis.text, asked, askedBranch, branch) &&
			!joinedBranch(analysis.text, m, branch, askedBranch)
		)
			out.push(
				lintProblem(
					'response.via-mismatch',
					m.vias[0].span,
					branch !== askedBranch
						? `The top Via branch differs from its request's (${askedBranch ?? 'none'}): matched to it by Call-ID, CSeq and From tag. A response copies the request's Via (RFC 3261 §8.2.6.2).`
						: `The top Via differs from its request's (sent-by ${askedSentBy}, no branch): matched to it by Call-ID, CSeq and From tag. A response copies the request's Via (RFC 3261 §8.2.6.2); a UAC that matches by it drops this one.`,
					[{ span: asked.startLine, message: 'The request it answers' }],
				),
			);
	}
	if (request !== null) {
		const asked = analysis.messages[request]!;
		// Matched by its Via: a Call-ID not copied (or edited by the poster in one place only). White
		// space a page's wrapping put inside one (`2DCAF817-AFB11D6 -80D5...`) is the copy's.
		if (
			m.callId !== null &&
			asked.callId !== null &&
			m.callId !== asked.callId &&
			m.callId.replace(/\s+/g, '') !== asked.callId.replace(/\s+/g, '') &&
			// A Call-ID on the last line of a message the trace cuts is cut with it (the request's too).
			!(m.cutShort && asked.callId.startsWith(m.callId)) &&
			!(asked.cutShort && m.callId.startsWith(asked.callId))
		) {
			const header = findHeader(m, 'call-id');
			out.push(
				lintProblem(
					'response.call-id-mismatch',
					header?.value ?? m.startLine,
					`The Call-ID differs from its request's (${asked.callId}): a response copies the request's Call-ID (RFC 3261 §8.2.6.2), and the UAC finds its call by it.`,
					[{ span: asked.startLine, message: 'The request it answers' }],
				),
			);
		}
		// Matched by its Via branch, which names the transaction whatever the number (RFC 3261
		// §17.1.3): a CSeq number not copied.
		if (m.cseq && asked.cseq && m.cseq.seq !== asked.cseq.seq) {
			const header = findHeader(m, 'cseq');
			out.push(
				lintProblem(
					'response.cseq-mismatch',
					header?.value ?? m.startLine,
					`The CSeq number (${m.cseq.seq}) differs from its request's (${asked.cseq.seq}): a response copies the request's CSeq (RFC 3261 §8.2.6.2); matched to it by its Via branch (§17.1.3), but a UAC that checks the number drops it.`,
					[{ span: asked.startLine, message: 'The request it answers' }],
				),
			);
		}
		checkFromToCopied(asked, m, out);
		checkRecordRouteCopied(asked, m, out);
		checkContactInDialogCreating(asked, m, out);
	}
	// RFC 3261 §17.1.1.1, §13.2.2.4: an ACK is never answered, by a UAS or a proxy.
	if (m.kind === 'response' && m.cseq?.method === 'ACK') {
		out.push(
			lintProblem(
				'response.to-ack',
				m.startLine,
				'A response to an ACK: an ACK is never answered (RFC 3261 §17.1.1.1, §13.2.2.4); the stack that sent this took it for a request that wants one.',
				request !== null
					? [{ span: analysis.messages[request]!.startLine, message: 'The ACK it answers' }]
					: undefined,
			),
		);
		return;
	}
	// A response the trace cut before its CSeq, which matching needs, may answer a request here.
	if (m.kind === 'response' && m.callId && request === null && !(m.cutShort && !m.cseq)) {
		out.push(
			lintProblem(
				'response.no-request',
				m.startLine,
				'The request this response answers is not in the trace.',
			),
		);
	}
}

/** The most delta-seconds may be (RFC 3261 §25.1: 1*DIGIT, a value up to 2^32-1, §20.19). */
const maxDelta = 4294967295;
