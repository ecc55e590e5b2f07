import type { CapturedMessage } from './types';

/*
 * A capture's messages as a trace in the header-line format (README "Trace formats"): a line
 * `2026-11-24 19:33:07.319727 10.0.0.1:5060 -> 10.0.0.2:5060` (UTC), the message as on the wire,
 * and one empty line. The transport, when the capture tells it, follows the addresses
 * (`... -> 10.0.0.2:5060 TCP`); then, for a message the capture kept only the start of (its
 * snapshot length), its size on the wire (`UDP (409 bytes)`).
 */
export function renderCapture(messages: readonly CapturedMessage[]): string {
	const out: string[] = [];
	for (const m of messages)
		out.push(
			`${formatTime(m.epochMicros)} ${m.src} -> ${m.dst}${m.transport ? ` ${m.transport}` : ''}${m.wireOctets !== undefined ? ` (${m.wireOctets} bytes)` : ''}\n`,
			m.text,
			separator(m.text),
		);
	return out.join('');
}

/**
 * What follows a message's own text so that one empty line, no more, comes before the next
 * header line: nothing after a message whose last line is already empty (a bodiless message
 * ends with the empty line after its headers, RFC 3261 §7), an empty line after one ending with
 * a line end, else (a body without one) a line end and an empty line.
 */
function separator(text: string): string {
	if (!text.endsWith('\n')) return '\r\n\n';
	const last = text.length - (text.endsWith('\r\n') ? 2 : 1);
	return text.charCodeAt(last - 1) === 10 ? '' : '\n';
}

/** `2026-11-24 19:33:07.319727` (UTC) for microseconds since the epoch; the epoch when unknown. */
export function formatTime(epochMicros: number | null): string {
	const micros =
		epochMicros !== null && epochMicros >= 0 && epochMicros < 253402300800e6 ? epochMicros : 0;
	const date = new Date(Math.floor(micros / 1000)).toISOString();
	const fraction = String(micros % 1e6).padStart(6, '0');
	return `${date.slice(0, 10)} ${date.slice(11, 19)}.${fraction}`;
}
