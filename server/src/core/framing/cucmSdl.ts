import type { FormatRules, MessageMeta } from './engine';

/*
 * Cisco Unified CM SDL traces (SDL*.txt from RTMT): every record opens with its sequence number,
 * time of day and kind, `04241111.002 |11:27:41.232 |AppInfo  |...`. A SIP message is logged by
 * the SIP stack's record, then its network record number, `[286938,NET]`, then the message:
 *   `SIPTcp - wait_SdlReadRsp: Incoming SIP TCP message from 10.48.38.102 on port 50147 index 32
 *   with 1946 bytes:`, `SIPTcp - wait_SdlSPISignal: Outgoing SIP TCP message to 10.48.38.107 on
 *   port 51902 index 52 `, and over UDP `//SIP/SIPUdp/wait_SdlDataInd: Incoming SIP UDP message
 *   size 737 from 10.48.32.170:[5060]:`, `//SIP/SIPUdp/wait_SdlSPISignal: Outgoing SIP UDP message
 *   to 10.48.32.170:[5060]:`. With a SIP normalization script, its trace logs the message too:
 *   `//SIP/SIPNormalization/trace_sip_message: Before outbound SIP Normalization msg is:`, then
 *   `[101344,INT]`.
 * The record names the peer only (CUCM's own address is not written) and the size received. The
 * next record ends the message: a message without Content-Length stops there.
 */

const sipRecord =
	/^\d{1,10}\.\d{3} {0,3}\|(\d\d:\d\d:\d\d\.\d{3}) {0,3}\|AppInfo {0,4}\|(?:SIP(?:Tcp|Udp) - |\/\/SIP\/SIP(?:Tcp|Udp)\/)wait_\w{1,40}: (Incoming|Outgoing) SIP (TCP|UDP) message (?:size (\d{1,10}) )?(?:from|to) (\S{1,100}?)(?: on port (\d{1,5}) index \d{1,10}(?: with (\d{1,10}) bytes)?)?:?\s*$/;
const netRecord = /^\[\d{1,12},(?:NET|INT)\]\s*$/;
// SIP normalization scripts' trace (`trace_sip_message`): the message as CUCM takes it in or is
// about to send it, before or after the script ran, then its record number `[101344,INT]`.
const normalizationRecord =
	/^\d{1,10}\.\d{3} {0,3}\|(\d\d:\d\d:\d\d\.\d{3}) {0,3}\|AppInfo {0,4}\|\/\/SIP\/SIPNormalization\/trace_sip_message: (?:Before|After) (inbound|outbound) SIP Normalization msg is:\s*$/;

/**
 * The length of the `04241111.002 |` that opens every SDL record at `start` (checked to be followed
 * by the record's time, `11:`), or 0.
 */
function recordStamp(text: string, start: number, end: number): number {
	let i = start;
	while (i < end && i - start <= 10 && isDigit(text.charCodeAt(i))) i++;
	if (i === start || i - start > 10 || text.charCodeAt(i) !== 46) return 0;
	for (let k = 1; k <= 3; k++) if (!isDigit(text.charCodeAt(i + k))) return 0;
	i += 4;
	for (let k = 0; k < 3 && text.charCodeAt(i) === 32; k++) i++;
	if (text.charCodeAt(i) !== 124) return 0;
	i++;
	if (
		i + 3 > end ||
		!isDigit(text.charCodeAt(i)) ||
		!isDigit(text.charCodeAt(i + 1)) ||
		text.charCodeAt(i + 2) !== 58
	)
		return 0;
	return i - start;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** `10.48.32.170:[5060]` or `10.48.38.102` + port 50147 as `ip:port` (IPv6 bracketed). */
function peerAddress(written: string, port: string | undefined): string {
	let host = written;
	let p = port;
	const bracket = /^(.{1,80}):\[(\d{1,5})\]$/.exec(written);
	if (bracket) {
		host = bracket[1]!;
		p = bracket[2];
	}
	if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
	return p === undefined ? host : `${host}:${p}`;
}

/** What an SDL record logging a SIP message says: time of day, direction, peer, transport, size. */
function matchSipRecord(text: string, start: number, end: number): MessageMeta | null {
	// Cheap rejection first (this runs on every line): the record's stamp, then `|AppInfo`.
	const stamp = recordStamp(text, start, end);
	if (stamp === 0) return null;
	let i = start + stamp + 12;
	for (let k = 0; k < 3 && text.charCodeAt(i) === 32; k++) i++;
	if (text.charCodeAt(i) !== 124 || !text.startsWith('AppInfo', i + 1)) return null;
	const record = text.slice(start, Math.min(end, start + 400));
	const m = sipRecord.exec(record);
	if (!m) {
		const n = normalizationRecord.exec(record);
		return n ? { time: n[1]!, direction: n[2] === 'inbound' ? 'in' : 'out' } : null;
	}
	const inbound = m[2] === 'Incoming';
	const peer = peerAddress(m[5]!, m[6]);
	const size = m[4] ?? m[7];
	return {
		time: m[1]!,
		direction: inbound ? 'in' : 'out',
		transport: m[3]!,
		src: inbound ? peer : null,
		dst: inbound ? null : peer,
		declaredBytes: size === undefined ? null : Number(size),
	};
}

export const cucmSdl: FormatRules = {
	format: 'cucmSdl',
	matchMeta: matchSipRecord,
	continueMeta: (text, start, end) =>
		text.charCodeAt(start) === 91 && netRecord.test(text.slice(start, Math.min(end, start + 40))),
	isRecord: (text, start, end) => recordStamp(text, start, end) > 0,
};

/** Detection: an SDL record logging a SIP message. */
export const cucmSdlSipRecord =
	/^\d{1,10}\.\d{3} {0,3}\|\d\d:\d\d:\d\d\.\d{3} {0,3}\|AppInfo {0,4}\|(?:(?:SIP(?:Tcp|Udp) - |\/\/SIP\/SIP(?:Tcp|Udp)\/)wait_\w{1,40}: (?:Incoming|Outgoing) SIP (?:TCP|UDP) message |\/\/SIP\/SIPNormalization\/trace_sip_message: (?:Before|After) (?:inbound|outbound) SIP Normalization msg is:)/;
