// Terminal control sequences (ECMA-48 §5.4: `ESC [`, parameters, intermediates, a final byte),
// which colour a console's output and stay in a trace captured from one (see framing/colour.ts),
// and the character set designations beside them (ECMA-35 §13.2: `ESC (`, a final byte), which
// `tput sgr0` writes before its reset on xterm's terminals (`ESC ( B ESC [ m`).

// A control sequence is short: a longer run of parameters is not one, and stays text.
const maxSequence = 32;

/**
 * Where the control sequence at `at` (`ESC [`, parameters, intermediates, a final byte, as ECMA-48
 * §5.4 has it; or a designation, `ESC`, intermediates, a final byte from `0` on, as ECMA-35 has it)
 * ends; -1 when there is none.
 */
export function sequenceEnd(text: string, at: number): number {
	if (text.charCodeAt(at) !== 27) return -1;
	if (text.charCodeAt(at + 1) !== 91) return designationEnd(text, at);
	let i = at + 2;
	const limit = Math.min(text.length, at + maxSequence);
	while (i < limit && isParameter(text.charCodeAt(i))) i++;
	while (i < limit && isIntermediate(text.charCodeAt(i))) i++;
	return i < limit && isFinal(text.charCodeAt(i)) ? i + 1 : -1;
}

function designationEnd(text: string, at: number): number {
	let i = at + 1;
	const limit = Math.min(text.length, at + 4);
	while (i < limit && isIntermediate(text.charCodeAt(i))) i++;
	if (i === at + 1 || i >= limit) return -1;
	const c = text.charCodeAt(i);
	return c >= 0x30 && c <= 0x7e ? i + 1 : -1;
}

const isParameter = (c: number): boolean => c >= 0x30 && c <= 0x3f;
const isIntermediate = (c: number): boolean => c >= 0x20 && c <= 0x2f;
const isFinal = (c: number): boolean => c >= 0x40 && c <= 0x7e;

/** `at`, or past the control sequences that start there. */
export function pastSequences(text: string, at: number): number {
	for (let end = sequenceEnd(text, at); end > 0; end = sequenceEnd(text, at)) at = end;
	return at;
}

// The sequences sequenceEnd reads (at most 32 characters: the look-ahead), for String.replace.
// eslint-disable-next-line no-control-regex -- the sequences are what is taken out
const sequences = /\x1b(?:\[(?=[ -?]{0,29}[@-~])[0-?]*[ -/]*[@-~]|[ -/]{1,2}[0-~])/g;

/** `text` without the control sequences in it. */
export function withoutSequences(text: string): string {
	return text.replace(sequences, '');
}
