import { rememberDialogSummary } from '../bodies/dialogSummaries';
import { rememberPresenceSummary } from '../bodies/presenceSummaries';
import type { Problem, SipMessage, TraceAnalysis } from '../model';
import { dropProblemsOnCuts, onlyBlankAfter, topViaOf } from '../parser/sipMessage';
import { shiftProblem } from '../shift';
import { checkBody, type CheckedBody } from './rules/bodies';
import { checkHeaderRows } from './rules/headerRows';
import { checkRequestUri } from './rules/uriParameters';
import { checkReasonPhrase } from './rules/reasonPhrase';
import { checkViaTransport } from './rules/viaTransport';
import { checkRegisterBindings } from './rules/registerResponse';
import { checkDialogContact } from './rules/dialogContact';
import { checkSessionTimer } from './rules/sessionTimer';
import { checkBareLineFeeds } from './rules/lineEnds';
import { checkCookieTagsAndExpires, checkCSeqFromAndBranches } from './rules/headerValues';

/**
 * What the rules that read a message alone found in it: its headers, start line, body and frame,
 * and the text of its own span, never the index nor another message. An edit leaves the messages
 * it did not touch as they were (or moved), so these stay true of them. A class: one shape for
 * every message, so that the code reading them stays optimised.
 */
export class OwnFindings {
	constructor(
		/** Where the message's frame started when they were found: the problems move with it. */
		readonly at: number,
		/** After the cuts of a copied line are dropped and the RFC 2543 hint is given. */
		readonly problems: readonly Problem[],
		/**
		 * Lint puts the index's problems among these, as the rules come: problems [0, beforeBranch)
		 * come before the reused branch check, [beforeBranch, beforeRequest) before the request
		 * match, the body's after them. The final sort by start is stable: the order must not change.
		 */
		readonly beforeBranch: number,
		readonly beforeRequest: number,
		/** What checking the body found, for the reginfo version rule; null when not checked. */
		readonly checked: CheckedBody | null,
	) {}

	/** These findings of a message that now starts at `at`. */
	movedTo(at: number): OwnFindings {
		const delta = at - this.at;
		const problems = this.problems.map((p) => shiftProblem(p, delta));
		return new OwnFindings(at, problems, this.beforeBranch, this.beforeRequest, this.checked);
	}
}

/**
 * An empty list of problems that holds objects from the start: a list made empty (`[]`) holds
 * small integers until its first object is added, and code optimised for one kind of list is
 * thrown away when it meets the other, in lint's loop over messages at each edit.
 */
export function problemList(): Problem[] {
	const list = [placeholder];
	list.length = 0;
	return list;
}

const placeholder = {} as Problem;

/** Shared by the many messages with no problem of their own and no body checked. */
const none = new OwnFindings(0, problemList(), 0, 0, null);

/**
 * Findings with no problem and a body checked, one per body check: a presence server sends one
 * document to many watchers, whose messages share them.
 */
const clean = new WeakMap<CheckedBody, OwnFindings>();

function cleanWith(checked: CheckedBody): OwnFindings {
	let found = clean.get(checked);
	if (found === undefined)
		clean.set(checked, (found = new OwnFindings(0, none.problems, 0, 0, checked)));
	return found;
}

/** The rules' problems of the message at hand; copied out only when there are some. */
const scratch: Problem[] = [];

/**
 * Each message's {@link OwnFindings}, by message index, found when lint first reads the message
 * and kept for the next version of the trace (see reanalyze.ts): one slot per message, and an
 * object only for a message with a problem or a checked body.
 */
export class OwnProblems {
	readonly #found: (OwnFindings | undefined)[];

	constructor(count: number, found?: (OwnFindings | undefined)[]) {
		// Filled with undefined rather than holes: the array keeps one kind of elements.
		this.#found = found ?? new Array<OwnFindings | undefined>(count).fill(undefined);
	}

	/** What the message-local rules find in `m`: kept (moved with the message) or found now. */
	of(analysis: TraceAnalysis, m: SipMessage, bodies: Parameters<typeof checkBody>[3]): OwnFindings {
		let found = this.#found[m.index];
		if (found === undefined) {
			found = find(analysis, m, bodies);
			this.#found[m.index] = found;
		} else if (found.problems.length > 0 && found.at !== m.frame.span.start) {
			found = found.movedTo(m.frame.span.start);
			this.#found[m.index] = found;
		}
		return found;
	}

	/**
	 * For the next version, whose `messages` keep old messages [0, before) where they were and
	 * have old messages [after, ...) from `to` on (moved copies): the others are found afresh.
	 */
	carriedOver(
		messages: readonly SipMessage[],
		kept: { readonly before: number; readonly after: number; readonly to: number },
	): OwnProblems {
		const found = new Array<OwnFindings | undefined>(messages.length).fill(undefined);
		carry(this.#found, found, messages, kept);
		return new OwnProblems(messages.length, found);
	}
}

/**
 * Copies `from`'s findings of the kept messages into `to` (see {@link OwnProblems.carriedOver}).
 * A function whose loop ends it: code met after the loop, once the loop is optimised, would throw
 * that code away at each edit.
 */
function carry(
	from: readonly (OwnFindings | undefined)[],
	to: (OwnFindings | undefined)[],
	messages: readonly SipMessage[],
	kept: { readonly before: number; readonly after: number; readonly to: number },
): void {
	for (let i = 0; i < kept.before; i++) to[i] = from[i];
	for (let i = kept.after, at = kept.to; at < messages.length; i++, at++) {
		const f = from[i];
		to[at] = f;
		// A moved copy is a message object of its own: it is given its body's summaries, which
		// the outline and the dialog-info version rule read, as checking the body would.
		if (f?.checked) {
			rememberPresenceSummary(messages[at]!, f.checked.summary);
			rememberDialogSummary(messages[at]!, f.checked.dialogs ?? null);
		}
	}
}

/** The message-local rules over `m`, in lint's order. */
function find(
	analysis: TraceAnalysis,
	m: SipMessage,
	bodies: Parameters<typeof checkBody>[3],
): OwnFindings {
	const out = scratch;
	// A message the trace cuts short lacks headers it had: the parser reported the cut, and
	// no rule says a header is missing (in checkHeaderRows, and the headers a status code
	// requires, in checkCookieTagsAndExpires).
	checkRequestUri(m, out);
	checkReasonPhrase(m, out);
	checkHeaderRows(analysis, m, out);
	checkCSeqFromAndBranches(m, out);
	checkViaTransport(m, out);
	checkRegisterBindings(analysis, m, out);
	checkDialogContact(analysis, m, out);
	checkSessionTimer(analysis, m, out);
	checkBareLineFeeds(analysis.text, m, out);
	dropOnCuts(analysis.text, m, out, 0);
	const beforeBranch = out.length;
	checkCookieTagsAndExpires(analysis.text, m, out);
	dropOnCuts(analysis.text, m, out, beforeBranch);
	const beforeRequest = out.length;
	const checked = checkBody(analysis, m, out, bodies);
	dropOnCuts(analysis.text, m, out, beforeRequest);
	if (out.length === 0) return checked === null ? none : cleanWith(checked);
	// An RFC 2543 peer (top Via without the magic cookie) sends no From tag, no Max-Forwards and
	// maybe no Contact (a SHOULD then): worth a hint, not more. Its Via is read only when this
	// message has problems.
	// Without any Via (an excerpt that kept a few headers) the peer's version cannot be told either.
	const top = topViaOf(m);
	if (!top?.branch?.startsWith('z9hG4bK')) {
		for (let i = 0; i < out.length; i++) {
			const p = out[i]!;
			if (
				p.code === 'from.missing-tag' ||
				p.code === 'header.missing-max-forwards' ||
				p.code === 'header.missing-contact' ||
				p.code === 'response.missing-contact'
			)
				out[i] = { ...p, severity: 'hint' };
		}
	}
	const problems = out.slice();
	out.length = 0;
	return new OwnFindings(m.frame.span.start, problems, beforeBranch, beforeRequest, checked);
}

/**
 * A line the export printed cut short lacks the rest of its value: not the sender's fault. So
 * does the last header of a message the trace ends inside (`From: <sip:a@b>;tag=` and nothing
 * after it), or a capture kept only the start of, as the parser has it for its own checks: what
 * a rule says of that line is the cut's.
 */
function dropOnCuts(text: string, m: SipMessage, out: Problem[], since: number): void {
	if (out.length === since) return;
	if (m.frame.cuts && m.frame.lines) dropProblemsOnCuts(out, since, m.frame, m.frame.lines);
	if (!m.cutShort || m.body || m.headerCount < 1) return;
	// The trace ends there, or a capture's snapshot length cut the message (a rendered capture's
	// header line gives the size on the wire, see capture/render.ts; tshark's Frame line the
	// octets not captured).
	const snapshot =
		(m.frame.format === 'headerLine' || m.frame.format === 'tshark') &&
		m.frame.declaredBytes !== null;
	if (!snapshot && !onlyBlankAfter(text, m.frame.span.end)) return;
	const last = m.headers[m.headerCount - 1]!.name.start;
	let kept = since;
	for (let i = since; i < out.length; i++) if (out[i]!.span.start < last) out[kept++] = out[i]!;
	out.length = kept;
}
