import { concat, u16, u32, type Bytes } from './bytes';
import { isStartLine, skipLineEnds } from './sip';

/*
 * SIP over WebSocket (RFC 7118), as WebRTC clients (JsSIP, SIP.js) talk to Kamailio or Asterisk
 * over ws://: on a TCP connection an HTTP Upgrade handshake (RFC 6455 §4), then frames (§5.2):
 * FIN, three reserved bits, opcode (0 continuation, 1 text, 2 binary, 8 close, 9 ping, 10 pong),
 * MASK and a 7-bit length, 126 for a 16-bit and 127 for a 64-bit one after it, the client's
 * 4-octet masking key, then the payload (a client's XORed with the key, §5.3). A message is one
 * frame or a first frame and its continuations up to FIN (§5.4; control frames may come between);
 * each message holds one SIP message (RFC 7118 §5.2).
 */

/** A handshake longer than this is no handshake (bounds the look for its end). */
const maxHandshake = 16384;

const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);

function startsWith(b: Bytes, at: number, text: string): boolean {
	for (let k = 0; k < text.length; k++)
		if (lower(b[at + k] ?? -1) !== text.charCodeAt(k)) return false;
	return true;
}

/**
 * Where the WebSocket frames of a TCP stream direction start: after a client's `GET` with
 * `Upgrade: websocket` or a server's `101` answer. Null when the stream does not open one.
 */
export function afterHandshake(b: Bytes): number | null {
	if (!startsWith(b, 0, 'get ') && !startsWith(b, 0, 'http/1.1 101')) return null;
	const limit = Math.min(b.length, maxHandshake);
	let upgrade = false;
	let lineStart = 0;
	for (let i = 0; i < limit; i++) {
		if (b[i] !== 10) continue;
		const lineEnd = i > lineStart && b[i - 1] === 13 ? i - 1 : i;
		if (lineEnd === lineStart) return upgrade ? i + 1 : null;
		if (startsWith(b, lineStart, 'upgrade:')) {
			// The value names the protocol (case-insensitive, §4.2.1): look for "websocket" in it.
			for (let k = lineStart + 8; k + 9 <= lineEnd && !upgrade; k++)
				upgrade = startsWith(b, k, 'websocket');
		}
		lineStart = i + 1;
	}
	return null;
}

export interface WsMessage {
	/** Stream offset of its first frame. */
	readonly at: number;
	readonly bytes: Bytes;
}

export interface WsProblem {
	readonly code: string;
	readonly message: string;
	/** Stream offset of the frame it concerns. */
	readonly at: number;
}

/** The SIP messages of the WebSocket frames in b[at, end), with what could not be read. */
export function readFrames(
	b: Bytes,
	at: number,
	end: number,
): { messages: WsMessage[]; problems: WsProblem[] } {
	const messages: WsMessage[] = [];
	const problems: WsProblem[] = [];
	let open: { at: number; parts: Bytes[]; compressed: boolean } | null = null;
	const done = (m: { at: number; parts: Bytes[]; compressed: boolean }) => {
		if (m.compressed) {
			problems.push({
				code: 'capture.ws-compressed',
				message:
					'A WebSocket message is compressed (permessage-deflate, RFC 7692): it is not read.',
				at: m.at,
			});
			return;
		}
		const bytes = m.parts.length === 1 ? m.parts[0]! : concat(m.parts);
		const start = skipLineEnds(bytes, 0, bytes.length);
		// A message of another subprotocol, or a keep-alive, is not SIP: left out.
		if (start < bytes.length && isStartLine(bytes, start, bytes.length))
			messages.push({ at: m.at, bytes: bytes.subarray(start) });
	};
	while (at < end) {
		const frame = at;
		const b0 = b[at]!;
		const b1 = at + 1 < end ? b[at + 1]! : -1;
		let length = b1 & 0x7f;
		let header = 2;
		if (length === 126) {
			header = 4;
			length = u16(b, at + 2);
		} else if (length === 127) {
			header = 10;
			const high = u32(b, at + 2);
			// Above 2^53 octets no capture holds the frame: read as a length past the end.
			length = high >= 0 && high < 0x200000 ? high * 2 ** 32 + u32(b, at + 6) : Infinity;
		}
		const masked = (b1 & 0x80) !== 0;
		if (masked) header += 4;
		if (b1 < 0 || at + header > end || length < 0 || at + header + length > end) {
			problems.push({
				code: 'capture.ws-truncated',
				message: `A WebSocket frame ${Number.isFinite(length) ? `of ${length} octets ` : ''}goes past the end of the stream in the capture: it is left out.`,
				at: frame,
			});
			break;
		}
		let payload = b.subarray(at + header, at + header + length);
		if (masked) {
			const key = at + header - 4;
			const clear = new Uint8Array(length);
			for (let i = 0; i < length; i++) clear[i] = payload[i]! ^ b[key + (i & 3)]!;
			payload = clear;
		}
		at += header + length;
		const fin = (b0 & 0x80) !== 0;
		const opcode = b0 & 0x0f;
		if (opcode === 1 || opcode === 2) {
			if (open)
				problems.push({
					code: 'capture.ws-malformed',
					message:
						'A WebSocket message starts before the fragmented one before it ended: that one is left out.',
					at: frame,
				});
			open = { at: frame, parts: [payload], compressed: (b0 & 0x40) !== 0 };
		} else if (opcode === 0) {
			if (!open) {
				problems.push({
					code: 'capture.ws-malformed',
					message: 'A WebSocket continuation frame continues no message: it is left out.',
					at: frame,
				});
				continue;
			}
			open.parts.push(payload);
		} else {
			if (opcode < 8 || opcode > 10)
				problems.push({
					code: 'capture.ws-malformed',
					message: `A WebSocket frame has the reserved opcode ${opcode}: it is left out.`,
					at: frame,
				});
			// Close, ping and pong carry no SIP, and may come between the fragments of a message.
			continue;
		}
		if (fin) {
			done(open);
			open = null;
		}
	}
	if (open)
		problems.push({
			code: 'capture.ws-truncated',
			message: 'A fragmented WebSocket message has no final frame in the capture: it is left out.',
			at: open.at,
		});
	return { messages, problems };
}
