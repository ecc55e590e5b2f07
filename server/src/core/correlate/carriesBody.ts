import type { SipMessage } from '../model';

/**
 * Did the message carry a body on the wire? Its body text, or else a positive Content-Length:
 * tshark's text export and truncated traces lose the body but keep the header.
 */
export function carriesBody(m: SipMessage): boolean {
	return (m.body !== null && m.body.end > m.body.start) || (m.contentLength ?? 0) > 0;
}
