import type { Replaces, SipMessage } from '../model';
import { textOf } from './joins';
import { parseNameAddr } from './nameAddr';
import { parseParams } from './split';
import { parseUri } from './uri';

/** A Replaces value without where it was read (RFC 3891 §6.1). */
export type ReplacesValue = Omit<Replaces, 'source' | 'span'>;

/** Parses a Replaces value; null when it has no Call-ID. */
export function parseReplaces(value: string): ReplacesValue | null {
	const semi = value.indexOf(';');
	const callId = (semi < 0 ? value : value.slice(0, semi)).trim();
	if (!callId) return null;
	const params = semi < 0 ? new Map<string, string | null>() : parseParams(value.slice(semi + 1));
	return {
		callId,
		toTag: params.get('to-tag') || null,
		fromTag: params.get('from-tag') || null,
		earlyOnly: params.has('early-only'),
	};
}

/**
 * Undoes URI escaping (`%3B` -> `;`, RFC 3261 §19.1.1, octets read as UTF-8). A run of escapes
 * that is not UTF-8, and a `%` not followed by two hex digits, are kept as written; never throws.
 */
export function unescapeUri(s: string): string {
	if (!s.includes('%')) return s;
	return s.replace(/(?:%[0-9A-Fa-f]{2}){1,200}/g, (run) => {
		try {
			return decodeURIComponent(run);
		} catch {
			return run;
		}
	});
}

/**
 * The Replaces header carried in a URI's headers part (`sip:carol@host?Replaces=...&...`), its
 * value unescaped; null when the URI has none. Header names compare case-insensitively.
 */
export function replacesInUri(uri: string): ReplacesValue | null {
	const headers = parseUri(uri)?.headers;
	if (!headers) return null;
	for (const part of headers.split('&')) {
		const eq = part.indexOf('=');
		if (eq < 0 || unescapeUri(part.slice(0, eq)).trim().toLowerCase() !== 'replaces') continue;
		return parseReplaces(unescapeUri(part.slice(eq + 1)));
	}
	return null;
}

/**
 * The dialog an INVITE's Replaces header names, or the one a REFER's Refer-To asks its recipient
 * to replace (the Replaces header embedded in the Refer-To URI). Only INVITE and REFER requests
 * are looked at, and only their one header, so other messages cost two string comparisons.
 */
export function replacesOf(text: string, message: SipMessage): Replaces | null {
	// Method names are case-sensitive (RFC 3261 §7.1): compared as they stand, without a copy.
	const method = message.kind === 'request' ? message.method : null;
	if (method === 'INVITE') {
		const header = message.header('replaces');
		if (!header) return null;
		const value = parseReplaces(textOf(text, message.frame, header.value.start, header.value.end));
		return value && { ...value, source: 'replaces', span: header.value };
	}
	if (method === 'REFER') {
		const header = message.header('refer-to');
		if (!header) return null;
		const raw = textOf(text, message.frame, header.value.start, header.value.end);
		// Quick refusal: most Refer-To URIs have no headers part at all.
		if (!raw.includes('?')) return null;
		const target = parseNameAddr(raw, 0, raw.length);
		const value = target ? replacesInUri(target.uri) : null;
		return value && { ...value, source: 'refer-to', span: header.value };
	}
	return null;
}
