import { indexWithin } from '../text/search';
import { sippLogWithoutMessages } from './sippLogs';

/*
 * Logs that hold no whole message, told apart so that a reader of a text where none was found
 * learns where the messages are: SIPp's short message and screen logs (sippLogs.ts), tshark's
 * line per packet.
 */

// tshark's line per packet (`  1 0.000000000 192.168.160.248 -> 192.168.160.46 SIP/SDP 963
// Request: INVITE sip:...`): number, time, addresses, a SIP protocol column, length, info;
// Wireshark's export of the packet list puts no arrow between the addresses.
const packetSummary =
	/^ {0,10}\d{1,10} {1,8}-?\d{1,12}\.\d{1,9} {1,40}\S{1,80} {1,40}(?:(?:→|->) {1,40})?\S{1,80} {1,40}SIP(?:\/[\w/]{1,20})? {1,8}\d{1,6} {1,8}(?:Request|Status): /m;

/** Does the text's head hold two of tshark's packet summary lines of SIP packets? */
function holdsPacketSummaries(text: string): boolean {
	const head = text.slice(0, 1 << 16);
	const first = packetSummary.exec(head);
	return first !== null && packetSummary.test(head.slice(first.index + first[0].length));
}

// pjsip's name for a message it handles (`Request msg INVITE/cseq=24041 (tdta0x1318bc600)`,
// `Response msg 401/REGISTER/cseq=25163 (rdata0x144168c28)`), which its log writes at every level.
const pjsipMessageName =
	/\b(?:Request msg [A-Za-z]{1,20}|Response msg \d{3}\/[A-Za-z]{1,20})\/cseq=\d{1,10} \((?:tdta|rdata)(?:0x)?[0-9a-fA-F]{1,16}\)/;

/** Does the text's head name two of pjsip's messages? */
function holdsPjsipNames(text: string): boolean {
	const head = text.slice(0, 1 << 16);
	const first = pjsipMessageName.exec(head);
	return first !== null && pjsipMessageName.test(head.slice(first.index + first[0].length));
}

// journalctl's `-o verbose` without `--all`: a value it deems unprintable is only its size.
const blobData = /^ {4}MESSAGE=\[\d{1,10}(?:\.\d)?[KMG]?B? blob data\]$/m;

/** Does the text's head show a record's text as the journal's blob data? */
function holdsBlobData(text: string): boolean {
	return blobData.test(text.slice(0, 1 << 16));
}

/**
 * Why a text with no SIP message has none, when it is a log known to hold none; else null.
 * `headless`: the text's headers were found without a start line (framing.no-start-line).
 */
export function whyNoMessages(text: string, headless = false): string | null {
	const sipp = sippLogWithoutMessages(text);
	if (sipp !== null) return sipp;
	if (holdsBlobData(text))
		return "journalctl's `-o verbose` shows a field with a CR in it (every line of a SIP message) as `[418B blob data]`: `journalctl -o verbose --all` shows each whole, as `-o json` and `-o cat` do.";
	if (holdsPacketSummaries(text))
		return "tshark's or Wireshark's line per packet (the packet list, without its details) holds no message: `tshark -V -O sip`, or Wireshark's Export Packet Dissections with the packet details expanded, prints each one whole.";
	// pjsip's record of a message ends with `--end msg--`: message logging was on, and the copy
	// began inside the one record it holds (`headless`: its headers were said to lack their start
	// line already, which says it).
	if (indexWithin(text, '--end msg--', 0, Math.min(text.length, 1 << 16)) >= 0)
		return headless
			? null
			: "pjsip's log holds the end of a message (`--end msg--`) without its start line: the copy begins inside the message.";
	return holdsPjsipNames(text)
		? "pjsip's log names its messages (`Request msg INVITE/cseq=...`) without their text: pjsip writes each message whole at log level 4 and up, with message logging on (pjsua's `--log-level`, its `msg_logging` setting)."
		: null;
}
