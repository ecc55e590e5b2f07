// Reads a fixture of test/fixtures/formats/source (rendered by a producer's own printf from real
// messages, see test/fixtures/README.md) and checks every message against the expectations the
// rendering script wrote beside it: start line, method or status, time, peer, direction,
// transport and the story's links, with nothing of the text lost and no problem raised.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace, type TraceAnalysis } from '../../server/src/core';
import type { TraceFormat } from '../../server/src/core/model';
import { coversAll } from './coversAll';
import { linksOf } from './expectedLinks';

const dir = join(__dirname, '..', 'fixtures', 'formats', 'source');

export interface SourceExpectation {
	line: number;
	start: string;
	method: string | null;
	status: number | null;
	time: string | null;
	src: string | null;
	dst: string | null;
	direction: 'in' | 'out';
	transport: string | null;
	links: {
		request: number | null;
		subscription: number | null;
		publication: number | null;
		challenge: number | null;
	};
	/** The same message logged again (a retransmission). */
	copy?: boolean;
	/** A record the logger cut short: the message is said to be truncated there. */
	cut?: boolean;
	/** What the message itself lacks, said at its start line (a packet the logger rejected). */
	faults?: string[];
}

export const sourceText = (name: string): string => readFileSync(join(dir, name), 'utf8');

/** The expectation without its `copy`, `cut` and `faults` marks. */
function fields(want: SourceExpectation): Omit<SourceExpectation, 'copy' | 'cut' | 'faults'> {
	const rest: SourceExpectation = { ...want };
	delete rest.copy;
	delete rest.cut;
	delete rest.faults;
	return rest;
}

/** 0-based line of `offset` in `text`. */
const lineOf = (text: string, offset: number): number =>
	text.slice(0, offset).split('\n').length - 1;

/** Analyses fixture `name` and checks it message by message; returns the analysis. */
export function expectSourceVariant(name: string, format: TraceFormat): TraceAnalysis {
	const text = sourceText(name);
	const expected = JSON.parse(sourceText(`${name}.expected.json`)) as SourceExpectation[];
	const a = analyzeTrace(text);
	assert.equal(a.format, format);
	assert.equal(a.messages.length, expected.length, 'messages');
	expected.forEach((want, i) => {
		const m = a.messages[i]!;
		const links = linksOf(a, i, false);
		assert.deepEqual(
			{
				line: lineOf(text, m.startLine.start),
				start: text.slice(m.startLine.start, m.startLine.end),
				method: m.method,
				status: m.status,
				time: m.frame.time,
				src: m.frame.src,
				dst: m.frame.dst,
				direction: m.frame.direction,
				transport: m.frame.transport,
				links: {
					request: links.request,
					subscription: links.subscription,
					// A NOTIFY sent again is fanned-out state counted once: its first copy carries
					// the PUBLISH.
					publication: want.copy ? want.links.publication : links.publication,
					challenge: links.challenge,
				},
			},
			fields(want),
			`message ${i}`,
		);
	});
	coversAll(text, a);
	// No problem, but one message.truncated on each message whose record the logger cut, and
	// what a message the logger rejected lacks.
	assert.deepEqual(
		a.problems.map((p) => `${p.code} at line ${lineOf(text, p.span.start)}`),
		expected.flatMap((e) => [
			...(e.cut ? [`message.truncated at line ${e.line}`] : []),
			...(e.faults ?? []).map((code) => `${code} at line ${e.line}`),
		]),
		'problems',
	);
	return a;
}
