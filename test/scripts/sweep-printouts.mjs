// A check before a release: each capture under test/fixtures/real printed by tshark, ngrep and
// tcpdump the ways people print it, and each printout read by the CLI as the capture itself is
// read (`node dist/cli.js --json FILE.pcapng`): the same messages (method or status, Call-ID) in
// the same order, the same links, and no problem code the capture's reading lacks, but
// information. What a printout cannot hold is expected and listed below (`known`).
//
// Needs: a build (`npm run build`), and tshark, ngrep and tcpdump (Debian's). Writes nothing in
// the checkout. Usage: node test/scripts/sweep-printouts.mjs [NAME-FILTER]   (a few minutes)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const real = join(root, 'test', 'fixtures', 'real');
const cli = join(root, 'dist', 'cli.js');

/** The printouts: a name, and the tool's arguments for a capture. */
const printouts = [
	['tshark -V', (p) => ['tshark', '-r', p, '-V']],
	['tshark -O sip', (p) => ['tshark', '-r', p, '-O', 'sip']],
	['tshark -O sip -x', (p) => ['tshark', '-r', p, '-O', 'sip', '-x']],
	['tshark -P -O sip', (p) => ['tshark', '-r', p, '-P', '-O', 'sip']],
	['tshark -t ad -O sip', (p) => ['tshark', '-r', p, '-t', 'ad', '-O', 'sip']],
	['tshark -Y sip -V', (p) => ['tshark', '-r', p, '-Y', 'sip', '-V']],
	['ngrep -W byline', (p) => ['ngrep', '-I', p, '-W', 'byline', '']],
	['ngrep -q -W byline', (p) => ['ngrep', '-I', p, '-q', '-W', 'byline', '']],
	['ngrep -t -W byline', (p) => ['ngrep', '-I', p, '-t', '-W', 'byline', '']],
	['ngrep -q', (p) => ['ngrep', '-I', p, '-q', '']],
	['tcpdump -A -nn', (p) => ['tcpdump', '-r', p, '-A', '-nn']],
	['tcpdump -A -vvv -nn', (p) => ['tcpdump', '-r', p, '-A', '-vvv', '-nn']],
	['tcpdump -A -tttt', (p) => ['tcpdump', '-r', p, '-A', '-tttt']],
	['tcpdump -X -nn', (p) => ['tcpdump', '-r', p, '-X', '-nn']],
	['tcpdump -XX -nn', (p) => ['tcpdump', '-r', p, '-XX', '-nn']],
];

/** What a printout cannot hold, by capture: the reason, and the printouts it holds for. */
const known = [
	// HEP on a port tshark does not decode as HEP: tshark prints `Data`.
	{ capture: /^hep-story$/, printout: /^tshark/, why: 'HEP on a port tshark does not decode' },
	// HEP's binary header before each message: ngrep's default output and tcpdump's hex dumps,
	// which read a payload from its start, find no message after it.
	{
		capture: /^hep-story$/,
		printout: /^(?:ngrep -q$|tcpdump -XX? )/,
		why: "HEP's binary header before each message",
	},
	// A browser masks what it sends over WebSocket: ngrep and tcpdump print the masked octets.
	{ capture: /^ws-story$/, printout: /^(?:ngrep|tcpdump)/, why: 'WebSocket frames are masked' },
	// tshark prints 240 characters of a long body line, then `[truncated]`: said as a cut.
	{
		capture: /^tshark-(?:bodies|cut-headers)$/,
		printout: /^tshark/,
		why: "tshark's own cut of long lines",
	},
];

const run = (args) => spawnSync(args[0], args.slice(1), { maxBuffer: 1 << 30, encoding: 'utf8' });
/** The CLI's reading of a file: null when it finds no message. */
function reading(file) {
	const r = spawnSync(process.execPath, [cli, file, '--json'], {
		maxBuffer: 1 << 30,
		encoding: 'utf8',
	});
	return r.status === 0 ? JSON.parse(r.stdout) : null;
}
const shape = (m) => `${m.method ?? m.status} ${m.callId}`;

/** How the reading of a printout differs from the capture's, or ''. */
function difference(capture, printed) {
	if (!printed) return `no message (the capture has ${capture.messages.length})`;
	const a = capture.messages.map(shape);
	const b = printed.messages.map(shape);
	if (a.join('\n') !== b.join('\n')) {
		const i = a.findIndex((s, k) => s !== b[k]);
		return `${b.length} messages for ${a.length}; first difference at ${i}: ${b[i]} for ${a[i]}`;
	}
	const links = capture.messages.filter(
		(m, i) => JSON.stringify(m.links) !== JSON.stringify(printed.messages[i].links),
	);
	if (links.length) return `${links.length} messages linked otherwise, first #${links[0].index}`;
	const codes = new Set(capture.problems.map((p) => p.code));
	const extra = printed.problems.filter((p) => !codes.has(p.code) && p.severity !== 'information');
	if (extra.length)
		return `problems the capture lacks: ${[...new Set(extra.map((p) => `${p.code} (line ${p.line})`))].slice(0, 4).join(', ')}`;
	return '';
}

execFileSync('tshark', ['--version'], { stdio: 'ignore' });
const filter = process.argv[2] ?? '';
const dir = mkdtempSync(join(tmpdir(), 'sip-sweep-'));
let failed = 0;
let checked = 0;
try {
	for (const name of readdirSync(real).filter((n) => n.endsWith('.pcapng') && n.includes(filter))) {
		const story = name.slice(0, -'.pcapng'.length);
		const capture = reading(join(real, name));
		if (!capture) continue;
		for (const [label, args] of printouts) {
			const out = run(args(join(real, name)));
			const file = join(dir, `${story}.txt`);
			writeFileSync(file, out.stdout ?? '');
			const why = difference(capture, reading(file));
			checked++;
			if (!why) continue;
			const expected = known.find((k) => k.capture.test(story) && k.printout.test(label));
			if (expected) console.log(`known  ${story} [${label}]: ${expected.why}`);
			else {
				failed++;
				console.log(`DIFFER ${story} [${label}]: ${why}`);
			}
		}
	}
} finally {
	rmSync(dir, { recursive: true, force: true });
}
console.log(`${checked} printouts read, ${failed} differ from their capture's reading`);
process.exit(failed ? 1 : 0);
