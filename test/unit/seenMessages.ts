// Reads the messages of a real fixture from its text alone (start lines, the headers the checks
// need, bodies skipped by Content-Length), so that tests compare the analyser with an independent
// reading. For formats that print each message as it is on the wire, without per-line decoration:
// bare messages, sngrep's text export, SIPp's -trace_msg logs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import type { TraceAnalysis } from '../../server/src/core/model';

/** One message as the text shows it. */
export interface Seen {
	index: number;
	line: number;
	startLine: string;
	method: string | null;
	status: number | null;
	callId: string;
	cseq: number;
	cseqMethod: string;
	fromTag: string | null;
	toTag: string | null;
	event: string | null;
	state: string | null;
	referTo: string | null;
	/** The branch of each Via, top first. */
	branches: string[];
	/** Source and destination from the line before the start line (sngrep's `a:p -> b:p`), or null. */
	src: string | null;
	dst: string | null;
	/** The body's first line and its line number. */
	body: string | null;
	bodyLine: number | null;
}

/** The messages of a trace in file order; each body is skipped by its Content-Length. */
export function readSeen(text: string): Seen[] {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const seen: Seen[] = [];
	for (let i = 0; i < lines.length; i++) {
		const start = /^(?:([A-Z]+) \S+ SIP\/2\.0|SIP\/2\.0 (\d{3}) .*)$/.exec(lines[i]!);
		if (!start) continue;
		const headers: [string, string][] = [];
		let j = i + 1;
		for (; j < lines.length && lines[j] !== ''; j++) {
			const h = /^([A-Za-z-]+):\s*(.*)$/.exec(lines[j]!);
			if (h) headers.push([h[1]!.toLowerCase(), h[2]!.trim()]);
		}
		const value = (name: string): string | null => headers.find(([n]) => n === name)?.[1] ?? null;
		const length = Number(value('content-length') ?? 0);
		const addresses = / (\S+:\d+) -> (\S+:\d+)$/.exec(lines[i - 1] ?? '');
		const [seq, cseqMethod] = (value('cseq') ?? '').split(/\s+/);
		seen.push({
			index: seen.length,
			line: i,
			startLine: lines[i]!,
			method: start[1] ?? null,
			status: start[2] ? Number(start[2]) : null,
			callId: value('call-id') ?? '',
			cseq: Number(seq),
			cseqMethod: cseqMethod ?? '',
			fromTag: /;tag=([^;>\s]+)/.exec(value('from') ?? '')?.[1] ?? null,
			toTag: /;tag=([^;>\s]+)/.exec(value('to') ?? '')?.[1] ?? null,
			event: value('event'),
			state: value('subscription-state'),
			referTo: value('refer-to'),
			// Via values may share a line, comma-separated (RFC 3261 §7.3.1).
			branches: headers
				.filter(([n]) => n === 'via')
				.flatMap(([, v]) => v.split(','))
				.map((v) => /;branch=([^;,\s]+)/.exec(v)?.[1] ?? ''),
			src: addresses?.[1] ?? null,
			dst: addresses?.[2] ?? null,
			body: length > 0 ? (lines[j + 1] ?? null) : null,
			bodyLine: length > 0 ? j + 1 : null,
		});
		if (length > 0) {
			let used = 0;
			let k = j + 1;
			for (; k < lines.length && used < length; k++) used += lines[k]!.length + 2;
			i = k - 1;
		}
	}
	return seen;
}

/**
 * A real fixture (`test/fixtures/real/FILE`) analysed and read independently: the two must find
 * the same number of messages before any finer comparison means anything.
 */
export function analysedAndSeen(file: string): {
	text: string;
	analysis: TraceAnalysis;
	seen: Seen[];
} {
	const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', file), 'utf8');
	const analysis = analyzeTrace(text);
	const seen = readSeen(text);
	assert.equal(analysis.messages.length, seen.length, file);
	return { text, analysis, seen };
}
