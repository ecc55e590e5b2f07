import { constants, gunzipSync } from 'node:zlib';

/** What a file's octets hold once a gzip wrapping (`kamailio.log.2.gz`) is taken off. */
export interface Unwrapped {
	bytes: Uint8Array;
	/** The compressed stream ended early (a log still being written, a copy cut short). */
	cutShort: boolean;
}

/** gzip's magic number (RFC 1952 §2.3.1). */
const isGzip = (bytes: Uint8Array): boolean =>
	bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * Rotated logs and saved captures are kept gzipped: their text (or capture) is read inside. Members
 * written one after another (`cat a.gz b.gz`) read as one; a stream cut short gives what it holds.
 * Anything else is returned as it is.
 */
export function unwrapCompressed(bytes: Uint8Array): Unwrapped {
	if (!isGzip(bytes)) return { bytes, cutShort: false };
	try {
		return { bytes: gunzipSync(bytes), cutShort: false };
	} catch (error) {
		// Only an early end is read past: flushing what was inflated so far keeps that text. A
		// damaged stream (bad header, bad data) throws again here, and the file cannot be read.
		if (!(error instanceof Error && /unexpected end/i.test(error.message))) throw error;
		return {
			bytes: gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }),
			cutShort: true,
		};
	}
}
