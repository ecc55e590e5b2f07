// Lines of a copied trace that are not header lines: inside a header (RFC 3261 §7.3.1 folding, or
// a copy that wrapped a long value at the margin) and after the last header (a sentence of the
// guide or post the message was copied from). A wrapped value is read whole, as the sender wrote
// it, so that its branch and tags link as in an unwrapped copy; a sentence after the message is
// the page's text, not a header of it. The hover between a header's name and its value covers the
// header it answers for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import type { TraceAnalysis } from '../../server/src/core/model';
import { provideHover } from '../../server/src/features/hover';
import { createTraceDocument } from '../../server/src/traceDocument';

const via100 =
	'Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds4711abcdefgh;rport=5060';
const to200 = 'To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf-1234567890abcdef-9876543210fedcba';

/** A call: INVITE, its 200, the ACK, a BYE from the callee and its 200, `wrap` applied to the 200 to the INVITE. */
function call(wrap: (line: string) => string = (l) => l): string {
	const from = 'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774';
	const callId = 'Call-ID: a84b4c76e66710@pc33.atlanta.example.com';
	const message = (lines: string[]): string => [...lines, 'Content-Length: 0', '', ''].join('\r\n');
	return [
		message([
			'INVITE sip:bob@biloxi.example.com SIP/2.0',
			via100,
			'Max-Forwards: 70',
			'To: Bob <sip:bob@biloxi.example.com>',
			from,
			callId,
			'CSeq: 314159 INVITE',
			'Contact: <sip:alice@pc33.atlanta.example.com>',
		]),
		message([
			'SIP/2.0 200 OK',
			wrap(via100),
			wrap(to200),
			from,
			callId,
			'CSeq: 314159 INVITE',
			'Contact: <sip:bob@192.0.2.4>',
		]),
		message([
			'ACK sip:bob@192.0.2.4 SIP/2.0',
			'Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bKnashds9',
			'Max-Forwards: 70',
			to200,
			from,
			callId,
			'CSeq: 314159 ACK',
		]),
		message([
			'BYE sip:alice@pc33.atlanta.example.com SIP/2.0',
			'Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds10',
			'Max-Forwards: 70',
			'From: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf-1234567890abcdef-9876543210fedcba',
			'To: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
			callId,
			'CSeq: 231 BYE',
		]),
	].join('');
}

/** A copy that cut every line longer than 72 columns at 72, the rest on a line of its own. */
const cutAt72 = (line: string): string =>
	line.length > 72 ? `${line.slice(0, 72)}\r\n${line.slice(72)}` : line;

/** Each message's links: the request it answers, its dialog's creator, its dialog's messages. */
function links(a: TraceAnalysis): unknown[] {
	return a.messages.map((m) => {
		const d = a.index.dialogOf(m.index);
		return [m.index, a.index.requestOf(m.index), d?.creator ?? null, d?.messages ?? null];
	});
}

void test('a Via branch and a To tag that a copy cut at 72 columns link the 200 to its INVITE and the BYE to the call, as unwrapped', () => {
	const whole = analyzeTrace(call());
	const text = call(cutAt72);
	// The cut falls inside the branch and inside the tag.
	assert.ok(text.includes('branch=z9hG4bK776asdhds47\r\n11abcdefgh'), text);
	assert.ok(text.includes('tag=a6c85cf-1234567890abcdef-987654\r\n3210fedcba'), text);
	const wrapped = analyzeTrace(text);
	assert.equal(wrapped.messages.length, 4);
	const ok = wrapped.messages[1]!;
	assert.equal(ok.vias[0]?.branch, 'z9hG4bK776asdhds4711abcdefgh');
	assert.equal(ok.vias[0]?.rport, '5060');
	assert.equal(ok.to?.tag, 'a6c85cf-1234567890abcdef-9876543210fedcba');
	assert.deepEqual(links(wrapped), links(whole));
	assert.equal(wrapped.index.requestOf(1), 0);
	assert.deepEqual(wrapped.index.dialogOf(3)?.messages, [0, 1, 2, 3]);
	// Spans stay on the trace's own text: the Via element runs over the line break, from its
	// protocol to its last parameter; the To URI is where the trace has it.
	const via = ok.vias[0]!.span;
	assert.equal(text.slice(via.start, via.end).replace('\r\n', ''), via100.slice('Via: '.length));
	const uri = ok.to!.uriSpan;
	assert.equal(text.slice(uri.start, uri.end), 'sip:bob@biloxi.example.com');
	// One warning per wrapped header, as before.
	assert.deepEqual(
		wrapped.problems.map((p) => p.code),
		['header.wrapped', 'header.wrapped'],
	);
});

void test('a header a copy wrapped at a space it dropped reads with the space again: Via: SIP/2.0/UDP, then the sent-by', () => {
	const text = call((line) =>
		line === via100 ? line.replace('SIP/2.0/UDP ', 'SIP/2.0/UDP\r\n') : line,
	);
	const a = analyzeTrace(text);
	const via = a.messages[1]!.vias[0]!;
	assert.deepEqual(
		[via.protocol, via.sentBy, via.branch],
		['SIP/2.0/UDP', 'pc33.atlanta.example.com:5060', 'z9hG4bK776asdhds4711abcdefgh'],
	);
	assert.equal(a.index.requestOf(1), 0);
});

void test('a folded header (RFC 3261 §7.3.1) reads its fold as one space', () => {
	const text = [
		'OPTIONS sip:bob@biloxi.example.com SIP/2.0',
		'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKfold1',
		'Max-Forwards: 70',
		'To: <sip:bob@biloxi.example.com>',
		'From: "Alice',
		'\t Liddell" <sip:alice@atlanta.example.com>;tag=88sja8x',
		'Call-ID: fold-1@pc33',
		'Event: presence',
		'  ;id=77',
		'CSeq: 1 OPTIONS',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	const m = a.messages[0]!;
	assert.equal(m.from?.displayName, 'Alice Liddell');
	assert.equal(m.from?.tag, '88sja8x');
	assert.deepEqual(m.event, { package: 'presence', id: '77' });
	const uri = m.from!.uriSpan;
	assert.equal(text.slice(uri.start, uri.end), 'sip:alice@atlanta.example.com');
	assert.deepEqual(a.problems, []);
});

/** The SUBSCRIBE of a vendor's guide, then its text, with no empty line, then the NOTIFY. */
function guide(between: readonly string[], lengthLine = 'Content-Length: 0'): string {
	return [
		'SUBSCRIBE sip:bob@192.0.2.4:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.32:5060;branch=z9hG4bK2880274891',
		'From: "10111" <sip:10111@192.0.2.32:5060>;tag=8643512',
		'To: <sip:bob@192.0.2.4:5060>',
		'Call-ID: 0_2880274891@192.0.2.32',
		'CSeq: 2 SUBSCRIBE',
		'Contact: <sip:10111@192.0.2.32:5060>',
		'Max-Forwards: 70',
		'Expires: 60',
		'Event: dialog',
		...(lengthLine ? [lengthLine] : []),
		...between,
		'NOTIFY sip:10111@192.0.2.32:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bK1830418099',
		'From: <sip:bob@192.0.2.4:5060>;tag=1032948194',
		'To: "10111" <sip:10111@192.0.2.32:5060>;tag=8643512',
		'Call-ID: 0_2880274891@192.0.2.32',
		'CSeq: 2 NOTIFY',
		'Subscription-State: terminated;reason=timeout',
		'Event: dialog',
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
	].join('\n');
}

const lineOf = (text: string, offset: number): number =>
	text.slice(0, offset).split('\n').length - 1;

void test('a sentence of the guide right after a message’s last header ends the message: no header of it, no false Content-Length fault', () => {
	const prose = [
		'Example of a NOTIFY message (The subscription (SUBSCRIBE message) of the dialog event “Call Completion” is',
		'confirmed by the busy party):',
	];
	const text = guide(prose);
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method, lineOf(text, m.startLine.start)]),
		[
			['SUBSCRIBE', 0],
			['NOTIFY', 13],
		],
	);
	// The SUBSCRIBE ends with its Content-Length line; the sentences are the page's text.
	const subscribe = a.messages[0]!;
	assert.equal(lineOf(text, subscribe.frame.span.end - 1), 10);
	assert.ok(
		a.noise.some((n) => text.slice(n.start, n.end).includes('Example of a NOTIFY message')),
		JSON.stringify(a.noise),
	);
	assert.equal(subscribe.contentLength, 0);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('header.')),
		[],
		'no header fault from the sentences',
	);
	// The NOTIFY ends the subscription it belongs to (its To tag is the SUBSCRIBE's From tag).
	assert.equal(a.index.subscriptionOf(1)?.creator, 0);
});

void test("a manual's long sentence with parameter names in angle brackets (`<user-id>`) after `Content-Length: 0` is the page's too", () => {
	// Cisco's SPA ATA guide: its shared-line REGISTER, then a paragraph naming `<Shared User ID>`,
	// the page's last line.
	const text = [
		'REGISTER sip:192.168.0.2:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.0.4:5060;branch=z9hG4bK-ae32f2d',
		'From: User-A <sip:5031@192.168.0.2:5060>;tag=3c9c9ab1',
		'To: User-A <sip:5031@192.168.0.2:5060>',
		'Call-ID: 1c8c4597-d5ac1f63@192.168.0.4',
		'CSeq: 8 REGISTER',
		'Max-Forwards: 70',
		'Contact: <sip:5031@192.168.0.4:5060>;expires=3600',
		'Content-Length: 0',
		'Allow-Events: dialog',
		'In this example, User-A shares a line appearance with User-B, whose primary extension is 5041, with the <Shared User ID> parameter set to 5041. Note that the TO header <user-id> parameter is the User-B primary ext',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('header.')),
		[],
	);
});

void test('without Content-Length, a sentence that ends as one after a whole header block ends the message too', () => {
	const text = guide(['The server then sends the NOTIFY below:'], '');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.method),
		['SUBSCRIBE', 'NOTIFY'],
	);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('header.')),
		[],
	);
});

void test('lines that are no sentence after the last header stay the message’s: a wrapped value, a short note, a body', () => {
	// The rest of a long Subject that a copy wrapped at 72 columns reads like words, but the
	// line above is full: it is the header's.
	const subject = 'Subject: Quarterly review of the presence rollout with the whole team and';
	const wrapped = analyzeTrace(guide([subject, 'The partners from the north office.']));
	assert.deepEqual(
		wrapped.problems.filter((p) => p.code.startsWith('header.')).map((p) => p.code),
		['header.wrapped'],
	);
	const m = wrapped.messages[0]!;
	const s = m.header('subject')!.value;
	assert.ok(wrapped.text.slice(s.start, s.end).endsWith('north office.'));
	// A lower-case note is no sentence a guide writes, but right after `Content-Length: 0` no
	// line that is no header is the message's: the message ended with its length.
	const note = analyzeTrace(guide(['see the notify below']));
	assert.deepEqual(
		note.problems.filter((p) => p.code.startsWith('header.')).map((p) => p.code),
		[],
	);
	// Below another header, it is still read as one of the message's, malformed.
	const below = analyzeTrace(
		guide(['Content-Length: 0', 'Subject: review', 'see the notify below'], ''),
	);
	assert.deepEqual(
		below.problems.filter((p) => p.code.startsWith('header.')).map((p) => p.code),
		['header.malformed'],
	);
	// A header left open (a `,` last) goes on, whatever the next line looks like: it stays the
	// message's (a malformed header, as the line would have fitted above).
	const open = guide([
		'Accept: application/dialog-info+xml,',
		'Application pidf xml for the watcher list.',
	]);
	const a = analyzeTrace(open);
	assert.equal(lineOf(open, a.messages[0]!.frame.span.end - 1), 12);
});

void test('hover on the space after a header’s colon answers for the header, its range the header from name to value', () => {
	const text = call();
	const doc = createTraceDocument('file:///call.sip', 1, text, undefined);
	const lines = text.split('\r\n');
	const cseq = lines.findIndex((l) => l === 'CSeq: 314159 INVITE');
	const range = (character: number) => provideHover(doc, { line: cseq, character })?.range;
	const header = { start: { line: cseq, character: 0 }, end: { line: cseq, character: 19 } };
	// `CSeq` is the name (up to the colon), the space stands between it and the value
	// `314159 INVITE`: there the hover is the value's, its range the header, holding the space.
	assert.deepEqual(range(4), {
		start: { line: cseq, character: 0 },
		end: { line: cseq, character: 4 },
	});
	assert.deepEqual(range(5), header);
	assert.deepEqual(range(6), {
		start: { line: cseq, character: 6 },
		end: { line: cseq, character: 19 },
	});
	// The same hover as on the value.
	const hover = (character: number) =>
		(provideHover(doc, { line: cseq, character })?.contents as { value: string }).value;
	assert.equal(hover(5), hover(6));
});

const publicFixture = (name: string): string =>
	readFileSync(join(__dirname, '..', 'fixtures', 'formats', 'public', name), 'utf8');

void test('ngrep -W byline pasted at 72 columns: each branch and To tag is whole again, a `.` at a wrapped line’s end its own', () => {
	const text = publicFixture('ngrep-byline-wrapped-fenced-register-401.txt');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'ngrep');
	// Read from the text: each Via's branch goes on on the next line (`z9hG4bK-d87543-`, then
	// `13517a5a8218ff45-1--d87543-;rport`), the 401's tag after `...8668bd2.4` with `1bb.`, the
	// 200's after `...8668bd2.` with `c577.` (OpenSIPS's to-tags: 32 hex digits, `.`, 4 more).
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.vias[0]?.branch, m.to?.tag ?? null]),
		[
			['REGISTER', 'z9hG4bK-d87543-13517a5a8218ff45-1--d87543-', null],
			[401, 'z9hG4bK-d87543-13517a5a8218ff45-1--d87543-', '329cfeaa6ded039da25ff8cbb8668bd2.41bb'],
			['REGISTER', 'z9hG4bK-d87543-da776d09bd6fcb65-1--d87543-', null],
			[200, 'z9hG4bK-d87543-da776d09bd6fcb65-1--d87543-', '329cfeaa6ded039da25ff8cbb8668bd2.c577'],
		],
	);
	assert.deepEqual(
		a.messages.map((m) => a.index.requestOf(m.index)),
		[null, 0, null, 2],
	);
});

void test('a vendor guide’s prose after a SUBSCRIBE’s `Content-Length: 0` is the page’s text: no Content-Length fault, no stray header', () => {
	const text = publicFixture('yealink-manual-email-protected-subscribe-notify.txt');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method, lineOf(text, m.startLine.start)]),
		[
			['SUBSCRIBE', 2],
			['NOTIFY', 17],
		],
	);
	// `Content-Length: 0` on line 14 (0-based) is the SUBSCRIBE's last line; lines 15 and 16 are prose.
	assert.equal(lineOf(text, a.messages[0]!.frame.span.end - 1), 14);
	assert.equal(a.messages[0]!.contentLength, 0);
	const codes = a.problems.map((p) => p.code);
	for (const code of ['header.bad-content-length', 'header.malformed', 'header.wrapped'])
		assert.ok(!codes.includes(code), `${code} in ${codes.join(', ')}`);
});

void test('a line that wraps a line read as no header is no header’s rest: the header before both keeps its value', () => {
	const stray =
		'a line of notes with no colon, long enough that the next word did not fit on it at';
	const text = [
		'REGISTER sip:example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKstray1',
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=s1',
		'To: <sip:alice@example.com>',
		'Call-ID: stray-1@192.0.2.9',
		'CSeq: 1 REGISTER',
		stray,
		'seventy-two',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	assert.ok(stray.length > 72);
	const a = analyzeTrace(text);
	assert.deepEqual(a.messages[0]!.cseq, { seq: 1, method: 'REGISTER' });
	assert.deepEqual(
		a.problems.map((p) => [p.code, lineOf(text, p.span.start)]),
		[
			['header.malformed', 7],
			['header.malformed', 8],
		],
	);
});

void test('a page that broke a line after a header’s name (`From:` alone) or a Via’s protocol, short of any width: the next line is the value', () => {
	// The shape of a Teams Direct Routing blog's 410 Gone: `FROM:` above `<sip:...>;tag=...`,
	// `VIA: SIP/2.0/TLS` above its sent-by and branch.
	const from = 'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774';
	const text = call((line) =>
		line === via100
			? line.replace('SIP/2.0/UDP ', 'SIP/2.0/UDP\r\n')
			: line === to200
				? line.replace('To: ', 'To:\r\n')
				: line,
	).replace(
		`${from}\r\nCall-ID: a84b4c76e66710@pc33.atlanta.example.com\r\nCSeq: 314159 INVITE\r\nContact: <sip:bob`,
		`From:\r\n${from.slice(6)}\r\nCall-ID: a84b4c76e66710@pc33.atlanta.example.com\r\nCSeq: 314159 INVITE\r\nContact: <sip:bob`,
	);
	assert.ok(text.includes('From:\r\nAlice <sip:alice'), text);
	const a = analyzeTrace(text);
	const ok = a.messages[1]!;
	assert.equal(ok.vias[0]?.branch, 'z9hG4bK776asdhds4711abcdefgh');
	assert.equal(ok.to?.tag, 'a6c85cf-1234567890abcdef-9876543210fedcba');
	assert.equal(ok.from?.tag, '1928301774');
	assert.deepEqual(links(a), links(analyzeTrace(call())));
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['header.wrapped', 'header.wrapped', 'header.wrapped'],
	);
});

void test('a line that opens with `;` or follows a value ending in `,` goes on the header above, short of any width', () => {
	// RFC 3261 §4's 200 OK quoted in a blog without its folds' indentation, and an AudioCodes
	// manual's 401 whose challenge parameters stand a line each.
	const text = [
		'SIP/2.0 401 Unauthorized',
		'Via: SIP/2.0/UDP pc33.atlanta.com',
		';branch=z9hG4bK776asdhds ;received=192.0.2.1',
		'To: Bob <sip:bob@biloxi.com>;tag=a6c85cf',
		'From: Alice <sip:alice@atlanta.com>;tag=1928301774',
		'Call-ID: a84b4c76e66710@pc33.atlanta.com',
		'CSeq: 1 REGISTER',
		// A Cisco guide's copy: the name-addr broken after its display name.
		'Remote-Party-ID: "Wylie Test Agent"',
		'<sip:88@10.0.0.3>',
		'WWW-Authenticate: Digest realm="audiocodes.com",',
		'nonce="11432d6bce58ddf02e3b5e1c77c010d2",',
		'stale=FALSE,',
		'algorithm=MD5',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	const m = a.messages[0]!;
	assert.deepEqual([m.vias[0]?.branch, m.vias[0]?.received], ['z9hG4bK776asdhds', '192.0.2.1']);
	const rpid = m.headers.find((h) => h.key === 'remote-party-id')!.value;
	assert.equal(
		text.slice(rpid.start, rpid.end).replace('\r\n', ' '),
		'"Wylie Test Agent" <sip:88@10.0.0.3>',
	);
	const challenge = m.headers.find((h) => h.key === 'www-authenticate')!.value;
	assert.match(
		text.slice(challenge.start, challenge.end),
		/realm="audiocodes.com",\r\nnonce=[^]*algorithm=MD5$/,
	);
	assert.deepEqual(
		a.problems.map((p) => [p.code, text.slice(0, p.span.start).split('\r\n').length - 1]),
		[
			['response.no-request', 0],
			['header.wrapped', 2],
			['header.wrapped', 8],
			['header.wrapped', 10],
		],
	);
});

void test('headers a page indented under a start line at the margin are headers, their folds still folds', () => {
	// The shape of a Spanish blog's INVITE: each header line behind one space, the start line not.
	const text = [
		'INVITE sip:911000000@192.0.2.7;user=phone SIP/2.0',
		' Max-Forwards: 69',
		' Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1a2b3c',
		'   ;received=192.0.2.1',
		' From: <sip:600000000@example.es>;tag=61d4',
		' To: <sip:911000000@192.0.2.7;user=phone>',
		' Call-ID: 51062176-3746418364@gw.example.es',
		' CSeq: 1 INVITE',
		' Contact: <sip:600000000@192.0.2.1:5060>',
		' Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	const m = a.messages[0]!;
	assert.deepEqual(
		[m.callId, m.cseq?.seq, m.vias[0]?.received, m.headerCount],
		['51062176-3746418364@gw.example.es', 1, '192.0.2.1', 8],
	);
	const name = m.headers[0]!.name;
	assert.equal(text.slice(name.start, name.end), 'Max-Forwards');
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	// As deep as a guide's code block in a numbered list nests them (twelve spaces, a tab and more).
	for (const indent of ['            ', '\t\t', ' '.repeat(20)]) {
		const deep = text.replace(/\r\n {1,3}(?=\S)/g, (m) => `\r\n${indent}${m.slice(3)}`);
		const d = analyzeTrace(deep);
		assert.deepEqual(
			[d.messages[0]?.callId, d.messages[0]?.vias[0]?.received, d.problems.map((p) => p.code)],
			['51062176-3746418364@gw.example.es', '192.0.2.1', []],
			JSON.stringify(indent),
		);
	}
});

void test('a logger that cut its lines into pieces (baresip on Android): an address cut between digits, a URI before its `>`', () => {
	// baresip-studio's logcat: each SIP line in pieces of the logger's own length, the rest on the
	// next record (`Via: SIP/2.0/UDP 192.1` / `68.1.37:45092;...`, `...;transport=tls` / `>;...`).
	const prefix = '08-11 05:50:01.382 18941 18976 D Baresip Lib: ';
	const register = [
		'UDP 192.168.1.37:45092 -> 203.0.113.5:5060',
		'REGISTER sip:sip.example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.1',
		'68.1.37:45092;branch=z9hG4bKec314198d1dea065;rport',
		'Contact: <sip:bar-0xb400007daeac1550@192.168.1.37:45092;transport=udp',
		'>;expires=900;q=0.5;reg-id=1',
		'Max-Forwards: 70',
		'To: <sip:bar@sip.example.com>',
		'From: <sip:bar@sip.example.com>;tag=8a5cd1b0d1e9',
		'Call-ID: 4a0b6d7b6e6f1c8a',
		'CSeq: 57771 REGISTER',
		'Expires: 900',
		'Content-Length: 0',
		'',
	];
	const text = register.map((l) => `${prefix}${l}\n`).join('');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.vias[0]!.sentBy, '192.168.1.37:45092');
	assert.equal(m.vias[0]!.branch, 'z9hG4bKec314198d1dea065');
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['header.wrapped', 'header.wrapped'],
	);
});

void test('a value a page broke after a hyphen (`;tag=132878796-` then `1040067870294`) is read whole, short of any width', () => {
	// A gateway manual's INFO example (Vega, flash-hook): the To tag broken where it has a hyphen.
	const info = (to: string[]): string =>
		[
			'INFO sip:4505656002@192.168.13.40:5060 SIP/2.0',
			'Via: SIP/2.0/UDP 192.168.13.2:5060;branch=z9hG4bK-1',
			'From: port1vega1 <sip:06@192.168.13.2:5060>;tag=77',
			...to,
			'Call-ID: 0010-0016-D69A7DA8-1@192.168.13.2',
			'CSeq: 2 INFO',
			'Max-Forwards: 70',
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	const broken = analyzeTrace(
		info(['To: <sip:4505656002@192.168.13.40:5060>;tag=132878796-', '1040067870294']),
	);
	assert.equal(broken.messages[0]!.to?.tag, '132878796-1040067870294');
	assert.deepEqual(
		broken.problems.map((p) => `${p.code} ${p.severity}`),
		['header.wrapped warning'],
	);
	// Without the hyphen, a word under a short header line is no part of it.
	const word = analyzeTrace(
		info(['To: <sip:4505656002@192.168.13.40:5060>;tag=132878796', '1040067870294']),
	);
	assert.equal(word.messages[0]!.to?.tag, '132878796');
	assert.ok(word.problems.some((p) => p.code === 'header.malformed'));
});

test("a Call-ID a page wrapped onto an indented line (Cisco's `debug ccsip messages` as a guide prints it): read joined, so its ACK is of the same call", () => {
	const ok = [
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/UDP 14.1.16.25:5060;branch=z9hG4bK2C1A5',
		'From: <sip:3001@14.1.16.25>;tag=5B4F1C-1D0E',
		'To: <sip:3002@14.1.16.230>;tag=ds6a1d8a5e',
		'Call-ID: 2DCAF817-AFB11D6-80D5DC30-',
		'   3585E95A@14.1.16.25',
		'CSeq: 101 INVITE',
		'Contact: <sip:3002@14.1.16.230:5060>',
		'Content-Length: 0',
		'',
		'',
	];
	const ack = [
		'ACK sip:3002@14.1.16.230:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 14.1.16.25:5060;branch=z9hG4bK2D1B6',
		'From: <sip:3001@14.1.16.25>;tag=5B4F1C-1D0E',
		'To: <sip:3002@14.1.16.230>;tag=ds6a1d8a5e',
		'Call-ID: 2DCAF817-AFB11D6-80D5DC30-3585E95A@14.1.16.25',
		'Max-Forwards: 70',
		'CSeq: 101 ACK',
		'Content-Length: 0',
		'',
		'',
	];
	const text = [...ok, ...ack].join('\r\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.callId),
		[
			'2DCAF817-AFB11D6-80D5DC30-3585E95A@14.1.16.25',
			'2DCAF817-AFB11D6-80D5DC30-3585E95A@14.1.16.25',
		],
	);
	assert.deepEqual(
		a.problems
			.filter((p) => p.code === 'header.wrapped')
			.map((p) => text.slice(p.span.start, p.span.end)),
		['3585E95A@14.1.16.25'],
	);
	// Another header folded the same way is a fold (RFC 3261 §7.3.1), not a copy's wrap.
	const folded = text.replace(
		'Contact: <sip:3002@14.1.16.230:5060>',
		'Subject: a long\r\n   subject',
	);
	assert.deepEqual(
		analyzeTrace(folded)
			.problems.filter((p) => p.code === 'header.wrapped')
			.map((p) => folded.slice(p.span.start, p.span.end)),
		['3585E95A@14.1.16.25'],
	);
});

void test("a header a copy wrapped inside its `<...>`, the rest opening with `;`: read whole, not taken for a body's first line", () => {
	// A PortaSIP INVITE in a forum post, its SDP and Content-Length not quoted:
	// `P-Asserted-Identity: +1111 <sip:+1111@11.111.1.111`, then `;user=phone>` on a line of its
	// own, then more headers to the end of the excerpt.
	const invite = (pai: string[]) =>
		[
			'INVITE sip:2222@10.0.0.2 SIP/2.0',
			via100,
			'Max-Forwards: 70',
			'From: <sip:+111111111111@11.111.1.111>;tag=1928301774',
			'To: <sip:2222@10.0.0.2>',
			'Call-ID: 456b4fac-333cbed0@10.16.231.133',
			'CSeq: 1 INVITE',
			'Contact: <sip:+111111111111@11.111.1.111>',
			'Content-Type: application/sdp',
			...pai,
			'h323-conf-id: 235399844-542757103-3421031868-2401107647',
			'cisco-GUID: 235399844-542757103-3421031868-2401107',
		].join('\r\n');
	const wrapped = analyzeTrace(
		invite(['P-Asserted-Identity: +111111111111 <sip:+111111111111@11.111.1.111', ';user=phone>']),
	);
	const whole = analyzeTrace(
		invite(['P-Asserted-Identity: +111111111111 <sip:+111111111111@11.111.1.111;user=phone>']),
	);
	const m = wrapped.messages[0]!;
	assert.equal(m.headerCount, whole.messages[0]!.headerCount);
	assert.equal(m.body, null);
	assert.deepEqual(
		wrapped.problems.map((p) => p.code).sort(),
		[...whole.problems.map((p) => p.code), 'header.wrapped'].sort(),
	);
});

void test('a Contact a copy broke right after its colon, its addresses on the lines below (each `<sips:...>` after a comma): its value, not a body', () => {
	// doubango's 200 to REGISTER as an issue moved from Google Code kept it, wrapped at 80 columns
	// and cut inside the Contact.
	const text = [
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/TLS 192.168.0.101:58026;branch=z9hG4bK-723995576;rport=58026',
		'From: <sip:2342@example.com>;tag=804664151',
		'To: <sip:2342@example.com>;tag=f251698a4496',
		'Call-ID: 3e657720-bdbd-3707-3631-bc9fe2dcabbc',
		'CSeq: 899181813 REGISTER',
		'Contact: ',
		'<sips:2342@192.168.0.101:57182;transport=tcp>;expires=327;received="sip:198.51.100.',
		'17:57182;transport=TLS", ',
		'<sips:2342@192.168.0.101:57713;transport=tcp>;expires=1096;received="sip:198.51.100',
		'.17:57713;transport=TLS"',
	].join('\r\n');
	const a = analyzeTrace(text);
	const m = a.messages[0]!;
	// The excerpt ends inside the Contact: no Content-Length, no body.
	assert.equal(m.body, null);
	// The wraps are said, each over the lines of the Contact's value it broke.
	const wrapped = a.problems
		.filter((p) => p.code === 'header.wrapped')
		.map((p) => text.slice(p.span.start, p.span.end));
	assert.equal(wrapped.length, 2);
	assert.ok(wrapped.every((w) => w.startsWith('<sips:2342@192.168.0.101:57')));
	const codes = a.problems.map((p) => p.code);
	assert.ok(!codes.includes('header.empty-contact'), codes.join());
	assert.ok(!codes.includes('message.missing-empty-line'), codes.join());
	assert.ok(codes.includes('header.wrapped'), codes.join());
});

void test("Kamailio's PIDF with bare LF line ends under CRLF headers, two of its lines of one length: the body as sent, not a wrapped one", () => {
	const body = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:alice@example.test">',
		'<tuple id="t1"><status><basic>open</basic></status><note>online</note></tuple>',
		'</presence>',
		'',
	].join('\n');
	const notify = [
		'NOTIFY sip:watcher@127.0.0.1:15013;transport=UDP SIP/2.0',
		'Via: SIP/2.0/UDP 127.0.0.1:15010;branch=z9hG4bK3138.6ae39ab0000000000000000000000000.0',
		'To: <sip:watcher@example.test>;tag=1s1',
		'From: <sip:alice@example.test>;tag=f4ec9169031bdf031077dffb7beb71b6-1cbba6c6',
		'CSeq: 3 NOTIFY',
		'Call-ID: 1-7567@127.0.0.1',
		`Content-Length: ${body.length}`,
		'Max-Forwards: 70',
		'Event: presence',
		'Contact: <sip:pres@127.0.0.1:15010>',
		'Subscription-State: active;expires=119',
		'Content-Type: application/pidf+xml',
		'',
		body,
	].join('\r\n');
	const a = analyzeTrace(notify);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('body.') || p.code.startsWith('content-length.')),
		[],
	);
	const m = a.messages[0]!;
	assert.equal(notify.slice(m.body!.start, m.body!.end), body);
});

void test('the same NOTIFY as journalctl prints it (indented under its record, the CRs dropped): the body as sent, not a wrapped one', () => {
	const body = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:alice@example.test">',
		'<tuple id="t1"><status><basic>open</basic></status><note>online</note></tuple>',
		'</presence>',
	];
	const length = body.reduce((n, l) => n + l.length + 1, 0);
	const indent = ' '.repeat(52);
	const message = [
		'NOTIFY sip:watcher@127.0.0.1:15113;transport=tcp SIP/2.0',
		'Via: SIP/2.0/TCP 127.0.0.1:15110;branch=z9hG4bK889.b30aca21000000000000000000000000.0',
		'To: <sip:watcher@example.test>;tag=1s1',
		'From: <sip:alice@example.test>;tag=40168227c896c5ecf589aff391a8f28b-111dc0d3',
		'CSeq: 3 NOTIFY',
		'Call-ID: 1-29828@127.0.0.1',
		`Content-Length: ${length}`,
		'Max-Forwards: 70',
		'Event: presence',
		'Contact: <sip:pres@127.0.0.1:15110;transport=tcp>',
		'Subscription-State: active;expires=119',
		'Content-Type: application/pidf+xml',
		'',
		...body,
	];
	const text = [
		'2026-12-07T09:38:16.892101+0000 vm kamailio[29789]: NOTICE: <script>: SIPTRACE tcp:127.0.0.1:15110 -> 127.0.0.1:15113',
		...message.map((l, i) => (i === 0 ? `${indent}${l}` : l === '' ? indent : `${indent}${l}`)),
		'2026-12-07T09:38:16.893298+0000 vm kamailio[29789]: NOTICE: <script>: done',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('body.') || p.code.startsWith('content-length.')),
		[],
	);
});
