import type { MessageMeta } from './engine';

/*
 * Wireshark's lines for the layers under SIP, as tshark -V and Wireshark's copies print them at
 * the margin: the packet's addresses and ports, read by tshark.ts in its trees and, where a copy
 * kept only those two lines above a message pasted as text, by the framer as its heading.
 */

// With name resolution on (Wireshark's default for ports), a name comes first and the address or
// number in parentheses: `Src: pbx.example.com (10.75.22.8)`, `Src Port: sip (5060)`; Wireshark 1
// printed `Src: 10.0.0.1 (10.0.0.1)`, `Dst Port: 42783 (42783)`. The address is what is read.
// Wireshark before 1.8 (and Ethereal) named IPv4 `Internet Protocol` alone.
export const ipLine =
	/^Internet Protocol(?: Version (4|6))?, Src: (?:\S+ \(([^()\s]+)\)|(\S+)), Dst: (?:\S+ \(([^()\s]+)\)|(\S+))/;
export const portLine =
	/^(User Datagram|Transmission Control|Stream Control Transmission) Protocol, Src Port: (?:\S+ \()?(\d+)\)?, Dst Port: (?:\S+ \()?(\d+)\)?/;

/**
 * The two layer lines above a message pasted as text (its tree collapsed to them): `Internet
 * Protocol Version 4, Src: a, Dst: b`, then `User Datagram Protocol, Src Port: p, Dst Port: q`
 * at [start, end). The packet's addresses and transport; null when the line is no port line, or
 * the line above it no address line.
 */
export function layerLines(text: string, start: number, end: number): MessageMeta | null {
	const port = portLine.exec(text.slice(start, Math.min(end, start + 200)));
	if (!port || start < 2) return null;
	const above = text.lastIndexOf('\n', start - 2) + 1;
	const ip = ipLine.exec(text.slice(above, Math.min(start, above + 300)).trimStart());
	if (!ip) return null;
	const address = (host: string, p: string): string =>
		`${host.includes(':') ? `[${host}]` : host}:${p}`;
	return {
		src: address((ip[2] ?? ip[3])!, port[2]!),
		dst: address((ip[4] ?? ip[5])!, port[3]!),
		transport:
			port[1] === 'User Datagram' ? 'UDP' : port[1] === 'Transmission Control' ? 'TCP' : 'SCTP',
	};
}
