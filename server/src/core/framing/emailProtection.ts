import type { Problem } from '../model';

/*
 * A page served through Cloudflare replaces each text that looks like an e-mail address with
 * `[email protected]` (its e-mail protection), and a copy of the page keeps that: `INVITE
 * sip:[email protected] SIP/2.0`, `Call-ID: [email protected]`. In a copy that also ran each
 * message together on one line, the space in it hides the start line and the headers from the
 * flattened reading. Such a trace is read with that space as `_`: the same length, so every
 * offset is the trace's, and `[email_protected]` reads as a poster's mask (`[...]` holding a
 * word), what it stood for being not in the copy.
 */

const hidden = '[email protected]';
// As the page writes it (`[email&#160;protected]`), a copy may keep the no-break space.
const hiddenNoBreak = '[email\u00a0protected]';
const read = '[email_protected]';

/** Where it is looked for: a page's copy is short, a large log is not searched. */
const head = 1 << 16;

/** Does `text` hold an address a page hid behind its e-mail protection? */
export function holdsHiddenEmail(text: string): boolean {
	const start = text.length > head ? text.slice(0, head) : text;
	return start.includes(hidden) || start.includes(hiddenNoBreak);
}

/** `text` with each hidden address read as a mask of the same length. */
export function withHiddenEmailRead(text: string): string {
	return text.replaceAll(hidden, read).replaceAll(hiddenNoBreak, read);
}

/** The note said once, on the first hidden address. */
export function hiddenEmailNote(text: string): Problem {
	const plain = text.indexOf(hidden);
	const noBreak = text.indexOf(hiddenNoBreak);
	const at = plain < 0 ? noBreak : noBreak < 0 ? plain : Math.min(plain, noBreak);
	return {
		code: 'message.elided',
		severity: 'information',
		span: { start: at, end: at + hidden.length },
		message:
			"The page this was copied from hid what it took for e-mail addresses (`[email protected]`, Cloudflare's e-mail protection): read as masks, what they stood for (a URI's user and host, a Call-ID) is not in the copy.",
	};
}
