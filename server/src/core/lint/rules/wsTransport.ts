import type { Problem, SipMessage } from '../../model';
import { lintProblem } from '../codes';

/**
 * `;transport=wss` in a SIP URI: RFC 7118 §5.2 registers `ws` alone as the URI's transport, for
 * WebSocket and secure WebSocket both (a `sips` URI asks for the secure one); `WSS` belongs in Via
 * only (§5.3). Servers that follow the registry (Asterisk, Kazoo's Kamailio) reject or misroute
 * such a URI, so it is a usual cause of a browser client's failed calls.
 */
export function checkWsTransport(
	text: string,
	from: number,
	to: number,
	span: { start: number; end: number },
	out: Problem[],
): void {
	// Searched only in values long enough to hold it, and only past a `;`.
	if (to - from < 15) return;
	const at = text.indexOf(';', from);
	if (at < 0 || at >= to) return;
	const value = text.slice(at, Math.min(to, at + 2000));
	const found = wssParam.exec(value);
	if (!found) return;
	out.push(
		lintProblem(
			'uri.transport-wss',
			span,
			'`transport=wss` is no URI transport: RFC 7118 §5.2 defines `ws` for WebSocket and secure WebSocket both (a sips URI asks for TLS); WSS is written in Via only (§5.3), and servers that follow the registry reject this URI.',
		),
	);
}
const wssParam = /;[ \t]*transport[ \t]*=[ \t]*wss(?![\w.!%*+`'~-])/i;

/** The Request-URI's transport (see {@link checkWsTransport}). */
export function checkRequestUriTransport(text: string, m: SipMessage, out: Problem[]): void {
	const span = m.requestUriSpan;
	if (span) checkWsTransport(text, span.start, span.end, span, out);
}
