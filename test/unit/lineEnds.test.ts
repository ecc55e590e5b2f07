// Traces whose line ends were changed after capture: a tool turned CRLF into LF, or an editor
// turned the lone LFs of Kamailio's XML bodies into CRLF (VS Code does so when it normalises a
// file with mixed line ends). The analysis must not change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const raw = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'), 'utf8');
const summary = (text: string) => {
	const a = analyzeTrace(text);
	return {
		messages: a.messages.map((m) => m.method ?? m.status),
		bodies: a.messages.map((m) =>
			m.body ? text.slice(m.body.start, m.body.end).replace(/\r\n/g, '\n') : null,
		),
		notifies: a.messages.map((m) => a.index.notifiesOf(m.index)),
		faults: a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
	};
};

test('the raw capture has mixed line ends (CRLF headers, LF-only XML from Kamailio)', () => {
	assert.ok(/[^\r]\n/.test(raw) && raw.includes('\r\n'));
});

test('turning every line end into CRLF changes nothing in the analysis', () => {
	assert.deepEqual(summary(raw.replace(/\r?\n/g, '\r\n')), summary(raw));
});

test('turning every line end into LF changes nothing in the analysis', () => {
	assert.deepEqual(summary(raw.replace(/\r\n/g, '\n')), summary(raw));
});

test('no error on the capture as it is', () => {
	assert.deepEqual(summary(raw).faults, []);
});

test('line ends converted twice (CR CR LF) read like the original', () => {
	const twice = raw.replace(/\r\n/g, '\r\r\n');
	const a = analyzeTrace(twice);
	const b = analyzeTrace(raw);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.callId, m.cseq?.seq, m.from?.tag]),
		b.messages.map((m) => [m.method ?? m.status, m.callId, m.cseq?.seq, m.from?.tag]),
	);
	assert.deepEqual(
		a.messages.map((m) => a.index.notifiesOf(m.index)),
		b.messages.map((m) => b.index.notifiesOf(m.index)),
	);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		[],
	);
});

test('a copy with an empty line after every line: headers read, said once per message', () => {
	const doubled = raw.replace(/\r\n/g, '\r\n\r\n');
	const a = analyzeTrace(doubled);
	const b = analyzeTrace(raw);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.callId, m.cseq?.seq, m.event?.package]),
		b.messages.map((m) => [m.method ?? m.status, m.callId, m.cseq?.seq, m.event?.package]),
	);
	assert.equal(
		a.problems.filter((p) => p.code === 'message.double-spaced').length,
		a.messages.length,
	);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('header.missing')).map((p) => p.code),
		[],
	);
	// The same where the page left a space on each message's own empty line (a CUCM trace
	// copied from a forum): its headers end there, its body is read as it stands, unjudged.
	const spaced = raw.replace(/\r\n\r\n/g, '\r\n \r\n').replace(/\r\n/g, '\r\n\r\n');
	const c = analyzeTrace(spaced);
	assert.deepEqual(
		c.messages.map((m) => [m.method ?? m.status, m.callId, m.cseq?.seq, m.event?.package]),
		b.messages.map((m) => [m.method ?? m.status, m.callId, m.cseq?.seq, m.event?.package]),
	);
	assert.deepEqual(
		c.problems.filter((p) => p.code !== 'message.double-spaced').map((p) => p.code),
		b.problems.filter((p) => !p.code.startsWith('content-length')).map((p) => p.code),
	);
	// A message whose start line alone is followed by an empty line, then a body that is not a
	// header, keeps its empty headers and its body.
	const bare = 'OPTIONS sip:a@b SIP/2.0\r\n\r\nv=0\r\n';
	assert.ok(!analyzeTrace(bare).problems.some((p) => p.code === 'message.double-spaced'));
});

test('a double-spaced copy of a format that decorates its lines (sofia) has its headers read too', () => {
	const sofia = readFileSync(join(__dirname, '..', 'fixtures', 'formats', 'sofia.log'), 'utf8');
	// fs_cli pasted through a tool that put an empty line after every message line.
	const doubled = sofia
		.split('\n')
		.map((l) => (l.startsWith('   ') && !l.includes('-----') ? `${l}\n` : l))
		.join('\n');
	const a = analyzeTrace(doubled);
	const b = analyzeTrace(sofia);
	assert.equal(a.format, 'sofia');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.callId, m.cseq?.seq, m.frame.time]),
		b.messages.map((m) => [m.method ?? m.status, m.callId, m.cseq?.seq, m.frame.time]),
	);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('header.')).map((p) => p.code),
		[],
	);
});

test('a copy from a web page with no-break spaces after the colons and in CSeq reads as the capture, said once per message', () => {
	// A page shows spaces as U+00A0 (`&nbsp;`); copied text keeps them where the message had SP.
	const nbsp = raw
		.replace(/^([A-Za-z-]+): /gm, '$1:\u00a0')
		.replace(/^(CSeq:\u00a0\d+) /gm, '$1\u00a0')
		.replace(/^(Call-ID:\u00a0\S+)\r\n/gm, '$1\u00a0\r\n');
	assert.ok(nbsp.includes('CSeq:\u00a01\u00a0') && nbsp.includes('Content-Length:\u00a0'));
	const a = analyzeTrace(nbsp);
	const b = analyzeTrace(raw);
	assert.deepEqual(summary(nbsp), summary(raw));
	assert.deepEqual(
		a.messages.map((m) => [m.callId, m.cseq?.method, m.expires, m.contentLength]),
		b.messages.map((m) => [m.callId, m.cseq?.method, m.expires, m.contentLength]),
	);
	const said = a.problems.filter((p) => p.code === 'message.no-break-space');
	assert.equal(said.length, a.messages.length);
	assert.ok(said.every((p) => p.severity === 'warning'));
	assert.deepEqual(
		a.problems.filter((p) => p.code !== 'message.no-break-space').map((p) => p.code),
		b.problems.map((p) => p.code),
	);
	// A no-break space inside a quoted display name is the name's, not a copy's: nothing said.
	const named = raw.replace(/^From: "?([^"<\r\n]*?)"? </m, 'From: "Al\u00a0ice" <');
	assert.ok(!analyzeTrace(named).problems.some((p) => p.code === 'message.no-break-space'));
});
