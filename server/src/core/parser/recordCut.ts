import type { Frame } from '../model';
import { octetLength } from '../text/octets';
import { isJsWhiteSpace } from '../text/whiteSpace';

/**
 * How many of the octets a record's stamp gives are not in the trace (0 when all are, or when the
 * format does not say). sofia-sip's TPORT_DUMP stamp gives the octets of the datagram or stream
 * read it precedes, which follow it as they went up to a vertical tab; sofia-sip 1.12's
 * tport_dump_iovec stops after the first of a sent message's buffers (it compares fwrite's count
 * of items with the buffer's length), so a record of a message it sent may hold its start line
 * alone, or its headers without the body. A stream read may hold several messages: the record's
 * octets are counted from its first message to the vertical tab, which lies within the stamp's
 * count (UTF-16 units never outnumber UTF-8 octets); where it does not (a copy that lost it), the
 * record's end is not known.
 */
export function octetsMissing(text: string, frame: Frame): number {
	const declared = frame.declaredBytes;
	if (declared === null) return 0;
	if (frame.format === 'pjsua') return pjLogCut(text, frame, declared);
	if (frame.format !== 'sofiaDump') return 0;
	const start = frame.sip.start;
	const limit = Math.min(text.length, start + declared + 1);
	let end = start;
	while (end < limit && text.charCodeAt(end) !== 11) end++;
	if (end === limit) return 0;
	return Math.max(0, declared - octetLength(text, start, end));
}

/**
 * How many of the octets pjsua's `RX 923 bytes ...` gives its record lacks, when pj_log cut the
 * record: one longer than PJ_LOG_MAX_SIZE (4,000 characters unless pjlib was built with another)
 * is cut there, its `--end msg--` with it, and the log's next record follows. A record that ends
 * with `--end msg--` (or `-- end of packet.`) is whole. Each line end counts as CRLF, as the
 * message was sent (a copy may have lost the CRs).
 */
function pjLogCut(text: string, frame: Frame, declared: number): number {
	let end = frame.span.end;
	while (
		end > frame.sip.end &&
		(text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)
	)
		end--;
	// The record's last line: pjsua's `--end msg--`, or `-- end of packet.` after a packet pjsip
	// could not read.
	const last = text.lastIndexOf('\n', end - 1) + 1;
	if (text.startsWith('--end msg--', last) || text.startsWith('-- end of packet.', last)) return 0;
	// Where the trace itself ends (an excerpt, a log cut off), the record ends with it: not pj_log's
	// doing, and said as a trace cut short is.
	let after = frame.span.end;
	while (after < text.length && isJsWhiteSpace(text.charCodeAt(after))) after++;
	if (after === text.length) return 0;
	let written = octetLength(text, frame.sip.start, frame.sip.end);
	for (let i = frame.sip.start; i < frame.sip.end; i++)
		if (text.charCodeAt(i) === 10 && text.charCodeAt(i - 1) !== 13) written++;
	return Math.max(0, declared - written);
}
