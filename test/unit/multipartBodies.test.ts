// A resource list server's NOTIFY carries a multipart/related body (RFC 4662 §5): the RLMI
// document, then a PIDF document per resource. Lint checks each part as it checks the same body
// alone, and the whole as RFC 2046 §5.1.1 frames it. The NOTIFYs are Kamailio's (real/rls-story).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';

const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'rls-story.sip'), 'utf8');

const invalid = (t: string): { line: number; message: string }[] =>
	analyzeTrace(t)
		.problems.filter((p) => p.code === 'body.invalid')
		.map((p) => ({ line: t.slice(0, p.span.start).split('\n').length - 1, message: p.message }));

test("Kamailio's RLS NOTIFYs: every part valid, no problem", () => {
	const a = analyzeTrace(text);
	assert.equal(a.messages.filter((m) => m.contentType === 'multipart/related').length, 3);
	assert.deepEqual(invalid(text), []);
});

test('a PIDF part that is not well-formed, and a body without its closing delimiter: said on that NOTIFY, by part', () => {
	const a = analyzeTrace(text);
	const notify = a.messages.find(
		(m) =>
			m.contentType === 'multipart/related' &&
			text.slice(m.body!.start, m.body!.end).includes('<basic>open</basic>'),
	)!;
	const body = text.slice(notify.body!.start, notify.body!.end);
	const boundary = /boundary="([^"]+)"/.exec(
		text.slice(notify.frame.span.start, notify.body!.start),
	)![1]!;
	// Same lengths: Content-Length still holds.
	const damaged = body
		.replace('<basic>open</basic>', '<basic>open</basix>')
		.replace(`--${boundary}--`, `--${boundary}==`);
	const t = text.slice(0, notify.body!.start) + damaged + text.slice(notify.body!.end);
	const problems = invalid(t);
	assert.equal(problems.length, 1);
	assert.equal(problems[0]!.line, t.slice(0, notify.body!.start).split('\n').length - 1);
	assert.match(problems[0]!.message, new RegExp(`no closing delimiter --${boundary}--`));
	// The PIDF is a later part than the RLMI document, and is named so.
	assert.match(
		problems[0]!.message,
		/part [2-9] \(application\/pidf\+xml\): XML is not well-formed/,
	);
});

test('a multipart Content-Type folded over lines (RFC 3261 §7.3.1, as RFC 4662 writes it) has its parts checked the same', () => {
	const a = analyzeTrace(text);
	const notify = a.messages.find(
		(m) =>
			m.contentType === 'multipart/related' &&
			text.slice(m.body!.start, m.body!.end).includes('<basic>open</basic>'),
	)!;
	const head = text.slice(notify.frame.span.start, notify.body!.start);
	// `;boundary=...` on a line of its own, indented.
	const folded = head.replace(/(Content-Type: multipart\/related);\s*/, '$1;\r\n  ');
	assert.notEqual(folded, head);
	const body = text.slice(notify.body!.start, notify.body!.end).replace('</basic>', '</basix>');
	const t = text.slice(0, notify.frame.span.start) + folded + body + text.slice(notify.body!.end);
	assert.equal(invalid(t).length, 1);
	assert.match(invalid(t)[0]!.message, /XML is not well-formed/);
});
