// A trace with terminal colours in it: sipgrep's output written to a file (test/fixtures/real,
// made by test/scripts/make-sipgrep-printouts.sh) colours the method, status, branch, tags and
// Call-ID of every message with escapes in the middle of its lines; Kamailio's log with log_color
// (make-kamailio-log-traces.sh) colours each log line. It reads as the same printout without
// them, on its own offsets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { reanalyzeTrace } from '../../server/src/core/reanalyze';
import type { TraceAnalysis } from '../../server/src/core/model';
import { coversAll } from './coversAll';
import { readerSees } from './readerSees';
import { Uncoloured } from '../../server/src/core/framing/colour';

const dir = join(__dirname, '..', 'fixtures', 'real');
// sipgrep's output, and Kamailio's own log on stderr with log_color (each log line coloured by
// its level, the reset at the start of the next line: after a logged message's last line).
const printouts = ['presence-story.sipgrep.txt', 'rls-story.sipgrep.txt', 'kamailio-colour.log'];

// ECMA-48 control sequences: ESC [, parameter bytes, intermediate bytes, a final byte.
// eslint-disable-next-line no-control-regex -- the escapes are what the test leaves out
const escapes = /\x1b\[[0-?]*[ -/]*[@-~]/g;

/** 0-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
	let line = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}

/** What a reader sees of the analysis: each message, its links and the problems, by line. */
function seen(analysis: TraceAnalysis, text: string): unknown {
	return {
		format: analysis.format,
		messages: analysis.messages.map((m, i) => ({
			line: lineAt(text, m.startLine.start),
			...readerSees(analysis, m, i),
			time: m.frame.time,
		})),
		problems: analysis.problems.map((p) => [p.code, lineAt(text, p.span.start)]),
	};
}

for (const name of printouts) {
	void test(`${name}: read as the same printout without its colours`, () => {
		const text = readFileSync(join(dir, name), 'utf8');
		const plain = text.replace(escapes, '');
		assert.notEqual(plain.length, text.length);
		const analysis = analyzeTrace(text);
		assert.ok(analysis.messages.length > 0);
		assert.deepEqual(seen(analysis, text), seen(analyzeTrace(plain), plain));
	});

	void test(`${name}: every message's start line starts at its method or version, and nothing is lost`, () => {
		const text = readFileSync(join(dir, name), 'utf8');
		const analysis = analyzeTrace(text);
		for (const m of analysis.messages) {
			// The span starts on the method, not on the escape before it; what it covers reads as a
			// start line once the escapes inside are left out.
			const line = text.slice(m.startLine.start, m.startLine.end);
			assert.match(
				line.replace(escapes, ''),
				/^(?:[A-Z]+ sip:\S+ SIP\/2\.0|SIP\/2\.0 \d{3} .+)$/,
				`message at line ${lineAt(text, m.startLine.start)}: ${JSON.stringify(line)}`,
			);
			assert.notEqual(line.charCodeAt(0), 0x1b);
		}
		// Nothing is lost: frames and noise cover the text, each offset once.
		coversAll(text, analysis);
	});
}

void test('an edit in a coloured printout is read as a whole analysis reads it', () => {
	const text = readFileSync(join(dir, 'presence-story.sipgrep.txt'), 'utf8');
	const long = `${text}\n${text}\n${text}`;
	const before = analyzeTrace(long);
	// A tag's value, between its colour's escapes, edited in the middle of the text.
	const at = long.indexOf('tag=', Math.floor(long.length / 2)) + 4;
	const edited = long.slice(0, at) + 'x' + long.slice(at);
	assert.deepEqual(
		seen(reanalyzeTrace(before, edited), edited),
		seen(analyzeTrace(edited), edited),
	);
});

void test('an escape that is no control sequence stays text, read as it is', () => {
	const text = readFileSync(join(dir, 'presence-story.sipgrep.txt'), 'utf8');
	const plain = text.replace(escapes, '');
	// A run of parameters longer than any sequence, and an ESC [ with no final byte, in a value.
	const odd = plain.replace(
		'User-Agent: SIPp watcher',
		`User-Agent: SIPp \x1b[${'1;'.repeat(40)}m watcher \x1b[`,
	);
	const analysis = analyzeTrace(odd);
	assert.equal(analysis.messages.length, analyzeTrace(plain).messages.length);
	const ua = analysis.messages[0]!.headers.find((h) => h.key === 'user-agent');
	assert.ok(ua !== undefined);
	assert.equal(
		odd.slice(ua.value.start, ua.value.end),
		`SIPp \x1b[${'1;'.repeat(40)}m watcher \x1b[`,
	);
});

void test("a coloured status line's `.` (its CR) is seen before the escape that ends its colour", () => {
	// sipgrep ends a status's colour after the `.` it prints for the CR (`SIP/2.0 ESC[1mESC[33m200
	// OK.ESC[0m`). The RLS story's NOTIFYs made responses with the same bodies: multiparts whose
	// parts Kamailio wrote with bare LF, whole only where the start line shows the message's CRs.
	const text = readFileSync(join(dir, 'rls-story.sipgrep.txt'), 'utf8').replace(
		// eslint-disable-next-line no-control-regex -- sipgrep's colour around a method
		/^\x1b\[1m\x1b\[31mNOTIFY \x1b\[0m.*$/gm,
		'SIP/2.0 \x1b[1m\x1b[33m200 OK.\x1b[0m',
	);
	const plain = text.replace(escapes, '');
	const analysis = analyzeTrace(text);
	assert.ok(
		analysis.messages.some((m) => m.status === 200 && m.contentType?.startsWith('multipart/')),
	);
	assert.deepEqual(seen(analysis, text), seen(analyzeTrace(plain), plain));
});

void test('each character of a trace without its escapes is the character it stands for in the trace', () => {
	// Sequences of every shape, and text that only looks like one: an ESC [ with no final byte, a
	// run of parameters too long for a sequence, an ESC before another, intermediates then a
	// parameter, a sequence at the very start and the very end.
	const text = [
		'\x1b[1mSUBSCRIBE \x1b[0msip:a@b SIP/2.0',
		'Via: x\x1b[;m\x1b[36;1m;branch=\x1b[0m',
		`odd \x1b[${'1'.repeat(29)}m long \x1b[${'1'.repeat(30)}m`,
		'\x1b\x1b[2K esc \x1b[1 2m \x1b[ 1m \x1b[?25h \x1b[',
		'end\x1b[0m',
	].join('\n');
	const plain = new Uncoloured(text);
	assert.equal(
		plain.text,
		`SUBSCRIBE sip:a@b SIP/2.0\nVia: x;branch=\nodd  long \x1b[${'1'.repeat(30)}m\n\x1b esc \x1b[1 2m \x1b[ 1m  \x1b[\nend`,
	);
	for (let p = 0; p < plain.text.length; p++)
		assert.equal(text[plain.inside(p)], plain.text[p], `offset ${p}`);
	assert.equal(plain.edge(plain.text.length), text.length);
});

void test("a colour's reset at the end of a line, before its CR, does not hide the CR", () => {
	// A console that colours each line whole (Kamailio's log_color, fs_cli) closes the colour
	// before the line end. The RLS story's multiparts, whose parts Kamailio wrote with bare LF,
	// are whole only where each line's CR is seen.
	const plain = readFileSync(join(dir, 'rls-story.sip'), 'utf8');
	const text = plain.replace(/^(.+?)(\r?)$/gm, '\x1b[0;36;49m$1\x1b[0m$2');
	const analysis = analyzeTrace(text);
	assert.ok(analysis.messages.some((m) => m.contentType?.startsWith('multipart/')));
	assert.deepEqual(seen(analysis, text), seen(analyzeTrace(plain), plain));
});

void test("sofia-sip's note after a record it cut is read behind a console's colours (fs_cli colours each line)", () => {
	const plain = readFileSync(join(dir, 'sofia-truncated.stderr.log'), 'utf8');
	const coloured = plain.replace(/^(.+?)(\r?)$/gm, '\x1b[0;36;49m$1\x1b[0m$2');
	const cut = (a: TraceAnalysis, text: string): unknown[] =>
		a.problems.filter((p) => p.code === 'message.truncated').map((p) => lineAt(text, p.span.start));
	const want = cut(analyzeTrace(plain), plain);
	assert.ok(want.length > 0);
	assert.deepEqual(cut(analyzeTrace(coloured), coloured), want);
	assert.deepEqual(seen(analyzeTrace(coloured), coloured), seen(analyzeTrace(plain), plain));
});

void test("`tput sgr0`'s reset (`ESC ( B ESC [ m`, xterm's) is taken out whole, its character set designation too", () => {
	const text = readFileSync(join(dir, 'presence-story.sipgrep.txt'), 'utf8');
	const plain = text.replace(escapes, '');
	// Each line's colour ended as a script's `$(tput sgr0)` ends it.
	const reset = plain.replace(/\r?\n/g, (end) => `\x1b(B\x1b[m${end}`);
	assert.deepEqual(seen(analyzeTrace(reset), reset), seen(analyzeTrace(plain), plain));
	assert.equal(new Uncoloured('a\x1b(B\x1b[mb\x1b(').text, 'ab\x1b(');
});
