// Deterministic generator of realistic SIP traffic for the benchmark: presence (SUBSCRIBE/NOTIFY
// with PIDF+RPID), publications with ETags and 407 challenges, INVITE dialogs with SDP,
// retransmissions and several Via hops. The same packets are written as text and as pcap.
import { createHash } from 'node:crypto';

/** mulberry32: small, fast, seedable. */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface Packet {
	readonly micros: number;
	readonly src: string; // ip:port
	readonly dst: string;
	readonly payload: string;
}

const activities = ['busy', 'away', 'on-the-phone', 'meeting', 'vacation', 'lunch'];
const notes = [
	'In a meeting until 3pm',
	'Back at 14:00',
	'Working from home',
	'Do not disturb',
	'At the airport',
];

function pidf(entity: string, basic: string, activity: string, note: string): string {
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"',
		'    xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="' + entity + '">',
		'  <tuple id="t' + activity.length + '"><status><basic>' + basic + '</basic></status></tuple>',
		'  <dm:person id="p1"><rpid:activities><rpid:' + activity + '/></rpid:activities>',
		'    <dm:note>' + note + '</dm:note></dm:person>',
		'</presence>',
		'',
	].join('\r\n');
}

function sdp(ip: string, port: number): string {
	return [
		'v=0',
		`o=- 20518 0 IN IP4 ${ip}`,
		's=-',
		`c=IN IP4 ${ip}`,
		't=0 0',
		`m=audio ${port} RTP/AVP 0 8 101`,
		'a=rtpmap:0 PCMU/8000',
		'a=rtpmap:8 PCMA/8000',
		'a=rtpmap:101 telephone-event/8000',
		'a=sendrecv',
		'',
	].join('\r\n');
}

/** A Digest response's 32 hex digits, made from `seed` (RFC 2617 §3.2.2: `32LHEX`). */
function digest(seed: string): string {
	return createHash('md5').update(seed).digest('hex');
}

function message(start: string, headers: string[], body = ''): string {
	return `${start}\r\n${headers.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

const proxy = '192.0.2.1:5060';
const presenceServer = '192.0.2.2:5060';

/** Generates at least `count` messages of mixed traffic, in time order. */
export function generateTraffic(count: number, seed = 1): Packet[] {
	const rand = rng(seed);
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
	const packets: Packet[] = [];
	let now = Date.UTC(2026, 10, 24, 19, 0, 0) * 1000;
	const users = Array.from({ length: 200 }, (_, i) => ({
		name: `user${i}`,
		ip: `10.${(i >> 8) & 255}.${i & 255}.${10 + (i % 200)}:5060`,
	}));
	let serial = 0;
	const id = (): string => (++serial).toString(36) + Math.floor(rand() * 1e9).toString(36);
	const send = (src: string, dst: string, payload: string): void => {
		now += 200 + Math.floor(rand() * 5000);
		packets.push({ micros: now, src, dst, payload });
	};
	// Watchers per presentity, so NOTIFYs fan out.
	const watchers = new Map<
		string,
		{ who: (typeof users)[number]; callId: string; tag: string; serverTag: string; cseq: number }[]
	>();

	while (packets.length < count) {
		const r = rand();
		const user = pick(users);
		const uri = `sip:${user.name}@example.com`;
		const via = (branch: string) => [
			`Via: SIP/2.0/UDP ${proxy};branch=z9hG4bK${branch}p`,
			`Via: SIP/2.0/UDP ${user.ip};rport;branch=z9hG4bK${branch}`,
		];
		if (r < 0.3) {
			// A watcher subscribes to a presentity.
			const target = pick(users);
			const callId = `${id()}@${user.ip.split(':')[0]}`;
			const tag = id();
			const serverTag = id();
			const b = id();
			const from = `From: "${user.name}" <${uri}>;tag=${tag}`;
			const to = `To: <sip:${target.name}@example.com>`;
			const base = [
				...via(b),
				'Max-Forwards: 69',
				from,
				to,
				`Call-ID: ${callId}`,
				'CSeq: 1 SUBSCRIBE',
			];
			send(
				proxy,
				presenceServer,
				message(`SUBSCRIBE sip:${target.name}@example.com SIP/2.0`, [
					...base,
					`Contact: <sip:${user.name}@${user.ip}>`,
					'Event: presence',
					'Accept: application/pidf+xml',
					'Expires: 3600',
				]),
			);
			send(
				presenceServer,
				proxy,
				message('SIP/2.0 200 OK', [
					...base.slice(0, 4),
					`${to};tag=${serverTag}`,
					...base.slice(5),
					'Expires: 3600',
					`Contact: <sip:presence@${presenceServer}>`,
				]),
			);
			const list = watchers.get(target.name) ?? [];
			list.push({ who: user, callId, tag, serverTag, cseq: 1 });
			watchers.set(target.name, list);
		} else if (r < 0.55) {
			// A PUBLISH, challenged half of the time, then fanned out to the watchers.
			const callId = `${id()}@${user.ip.split(':')[0]}`;
			const tag = id();
			const body = pidf(uri, rand() < 0.8 ? 'open' : 'closed', pick(activities), pick(notes));
			const head = (cseq: number, b: string) => [
				...via(b),
				'Max-Forwards: 69',
				`From: <${uri}>;tag=${tag}`,
				`To: <${uri}>`,
				`Call-ID: ${callId}`,
				`CSeq: ${cseq} PUBLISH`,
				'Event: presence',
				'Expires: 3600',
			];
			let cseq = 1;
			let b = id();
			if (rand() < 0.5) {
				send(
					user.ip,
					proxy,
					message(
						`PUBLISH ${uri} SIP/2.0`,
						[...head(cseq, b).slice(1), 'Content-Type: application/pidf+xml'],
						body,
					),
				);
				send(
					proxy,
					user.ip,
					message('SIP/2.0 407 Proxy Authentication Required', [
						...answered(head(cseq, b).slice(1, 7), `px${tag}`),
						`Proxy-Authenticate: Digest realm="example.com", nonce="${id()}", qop="auth"`,
					]),
				);
				cseq++;
				b = id();
			}
			send(
				proxy,
				presenceServer,
				message(
					`PUBLISH ${uri} SIP/2.0`,
					[
						...head(cseq, b),
						`Proxy-Authorization: Digest username="${user.name}", realm="example.com", nonce="n", uri="${uri}", response="${digest(id())}"`,
						'Content-Type: application/pidf+xml',
					],
					body,
				),
			);
			send(
				presenceServer,
				proxy,
				message('SIP/2.0 200 OK', [
					...answered(head(cseq, b).slice(0, 7), `ps${tag}`),
					`SIP-ETag: ${id()}`,
					'Expires: 3600',
				]),
			);
			for (const w of watchers.get(user.name) ?? []) {
				w.cseq++;
				// Kamailio's branch for a NOTIFY of its own: the part that varies at the start, the
				// same 24 characters at the end of every one.
				const nb = `${(serial & 0xffff).toString(16)}.${Math.floor(rand() * 0xffffffff)
					.toString(16)
					.padStart(8, '0')}000000000000000000000000.0`;
				serial++;
				const h = [
					`Via: SIP/2.0/UDP ${presenceServer};branch=z9hG4bK${nb}`,
					'Max-Forwards: 70',
					`From: <${uri}>;tag=${w.serverTag}`,
					`To: <sip:${w.who.name}@example.com>;tag=${w.tag}`,
					`Call-ID: ${w.callId}`,
					`CSeq: ${w.cseq} NOTIFY`,
				];
				send(
					presenceServer,
					w.who.ip,
					message(
						`NOTIFY sip:${w.who.name}@${w.who.ip} SIP/2.0`,
						[
							...h,
							`Contact: <sip:presence@${presenceServer}>`,
							'Event: presence',
							'Subscription-State: active;expires=3000',
							'Content-Type: application/pidf+xml',
						],
						body,
					),
				);
				if (rand() < 0.05) send(presenceServer, w.who.ip, packets[packets.length - 1]!.payload); // retransmission
				send(w.who.ip, presenceServer, message('SIP/2.0 200 OK', [h[0]!, ...h.slice(2)]));
			}
		} else if (r < 0.85) {
			// A call: INVITE with SDP, 100, 180, 200, ACK, BYE, 200.
			// Another user than the caller: a UA calling itself gives its own Contact back.
			const picked = pick(users);
			const callee = picked === user ? users[(users.indexOf(user) + 1) % users.length]! : picked;
			const callId = `${id()}@${user.ip.split(':')[0]}`;
			const tag = id();
			const toTag = id();
			const b = id();
			const from = `From: "${user.name}" <${uri}>;tag=${tag}`;
			const to = `To: <sip:${callee.name}@example.com>`;
			const inv = [...via(b), 'Max-Forwards: 69', from, to, `Call-ID: ${callId}`, 'CSeq: 1 INVITE'];
			const ip = user.ip.split(':')[0]!;
			send(
				proxy,
				callee.ip,
				message(
					`INVITE sip:${callee.name}@${callee.ip} SIP/2.0`,
					[...inv, `Contact: <sip:${user.name}@${user.ip}>`, 'Content-Type: application/sdp'],
					sdp(ip, 10000 + Math.floor(rand() * 20000)),
				),
			);
			send(
				callee.ip,
				proxy,
				message(
					'SIP/2.0 100 Trying',
					inv.filter((h) => !h.startsWith('Max-Forwards')),
				),
			);
			const withTag = inv
				.filter((h) => !h.startsWith('Max-Forwards'))
				.map((h) => (h === to ? `${to};tag=${toTag}` : h));
			// A 180 with a To tag makes an early dialog: its Contact too (RFC 3261 §12.1.1).
			send(
				callee.ip,
				proxy,
				message('SIP/2.0 180 Ringing', [...withTag, `Contact: <sip:${callee.name}@${callee.ip}>`]),
			);
			send(
				callee.ip,
				proxy,
				message(
					'SIP/2.0 200 OK',
					[
						...withTag,
						`Contact: <sip:${callee.name}@${callee.ip}>`,
						'Content-Type: application/sdp',
					],
					sdp(callee.ip.split(':')[0]!, 30000),
				),
			);
			const inDialog = (method: string, cseq: number) => [
				`Via: SIP/2.0/UDP ${user.ip};branch=z9hG4bK${id()}`,
				'Max-Forwards: 70',
				from,
				`${to};tag=${toTag}`,
				`Call-ID: ${callId}`,
				`CSeq: ${cseq} ${method}`,
			];
			send(
				user.ip,
				callee.ip,
				message(`ACK sip:${callee.name}@${callee.ip} SIP/2.0`, inDialog('ACK', 1)),
			);
			const bye = inDialog('BYE', 2);
			send(user.ip, callee.ip, message(`BYE sip:${callee.name}@${callee.ip} SIP/2.0`, bye));
			send(callee.ip, user.ip, message('SIP/2.0 200 OK', [bye[0]!, ...bye.slice(2)]));
		} else {
			// Keep-alive OPTIONS and REGISTER refreshes: the noise of real traces.
			const callId = `${id()}@${user.ip.split(':')[0]}`;
			const method = rand() < 0.5 ? 'OPTIONS' : 'REGISTER';
			const h = [
				`Via: SIP/2.0/UDP ${user.ip};branch=z9hG4bK${id()}`,
				'Max-Forwards: 70',
				`From: <${uri}>;tag=${id()}`,
				`To: <${uri}>`,
				`Call-ID: ${callId}`,
				`CSeq: 1 ${method}`,
			];
			send(
				user.ip,
				proxy,
				message(`${method} sip:example.com SIP/2.0`, [
					...h,
					`Contact: <sip:${user.name}@${user.ip}>`,
					'Expires: 600',
				]),
			);
			send(
				proxy,
				user.ip,
				message('SIP/2.0 200 OK', [
					h[0]!,
					...answered(h.slice(2), `r${callId}`),
					// A registrar's 2xx lists the binding (RFC 3261 §10.3 step 8).
					...(method === 'REGISTER' ? [`Contact: <sip:${user.name}@${user.ip}>;expires=600`] : []),
					'Expires: 600',
				]),
			);
		}
	}
	return packets;
}

/**
 * `headers` as a response carries them: its To with the tag the answering side adds (RFC 3261
 * §8.2.6.2), made from the call's own identifiers so the random stream, and the trace, stay as
 * they were.
 */
function answered(headers: string[], tag: string): string[] {
	return headers.map((h) => (h.startsWith('To: ') && !h.includes(';tag=') ? `${h};tag=${tag}` : h));
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
function stamp(micros: number, dateSep: string): string {
	const d = new Date(Math.floor(micros / 1000));
	return `${d.getUTCFullYear()}${dateSep}${pad(d.getUTCMonth() + 1)}${dateSep}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(micros % 1_000_000, 6)}`;
}

/** One plain header line per message (`2026-11-24 19:33:07.319727 a -> b`). */
export function toHeaderLineText(packets: readonly Packet[]): string {
	return packets
		.map((p) => `${stamp(p.micros, '-')} ${p.src} -> ${p.dst}\n${p.payload}\n`)
		.join('\n');
}

/** sngrep's text export (`2026/11/24 19:33:07.319727 a -> b`, payload, blank line). */
export function toSngrepText(packets: readonly Packet[]): string {
	return packets
		.map((p) => `${stamp(p.micros, '/')} ${p.src} -> ${p.dst}\n${p.payload}\n\n`)
		.join('');
}
