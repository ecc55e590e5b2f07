// ngrep -W byline output in the shapes its dump_packet prints besides the usual one, made by the
// real ngrep from the real presence story (test/scripts/render-ngrep-variants.mjs): `-N`'s
// `U(17) ` packet lines, and datagrams larger than the MTU, which ngrep prints a fragment at a
// time (the next fragment as a packet of its own, `U 127.0.0.1 -> 127.0.0.1 +4715@552:552 #17`,
// cutting a line of the message in two), with and without -q's `#` lines, and SIP over TCP, which
// ngrep prints a segment at a time (a message over three segments, two messages in one), with -W byline
// and in its default output. Each message's start
// line, time, addresses, links and body are the script's, read from the messages it printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { withoutScenarioPriorities } from './tcpStoryBodies';

const dir = join(__dirname, '..', 'fixtures', 'formats', 'source');

interface Expected {
	format: string;
	messages: {
		line: number;
		time: string | null;
		src: string;
		dst: string;
		transport: string;
		method: string | null;
		status: number | null;
		links: { request?: number; subscription?: number; challenge?: number; publication?: number };
		body?: string;
	}[];
}

/** The 0-based line of an offset. */
const lineOf = (text: string, offset: number): number =>
	text.slice(0, offset).split('\n').length - 1;

/** A body's lines: ngrep prints a CR as a `.`, a bare LF as a line end, both as the line's end. */
const linesOf = (body: string): string[] => body.replace(/\r?\n$/, '').split(/\r?\n/);

function assertVariant(name: string): void {
	const text = readFileSync(join(dir, name), 'latin1');
	const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as Expected;
	const a = analyzeTrace(text);
	const { index } = a;
	assert.equal(a.format, expected.format);
	assert.deepEqual(
		a.messages.map((m, i) => ({
			line: lineOf(text, m.startLine.start),
			time: m.frame.time,
			src: m.frame.src,
			dst: m.frame.dst,
			transport: m.frame.transport,
			method: m.kind === 'request' ? m.method : null,
			status: m.kind === 'response' ? m.status : null,
			links: {
				...(m.kind === 'response' ? { request: index.requestOf(i) } : {}),
				...(m.method === 'NOTIFY' ? { subscription: index.subscriptionOf(i)?.creator } : {}),
				...(m.kind === 'request' && index.challengeOf(i) !== null
					? { challenge: index.challengeOf(i) }
					: {}),
				...(m.method === 'PUBLISH' && index.publishRefreshed(i) !== null
					? { publication: index.publishRefreshed(i) }
					: {}),
			},
			...(bodyText(text, m) ? { body: linesOf(bodyText(text, m)) } : {}),
		})),
		expected.messages.map((m) => (m.body ? { ...m, body: linesOf(m.body) } : m)),
	);
	// The presence story's one problem: its last PUBLISH names an entity-tag replaced before (a
	// 412 answers it). The TCP story has none.
	const stale = a.messages.findIndex(
		(m, i) => m.method === 'PUBLISH' && a.messages[i + 1]?.status === 412,
	);
	assert.deepEqual(
		withoutScenarioPriorities(a.problems).map((p) => [
			p.code,
			a.messages.findIndex((m) => m.frame.span.end > p.span.start),
		]),
		stale < 0 ? [] : [['publish.stale-etag', stale]],
	);
}

test('ngrep -N: the packet line with the IP protocol number opens each message', () => {
	assertVariant('ngrep-byline-proto-number.txt');
});

test('ngrep: a datagram printed a fragment at a time is one message, the cut lines joined', () => {
	assertVariant('ngrep-byline-fragments.txt');
});

test('ngrep without -q: the fragments are joined across the `#` line ngrep prints per packet', () => {
	assertVariant('ngrep-byline-fragments-hashes.txt');
});

test("ngrep's default output: a datagram printed a fragment at a time is one message", () => {
	assertVariant('ngrep-normal-fragments.txt');
});

test('ngrep over TCP: a message read over the segments that carry it, each with its packet line', () => {
	assertVariant('ngrep-byline-tcp-segments.txt');
});

test("ngrep's default output over TCP: two messages in one segment are two, each with its packet's time", () => {
	assertVariant('ngrep-normal-tcp-segments.txt');
});
