import type { Problem, Span } from '../model';

/*
 * A trace that ends inside a request line (`INVITE sip:1061@192.168.55.55 SIP/2`, `NOTIFY
 * sip:FEU391-0-169-6@172.31.38.37:5`): a paste cut there, or a log that stopped. No message can
 * be read from it, and it stays log text; the reader is told a message began there, as it is of
 * every other message the trace cuts short.
 */

/** A request line cut before its version ends: a method, a URI, and at most part of `SIP/2.0`. */
const cutRequestLine =
	/^(?:INVITE|ACK|BYE|CANCEL|REGISTER|OPTIONS|SUBSCRIBE|NOTIFY|PUBLISH|REFER|MESSAGE|INFO|PRACK|UPDATE) (?:sips?|tel):\S*(?: S(?:I(?:P(?:\/(?:2\.?)?)?)?)?)?$/;

/**
 * The problem for the trace's last line where it is a request line cut short, in the noise after
 * the last message (`noise`, in text order); null where it is not.
 */
export function cutStartLineAtEnd(text: string, noise: readonly Span[]): Problem | null {
	let end = text.length;
	while (end > 0 && isBlank(text.charCodeAt(end - 1))) end--;
	if (end === 0) return null;
	const last = noise[noise.length - 1];
	if (!last || last.end < end) return null;
	let start = text.lastIndexOf('\n', end - 1) + 1;
	if (start < last.start || end - start > 400) return null;
	while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
	if (!cutRequestLine.test(text.slice(start, end))) return null;
	return {
		code: 'message.truncated',
		severity: 'warning',
		span: { start, end },
		message: 'The trace ends inside this request line: the message it begins is not in the trace.',
	};
}

function isBlank(c: number): boolean {
	return c === 10 || c === 13 || c === 32 || c === 9;
}
