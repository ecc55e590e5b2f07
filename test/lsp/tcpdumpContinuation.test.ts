// The language server over stdio, on tcpdump -A text of SIP over TCP (test/fixtures/real/tcp-*,
// made by test/scripts/make-tcp-traces.sh): a message read over segments that took turns with
// another connection's goes on in continuation packets after the other's. Hover and F12 from a
// position in a continuation answer as from the same text where it is read in one piece.
// Positions and expected targets are read from the fixtures' text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, serveFixture } from './lspClient';

const { client, uri, text: ipv6 } = serveFixture('test/fixtures/real/tcp-ipv6.tcpdump.txt');

interface Hover {
	contents: { kind: string; value: string };
	range?: { start: { line: number; character: number } };
}
interface Location {
	uri: string;
	range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** The 0-based line and column of the first `needle` at or after `from`. */
function positionOf(text: string, needle: string, from = 0): { line: number; character: number } {
	const at = text.indexOf(needle, from);
	assert.ok(at >= 0, needle);
	const lineStart = text.lastIndexOf('\n', at - 1) + 1;
	return { line: text.slice(0, lineStart).split('\n').length - 1, character: at - lineStart };
}

const hover = (doc: string, position: { line: number; character: number }): Promise<Hover | null> =>
	client.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc }, position });
const definition = (
	doc: string,
	position: { line: number; character: number },
): Promise<Location | null> =>
	client.request<Location | null>('textDocument/definition', {
		textDocument: { uri: doc },
		position,
	});

test("hover on a PUBLISH's body in its continuation packets shows what it shows in its first segment", async () => {
	await client.diagnostics(uri);
	// carol's PUBLISH (port 15061): three segments, the last two after linda's last one.
	const first = ipv6.indexOf('::1.15061 > ::1.15060: Flags [.], seq 1:1429,');
	const second = ipv6.indexOf('::1.15061 > ::1.15060: Flags [.], seq 1429:2857,');
	const third = ipv6.indexOf('::1.15061 > ::1.15060: Flags [P.], seq 2857:2962,');
	const lindaLast = ipv6.indexOf('::1.15064 > ::1.15060: Flags [P.], seq 2857:2962,');
	assert.ok(first < lindaLast && lindaLast < second && second < third);
	const entity = /entity="([^"]{1,100})"/.exec(ipv6.slice(first, second))![1]!;
	// A line of XML of each segment (the line after one that ends a tag).
	const xmlLine = (from: number): { line: number; character: number } => {
		const p = positionOf(ipv6, '>\n<', from);
		return { line: p.line + 1, character: 3 };
	};
	const expected = await hover(uri, xmlLine(first));
	assert.ok(expected, 'a hover in the first segment');
	assert.ok(expected.contents.value.includes(entity), expected.contents.value);
	assert.deepEqual(await hover(uri, xmlLine(second)), expected);
	assert.deepEqual(await hover(uri, xmlLine(third)), expected);
	// The continuation's packet line, like the first one's: no hover.
	assert.equal(
		await hover(uri, positionOf(ipv6, '::1.15061 > ::1.15060: Flags [.], seq 1429')),
		null,
	);
});

test("hover and F12 on the headers of a NOTIFY's continuation, behind its answer's packet, answer as in one piece", async () => {
	// tcp-story, and the same with the watcher's 200 to the NOTIFY (a segment of its own) moved
	// between the NOTIFY's two segments, as when two connections' segments take turns.
	const story = readFileSync(join(root, 'test/fixtures/real/tcp-story.tcpdump.txt'), 'utf8');
	const okAt = story.indexOf(' > 127.0.0.1.15060: Flags [P.], seq 881:1107');
	const okStart = story.lastIndexOf('\n', okAt) + 1;
	const okEnd = story.indexOf('\n14:', okAt) + 1;
	const restAt = story.indexOf(' > 127.0.0.1.15062: Flags [P.], seq 1449:2702');
	const restStart = story.lastIndexOf('\n', restAt) + 1;
	const turns =
		story.slice(0, restStart) +
		story.slice(okStart, okEnd) +
		story.slice(restStart, okStart) +
		story.slice(okEnd);
	const storyUri = 'file:///traces/tcp-story.tcpdump.txt';
	const turnsUri = 'file:///traces/tcp-story-turns.tcpdump.txt';
	await client.open(storyUri, story);
	await client.open(turnsUri, turns);
	await client.diagnostics(storyUri);
	await client.diagnostics(turnsUri);
	const notifyAt = story.indexOf('NOTIFY sip:');
	const continuation = turns.indexOf(' > 127.0.0.1.15062: Flags [P.], seq 1449:2702');
	assert.ok(turns.indexOf(' > 127.0.0.1.15060: Flags [P.], seq 881:1107') < continuation);
	const subscribe = positionOf(turns, 'SUBSCRIBE sip:');
	const fromCallId = await definition(turnsUri, positionOf(turns, 'Call-ID:', notifyAt));
	assert.deepEqual(fromCallId?.range.start, subscribe);
	for (const needle of ['Subscription-State: active', 'Event: presence']) {
		const there = positionOf(turns, needle, continuation);
		const here = positionOf(story, needle, notifyAt);
		for (const character of [2, needle.indexOf(':') + 4]) {
			const a = await hover(turnsUri, { line: there.line, character });
			const b = await hover(storyUri, { line: here.line, character });
			assert.ok(b, `${needle}, column ${character}`);
			assert.equal(a?.contents.value, b.contents.value);
		}
		assert.deepEqual(await definition(turnsUri, { line: there.line, character: 2 }), fromCallId);
	}
});
