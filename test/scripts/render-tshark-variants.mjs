// Prints part of the real presence story (test/fixtures/real/presence-story.pcapng) with the
// installed tshark (4.0 in Debian bookworm) with every layer expanded, `tshark -V` without
// `-O sip`: what Wireshark's "Export Packet Dissections > As Plain Text" writes with the packet
// details "All expanded". The Frame layer then says when the packet arrived (packet-frame.c):
//   "Arrival Time: Nov 24, 2026 22:42:05.356310844 UTC"   (the local zone; TZ=UTC here)
//   "Epoch Time: 1795560125.356310844 seconds"            ("Epoch Arrival Time:" from 4.2 on)
// Frames: Andrew's SUBSCRIBE, its 200, the first NOTIFY and its 200; Linda's PUBLISH, the 407,
// the PUBLISH with credentials, its 200, the NOTIFY it fans out to Andrew and its 200, the refresh
// PUBLISH and its 200.
//
// Writes test/fixtures/formats/source/tshark-all-layers.txt and <file>.expected.json: per message
// the 0-based line of its Request-Line or Status-Line, and from tshark's own fields (-T fields)
// its time (UTC) and epoch in microseconds, addresses, method or status.
// Usage: node test/scripts/render-tshark-variants.mjs   (needs tshark)
import { writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'test', 'fixtures', 'formats', 'source');
const capture = join(root, 'test', 'fixtures', 'real', 'presence-story.pcapng');
const frames = 'frame.number in {1,2,3,4,13,14,15,16,17,19,23,24}';
const tshark = (args) =>
	execFileSync('tshark', ['-r', capture, '-Y', frames, ...args], {
		env: { ...process.env, TZ: 'UTC' },
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});

const text = tshark(['-V']);
const fields = tshark([
	'-T',
	'fields',
	'-E',
	'separator=/t',
	...['frame.time_epoch', 'ip.src', 'udp.srcport', 'ip.dst', 'udp.dstport'].flatMap((f) => [
		'-e',
		f,
	]),
	...['sip.Method', 'sip.Status-Code'].flatMap((f) => ['-e', f]),
])
	.trim()
	.split('\n')
	.map((row) => row.split('\t'));
const lines = text.split('\n');
const startLines = lines.flatMap((l, i) => (/^ {4}(?:Request|Status)-Line: /.test(l) ? [i] : []));
if (startLines.length !== fields.length) throw new Error('a start line per frame expected');

const messages = fields.map(([time, src, sport, dst, dport, method, status], i) => {
	const [seconds, fraction] = time.split('.');
	return {
		line: startLines[i],
		time: `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${fraction.padEnd(6, '0').slice(0, 6)}`,
		epochMicros: Number(seconds) * 1e6 + Number(fraction.padEnd(6, '0').slice(0, 6)),
		src: `${src}:${sport}`,
		dst: `${dst}:${dport}`,
		transport: 'UDP',
		method: method || null,
		status: status ? Number(status) : null,
	};
});
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'tshark-all-layers.txt'), text);
writeFileSync(
	join(out, 'tshark-all-layers.txt.expected.json'),
	`${JSON.stringify({ format: 'tshark', messages }, null, '\t')}\n`,
);
