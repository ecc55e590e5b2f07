import type { Frame } from '../model';
import { octetLength } from '../text/octets';

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
	if (frame.format !== 'sofiaDump' || declared === null) return 0;
	const start = frame.sip.start;
	const limit = Math.min(text.length, start + declared + 1);
	let end = start;
	while (end < limit && text.charCodeAt(end) !== 11) end++;
	if (end === limit) return 0;
	return Math.max(0, declared - octetLength(text, start, end));
}
