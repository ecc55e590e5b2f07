// Turns the `udp.payload` column of make-real-traces.sh's tshark field dump into a file of bare
// SIP messages in capture order: each payload byte for byte (CRLF kept), then a blank line.
// Usage: node pcapToRaw.mjs fields.tsv > story.sip
import { readFileSync } from 'node:fs';

const [fieldsFile] = process.argv.slice(2);
const [header, ...rows] = readFileSync(fieldsFile, 'utf8').split('\n').filter(Boolean);
const column = header.split('\t').indexOf('udp.payload');
if (column < 0) throw new Error('no udp.payload column');

let out = '';
for (const row of rows) {
	const hex = row.split('\t')[column].replace(/:/g, '');
	const payload = Buffer.from(hex, 'hex').toString('utf8');
	out += payload;
	if (!payload.endsWith('\n')) out += '\r\n';
	out += '\r\n';
}
process.stdout.write(out);
