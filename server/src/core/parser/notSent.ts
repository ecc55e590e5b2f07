import type { Frame, Problem } from '../model';
import { problem } from './problems';

/*
 * SIPp's -trace_msg log prints a message its socket refused after `Error sending UDP message:`
 * (SIPpSocket::write, on a sendto() or write() that failed): the message is printed as it would
 * have gone, and it never left. Its peer never saw it, so no answer to it is to be looked for.
 */
const errorSending = /^Error sending (\w{1,8}) message:/m;

/** Where a SIPp record says its message was not sent: a problem on that line, or null. */
export function notSentProblem(text: string, frame: Frame): Problem | null {
	const meta = frame.meta;
	if (frame.format !== 'sipp' || meta === null) return null;
	const record = text.slice(meta.start, Math.min(meta.end, meta.start + 400));
	const m = errorSending.exec(record);
	if (!m) return null;
	const start = meta.start + m.index;
	return problem(
		'message.not-sent',
		{ start, end: start + m[0].length },
		`SIPp could not send this message: its ${m[1]} socket refused it, so it never reached the peer, and no answer to it is to be expected.`,
	);
}
