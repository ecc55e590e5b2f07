// Reading a trace searches its text; a search from one message that finds nothing there reads on to
// the end of the text, and done for each message it makes reading quadratic: a 16 MB trace took
// minutes. These count the characters every search reads (String.prototype.indexOf, wrapped for
// the run) and hold them to a small multiple of the text: no timing, the reading's own measure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';

const real = (name: string): string =>
	readFileSync(join(__dirname, '..', 'fixtures', 'real', name), 'utf8');

/** The characters the searches of `run` read. */
function charactersSearched(run: () => void): number {
	const indexOf = String.prototype.indexOf;
	let searched = 0;
	String.prototype.indexOf = function (this: string, needle: string, from?: number): number {
		const start = Math.max(0, Math.min(from ?? 0, this.length));
		const at = indexOf.call(this, needle, from);
		searched += (at < 0 ? this.length : at) - start;
		return at;
	};
	try {
		run();
	} finally {
		String.prototype.indexOf = indexOf;
	}
	return searched;
}

/** `log` repeated to about 1.5 MB: hundreds of messages. */
const long = (log: string): string => log.repeat(Math.ceil(1_500_000 / log.length));

const cases: [string, string][] = [
	// Twinkle marks a message it cut with `<cut off>`: looked for after each message.
	["Twinkle's log", long(real('twinkle-presence.bob.log'))],
	// A TCP packet line without options (timestamps off): its options looked for on its line.
	[
		'tcpdump over TCP without TCP options',
		long(real('tcp-story.tcpdump.txt').replace(/, options \[[^\]]*\]/g, '')),
	],
	// Requests only: a status line looked for on each line of a packet's junk.
	[
		'tcpdump of requests only',
		long(
			real('presence-story.tcpdump.txt')
				.split(/\n(?=\d\d:\d\d:\d\d\.\d+ IP)/)
				.filter((packet) => !packet.includes('SIP/2.0 '))
				.join('\n'),
		),
	],
	// A line of JSON is asked whether it is a journal record: its keys looked for on the line.
	["tshark's -T ek JSON", long(real('presence-story.ek.tshark.json'))],
];

for (const [what, text] of cases)
	void test(`${what}: read with searches of a few times the text, not of the text for each message`, () => {
		let messages = 0;
		const searched = charactersSearched(() => {
			messages = analyzeTrace(text).messages.length;
		});
		assert.ok(messages > 100, `${messages} messages`);
		assert.ok(
			searched < 50 * text.length,
			`${(searched / text.length).toFixed(0)} times the text searched`,
		);
	});
