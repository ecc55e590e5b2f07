import { Removals, TextWithout } from './textWithout';

/*
 * Messages stored in a database and dumped as CSV (`sqlite3 -csv` of Kamailio's `sip_trace`
 * table, a spreadsheet's export, a capture tool's CSV): each message is one quoted field, its
 * line breaks kept, every `"` in it written twice (RFC 4180 §2). A PIDF body's `version="1.0"`
 * reads `version=""1.0""`, a Digest `uri="..."` an empty value. Such a trace is framed with each
 * doubled quote of those fields read once, the frames put back on the trace's own offsets
 * (textWithout.ts).
 */

/** Where the fields are looked for: a dump's first rows show whether it is one. */
const head = 1 << 16;

// A quoted field that opens with a SIP start line: after a comma or at a line's start.
const openingField =
	/(?:^|,)"(?=[A-Z][A-Za-z-]{1,20} (?:sips?|tel|urn):[^\s"]+ SIP\/2\.0\r?$|SIP\/2\.0 \d{3} )/gm;

/** Does `text` hold a message as a quoted CSV field with a quote doubled in it? */
export function holdsCsvFields(text: string): boolean {
	const start = text.length > head ? text.slice(0, head) : text;
	if (!start.includes('""')) return false;
	openingField.lastIndex = 0;
	for (let m = openingField.exec(start); m; m = openingField.exec(start)) {
		const open = m.index + m[0].length - 1;
		if (doubledIn(start, open)) return true;
	}
	return false;
}

/** Does the quoted field that opens at `open` hold a doubled quote (its first quote after it)? */
function doubledIn(text: string, open: number): boolean {
	const q = text.indexOf('"', open + 1);
	return q >= 0 && text.charCodeAt(q + 1) === 34;
}

/** The trace with each doubled quote of its message fields read once, and the way back. */
export class WithoutCsvQuoting extends TextWithout {
	constructor(source: string) {
		const removals = new Removals();
		const parts: string[] = [];
		let kept = 0;
		openingField.lastIndex = 0;
		for (let m = openingField.exec(source); m; m = openingField.exec(source)) {
			const open = m.index + m[0].length - 1;
			if (open < kept) continue;
			// To the quote that closes the field (one not doubled), each pair's first quote out.
			let q = source.indexOf('"', open + 1);
			for (; q >= 0 && source.charCodeAt(q + 1) === 34; q = source.indexOf('"', q + 2)) {
				parts.push(source.slice(kept, q));
				removals.take(q, q + 1);
				kept = q + 1;
			}
			openingField.lastIndex = q < 0 ? source.length : q + 1;
		}
		parts.push(source.slice(kept));
		super(source, parts.join(''), removals);
	}
}
