import { checkRetryIds } from './rules/authRetry';
import { checkRefusedCredentials } from './rules/refusedCredentials';
import { checkQopChoice } from './rules/qopChoice';
import type { Problem, TraceAnalysis } from '../model';
import { dropKeywordProblems, isSippTemplate } from '../parser/sippTemplate';
import { dropLintPlaceholderProblems, isCodeTemplate } from '../parser/codeTemplate';
import { checkContentType } from './rules/contentType';
import { dropProblemsOnCuts } from '../parser/sipMessage';
import { runSteps, stepMessages, type Steps } from '../steps';
import { OwnProblems, problemList } from './ownProblems';
import type { CheckedBody } from './rules/bodies';
import { checkCSeqOrder } from './rules/cseqOrder';
import { checkDialogInfoVersions } from './rules/dialogVersions';
import { checkEvents, checkSubscriptionLifetimes } from './rules/events';
import { checkAnswerContact } from './rules/dialogContact';
import { checkFinalAfterFinal } from './rules/finalResponses';
import { checkForwardedMaxForwards } from './rules/forwarding';
import { checkChangedCopy, checkRequestMatch, checkReusedBranch } from './rules/headerValues';
import {
	checkAck2xxBranch,
	checkAckBranch,
	checkAckRequestUri,
	checkAckVia,
} from './rules/ackBranch';
import { checkAckForNonInvite } from './rules/ackNonInvite';
import { checkCalleeEarlyBye } from './rules/calleeEarlyBye';
import { checkReferNotified } from './rules/referNotify';
import { checkSubscribeNotified } from './rules/subscribeNotified';
import { answeredHeaders } from './rules/answeredHeaders';
import { checkInviteAck } from './rules/inviteAck';
import { checkPrack } from './rules/prack';
import { checkAckToTag, checkInDialogToTag, checkRouteSets } from './rules/inDialog';
import { checkRemoteTargets } from './rules/remoteTarget';
import { checkRegisterListsBinding } from './rules/registerResponse';
import { checkReplaces } from './rules/replaces';
import { checkReusedDialogIds } from './rules/reusedIds';
import { checkReginfoVersion, type ReginfoVersions } from './rules/reginfo';
import { checkRlmiVersions } from './rules/rlmiVersions';
import { checkWatcherinfoVersions } from './rules/watcherinfo';

/**
 * Lint rules over the analysed trace: one pass over the messages, plus passes over subscriptions.
 * `bodies` keeps what checking each body text found; passing the previous version's keeps
 * an edit from decoding again the bodies it did not touch.
 */
export function lintTrace(
	analysis: TraceAnalysis,
	bodies: BodyChecks = new BodyChecks(),
): Problem[] {
	return runSteps(lintSteps(analysis, bodies));
}

/**
 * {@link lintTrace} in steps of {@link stepMessages} messages. `own` keeps what the rules that
 * read a message alone found in each: carried over from the previous version, it spares an edit
 * those rules on the messages the edit did not touch.
 */
export function* lintSteps(
	analysis: TraceAnalysis,
	bodies: BodyChecks,
	own: OwnProblems = new OwnProblems(analysis.messages.length),
): Steps<Problem[]> {
	const out = problemList();
	yield* lintMessages(analysis, bodies, own, out);
	checkCSeqOrder(analysis, out);
	checkRouteSets(analysis, out);
	checkRemoteTargets(analysis, out);
	lintSubscriptions(analysis, out);
	checkReusedDialogIds(analysis, out);
	bodies.forgetPrevious();
	return out;
}

/**
 * The rules over each message, into `out`. A function whose loop ends it: code met after the
 * loop, once the loop is optimised, would throw that code away.
 */
function* lintMessages(
	analysis: TraceAnalysis,
	bodies: BodyChecks,
	own: OwnProblems,
	out: Problem[],
): Steps<void> {
	const total = analysis.messages.length;
	const reginfoVersions: ReginfoVersions = new Map();
	const messages = analysis.messages;
	for (let k = 0; k < messages.length; k++) {
		const m = messages[k]!;
		if (m.index % stepMessages === stepMessages - 1) yield m.index / total;
		// Later copies of a message repeat its faults: report them once, on the first; a copy
		// that is no copy (another body) is said.
		if (analysis.index.originalOf(m.index) !== null) {
			checkChangedCopy(analysis, m, out);
			continue;
		}
		const from = out.length;
		// The message's own problems, with the index's put among them as the rules come.
		const found = own.of(analysis, m, bodies);
		const mine = found.problems;
		let i = 0;
		for (; i < found.beforeBranch; i++) out.push(mine[i]!);
		checkReusedBranch(analysis, m, out);
		for (; i < found.beforeRequest; i++) out.push(mine[i]!);
		checkRequestMatch(analysis, m, out);
		for (; i < mine.length; i++) out.push(mine[i]!);
		if (mine.length) answeredHeaders(analysis, m, out, from);
		const reginfo = found.checked?.reginfo;
		if (reginfo) checkReginfoVersion(analysis, m, reginfo, reginfoVersions, out);
		checkEvents(analysis, m, out);
		checkInviteAck(analysis, m, out);
		checkFinalAfterFinal(analysis, m, out);
		checkAckBranch(analysis, m, out);
		checkAckRequestUri(analysis, m, out);
		checkAckVia(analysis, m, out);
		checkContentType(analysis.text, m, out);
		checkAck2xxBranch(analysis, m, out);
		checkAckForNonInvite(analysis, m, out);
		checkCalleeEarlyBye(analysis, m, out);
		checkForwardedMaxForwards(analysis, m, out);
		checkAnswerContact(analysis, m, out);
		checkRegisterListsBinding(analysis, m, out);
		checkPrack(analysis, m, out);
		checkInDialogToTag(m, out);
		checkAckToTag(analysis, m, out);
		checkRetryIds(analysis, m, out);
		checkRefusedCredentials(analysis, m, out);
		checkQopChoice(analysis, m, out);
		checkReplaces(analysis, m, out);
		// A line the export printed cut short lacks the rest of its value: not the sender's fault
		// (the message's own problems were sifted so already).
		if (m.frame.cuts && m.frame.lines && out.length > from)
			dropProblemsOnCuts(out, from, m.frame, m.frame.lines);
		// A SIPp scenario's message: what its keywords stand for is SIPp's to fill in.
		if (out.length > from) {
			const start = m.startLine.start;
			if (isSippTemplate(analysis.text, start))
				dropKeywordProblems(analysis.text, out, from, start);
			// A program's string template: what its placeholders stand for is the program's.
			else if (isCodeTemplate(analysis.text, start, m.frame.sip.end))
				dropLintPlaceholderProblems(analysis.text, out, from, start);
		}
	}
}

/**
 * The subscription rules one subscription at a time, so that its NOTIFYs are read from memory
 * once for the four of them; each rule's problems still come as a run of their own, in order.
 */
function lintSubscriptions(analysis: TraceAnalysis, out: Problem[]): void {
	const dialogInfo: Problem[] = [];
	const watcherinfo: Problem[] = [];
	const rlmi: Problem[] = [];
	const subscriptions = analysis.index.subscriptions;
	for (let k = 0; k < subscriptions.length; k++) {
		const s = subscriptions[k]!;
		checkSubscriptionLifetimes(analysis, s, out);
		checkReferNotified(analysis, s, out);
		checkSubscribeNotified(analysis, s, out);
		checkDialogInfoVersions(analysis, s, dialogInfo);
		checkWatcherinfoVersions(analysis, s, watcherinfo);
		checkRlmiVersions(analysis, s, rlmi);
	}
	for (const found of [dialogInfo, watcherinfo, rlmi])
		for (let k = 0; k < found.length; k++) out.push(found[k]!);
}

/**
 * Checked body texts of one version, falling back on the previous version's: what is still in
 * the trace is carried over, what the edit removed is dropped with the previous map.
 */
export class BodyChecks {
	/** By Content-Type, then by body text. */
	readonly #checked = new Map<string, Map<string, CheckedBody>>();
	#previous: BodyChecks | undefined;
	/**
	 * The text last found or kept, and what checking it found: a notifier sends one document to
	 * each watcher in turn, so most bodies are the one before, which comparing finds faster than
	 * hashing the whole text again.
	 */
	#lastType = '';
	#lastText: string | undefined;
	#last: CheckedBody | undefined;

	constructor(previous?: BodyChecks) {
		this.#previous = previous;
	}

	get(type: string, text: string): CheckedBody | undefined {
		if (text === this.#lastText && type === this.#lastType) return this.#last;
		let found = this.#checked.get(type)?.get(text);
		if (found === undefined && this.#previous) {
			found = this.#previous.#checked.get(type)?.get(text);
			if (found !== undefined) this.set(type, text, found);
		}
		if (found !== undefined) this.#remember(type, text, found);
		return found;
	}

	set(type: string, text: string, checked: CheckedBody): void {
		let byText = this.#checked.get(type);
		if (!byText) this.#checked.set(type, (byText = new Map()));
		byText.set(text, checked);
		this.#remember(type, text, checked);
	}

	#remember(type: string, text: string, checked: CheckedBody): void {
		this.#lastType = type;
		this.#lastText = text;
		this.#last = checked;
	}

	forgetPrevious(): void {
		this.#previous = undefined;
	}
}
