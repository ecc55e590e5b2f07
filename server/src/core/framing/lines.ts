/**
 * Line scanning shared by the framers: one pass of indexOf('\n'), no per-line strings.
 * A line is [start, end) without its CR/LF; `next` is where the following line starts.
 */
export interface Line {
	start: number;
	end: number;
	next: number;
}

/** Fills `line` with the line starting at `at`; returns false at the end of the text. */
export function readLine(text: string, at: number, line: Line): boolean {
	if (at >= text.length) return false;
	let nl = text.indexOf('\n', at);
	if (nl < 0) nl = text.length;
	let end = nl;
	// CR LF, and CR CR LF from a copy that converted line ends twice.
	while (end > at && text.charCodeAt(end - 1) === 13) end--;
	line.start = at;
	line.end = end;
	line.next = nl < text.length ? nl + 1 : nl;
	return true;
}

export function isBlank(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 13) return false;
	}
	return true;
}

export function startsWith(text: string, at: number, prefix: string): boolean {
	return text.startsWith(prefix, at);
}

/**
 * Is [start, end) a SIP start line? `SIP/x.y NNN ...` or `token SP uri SP SIP/x.y`. Loose on
 * purpose: a bad version or odd method must still be framed so the parser can report it.
 */
export function isStartLine(text: string, start: number, end: number): boolean {
	if (end - start < 8) return false;
	const c0 = text.charCodeAt(start);
	if (c0 === 83 || c0 === 115) {
		// SIP/2.0 200
		if (
			(text.charCodeAt(start + 1) | 32) === 105 &&
			(text.charCodeAt(start + 2) | 32) === 112 &&
			text.charCodeAt(start + 3) === 47 &&
			/^SIP\/\d+\.\d+ +\d/iy.test(sliceHead(text, start, end, 16))
		)
			return true;
	}
	if (c0 <= 32 || c0 === 60 || c0 === 91) return false; // space, '<', '['
	let e = end;
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	// ...SIP/2.0 at the end, with a space before it and one inside. Header lines fail the
	// cheap checks (a digit last, a '/' a few characters before it) without a regex or a slice.
	if (e - start < 12) return false;
	const last = text.charCodeAt(e - 1);
	if (last < 48 || last > 57) return false;
	let slash = e - 2;
	while (slash > e - 10 && text.charCodeAt(slash) !== 47) slash--;
	if ((text.charCodeAt(slash - 1) | 32) !== 112) return false;
	const tail = text.slice(Math.max(start, e - 12), e);
	if (!/ SIP\/\d+\.\d+$/i.test(tail)) return false;
	const sp = text.indexOf(' ', start);
	if (sp < 0 || sp >= e - 8) return false;
	for (let i = start; i < sp; i++) {
		const c = text.charCodeAt(i);
		if (
			c <= 32 ||
			c === 58 ||
			c === 60 ||
			c === 62 ||
			c === 34 ||
			c === 44 ||
			c === 59 ||
			c === 64 ||
			c >= 127
		)
			return false;
	}
	return true;
}

function sliceHead(text: string, start: number, end: number, max: number): string {
	return text.slice(start, Math.min(end, start + max));
}
