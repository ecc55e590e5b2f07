/*
 * ngrep's packet lines, and where its printout of a payload ends: shared by its format's rules
 * (formats.ts) and the reading of a packet its capture cut (parser/recordCut.ts).
 */

const line = (text: string, start: number, end: number, max = 400): string =>
	text.slice(start, Math.min(end, start + max));

// Without -t the time is left out (ngrep's default); with -T it is the delta since the previous packet.
// With -N the IP protocol's number follows the letter: `U(17) 10.0.0.1:5060 -> ...` (dump_packet).
// HOMER 5's text export writes the same line (homer-api generateHomerTextPCAP: `"U
// ".date("Y/m/d H:i:s", $sec).".".$usec." ".src." -> ".dst`), its microseconds an integer without
// leading zeros (`.12366` for 12,366 µs; ngrep pads them to six digits), later with the zone after
// them (`date("O")`: ` -0500`).
export const ngrepLine =
	/^([UTI])(?:\(\d{1,3}\))? (?:(\d{4}\/\d\d\/\d\d) (\d\d:\d\d:\d\d)\.(\d{1,9})(?: ([+-]\d{4}))? |\+\d{1,10}\.\d{1,9} )?(\S+) -> (\S+)/;

/** Does an ngrep packet line start at `at`? */
export function isNgrepPacketLine(text: string, at: number): boolean {
	const c = text.charCodeAt(at);
	if ((c !== 84 && c !== 85 && c !== 73) || text.charCodeAt(at + 1) !== 32) return false;
	const e = text.indexOf('\n', at);
	return ngrepLine.test(line(text, at, e < 0 ? text.length : e));
}

/**
 * Does the payload end with the line end at `end` (its LF, after the CR ngrep printed as `.`)?
 * Two empty lines of ngrep's own follow, then the next packet line or the text's end.
 */
export function endsPayloadEnded(text: string, end: number): boolean {
	let at = end;
	for (let k = 0; k < 3; k++) {
		if (text.charCodeAt(at) === 13) at++;
		if (text.charCodeAt(at) !== 10) return k === 2 && at >= text.length;
		at++;
	}
	return at >= text.length || isNgrepPacketLine(text, at);
}

/**
 * Is the line that ends at `end` the last of a payload that ends without a line end? With `-q`,
 * ngrep ends each payload with two line ends of its own: after a payload's line end they leave
 * two empty lines before the next packet line, after a payload that stops inside its line, one.
 * (Without `-q`, its `#` marks follow one empty line either way: the payload's end is not told.)
 * A payload that stops between a CR and its LF shows the same, its next segment opening with an
 * empty line: that is not such a payload.
 */
export function endsPayloadUnended(text: string, end: number): boolean {
	let at = end;
	if (text.charCodeAt(at) === 13) at++;
	if (text.charCodeAt(at) !== 10) return false;
	at++;
	if (text.charCodeAt(at) === 13) at++;
	if (text.charCodeAt(at) !== 10) return false;
	if (!isNgrepPacketLine(text, at + 1)) return false;
	// A TCP payload that ends with a CR whose LF opens the next segment (an empty first line
	// there) ended inside its line ending: the `.` is that CR. (sipgrep prints an empty line
	// under each datagram's packet line.)
	if (text.charCodeAt(at + 1) !== 84) return true;
	const next = text.indexOf('\n', at + 1);
	const c = next < 0 ? 10 : text.charCodeAt(next + 1);
	return c !== 10 && c !== 13;
}
