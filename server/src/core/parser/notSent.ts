import type { Frame, Problem } from '../model';
import { problem } from './problems';

/*
 * Logs that print a message the program could not send, as it would have gone: it never left,
 * its peer never saw it, so no answer to it is to be looked for.
 * - SIPp's -trace_msg log, after `Error sending UDP message:` (SIPpSocket::write, on a sendto()
 *   or write() that failed).
 * - Twinkle's log, after `Cannot resolve destination for:` (its transaction manager found no
 *   address for the request's destination; the 404 or 503 it then hands its own user follows
 *   as `Send internal:`).
 */
const faults: Partial<
	Record<Frame['format'], { record: RegExp; why: (m: RegExpExecArray) => string }>
> = {
	sipp: {
		record: /^Error sending (\w{1,8}) message:/m,
		why: (m) =>
			`SIPp could not send this message: its ${m[1]} socket refused it, so it never reached the peer, and no answer to it is to be expected.`,
	},
	twinkle: {
		record: /^Cannot resolve destination for:/m,
		why: () =>
			'Twinkle could not send this request: it found no address for its destination, so it never reached a peer, and no answer to it is to be expected.',
	},
};

/** Where a record says its message was not sent: a problem on that line, or null. */
export function notSentProblem(text: string, frame: Frame): Problem | null {
	const meta = frame.meta;
	const fault = faults[frame.format];
	if (!fault || meta === null) return null;
	const record = text.slice(meta.start, Math.min(meta.end, meta.start + 400));
	const m = fault.record.exec(record);
	if (!m) return null;
	const start = meta.start + m.index;
	return problem('message.not-sent', { start, end: start + m[0].length }, fault.why(m));
}
