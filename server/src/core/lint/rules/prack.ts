import { messagesWithCallId } from '../../byCallId';
import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { fromTagOf, toTagOf } from '../../parser/sipMessage';
import { lintProblem } from '../codes';

/** RAck's value (RFC 3262 §7.2): `response-num LWS CSeq-num LWS Method`. */
const rackValue = /^(\d{1,10})[ \t]+(\d{1,10})[ \t]+([A-Za-z!%*_+`'~.-]{1,30})$/;

/**
 * A PRACK acknowledges one reliable provisional response: its RAck names that response's RSeq
 * and CSeq (RFC 3262 §7.2). A RAck that is not so written, or that names an RSeq no reliable
 * provisional response of that request carries where the trace shows them, is not matched by the
 * UAS, which answers 481 (§3) and keeps sending its provisional response until it gives up.
 */
export function checkPrack(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.method !== 'PRACK') return;
	const rack = m.header('rack');
	if (!rack) {
		if (!m.cutShort)
			out.push(
				lintProblem(
					'prack.missing-rack',
					m.startLine,
					'PRACK without RAck: it must name the RSeq and CSeq of the reliable provisional response it acknowledges (RFC 3262 §7.2).',
				),
			);
		return;
	}
	const value = analysis.text.slice(rack.value.start, rack.value.end);
	const parts = rackValue.exec(value);
	if (!parts) {
		out.push(
			lintProblem(
				'rack.malformed',
				rack.value,
				`RAck "${value}" is not written as response-num CSeq-num Method, e.g. "1 314159 INVITE" (RFC 3262 §7.2).`,
			),
		);
		return;
	}
	const rseq = Number(parts[1]);
	const cseq = Number(parts[2]);
	const method = parts[3]!;
	// The reliable provisional responses of this dialog (§4: RSeq and Require: 100rel), sent by
	// the UAS to this UAC: the PRACK's To tag is theirs, its From tag the UAC's.
	const toTag = toTagOf(m);
	const fromTag = fromTagOf(m);
	const { index, messages, text } = analysis;
	const reliable: { response: SipMessage; rseq: number }[] = [];
	for (const i of messagesWithCallId(analysis, m.callId)) {
		const r = messages[i]!;
		if (r.kind !== 'response' || r.status === null || r.status <= 100 || r.status >= 200) continue;
		if (index.originalOf(i) !== null || toTagOf(r) !== toTag || fromTagOf(r) !== fromTag) continue;
		const own = r.header('rseq');
		if (!own) continue;
		const n = Number(text.slice(own.value.start, own.value.end));
		if (n === rseq && r.cseq?.seq === cseq && r.cseq.method === method) return;
		reliable.push({ response: r, rseq: n });
	}
	if (reliable.length === 0) return;
	// Said where the trace shows the fault, not where it may only lack a response the capture
	// missed: a response with that RSeq for another CSeq or method, or the UAS's 481.
	const sameRseq = reliable.find((r) => r.rseq === rseq);
	const refused = index.responsesOf(m.index).some((r) => messages[r]!.status === 481);
	if (!sameRseq && !refused) return;
	const shown = sameRseq ? [sameRseq] : reliable.slice(0, 3);
	const carried = shown
		.map(
			({ response: r, rseq: n }) =>
				`${r.status} with RSeq ${n}, CSeq ${r.cseq?.seq} ${r.cseq?.method}`,
		)
		.join('; ');
	out.push(
		lintProblem(
			'prack.rack-mismatch',
			rack.value,
			`RAck names RSeq ${rseq} of CSeq ${cseq} ${method}, which no reliable provisional response of this dialog carries (${carried}): the UAS does not match this PRACK and answers 481 (RFC 3262 §3, §7.2).`,
			shown.map((r) => ({
				span: r.response.startLine,
				message: 'A reliable provisional response',
			})),
		),
	);
}
