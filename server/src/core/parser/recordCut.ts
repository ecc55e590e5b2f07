import type { Frame } from '../model';
import { octetLength } from '../text/octets';

/**
 * How many of the octets a record's stamp gives are not in the trace (0 when all are, or when the
 * format does not say). sofia-sip's TPORT_DUMP stamp gives the octets of the datagram or stream
 * read it precedes, which follow it as they went; sofia-sip 1.12's tport_dump_iovec stops after
 * the first of a sent message's buffers (it compares fwrite's count of items with the buffer's
 * length), so a record of a message it sent may hold its start line alone, or its headers
 * without the body.
 */
export function octetsMissing(text: string, frame: Frame): number {
	if (frame.format !== 'sofiaDump' || frame.declaredBytes === null) return 0;
	return Math.max(0, frame.declaredBytes - octetLength(text, frame.sip.start, frame.sip.end));
}
