import type { Problem, SipMessage, TraceAnalysis, TraceIndex } from '../model';
import { sameCorrelationFacts } from './sameFacts';
import { movedIndex } from './traceIndex';

/**
 * The index of `previous`, taken over for `messages` (of `text`), the messages after an edit:
 * those before `reread.from` kept, those from `reread.to` on moved, the ones between read again.
 * Most edits a reader makes (a note between messages, a word in an SDP body, a header the index does
 * not read) change nothing it reads: then the index is not built again (a trace of 100,000
 * messages takes a large part of a second to index). Null, to build it, when the count of
 * messages changed or a message read again differs in what the index reads of it.
 */
export function indexAfterEdit(
	previous: TraceAnalysis,
	text: string,
	messages: readonly SipMessage[],
	reread: { readonly from: number; readonly to: number },
	problems: Problem[],
): TraceIndex | null {
	const before = previous.messages;
	if (before.length !== messages.length) return null;
	for (let i = reread.from; i < reread.to; i++)
		if (!sameCorrelationFacts(previous.text, before[i]!, text, messages[i]!)) return null;
	return movedIndex(previous.index, before, text, messages, problems);
}
