// A presence server composes a NOTIFY when it takes a PUBLISH in, and may send it only after it
// has taken newer ones: Kamailio 5.6.3 with PUBLISHes in quick succession sent Bob's NOTIFY of the
// first modify after the 200 to the second, and over a slow TCP connection a watcher's NOTIFY
// left after several newer changes. Such a NOTIFY carries the state its body holds, not the last
// change's. Shaped as Kamailio's presence server and SIPp showed it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const server = '127.0.0.1:15660';
const publisher = '127.0.0.1:15661';
const watchers = { andrew: '127.0.0.1:15662', bob: '127.0.0.1:15663' };
type Watcher = keyof typeof watchers;

let clock = 0;
/** A message under its header line, each one a millisecond after the one before. */
function message(src: string, dst: string, lines: string[], body = ''): string {
	const time = `2026-12-07 22:00:17.${String(clock++).padStart(3, '0')}000`;
	return [`${time} ${src} -> ${dst}`, ...lines, `Content-Length: ${body.length}`, '', body].join(
		'\r\n',
	);
}

const pidf = (note: string, activity: string): string =>
	'<?xml version="1.0" encoding="UTF-8"?>\r\n' +
	'<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:linda@127.0.0.1">\r\n' +
	'<tuple id="t1"><status><basic>open</basic></status></tuple>\r\n' +
	`<dm:person id="p1"><rpid:activities><rpid:${activity}/></rpid:activities><dm:note>${note}</dm:note></dm:person>\r\n` +
	'</presence>\r\n';

const dialogOf = (who: Watcher, seq: number, method: string, toTag = ''): string[] => [
	`Via: SIP/2.0/UDP ${watchers[who]};branch=z9hG4bK-${who}-${seq}`,
	`From: <sip:${who}@127.0.0.1>;tag=${who}`,
	`To: <sip:linda@127.0.0.1>${toTag}`,
	`Call-ID: watch-${who}`,
	`CSeq: ${seq} ${method}`,
];

function subscribe(who: Watcher): string {
	return (
		message(watchers[who], server, [
			'SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0',
			...dialogOf(who, 1, 'SUBSCRIBE'),
			'Max-Forwards: 70',
			`Contact: <sip:${who}@${watchers[who]}>`,
			'Event: presence',
			'Expires: 600',
		]) +
		'\r\n' +
		message(server, watchers[who], [
			'SIP/2.0 200 OK',
			...dialogOf(who, 1, 'SUBSCRIBE', `;tag=s-${who}`),
			`Contact: <sip:${server}>`,
			'Expires: 600',
		])
	);
}

const notifySeq: Record<Watcher, number> = { andrew: 1, bob: 1 };
/** The server's NOTIFY to `who` carrying `body`, and the watcher's 200. */
function notify(who: Watcher, body: string): string {
	const seq = notifySeq[who]++;
	const lines = [
		`Via: SIP/2.0/UDP ${server};branch=z9hG4bK-n-${who}-${seq}`,
		`From: <sip:linda@127.0.0.1>;tag=s-${who}`,
		`To: <sip:${who}@127.0.0.1>;tag=${who}`,
		`Call-ID: watch-${who}`,
		`CSeq: ${seq} NOTIFY`,
	];
	return (
		message(
			server,
			watchers[who],
			[
				`NOTIFY sip:${who}@${watchers[who]} SIP/2.0`,
				...lines,
				'Max-Forwards: 70',
				`Contact: <sip:${server}>`,
				'Event: presence',
				'Subscription-State: active;expires=600',
				'Content-Type: application/pidf+xml',
			],
			body,
		) +
		'\r\n' +
		message(watchers[who], server, ['SIP/2.0 200 OK', ...lines])
	);
}

/** Linda's PUBLISH of `body` with SIP-If-Match `ifMatch`, and the 200 that gives `etag`. */
function publish(seq: number, body: string, ifMatch: string | null, etag: string): string {
	const lines = [
		`Via: SIP/2.0/UDP ${publisher};branch=z9hG4bK-p${seq}`,
		'From: <sip:linda@127.0.0.1>;tag=p1',
		'To: <sip:linda@127.0.0.1>',
		'Call-ID: publish-1',
		`CSeq: ${seq} PUBLISH`,
	];
	return (
		message(
			publisher,
			server,
			[
				'PUBLISH sip:linda@127.0.0.1 SIP/2.0',
				...lines,
				'Max-Forwards: 70',
				'Event: presence',
				'Expires: 600',
				...(ifMatch === null ? [] : [`SIP-If-Match: ${ifMatch}`]),
				'Content-Type: application/pidf+xml',
			],
			body,
		) +
		'\r\n' +
		message(server, publisher, [
			'SIP/2.0 200 OK',
			...lines.map((l) => (l.startsWith('To:') ? `${l};tag=s-pub` : l)),
			`SIP-ETag: ${etag}`,
			'Expires: 600',
		])
	);
}

const meeting = pidf('In a meeting', 'meeting');
const phone = pidf('On the phone', 'on-the-phone');
const lunch = pidf('Lunch', 'meal');
const driving = pidf('Driving', 'travel');

/** The story, each part by name; `late` are the parts after the PUBLISHes in quick succession. */
function story(late: () => [string, string][]): {
	a: ReturnType<typeof analyzeTrace>;
	at: (name: string) => number;
} {
	clock = 0;
	notifySeq.andrew = notifySeq.bob = 1;
	const parts: [string, string][] = [
		['andrew subscribes', subscribe('andrew')],
		['bob subscribes', subscribe('bob')],
		['meeting', publish(1, meeting, null, 'e1')],
		['andrew: meeting', notify('andrew', meeting)],
		['bob: meeting', notify('bob', meeting)],
		['phone', publish(2, phone, 'e1', 'e2')],
		['andrew: phone', notify('andrew', phone)],
		['lunch', publish(3, lunch, 'e2', 'e3')],
		...late(),
	];
	const a = analyzeTrace(parts.map(([, text]) => text).join('\r\n'));
	const starts: number[] = [];
	let offset = 0;
	for (const [, text] of parts) {
		starts.push(offset);
		offset += text.length + 2;
	}
	const at = (name: string): number => {
		const start = starts[parts.findIndex(([n]) => n === name)]!;
		return a.messages.findIndex((m) => m.frame.span.start >= start);
	};
	return { a, at };
}

void test("a NOTIFY of a modify sent after the next modify's 200 carries the modify its body holds", () => {
	const { a, at } = story(() => [
		['andrew: lunch', notify('andrew', lunch)],
		['bob: phone', notify('bob', phone)],
		['bob: lunch', notify('bob', lunch)],
	]);
	assert.equal(a.index.publishOf(at('bob: phone')), at('phone'));
	assert.deepEqual(a.index.notifiesOf(at('phone')), [at('andrew: phone'), at('bob: phone')]);
	assert.deepEqual(a.index.notifiesOf(at('lunch')), [at('andrew: lunch'), at('bob: lunch')]);
	assert.deepEqual(a.index.publishesOf(at('bob: phone')), [at('phone')]);
});

void test('a NOTIFY that left after several newer changes carries the oldest its body holds', () => {
	const { a, at } = story(() => [
		['driving', publish(4, driving, 'e3', 'e4')],
		['bob: phone', notify('bob', phone)],
		['andrew: driving', notify('andrew', driving)],
		['bob: driving', notify('bob', driving)],
	]);
	assert.equal(a.index.publishOf(at('bob: phone')), at('phone'));
	assert.equal(a.index.publishOf(at('bob: driving')), at('driving'));
	// Lunch reached andrew alone, in no NOTIFY of its own: andrew's was composed after driving.
	assert.deepEqual(a.index.notifiesOf(at('lunch')), []);
});

void test('the usual fan-out, each watcher told each change, keeps the last change', () => {
	const { a, at } = story(() => [
		['andrew: lunch', notify('andrew', lunch)],
		['bob: lunch', notify('bob', lunch)],
	]);
	// Bob was told neither phone nor lunch before: his NOTIFY holds lunch, and carries it.
	assert.equal(a.index.publishOf(at('bob: lunch')), at('lunch'));
	assert.deepEqual(a.index.notifiesOf(at('phone')), [at('andrew: phone')]);
});
