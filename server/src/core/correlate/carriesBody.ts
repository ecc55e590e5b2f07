import type { SipMessage } from '../model';
import { bodyLengthOf } from '../parser/sipMessage';

/**
 * Did the message carry a body on the wire? Its body text, or else a positive Content-Length:
 * truncated traces, and tshark's text where it cannot read a body back (JSON, hex, a line it cut),
 * lose the body but keep the header.
 */
export function carriesBody(m: SipMessage): boolean {
	return bodyLengthOf(m) > 0 || (m.contentLength ?? 0) > 0;
}
