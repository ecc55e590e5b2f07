import type { Problem } from '../model';
import { canonicalNameAt, commonHeaderNames, headerNameAt } from './headerNames';
import type { HeaderTable } from './headerTable';
import { problem } from './problems';

/*
 * Header lines a copy joined (a web page or a PDF that lost a line end between two headers):
 * `User-Agent: Cisco-SIPGateway/IOS-12.x Event: kpml Expires: 7200`, `Via: SIP/2.0/UDP
 * h;branch=z9hG4bK-d8754z-1---d8754zMax-Forwards: 70`. Looked for only where a message lacks a
 * header it must have: the missing one found inside another header's value splits that value at
 * each header name written there, so the message reads as it was sent. A value that merely
 * mentions a name (`Subject: Re: To: Bob`) is left as it is where no header is missing.
 */

// Header names as stacks write them (their usual capitals), each followed by `: ` where a
// copy glued it on; never preceded by `-` (`Session-Expires`, `Record-Route`, `Reply-To`).
const names = [
	'Via',
	'Max-Forwards',
	'From',
	'To',
	'Call-ID',
	'CSeq',
	'Contact',
	'Event',
	'Expires',
	'Allow',
	'Allow-Events',
	'Accept',
	'Supported',
	'Require',
	'User-Agent',
	'Server',
	'Date',
	'Content-Type',
	'Content-Length',
	'Subscription-State',
	'Route',
	'Record-Route',
	'Session-Expires',
	'Min-SE',
	'Timestamp',
	'RSeq',
	'Subject',
];

/** The headers every message must have, as bits; a request's Max-Forwards; an event request's Event. */
const callId = 1;
const cseq = 2;
const from = 4;
const to = 8;
const maxForwards = 16;
const event = 32;
const eventMethods = new Set(['SUBSCRIBE', 'NOTIFY', 'PUBLISH']);
const bitOf = new Map<string, number>([
	['call-id', callId],
	['cseq', cseq],
	['from', from],
	['to', to],
	['max-forwards', maxForwards],
	['event', event],
]);
// A number-valued header whose value goes on past a space (`Expires: 180 Allow-Events: kpml`):
// looked into even where nothing is missing, as its number cannot be read otherwise.
const numeric = new Set([
	'expires',
	'max-forwards',
	'content-length',
	'min-expires',
	'rseq',
	'min-se',
]);
// The same by header code (rows are read by code, in every message: no hashing of keys).
const bitByCode = new Int8Array(commonHeaderNames.length);
const numericByCode = new Uint8Array(commonHeaderNames.length);
commonHeaderNames.forEach((key, code) => {
	bitByCode[code] = bitOf.get(key) ?? 0;
	// 2: CSeq, a number and a method (`CSeq: 1 INVITE Subject: Where are you?`, a book's copy).
	// 3: Session-Expires, a number and parameters (`1800;refresher=uas Min-SE: 90`).
	numericByCode[code] = numeric.has(key)
		? 1
		: key === 'cseq'
			? 2
			: key === 'session-expires'
				? 3
				: 0;
});

/**
 * Splits the header rows of one message (rows `first` to the table's end) where a header it
 * must have, or a number-valued header's number, is glued to another header; says so once.
 * Rows split off are added after the others.
 */
export function unglueHeaders(
	text: string,
	table: HeaderTable,
	first: number,
	method: string | null,
	isRequest: boolean,
	problems: Problem[],
): void {
	const end = table.count;
	if (end === first) return;
	let present = 0;
	let spacedNumber = false;
	for (let row = first; row < end; row++) {
		const code = table.code(row);
		if (code < 0) continue;
		present |= bitByCode[code]!;
		const kind = numericByCode[code]!;
		if (kind === 0) continue;
		const vs = table.valueStart(row);
		const ve = table.valueEnd(row);
		// CSeq's own space is the one between its number and method: a space after the method.
		if (hasSpace(text, kind === 2 ? afterSpace(text, vs, ve) : vs, ve)) spacedNumber = true;
	}
	let wanted = callId | cseq | from | to;
	if (isRequest) wanted |= maxForwards;
	if (isRequest && method !== null && eventMethods.has(method)) wanted |= event;
	const missing = wanted & ~present;
	if (missing === 0 && !spacedNumber) return;
	let said = false;
	for (let row = first; row < end; row++) {
		const vs = table.valueStart(row);
		const ve = table.valueEnd(row);
		const code = table.code(row);
		const kind = code >= 0 ? numericByCode[code]! : 0;
		const isNumber = kind !== 0;
		if (missing === 0 && !isNumber) continue;
		let cuts = gluedNames(text, vs, ve);
		// After a number, any header name is one glued on (`Min-SE: 1800 Cisco-Guid: ...`).
		if (isNumber && kind !== 2) {
			const named = nameAfterNumber(text, vs, ve);
			if (named >= 0 && (cuts === null || named < cuts[0]!)) cuts = [named, ...(cuts ?? [])];
		}
		// A copy joins a few lines; a value with many names in it is something else (a flattened
		// message is read as one elsewhere).
		if (cuts === null || cuts.length > maxJoined) continue;
		const bringsMissing = cuts.some((at) => ((bitOf.get(keyAt(text, at)) ?? 0) & missing) !== 0);
		if (!isNumber && !bringsMissing) continue;
		// A number, then a space or, where the name glued on is of a header the message lacks,
		// nothing (`Max-Forwards: 70Event: dialog`, a manual's page).
		if (
			isNumber &&
			!(
				kind === 2
					? bringsMissing
						? /^\d+ +[A-Za-z]+ *$/
						: /^\d+ +[A-Za-z]+ +$/
					: kind === 3
						? /^\d+(?: *;[^\s;]+)* +$/
						: bringsMissing
							? /^\d+ *$/
							: /^\d+ +$/
			).test(text.slice(vs, cuts[0]!))
		)
			continue;
		// The host keeps what comes before the first glued name; each glued header runs to the next.
		let hostEnd = cuts[0]!;
		while (hostEnd > vs && isBlank(text.charCodeAt(hostEnd - 1))) hostEnd--;
		// Where the line's own CR shows as a `.` after the value (ngrep's printout), so does the
		// CR of the line end the copy lost, before the glued name.
		const dotCr = text.charCodeAt(ve) === 46;
		if (dotCr && hostEnd - 1 > vs && text.charCodeAt(hostEnd - 1) === 46) hostEnd--;
		table.extendValue(row, vs, hostEnd);
		for (let k = 0; k < cuts.length; k++) {
			const at = cuts[k]!;
			const nameEnd = headerNameAt(text, at, ve);
			let valueEnd = k + 1 < cuts.length ? cuts[k + 1]! : ve;
			while (valueEnd > nameEnd && isBlank(text.charCodeAt(valueEnd - 1))) valueEnd--;
			if (dotCr && k + 1 < cuts.length && text.charCodeAt(valueEnd - 1) === 46) valueEnd--;
			let valueStart = text.indexOf(':', nameEnd) + 1;
			while (valueStart < valueEnd && isBlank(text.charCodeAt(valueStart))) valueStart++;
			const name = canonicalNameAt(text, at, nameEnd);
			table.add(at, nameEnd, valueStart, valueEnd, name.key, name.compact, name.code);
		}
		if (!said) {
			said = true;
			problems.push(
				problem(
					'header.joined',
					{ start: cuts[0]!, end: ve },
					'Headers joined on one line (a copy lost the line end between them): read as the separate headers they were.',
				),
			);
		}
	}
}

// White space a joined value ends with: a space, or the line end and indent of a fold (headers
// indented under the first, which fold into it, `  To: ...` below `From: ...`).
const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** The most headers read out of one joined line. */
const maxJoined = 8;

/** Where [start, end) goes on past its first run of white space (`end` without one). */
function afterSpace(text: string, start: number, end: number): number {
	let i = start;
	while (i < end && text.charCodeAt(i) !== 32) i++;
	while (i < end && text.charCodeAt(i) === 32) i++;
	return i;
}

function hasSpace(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) if (text.charCodeAt(i) === 32) return true;
	return false;
}

/** The lower-case key of the name at `at` (`Max-Forwards: 70` -> `max-forwards`). */
function keyAt(text: string, at: number): string {
	return text.slice(at, text.indexOf(':', at)).trimEnd().toLowerCase();
}

/**
 * Where the first header a copy glued into [start, end) begins (`SIP/2.0 504 Server time-out Via:
 * SIP/2.0/TLS ...`: a status line that lost its line end), or -1.
 */
export function firstGluedHeader(text: string, start: number, end: number): number {
	const cuts = gluedNames(text, start, end);
	return cuts === null ? -1 : cuts[0]!;
}

/**
 * Where header names glued into the value [start, end) begin, in order, outside quotes; null
 * for none. A name follows a space or a letter or digit (the copy's lost line end).
 */
function gluedNames(text: string, start: number, end: number): number[] | null {
	let found: number[] | null = null;
	const value = text.slice(start, end);
	for (const name of names) {
		// White space may stand before the colon (RFC 3261 §7.3.1; `From : "DX70" <sip:...>`).
		for (const needle of [`${name}: `, `${name} : `]) {
			for (let i = value.indexOf(needle, 1); i > 0; i = value.indexOf(needle, i + 1)) {
				const before = value.charCodeAt(i - 1);
				if (before === 45 || !(before === 32 || isAlphaNumeric(before))) continue;
				(found ??= []).push(i);
			}
		}
	}
	if (found === null) return null;
	found.sort((a, b) => a - b);
	// Outside quotes only: one pass over the value counts the quotes before each place.
	const outside: number[] = [];
	let quotes = 0;
	let q = 0;
	for (const at of found) {
		for (; q < at; q++) if (value.charCodeAt(q) === 34) quotes++;
		if (quotes % 2 === 0) outside.push(start + at);
	}
	return outside.length > 0 ? outside : null;
}

/**
 * Where a header name (`Token:`, with a space before the colon or none) starts right after the
 * number, parameters and white space that open [start, end); -1 for none.
 */
function nameAfterNumber(text: string, start: number, end: number): number {
	const m = /^\d{1,10}(?:;[^\s;]{1,100}){0,8} +([A-Za-z][A-Za-z0-9-]{1,40}) ?: /.exec(
		text.slice(start, Math.min(end, start + 200)),
	);
	return m ? start + m[0].length - m[1]!.length - (m[0].endsWith(' : ') ? 3 : 2) : -1;
}

const isAlphaNumeric = (c: number): boolean =>
	(c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
