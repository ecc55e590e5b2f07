// Runs in its own process so each measurement starts cold and peak memory is its own.
// Usage: node coreWorker.js <file> <core|floor|capture|phases>
// `capture`: the file is a pcap, read, rendered as a header-line trace and analysed.
// `phases` (run with --expose-gc): each stage timed on its own, and the heap the analysis keeps;
// `phases-warm`: the same after analysing a small trace of other generated traffic first.
import { readFileSync } from 'node:fs';
import { analyzeTrace } from '../../server/src/core/analyze';
import { readCapture, renderCapture } from '../../server/src/core/capture';
import { generateTraffic, toHeaderLineText } from './generate';
import { measurePhases } from './phases';

const [file, mode] = process.argv.slice(2);
if (mode === 'phases' || mode === 'phases-warm') {
	// Another seed: the same kinds of messages (the same code runs), none of the same values.
	const warm = mode === 'phases-warm' ? toHeaderLineText(generateTraffic(500, 7)) : null;
	process.stdout.write(JSON.stringify(measurePhases(file!, warm)));
	process.exit(0);
}
const t0 = process.hrtime.bigint();
let text: string;
try {
	text = mode === 'capture' ? '' : readFileSync(file!, 'utf8');
} catch (error) {
	// A trace longer than the longest string V8 can hold (about 512 MB) cannot be analysed whole.
	process.stdout.write(
		JSON.stringify({ error: error instanceof Error ? error.message : String(error) }),
	);
	process.exit(0);
}
const t1 = process.hrtime.bigint();
let messages = 0;
if (mode === 'floor') {
	// The machine's floor: read the file and find every line end.
	for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) messages++;
} else if (mode === 'capture') {
	text = renderCapture(readCapture(readFileSync(file!)).messages);
	messages = analyzeTrace(text).messages.length;
} else {
	messages = analyzeTrace(text).messages.length;
}
const t2 = process.hrtime.bigint();
const usage = process.memoryUsage();
process.stdout.write(
	JSON.stringify({
		readMs: Number(t1 - t0) / 1e6,
		workMs: Number(t2 - t1) / 1e6,
		messages,
		textBytes: Buffer.byteLength(text),
		maxRssBytes: process.resourceUsage().maxRSS * 1024,
		heapUsedBytes: usage.heapUsed,
	}),
);
