/*
 * An XML document ends with its root element: what a page or a log puts after it, with no empty
 * line between (a manual's next paragraph, a blog's "Continue reading"), is no part of the body.
 */

/**
 * Where an XML body in `[start, end)` ends, when text other than white space follows its root
 * element's end tag there: after that tag's line. -1 when the body is no XML document (a
 * multipart body opens with its boundary), its root is not closed, or nothing follows it.
 */
export function xmlBodyEnd(text: string, start: number, end: number): number {
	const open = rootAt(text, start, end);
	if (open < 0) return -1;
	const endTag = `</${rootName(text, open, end)}`;
	const last = text.lastIndexOf(endTag, end - endTag.length);
	if (last <= open) return -1;
	let k = last + endTag.length;
	while (k < end && isWhite(text.charCodeAt(k))) k++;
	if (text.charCodeAt(k) !== 62) return -1;
	const lineEnd = text.indexOf('\n', k);
	const after = lineEnd < 0 || lineEnd >= end ? end : lineEnd + 1;
	return onlySpace(text, after, end) ? -1 : after;
}

/**
 * Where the XML document that opens at `start` closes its root element, before `end`: right
 * after the end tag's `>` (or a root that closes itself), -1 when it does not there.
 */
export function xmlRootEnd(text: string, start: number, end: number): number {
	const open = rootAt(text, start, end);
	if (open < 0) return -1;
	const close = text.indexOf('>', open);
	if (close < 0 || close >= end) return -1;
	if (text.charCodeAt(close - 1) === 47) return close + 1;
	const endTag = `</${rootName(text, open, end)}`;
	const last = text.lastIndexOf(endTag, end - endTag.length);
	if (last <= open) return -1;
	const gt = text.indexOf('>', last + endTag.length);
	return gt < 0 || gt >= end ? -1 : gt + 1;
}

/**
 * Does `[start, end)` hold the start of an XML document whose root element is not closed there
 * (a trace that ends inside a PIDF or dialog-info body)? A root that closes itself is closed.
 */
export function xmlRootUnclosed(text: string, start: number, end: number): boolean {
	const open = rootAt(text, start, end);
	if (open === cutInProlog) return true;
	if (open < 0) return false;
	const close = text.indexOf('>', open);
	if (close < 0 || close >= end) return true;
	if (text.charCodeAt(close - 1) === 47) return false;
	const endTag = `</${rootName(text, open, end)}`;
	return text.lastIndexOf(endTag, end - endTag.length) <= open;
}

/**
 * Does the XML document that opens at `start` close its root a little after `end` (within 512
 * characters, before `limit` and any empty line), not before it? A length that ends there is
 * short of a document the trace holds whole (a page's masks lengthened its values).
 */
export function xmlRootClosesAfter(
	text: string,
	start: number,
	end: number,
	limit: number,
): boolean {
	return xmlRootCloseAfter(text, start, end, limit) >= 0;
}

/** Where the root {@link xmlRootClosesAfter} finds closing after `end` closes (after its `>`), or -1. */
export function xmlRootCloseAfter(text: string, start: number, end: number, limit: number): number {
	const open = rootAt(text, start, end);
	if (open < 0) return -1;
	const close = text.indexOf('>', open);
	if (close < 0 || close >= end || text.charCodeAt(close - 1) === 47) return -1;
	const endTag = `</${rootName(text, open, end)}`;
	if (text.lastIndexOf(endTag, end - endTag.length) > open) return -1;
	const stop = Math.min(limit, end + 512);
	// The end tag may straddle `end` (a length a few octets short cuts it in two).
	const at = text.indexOf(endTag, Math.max(open, end - endTag.length + 1));
	if (at < 0 || at >= stop || /\n[ \t]*\r?\n/.test(text.slice(end, at))) return -1;
	const gt = text.indexOf('>', at);
	return gt < 0 || gt >= stop ? -1 : gt + 1;
}

/** {@link rootAt}'s answer for a body that stops inside its declaration or a comment before its root. */
const cutInProlog = -2;

/**
 * Where the root element's start tag opens: the first tag that is no declaration, instruction
 * or comment, the body opening with a tag. -1 when it is no XML document or has no named root.
 */
function rootAt(text: string, start: number, end: number): number {
	let i = start;
	while (i < end && isWhite(text.charCodeAt(i))) i++;
	// Every search stays inside the body: a text's next `<` may be megabytes on (a log of
	// messages without XML, read once per message).
	if (i >= end || text.charCodeAt(i) !== 60) return -1;
	let open = i;
	while (open >= 0 && open < end) {
		const c = text.charCodeAt(open + 1);
		if (c !== 63 && c !== 33) break;
		const close = indexBefore(
			text,
			c === 33 && text.startsWith('<!--', open) ? '-->' : '>',
			open,
			end,
		);
		// A declaration or comment the body stops inside (`<?xm`): cut before its root.
		if (close < 0) return cutInProlog;
		open = charBefore(text, 60, close, end);
	}
	if (open < 0 || open >= end) return -1;
	return isNameChar(text.charCodeAt(open + 1)) ? open : -1;
}

/** Where character `code` is in [from, end), or -1. */
function charBefore(text: string, code: number, from: number, end: number): number {
	for (let k = from; k < end; k++) if (text.charCodeAt(k) === code) return k;
	return -1;
}

/** Where `needle` starts in [from, end), or -1; the search stops at `end`. */
function indexBefore(text: string, needle: string, from: number, end: number): number {
	const first = needle.charCodeAt(0);
	for (let k = charBefore(text, first, from, end); k >= 0; k = charBefore(text, first, k + 1, end))
		if (k + needle.length <= end && text.startsWith(needle, k)) return k;
	return -1;
}

/** The name of the tag that opens at `open`. */
function rootName(text: string, open: number, end: number): string {
	let n = open + 1;
	while (n < end && isNameChar(text.charCodeAt(n))) n++;
	return text.slice(open + 1, n);
}

const isWhite = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
// XML name characters as tags in SIP bodies use them (`dialog-info`, `rpid:activities`).
const isNameChar = (c: number): boolean =>
	(c >= 48 && c <= 58) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 45 || c === 46 || c === 95;

function onlySpace(text: string, from: number, to: number): boolean {
	for (let i = from; i < to; i++) if (!isWhite(text.charCodeAt(i))) return false;
	return true;
}
