import type { SipMessage } from '../model';

/**
 * The body of a message as text. Where the trace decorates each line (prefixes, indentation),
 * the body's lines are joined without the decoration.
 */
export function bodyText(text: string, message: SipMessage): string {
	const body = message.body;
	if (!body || body.end <= body.start) return '';
	const lines = message.frame.lines;
	if (!lines) return text.slice(body.start, body.end);
	const parts: string[] = [];
	for (let i = 0; i < lines.length; i += 2) {
		if (lines[i]! >= body.start && lines[i + 1]! <= body.end)
			parts.push(text.slice(lines[i], lines[i + 1]));
	}
	return parts.join('\r\n');
}
