import { swappedTags } from './cseqOrder';
import { messagesWithCallId } from '../../byCallId';
import { findHeader } from '../../query';
import type { Dialog, Problem, SipMessage, Span, TraceAnalysis } from '../../model';
import { nameCodeOf } from '../../parser/headerNames';
import { toTagOf, topViaOf } from '../../parser/sipMessage';
import { lintProblem } from '../codes';

/** Requests sent only inside a dialog, with where the RFC says so. */
const onlyInDialog: ReadonlyMap<string, string> = new Map([
	['BYE', 'RFC 3261 §15.1.1'],
	['PRACK', 'RFC 3262 §7.2'],
	['UPDATE', 'RFC 3311 §5.1'],
]);

/**
 * A request that exists only inside a dialog carries the dialog's remote tag in To (RFC 3261
 * §12.2.1.1): without it no UAS finds the dialog and it answers 481. (NOTIFY and INFO are left
 * out: unsolicited NOTIFYs and legacy INFOs are sent outside any dialog.)
 */
export function checkInDialogToTag(m: SipMessage, out: Problem[]): void {
	if (m.kind !== 'request' || m.method === null || m.cutShort) return;
	const where = onlyInDialog.get(m.method);
	if (where === undefined || !m.to || toTagOf(m) !== null) return;
	out.push(
		lintProblem(
			'dialog.missing-to-tag',
			findHeader(m, 'to')?.value ?? m.startLine,
			`${m.method} is sent only inside a dialog (${where}), so its To carries the dialog's remote tag (RFC 3261 §12.2.1.1); without one the UAS finds no dialog and answers 481.${tagInsideUriNote(m.to.uri, 'To')}`,
		),
	);
}

/**
 * An ACK's To carries a tag: for a 2xx it is sent in the dialog, with the remote tag (RFC 3261
 * §13.2.2.4, §12.2.1.1); for a failure it copies the To of the response (§17.1.1.3), which the UAS
 * tagged (§8.2.6.2). Without one, the UAS finds no dialog for a 2xx's ACK: it sends its 2xx again
 * and ends the call when no ACK comes (§13.3.1.4). Not said where the trace shows the final
 * response without a tag either (the ACK copied it) or the ACK is cut short.
 */
export function checkAckToTag(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.method !== 'ACK' || m.cutShort || !m.to || !m.cseq || toTagOf(m) !== null) return;
	let answered: SipMessage | null = null;
	for (const i of messagesWithCallId(analysis, m.callId)) {
		const r = analysis.messages[i]!;
		if (r.status === null || r.status < 200 || r.cseq?.seq !== m.cseq.seq) continue;
		if (r.cseq.method !== 'INVITE') continue;
		if (toTagOf(r) === null) return;
		answered ??= r;
	}
	const what =
		answered === null
			? "the To of the final response it acknowledges, which the UAS tags (RFC 3261 §8.2.6.2): in the dialog for a 2xx (§13.2.2.4), as the response's copy for a failure (§17.1.1.3)"
			: answered.status! < 300
				? `the dialog's remote tag: it acknowledges ${answered.status} to INVITE, so it is sent in the dialog (RFC 3261 §13.2.2.4, §12.2.1.1)`
				: `the To of the ${answered.status} it acknowledges, tag included (RFC 3261 §17.1.1.3)`;
	out.push(
		lintProblem(
			'dialog.missing-to-tag',
			findHeader(m, 'to')?.value ?? m.startLine,
			`This ACK's To has no tag, where it carries ${what}. An ACK to a 2xx without it matches no dialog: the UAS sends its 2xx again and ends the call when no ACK comes (§13.3.1.4).${tagInsideUriNote(m.to.uri, 'To')}`,
			answered ? [{ span: answered.startLine, message: 'The response acknowledged' }] : [],
		),
	);
}

/**
 * Where a tag is said missing from From or To (`header`): a sentence for a `;tag=` written inside
 * the brackets, a URI parameter (`<sip:b@h;tag=1>`), which a reader of the line takes for the tag;
 * else nothing.
 */
export function tagInsideUriNote(uri: string, header: 'From' | 'To'): string {
	return /;tag=/i.test(uri)
		? ` (The \`;tag=\` here stands inside the \`<>\`: a parameter of the URI, not of ${header}.)`
		: '';
}

const recordRouteCode = nameCodeOf('record-route');
const routeCode = nameCodeOf('route');

/** The Record-Route values of `m`, each header's whole value (several entries in one maybe). */
function recordRoutes(m: SipMessage, text: string): { values: string[]; first: Span | null } {
	const values: string[] = [];
	let first: Span | null = null;
	for (let i = 0, n = m.headerCount; i < n; i++)
		if (m.headerCode(i) === recordRouteCode) {
			const start = m.headerValueStart(i);
			const end = m.headerValueEnd(i);
			first ??= { start, end };
			values.push(text.slice(start, end));
		}
	return { values, first };
}

function hasRoute(m: SipMessage): boolean {
	for (let i = 0, n = m.headerCount; i < n; i++) if (m.headerCode(i) === routeCode) return true;
	return false;
}

/**
 * A request inside a dialog lists the dialog's route set in Route (RFC 3261 §12.2.1.1): the
 * Record-Route of the request that made the dialog, for its UAS; of the response that made it,
 * for its UAC. Judged only where the trace shows the request as its UA sent it (one Via: no
 * proxy has taken its own entry off yet), so that wherever the Record-Route was seen, the
 * proxies it names still lie ahead; and only where every entry is a loose router's (`lr`), as a
 * strict router's goes in the Request-URI. A pass over the dialogs: those whose messages carry
 * no Record-Route, nearly all of most traces, are passed over after a look at header names.
 */
export function checkRouteSets(analysis: TraceAnalysis, out: Problem[]): void {
	const { messages, index } = analysis;
	for (const dialog of index.dialogs) {
		const creator = messages[dialog.creator]!;
		if (creator.kind !== 'request' || !dialog.messages.some((i) => hasRecordRoute(messages[i]!)))
			continue;
		const creatorTag = creator.to?.tag ? null : (creator.from?.tag ?? null);
		if (creatorTag === null) continue;
		for (const i of dialog.messages) {
			const m = messages[i]!;
			if (i === dialog.creator || m.kind !== 'request' || m.cutShort || hasRoute(m)) continue;
			if (index.originalOf(i) !== null || viaValues(analysis.text, m) !== 1) continue;
			if (m.method === 'CANCEL') continue;
			// An ACK to a 2xx is the caller's, in the dialog; one to a non-2xx is not: matched to its
			// INVITE, or, that INVITE not in the trace (a proxy's log of what it relayed), bearing
			// the branch of the non-2xx it acknowledges (RFC 3261 §17.1.1.3).
			if (m.method === 'ACK' && index.transactionOf(i)?.relatedInvite != null) continue;
			if (m.method === 'ACK' && acksFailure(analysis, dialog.messages, m)) continue;
			if (endedUnanswered(analysis, dialog, i)) continue;
			// Sent with the tags swapped (said so): its side is not the one its From tag names.
			if (swappedTags(analysis).has(i)) continue;
			const toTag = m.to?.tag;
			const fromTag = m.from?.tag;
			if (!toTag || !fromTag) continue;
			const source =
				fromTag === creatorTag
					? madeBy(analysis, dialog.messages, creator.method, toTag)
					: toTag === creatorTag && hasRecordRoute(creator)
						? creator
						: null;
			if (source) said(analysis, m, source, out);
		}
	}
}

/**
 * Was the dialog an early one of an INVITE that a final response other than 2xx answered before
 * message `i` (and no 2xx did)? That response ended it (RFC 3261 §12.3, §13.2.2.4): a request
 * sent in it afterwards (SIPp's BYE after a 486) is in no dialog, whatever its Route.
 */
export function endedUnanswered(analysis: TraceAnalysis, dialog: Dialog, i: number): boolean {
	const { messages, index } = analysis;
	if (messages[dialog.creator]!.method !== 'INVITE') return false;
	const responses = index.transactionOf(dialog.creator)?.responses ?? [];
	let failed = false;
	for (const r of responses) {
		const status = messages[r]!.status ?? 0;
		if (status >= 200 && status < 300) return false;
		if (status >= 300 && r < i) failed = true;
	}
	return failed;
}

/** Does a final response other than 2xx in `list` bear the ACK's CSeq number and top Via branch? */
function acksFailure(analysis: TraceAnalysis, list: readonly number[], ack: SipMessage): boolean {
	const branch = topViaOf(ack)?.branch;
	if (!branch || !ack.cseq) return false;
	for (const i of list) {
		const r = analysis.messages[i]!;
		if (r.kind !== 'response' || r.status === null || r.status < 300) continue;
		if (r.cseq?.seq === ack.cseq.seq && topViaOf(r)?.branch === branch) return true;
	}
	return false;
}

/** The caller's route set: the response with this To tag that made the dialog, where it has one. */
function madeBy(
	analysis: TraceAnalysis,
	list: readonly number[],
	method: string | null,
	toTag: string,
): SipMessage | null {
	for (const i of list) {
		const r = analysis.messages[i]!;
		if (r.kind !== 'response' || r.status === null || r.status <= 100 || r.status > 299) continue;
		if (r.to?.tag !== toTag || r.cseq?.method !== method) continue;
		return hasRecordRoute(r) ? r : null;
	}
	return null;
}

function said(analysis: TraceAnalysis, m: SipMessage, source: SipMessage, out: Problem[]): void {
	const { values, first } = recordRoutes(source, analysis.text);
	if (!first || !values.every((v) => looseOnly(v))) return;
	const what = source.kind === 'request' ? `the ${source.method}` : `the ${source.status}`;
	out.push(
		lintProblem(
			'dialog.route-set-missing',
			m.startLine,
			`This ${m.method} carries no Route, but its dialog's route set is not empty: ${what} that made the dialog carried Record-Route (${values[0]}${values.length > 1 ? ', ...' : ''}), and a request inside the dialog lists it in Route (RFC 3261 §12.2.1.1), or it goes around the proxies that asked to stay in the path.`,
			[{ span: first, message: `The Record-Route of ${what} that made the dialog` }],
		),
	);
}

const viaCode = nameCodeOf('via');

/** How many Via values `m` has, 2 standing for two or more: read from header names and commas. */
function viaValues(text: string, m: SipMessage): number {
	let n = 0;
	for (let i = 0, count = m.headerCount; i < count && n < 2; i++) {
		if (m.headerCode(i) !== viaCode) continue;
		n++;
		// A Via header may hold several values, comma-separated (RFC 3261 §20.42).
		for (let k = m.headerValueStart(i), end = m.headerValueEnd(i); k < end; k++)
			if (text.charCodeAt(k) === 44) {
				n++;
				break;
			}
	}
	return n;
}

/** Does the message have a Record-Route header? Read by name code: no header is made. */
export function hasRecordRoute(m: SipMessage): boolean {
	for (let i = 0, n = m.headerCount; i < n; i++)
		if (m.headerCode(i) === recordRouteCode) return true;
	return false;
}

/** Does each entry of a Record-Route value name a loose router (`;lr`)? */
function looseOnly(value: string): boolean {
	const entries = value.split(/,(?=\s*(?:<|"|[A-Za-z][\w.+-]*:))/);
	return entries.every((e) => /;\s*lr(?:[;=>\s]|$)/i.test(e));
}
