// Telling a SIP trace opened as plain text or a log from other text, as the extension does before
// it opens such a file as a trace: every real trace is taken, also when its first line is not one
// a trace starts with; text that only speaks of SIP is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { recognizeTrace } from '../../server/src/core/recognizeTrace';
import { recognizeHeadChars } from '../../server/src/protocol/lspExt';

const root = join(__dirname, '..', '..');
const real = join(root, 'test', 'fixtures', 'real');
/** What the extension sends of a document. */
const head = (text: string): string => text.slice(0, recognizeHeadChars);

/**
 * The real text traces: each fixture whose expected links were computed from tshark, but for
 * captures and tshark's JSON, which opens as JSON and is not looked at (see recognizeTraces.ts).
 */
const traces = readdirSync(real)
	.filter((name) => name.endsWith('.expected.json'))
	.map((name) => name.slice(0, -'.expected.json'.length))
	.filter((name) => !/\.(?:pcap(?:ng)?|json)$/.test(name))
	.sort();

void test('every real trace is taken, in the format the whole file is read in', () => {
	assert.ok(traces.length > 100, `${traces.length} traces`);
	for (const name of traces) {
		const text = readFileSync(join(real, name), 'utf8');
		assert.equal(recognizeTrace(head(text)), analyzeTrace(text).format, name);
	}
});

void test('a trace is taken behind lines no trace starts with', () => {
	// What a file's first-line pattern cannot see past: an empty line (tshark's stream
	// follower), a note pasted above the trace, a log's start-up lines. A file of one message
	// (a SIPp error log) is a trace only when that message is most of it.
	const before = [
		'\n',
		'\n\nStarting capture, see ticket 4711\n',
		'Loaded module res_pjsip_logger.so => (PJSIP Packet Logger)\n'.repeat(40),
	];
	for (const name of traces) {
		const text = readFileSync(join(real, name), 'utf8');
		const expected = JSON.parse(readFileSync(join(real, `${name}.expected.json`), 'utf8')) as {
			messages: unknown[];
		};
		for (const lines of expected.messages.length > 1 ? before : before.slice(0, 2))
			assert.notEqual(recognizeTrace(head(lines + text)), undefined, `${name} after ${lines}`);
	}
});

void test('a single message is taken when it is the file, as the RFC 4475 messages are', () => {
	const dir = join(root, 'test', 'fixtures', 'rfc4475');
	const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
		messages: { file: string; syntax: string }[];
	};
	const valid = manifest.messages.filter((m) => m.syntax === 'valid');
	assert.ok(valid.length > 20);
	for (const { file } of valid) {
		const text = readFileSync(join(dir, file), 'latin1');
		assert.notEqual(recognizeTrace(text), undefined, file);
	}
});

void test('text that speaks of SIP is not taken', () => {
	const story = readFileSync(join(root, 'test', 'fixtures', 'hand', 'presence-story.sip'), 'utf8');
	// The first SUBSCRIBE, without a body: up to the empty line after its headers.
	const oneMessage = story.slice(0, story.indexOf('\r\n\r\n') + 4);
	assert.notEqual(recognizeTrace(oneMessage), undefined, 'the message alone is a trace');
	const prose = 'The watcher saw no NOTIFY after the 200 of its SUBSCRIBE. '.repeat(12) + '\n';
	const notTraces: [string, string][] = [
		['a start line quoted in prose', 'The proxy answers SIP/2.0 407 and the client retries.\n'],
		['a note with one example message', `${prose}\n${oneMessage}\n${prose.repeat(4)}`],
		[
			'a message cut before its headers',
			'PUBLISH sip:linda@example.com SIP/2.0\nVia: SIP/2.0/UDP h\n',
		],
		['the project README', readFileSync(join(root, 'README.md'), 'utf8')],
		[
			'a test written in TypeScript',
			readFileSync(join(root, 'test/e2e/extension.test.ts'), 'utf8'),
		],
		[
			'a PIDF document',
			readFileSync(join(root, 'test/fixtures/rfc-pidf/rfc3863-a-prefixed-ns.xml'), 'utf8'),
		],
	];
	for (const [what, text] of notTraces) assert.equal(recognizeTrace(head(text)), undefined, what);
});
