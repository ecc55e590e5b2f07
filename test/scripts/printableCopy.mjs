// Writes frames of a pcapng capture as Wireshark's "Copy > …as Printable Text" puts them on the
// clipboard: every octet of the whole frame (link-layer, IP and UDP headers, then the SIP
// message) that is printable or white space, in order, the others left out; nothing put between
// the headers' octets and the start line. Wireshark 3.x and later (ui/qt/utils/data_printer.cpp,
// DP_PrintableText) keep an octet when `QChar(c).isSpace() || QChar(c).isPrint()`, the octet read
// as Latin-1: 0x20-0x7E, tab, LF, VT, FF, CR, 0x85 and 0xA0-0xFF but the soft hyphen 0xAD.
// `--ascii` keeps what Wireshark 2.x did (ui/qt/byte_view_tab.cpp, copyPrintableText):
// `g_ascii_isprint(c) || g_ascii_isspace(c)`, 0x20-0x7E, tab, LF, FF and CR.
// Each copy is written as one pasted after another into a file: followed by an empty line.
// Usage: node printableCopy.mjs [--ascii] capture.pcapng FRAME... > paste.txt  (FRAME from 1)
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const ascii = args[0] === '--ascii';
if (ascii) args.shift();
const [file, ...wanted] = args;
if (!file || wanted.length === 0)
	throw new Error('usage: printableCopy.mjs [--ascii] capture.pcapng FRAME...');

/** The packet data of each Enhanced (6) or Simple (3) Packet Block, in file order. */
function frames(buf) {
	const out = [];
	let little = true;
	const u32 = (at) => (little ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
	for (let at = 0; at + 12 <= buf.length;) {
		if (buf.readUInt32LE(at) === 0x0a0d0d0a) little = buf.readUInt32LE(at + 8) === 0x1a2b3c4d;
		const type = u32(at);
		const length = u32(at + 4);
		if (type === 6) out.push(buf.subarray(at + 28, at + 28 + u32(at + 20)));
		else if (type === 3) out.push(buf.subarray(at + 12, at + 12 + u32(at + 8)));
		at += length;
	}
	return out;
}

const kept = ascii
	? (c) => (c >= 0x20 && c <= 0x7e) || c === 9 || c === 10 || c === 12 || c === 13
	: (c) =>
			(c >= 0x20 && c <= 0x7e) || (c >= 9 && c <= 13) || c === 0x85 || (c >= 0xa0 && c !== 0xad);

const all = frames(readFileSync(file));
let out = '';
for (const n of wanted) {
	const frame = all[Number(n) - 1];
	if (!frame) throw new Error(`no frame ${n}`);
	// Each kept octet becomes the character of that code (Latin-1), as QChar makes it.
	for (const c of frame) if (kept(c)) out += String.fromCharCode(c);
	out += '\n';
}
process.stdout.write(out);
