import { findHeader } from '../../query';
import type { Problem, SipMessage } from '../../model';
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
