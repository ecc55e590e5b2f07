import { findHeader } from '../../query';
import type { Problem, SipMessage, Span, TraceAnalysis } from '../../model';
import { nameCodeOf } from '../../parser/headerNames';
import { toTagOf } from '../../parser/sipMessage';
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
			`${m.method} is sent only inside a dialog (${where}), so its To carries the dialog's remote tag (RFC 3261 §12.2.1.1); without one the UAS finds no dialog and answers 481.`,
		),
	);
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
 * strict router's goes in the Request-URI.
 */
export function checkRouteSet(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.kind !== 'request' || m.cutShort || m.vias.length !== 1 || hasRoute(m)) return;
	if (m.method === 'ACK' || m.method === 'CANCEL') {
		// An ACK to a 2xx is the caller's, in the dialog; to a non-2xx, and CANCEL, are not.
		if (m.method === 'CANCEL' || analysis.index.transactionOf(m.index)?.relatedInvite != null)
			return;
	}
	const toTag = m.to?.tag;
	const fromTag = m.from?.tag;
	if (!toTag || !fromTag) return;
	const dialog = analysis.index.dialogOf(m.index);
	if (!dialog || dialog.creator === m.index) return;
	const creator = analysis.messages[dialog.creator]!;
	if (creator.kind !== 'request' || creator.to?.tag || !creator.from?.tag) return;
	let source: SipMessage | null = null;
	if (fromTag === creator.from.tag) {
		// The caller's: the route set of the response that made the dialog with this To tag.
		for (const i of dialog.messages) {
			const r = analysis.messages[i]!;
			if (r.kind !== 'response' || r.status === null || r.status <= 100 || r.status > 299) continue;
			if (r.to?.tag !== toTag || r.cseq?.method !== creator.method) continue;
			if (recordRoutes(r, analysis.text).values.length > 0) source = r;
			break;
		}
	} else if (toTag === creator.from.tag) source = creator;
	if (!source) return;
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

/** Does each entry of a Record-Route value name a loose router (`;lr`)? */
function looseOnly(value: string): boolean {
	const entries = value.split(/,(?=\s*(?:<|"|[A-Za-z][\w.+-]*:))/);
	return entries.every((e) => /;\s*lr(?:[;=>\s]|$)/i.test(e));
}
