import type { Frame, Problem, SipMessage, TraceFormat } from '../../model';
import { findHeader } from '../../query';
import { topViaOf } from '../../parser/sipMessage';
import { isCaptured } from '../../parser/captured';
import { lintProblem } from '../codes';

/** Transports whose kind (datagram or stream) is known; another (`[transport]`, a mask) is not judged. */
const streams: ReadonlyMap<string, boolean> = new Map([
	['UDP', false],
	['TCP', true],
	['TLS', true],
	['WS', true],
	['WSS', true],
	['SCTP', true],
	['TLS-SCTP', true],
]);

/**
 * Packets as a capture tool prints them: their transport is the packet's, which may carry SIP
 * inside another protocol (HEP to a collector over UDP, drachtio's control connection over
 * TCP): not the transport the SIP message was sent over. Judged in a SIP stack's own log.
 */
const captured: ReadonlySet<TraceFormat> = new Set<TraceFormat>([
	'ngrep',
	'tcpdump',
	'tshark',
	'tsharkJson',
	'tsharkFollow',
	'hexDump',
	'homer',
]);

/**
 * Is the message's text the packet's own octets, as sent (a capture tool's print, or a capture
 * opened as a trace), not a copy that a page or a poster may have changed?
 */
export function isPacketText(frame: Frame): boolean {
	return captured.has(frame.format) || isCaptured(frame);
}

/**
 * A request's top Via names the transport it is sent over (RFC 3261 §8.1.1.7, §18.1.1), and the
 * server sends its responses by it (§18.2.2): back on the connection for a stream, to the
 * sent-by's port over UDP otherwise. A Via that says UDP for a request the log shows on a
 * connection (or the reverse) sends the responses where the client does not wait for them: the
 * request is retransmitted and times out though the server answered. Judged where a stack's log
 * names the transport; TCP, TLS and WebSocket are alike here (a log may name the connection under the
 * WebSocket or TLS), only datagram against stream is said.
 */
export function checkViaTransport(m: SipMessage, out: Problem[]): void {
	const logged = m.frame.transport;
	if (m.kind !== 'request' || logged === null || captured.has(m.frame.format)) return;
	// A capture opened as a trace (its header lines name the transport): a message on a connection
	// was on one, but tools write datagrams of what they never sent so (Kamailio's sipdump puts
	// every message in a UDP packet, TCP's too): a UDP packet is not judged.
	if (m.frame.format === 'headerLine' && logged === 'UDP') return;
	const loggedStream = streams.get(logged.toUpperCase());
	if (loggedStream === undefined) return;
	const sent = topViaOf(m)?.transport.toUpperCase();
	const sentStream = sent === undefined ? undefined : streams.get(sent);
	if (sentStream === undefined || sentStream === loggedStream) return;
	out.push(
		lintProblem(
			'via.transport-mismatch',
			findHeader(m, 'via')?.value ?? m.startLine,
			`The top Via says ${sent}, but the trace shows this request over ${logged.toUpperCase()}: Via names the transport the request is sent over (RFC 3261 §18.1.1), and the server sends its responses by it (§18.2.2), ${sentStream ? 'on a connection that this request did not come over' : 'over UDP to the sent-by, not back on the connection'}, where the client is not waiting for them.`,
		),
	);
}
