// A presence server may notify its watchers of a PUBLISH's state before it answers the PUBLISH
// (notifying at once: NOTIFY, then 200, as Kamailio does in some configurations), or after
// (notifying from a timer: a NOTIFY sent between a PUBLISH and its 200 then still carries the
// state before). The order does not tell which: the NOTIFY's body does. Shaped as Kamailio's
// presence server and SIPp showed it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';
import { incrementalEditsOf, reanalyzeTrace } from '../../server/src/core/reanalyze';
import type { TraceAnalysis } from '../../server/src/core/model';

const server = '127.0.0.1:15570';
const publisher = '127.0.0.1:15571';
const watcher = '127.0.0.1:15572';

let clock = 0;
/** A message under its header line, each one a millisecond after the one before. */
function message(src: string, dst: string, lines: string[], body = ''): string {
	const time = `2026-12-07 20:13:34.${String(clock++).padStart(3, '0')}000`;
	return [`${time} ${src} -> ${dst}`, ...lines, `Content-Length: ${body.length}`, '', body].join(
		'\r\n',
	);
}

const pidf = (basic: string, note: string | null): string =>
	'<?xml version="1.0" encoding="UTF-8"?>\r\n' +
	'<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:linda@127.0.0.1">\r\n' +
	`<tuple id="t1"><status><basic>${basic}</basic></status></tuple>\r\n` +
	(note === null ? '' : `<note>${note}</note>\r\n`) +
	'</presence>\r\n';

const dialog = [
	'Call-ID: watch-1',
	'From: <sip:andrew@127.0.0.1>;tag=w1',
	'To: <sip:linda@127.0.0.1>',
	'CSeq: 1 SUBSCRIBE',
	`Via: SIP/2.0/UDP ${watcher};branch=z9hG4bK-w1`,
];
let notifySeq = 1;
/** The server's NOTIFY to andrew carrying `body`, and andrew's 200. */
function notify(body: string): string {
	const seq = notifySeq++;
	const lines = [
		`Via: SIP/2.0/UDP ${server};branch=z9hG4bK-n${seq}`,
		'From: <sip:linda@127.0.0.1>;tag=s1',
		'To: <sip:andrew@127.0.0.1>;tag=w1',
		'Call-ID: watch-1',
		`CSeq: ${seq} NOTIFY`,
	];
	return (
		message(
			server,
			watcher,
			[
				'NOTIFY sip:andrew@127.0.0.1:15572 SIP/2.0',
				...lines,
				'Max-Forwards: 70',
				`Contact: <sip:${server}>`,
				'Event: presence',
				'Subscription-State: active;expires=600',
				'Content-Type: application/pidf+xml',
			],
			body,
		) + message(watcher, server, ['SIP/2.0 200 OK', ...lines])
	);
}

/** Linda's PUBLISH (a body, or none for a removal) with SIP-If-Match `ifMatch`. */
function publish(seq: number, body: string | null, ifMatch: string | null): string {
	return message(
		publisher,
		server,
		[
			'PUBLISH sip:linda@127.0.0.1 SIP/2.0',
			`Via: SIP/2.0/UDP ${publisher};branch=z9hG4bK-p${seq}`,
			'From: <sip:linda@127.0.0.1>;tag=p1',
			'To: <sip:linda@127.0.0.1>',
			'Call-ID: publish-1',
			`CSeq: ${seq} PUBLISH`,
			'Max-Forwards: 70',
			'Event: presence',
			`Expires: ${body === null ? 0 : 600}`,
			...(ifMatch === null ? [] : [`SIP-If-Match: ${ifMatch}`]),
			...(body === null ? [] : ['Content-Type: application/pidf+xml']),
		],
		body ?? '',
	);
}

function accepted(seq: number, etag: string): string {
	return message(server, publisher, [
		'SIP/2.0 200 OK',
		`Via: SIP/2.0/UDP ${publisher};branch=z9hG4bK-p${seq}`,
		'From: <sip:linda@127.0.0.1>;tag=p1',
		'To: <sip:linda@127.0.0.1>;tag=s2',
		'Call-ID: publish-1',
		`CSeq: ${seq} PUBLISH`,
		`SIP-ETag: ${etag}`,
		'Expires: 600',
	]);
}

const busy = pidf('open', 'In a meeting');
const home = pidf('closed', 'Gone home');
const none = pidf('closed', null);

/** Andrew's SUBSCRIBE and the server's 200 to it, by name. */
function subscription(): [string, string][] {
	return [
		[
			'subscribe',
			message(watcher, server, [
				'SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0',
				...dialog,
				'Max-Forwards: 70',
				`Contact: <sip:${watcher}>`,
				'Event: presence',
				'Expires: 600',
			]),
		],
		[
			'subscribed',
			message(server, watcher, [
				'SIP/2.0 200 OK',
				...dialog.map((l) => (l.startsWith('To:') ? `${l};tag=s1` : l)),
				`Contact: <sip:${server}>`,
				'Expires: 600',
			]),
		],
	];
}

/** The message a named part of the trace (the parts joined by CRLF) starts with. */
function locate(a: TraceAnalysis, parts: readonly [string, string][]): (name: string) => number {
	return (name) => {
		let offset = 0;
		for (const [n, text] of parts) {
			if (n === name) return a.messages.findIndex((m) => m.frame.span.start >= offset);
			offset += text.length + 2;
		}
		return -1;
	};
}

/** The story: each PUBLISH and NOTIFY by name, as found in the trace. */
function story(padding = 0): { a: TraceAnalysis; at: (name: string) => number } {
	clock = 0;
	notifySeq = 1;
	const parts: [string, string][] = [
		// Other traffic before the story (keep-alives of another agent), when asked for.
		...Array.from({ length: padding }, (_, k): [string, string] => [
			`options ${k}`,
			message('127.0.0.1:15580', server, [
				'OPTIONS sip:127.0.0.1:15570 SIP/2.0',
				`Via: SIP/2.0/UDP 127.0.0.1:15580;branch=z9hG4bK-o${k}`,
				'From: <sip:ping@127.0.0.1>;tag=o',
				'To: <sip:127.0.0.1:15570>',
				`Call-ID: options-${k}`,
				'CSeq: 1 OPTIONS',
				'Max-Forwards: 70',
			]),
		]),
		...subscription(),
		// Notified at once: the NOTIFY with the new state before the 200.
		['busy', publish(1, busy, null)],
		['busy notified', notify(busy)],
		['busy accepted', accepted(1, 'e1')],
		// Notified from a timer: a NOTIFY between the PUBLISH and its 200 still carries the state
		// before; the one after the 200 the new one.
		['home', publish(2, home, 'e1')],
		['still busy', notify(busy)],
		['home accepted', accepted(2, 'e2')],
		['home notified', notify(home)],
		// The removal: the NOTIFY before its 200 carries no note any more.
		['removal', publish(3, null, 'e2')],
		['removal notified', notify(none)],
		['removal accepted', accepted(3, 'e3')],
	];
	const a = analyzeTrace(parts.map(([, text]) => text).join('\r\n'));
	return { a, at: locate(a, parts) };
}

void test('a NOTIFY sent before the 200 to a PUBLISH, with its new state, carries that PUBLISH', () => {
	const { a, at } = story();
	assert.equal(a.index.publishOf(at('busy notified')), at('busy'));
	assert.ok(a.index.notifiesOf(at('busy')).includes(at('busy notified')));
});

void test('a NOTIFY between a PUBLISH and its 200 with the state before carries the PUBLISH before', () => {
	const { a, at } = story();
	assert.equal(a.index.publishOf(at('still busy')), at('busy'));
	assert.ok(!a.index.notifiesOf(at('home')).includes(at('still busy')));
	assert.equal(a.index.publishOf(at('home notified')), at('home'));
});

void test('a NOTIFY before the 200 to a removal, without what the publication said, tells the removal', () => {
	const { a, at } = story();
	assert.equal(a.index.publishOf(at('removal notified')), at('removal'));
	assert.deepEqual(a.index.notifiesOf(at('removal')), [at('removal notified')]);
});

void test('an edit of a NOTIFY body that takes the new state out of it: re-analysis links it as a fresh analysis does', () => {
	// After the head of the trace its format is read from (64 KB), where an edit is read alone.
	const { a, at } = story(300);
	const notified = a.messages[at('busy notified')]!;
	assert.ok(notified.frame.span.start > 1 << 16);
	const note = a.text.indexOf('In a meeting', notified.frame.span.start);
	const edited = `${a.text.slice(0, note)}In a meetinX${a.text.slice(note + 'In a meeting'.length)}`;
	const fresh = analyzeTrace(edited);
	const again = reanalyzeTrace(a, edited);
	assert.equal(incrementalEditsOf(again), 1);
	assert.equal(fresh.index.publishOf(at('busy notified')), null);
	assert.equal(again.index.publishOf(at('busy notified')), null);
	assert.deepEqual(
		[...again.index.notifiesOf(at('busy'))],
		[...fresh.index.notifiesOf(at('busy'))],
	);
});

void test("a second device's first PUBLISH: a NOTIFY before its 200 that holds only what the first device published carries the first", () => {
	clock = 0;
	notifySeq = 1;
	const device = (note: string): string =>
		'<?xml version="1.0" encoding="UTF-8"?>\r\n' +
		'<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:linda@127.0.0.1">\r\n' +
		`<tuple id="t1"><status><basic>open</basic></status><contact>sip:linda@127.0.0.1</contact><note>${note}</note></tuple>\r\n` +
		'</presence>\r\n';
	const desk = device('In a meeting');
	const mobile = device('Driving');
	// The second device publishes in a dialog of its own.
	const second = (text: string): string =>
		text.replace(/publish-1/g, 'publish-2').replace(/tag=p1/g, 'tag=p2');
	const parts: [string, string][] = [
		...subscription(),
		['desk', publish(1, desk, null)],
		['desk accepted', accepted(1, 'e1')],
		['desk notified', notify(desk)],
		['mobile', second(publish(2, mobile, null))],
		['desk again', notify(desk)],
		['mobile accepted', second(accepted(2, 'm1'))],
	];
	const a = analyzeTrace(parts.map(([, text]) => text).join('\r\n'));
	const at = locate(a, parts);
	assert.equal(a.index.publishOf(at('desk again')), at('desk'));
	assert.ok(!a.index.notifiesOf(at('mobile')).includes(at('desk again')));
});
