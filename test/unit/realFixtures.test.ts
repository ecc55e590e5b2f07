// The analyser on traces made by real software (Kamailio presence server and SIPp, baresip or
// Linphone on loopback, exported by tshark, sngrep, SIPp, Kamailio's sipdump, baresip's own trace,
// Linphone's log, Kamailio's own log on stderr and through rsyslog, the JAIN-SIP stack's message
// log; test/fixtures/README.md). Every message and link is compared with what
// test/scripts/expected-links.mjs computed from tshark's own dissection of the capture,
// independently of the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace, type TraceAnalysis } from '../../server/src/core';
import { readCapture, renderCapture } from '../../server/src/core/capture';
import { linksOf, type Expected } from './expectedLinks';

const dir = join(__dirname, '..', 'fixtures', 'real');

/** 0-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
	let line = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}

const files = readdirSync(dir)
	.filter((name) => name.endsWith('.expected.json'))
	.sort();

void test('there are real fixtures in every exported format', () => {
	const formats = new Set(
		files.map((name) => (JSON.parse(readFileSync(join(dir, name), 'utf8')) as Expected).format),
	);
	assert.deepEqual([...formats].sort(), [
		'baresip',
		'bellesip',
		'escaped',
		'hexDump',
		'jainSip',
		'ngrep',
		'raw',
		'sipdump',
		'sipp',
		'sippCallDebug',
		'sippErrors',
		'sipsak',
		'sngrep',
		'sofia',
		'sofiaDump',
		'tcpdump',
		'tshark',
		'tsharkFollow',
		'tsharkJson',
		'twinkle',
	]);
});

/** The traces whose names start with `prefix`, each with its text and analysis. */
function tracesNamed(prefix: string): { name: string; text: string; analysis: TraceAnalysis }[] {
	return files
		.filter((file) => file.startsWith(prefix))
		.map((file) => {
			const name = file.slice(0, -'.expected.json'.length);
			const text = readFileSync(join(dir, name), 'utf8');
			return { name, text, analysis: analyzeTrace(text) };
		});
}

void test("baresip's own traces (a story without faults) raise no problem", () => {
	const traces = tracesNamed('baresip-');
	assert.ok(traces.length > 0);
	for (const { name, analysis } of traces)
		assert.deepEqual(
			analysis.problems.map((p) => p.message),
			[],
			name,
		);
});

void test("sipsak's output: what it prints again or sums up is log text, no message cut short; a reply alone at -vv is read", () => {
	const traces = tracesNamed('sipsak-');
	assert.equal(traces.length, 6);
	// What is true of the runs: the -vv log holds no request, the refused credentials were wrong.
	const said: Record<string, string[]> = {
		'sipsak-options.ok-vv.log': ['response.no-request'],
		'sipsak-options.refused.log': ['auth.credentials-refused'],
	};
	for (const { name, text, analysis } of traces) {
		assert.deepEqual(
			analysis.problems.map((p) => p.code),
			said[name] ?? [],
			name,
		);
		// Every request sipsak sent, and no other: a copy before sending (`New message with
		// changed Max-Forwards:`), or again in an error's dump (`request:` then `response:`), is
		// not one; each sent one is followed by `send to:`.
		const sent = text.split('\nsend to: ').length - 1;
		assert.equal(analysis.messages.filter((m) => m.kind === 'request').length, sent, name);
		// Each reply once: after `message received:` or `received:`, or in the dump; the hop's
		// line of a traceroute and the summary's status line are none.
		const replies =
			text.match(/^(?:message received:|received:|response:|received from: \S+)\nSIP\/2\.0 /gm) ??
			[];
		assert.equal(
			analysis.messages.filter((m) => m.kind === 'response').length,
			replies.length,
			name,
		);
	}
});

void test("Twinkle's own logs: a request it found no address for is said not sent, a message it logged in part is said cut, its own response is no message", () => {
	const traces = files.filter((name) => name.startsWith('twinkle-'));
	assert.equal(traces.length, 4);
	for (const name of traces) {
		const traceName = name.slice(0, -'.expected.json'.length);
		const text = readFileSync(join(dir, traceName), 'utf8');
		const analysis = analyzeTrace(text);
		const lines = text.split('\n');
		// What the log itself says: `Cannot resolve destination for:` above a request never sent
		// (the warning on that line); `<cut off>` after the first 1,024 characters of a message
		// (the problem on the message's start line, the first line after its record's second).
		const want: [string, number][] = [];
		lines.forEach((l, i) => {
			if (l === 'Cannot resolve destination for:') want.push(['message.not-sent', i]);
			if (l !== '<cut off>') return;
			let header = i;
			while (!lines[header]!.startsWith('+++ ')) header--;
			want.push(['message.truncated', header + 2]);
		});
		assert.deepEqual(
			analysis.problems.map((p) => [p.code, lineAt(text, p.span.start)]),
			want,
			traceName,
		);
		// The 404 Twinkle made for its own transaction (`Send internal:`) is log text: nothing
		// answers the unsent request.
		const internal = text.indexOf('Send internal:');
		if (internal < 0) continue;
		assert.ok(
			analysis.messages.every((m) => m.status !== 404),
			traceName,
		);
		assert.ok(
			analysis.noise.some((n) => n.start <= internal && internal < n.end),
			traceName,
		);
	}
	// The story has both: carol's unresolvable SUBSCRIBE, andrew's long MESSAGE to linda.
	const all = traces
		.map((name) => readFileSync(join(dir, name.slice(0, -'.expected.json'.length)), 'utf8'))
		.join('');
	assert.ok(all.includes('Send internal:') && all.includes('<cut off>'));
});

/** The story a printout of its capture belongs to: `rls-story` for `rls-story.ngrep.txt`. */
const storyOf = (name: string): string => name.slice(0, name.search(/\.(?:ngrep|tcpdump)/));

void test("ngrep's and tcpdump's printouts of a capture raise the problems the capture itself raises", () => {
	// ngrep prints a CR as `.` and a bare LF as a line end (or, without -W byline, as `.`);
	// tcpdump -A leaves every CR out, -X prints both as `.` beside the hex: the PIDF Kamailio
	// composes, its RLMI parts and the PIDF of Linphone, baresip and sofia-sip hold bare LFs, a
	// message summary an empty line in its body, and ngrep's `#` per packet read follows a message
	// without Content-Length. None of that is a fault of the message.
	const renderings = readdirSync(dir)
		.filter((name) => /\.(?:ngrep(?:-marks|-single)?|tcpdump(?:-X)?)\.txt$/.test(name))
		.filter((name) => existsSync(join(dir, `${storyOf(name)}.pcapng`)))
		.sort();
	assert.ok(renderings.length >= 30, `${renderings.length} renderings`);
	for (const name of renderings) {
		const capture = readCapture(new Uint8Array(readFileSync(join(dir, `${storyOf(name)}.pcapng`))));
		const rendered = renderCapture(capture.messages);
		const fromCapture = analyzeTrace(rendered);
		const text = readFileSync(join(dir, name), 'utf8');
		const analysis = analyzeTrace(text);
		assert.equal(analysis.format, name.includes('.ngrep') ? 'ngrep' : 'tcpdump', name);
		assert.equal(analysis.messages.length, fromCapture.messages.length, name);
		assert.deepEqual(
			analysis.problems.map((p) => `${p.code}: ${p.message}`),
			fromCapture.problems.map((p) => `${p.code}: ${p.message}`),
			name,
		);
		// Pasted indented as a whole (an issue, a mail): the `#` lines still end their messages.
		if (name.includes('-marks')) {
			const indented = analyzeTrace(text.replace(/(^|\n)(?=[^\r\n])/g, '$1    '));
			assert.deepEqual(
				indented.problems.map((p) => p.code),
				fromCapture.problems.map((p) => p.code),
				`${name}, indented`,
			);
		}
		// Each body whole, as the capture holds it, its line ends and dots aside (ngrep prints a
		// CR as a dot); ngrep's wrapping and tcpdump's hex put their own text inside the span.
		const bare = (t: string, span: { start: number; end: number } | null) =>
			span && t.slice(span.start, span.end).replace(/[\r\n.]/g, '');
		for (const [i, m] of analysis.messages.entries()) {
			const want = fromCapture.messages[i]!.body;
			assert.equal(m.body === null, want === null, `${name}: body of message ${i}`);
			if (!name.includes('-single') && !name.includes('-X'))
				assert.equal(bare(text, m.body), bare(rendered, want), `${name}: body of message ${i}`);
		}
	}
});

void test("Linphone's logs: a message without Content-Length ends where the log's next record starts", () => {
	const traces = files.filter((name) => name.startsWith('linphone-') && name.includes('.log.'));
	assert.ok(traces.length > 0);
	for (const name of traces) {
		const traceName = name.slice(0, -'.expected.json'.length);
		const text = readFileSync(join(dir, traceName), 'utf8');
		const analysis = analyzeTrace(text);
		// linphonec's SUBSCRIBE, REGISTER and 200 to NOTIFY, liblinphone's PUBLISH removing its
		// state: sent over UDP without the header, and without a body.
		const unsized = analysis.messages.filter((m) => m.contentLength === null);
		assert.ok(unsized.length > 0, traceName);
		for (const m of unsized) {
			assert.equal(m.body, null, `${traceName}: body of message ${m.index}`);
			const sip = text.slice(m.frame.sip.start, m.frame.sip.end);
			assert.doesNotMatch(sip, /^\d{4}-\d\d-\d\d /m, `${traceName}: message ${m.index}`);
		}
		assert.deepEqual(
			analysis.problems.map((p) => p.message),
			[],
			traceName,
		);
	}
});

for (const name of files) {
	const traceName = name.slice(0, -'.expected.json'.length);
	const expected = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Expected;
	const text = readFileSync(join(dir, traceName), 'utf8');

	void test(`${traceName}: every message found, in file order, at its line`, () => {
		const analysis = analyzeTrace(text);
		assert.equal(analysis.format, expected.format);
		assert.equal(analysis.messages.length, expected.messages.length);
		for (const want of expected.messages) {
			const message = analysis.messages[want.index]!;
			const got = { method: message.method, status: message.status, callId: message.callId };
			const wanted = { method: want.method, status: want.status, callId: want.callId };
			assert.deepEqual(got, wanted, `message ${want.index}`);
			if (want.src !== undefined) {
				const path = { src: message.frame.src, dst: message.frame.dst };
				assert.deepEqual(
					path,
					{ src: want.src, dst: want.dst },
					`addresses of message ${want.index}`,
				);
			}
			if (want.direction !== undefined) {
				assert.equal(message.frame.direction, want.direction, `direction of message ${want.index}`);
			}
			if (want.transport !== undefined) {
				assert.equal(message.frame.transport, want.transport, `transport of message ${want.index}`);
			}
			if (want.time !== undefined) {
				// The log's time (the agent's clock, UTC on the machine that made the trace) is when
				// belle-sip wrote the line: a received message is read on the agent's next loop;
				// rsyslog's, when it took the record in. A time written with its UTC offset
				// (rsyslog's RFC 3339 stamp) is compared by its epoch. A log that gives the time of
				// day alone (sofia's stamp) is read on the capture's day.
				const { time, epochMicros } = message.frame;
				const day = /^\d\d:/.test(time ?? '') ? `${want.time.slice(0, 10)}T` : '';
				const logged =
					epochMicros !== null ? epochMicros / 1000 : Date.parse(`${day}${time ?? ''}Z`);
				const captured = Date.parse(want.time);
				assert.ok(
					Math.abs(logged - captured) < 250,
					`time of message ${want.index}: ${message.frame.time} for ${want.time}`,
				);
			}
			if (want.line !== null) {
				assert.equal(
					lineAt(text, message.startLine.start),
					want.line,
					`line of message ${want.index}`,
				);
			}
		}
	});

	void test(`${traceName}: every link is the one tshark's dissection gives`, () => {
		const analysis = analyzeTrace(text);
		assert.equal(analysis.messages.length, expected.messages.length);
		for (const want of expected.messages) {
			assert.deepEqual(
				linksOf(analysis, want.index, 'replaces' in want.links),
				want.links,
				`links of message ${want.index}`,
			);
		}
	});
}
