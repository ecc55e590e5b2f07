// Of an event package whose notifier does not compose the state of several publications
// (message-summary, reg: RFC 3903 §4 leaves composition to the package), a NOTIFY carries the
// state last published of those still live: after the newest is removed or expires, the one
// published before it (Kamailio's presence_mwi sends that body), not the removal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const server = '127.0.0.1:15290';
const watcher = '127.0.0.1:15294';

/** A message under its header line, at `seconds` after 13:00:00. */
function at(seconds: number, src: string, dst: string, lines: string[], body = ''): string {
	const time = `2026-12-07 13:00:${String(seconds).padStart(2, '0')}.000000`;
	return [`${time} ${src} -> ${dst}`, ...lines, `Content-Length: ${body.length}`, '', body].join(
		'\r\n',
	);
}

const summary = (messages: string): string =>
	`Messages-Waiting: yes\r\nVoice-Message: ${messages}\r\n`;

/** A publisher's PUBLISH of message-summary and the server's 200 with its entity-tag. */
function publish(
	seconds: number,
	who: string,
	seq: number,
	expires: number,
	etag: string,
	body: string,
	ifMatch?: string,
): string {
	const common = [
		`Via: SIP/2.0/UDP ${who};branch=z9hG4bK-${who.slice(-2)}-${seq}`,
		`From: <sip:mbox@example.test>;tag=p${who.slice(-2)}`,
		`Call-ID: pub-${who}`,
		`CSeq: ${seq} PUBLISH`,
	];
	return (
		at(
			seconds,
			who,
			server,
			[
				'PUBLISH sip:linda@example.test SIP/2.0',
				...common,
				'To: <sip:linda@example.test>',
				'Max-Forwards: 70',
				'Event: message-summary',
				`Expires: ${expires}`,
				...(ifMatch ? [`SIP-If-Match: ${ifMatch}`] : []),
				...(body ? ['Content-Type: application/simple-message-summary'] : []),
			],
			body,
		) +
		at(seconds, server, who, [
			'SIP/2.0 200 OK',
			...common,
			'To: <sip:linda@example.test>;tag=s',
			`SIP-ETag: ${etag}`,
			`Expires: ${expires}`,
		])
	);
}

const dialog = [`Call-ID: sub-1@${watcher}`, 'Event: message-summary'];
function subscribe(seconds: number): string {
	const common = [
		`Via: SIP/2.0/UDP ${watcher};branch=z9hG4bK-s1`,
		'From: <sip:andrew@example.test>;tag=w1',
		'CSeq: 1 SUBSCRIBE',
		...dialog,
	];
	return (
		at(seconds, watcher, server, [
			'SUBSCRIBE sip:linda@example.test SIP/2.0',
			...common,
			'To: <sip:linda@example.test>',
			'Max-Forwards: 70',
			`Contact: <sip:andrew@${watcher}>`,
			'Expires: 3600',
		]) +
		at(seconds, server, watcher, [
			'SIP/2.0 200 OK',
			...common,
			'To: <sip:linda@example.test>;tag=n1',
			`Contact: <sip:${server}>`,
			'Expires: 3600',
		])
	);
}
function notify(seconds: number, seq: number, body: string): string {
	return at(
		seconds,
		server,
		watcher,
		[
			`NOTIFY sip:andrew@${watcher} SIP/2.0`,
			`Via: SIP/2.0/UDP ${server};branch=z9hG4bK-n${seq}`,
			'From: <sip:linda@example.test>;tag=n1',
			'To: <sip:andrew@example.test>;tag=w1',
			`CSeq: ${seq} NOTIFY`,
			...dialog,
			'Max-Forwards: 70',
			`Contact: <sip:${server}>`,
			'Subscription-State: active;expires=3500',
			'Content-Type: application/simple-message-summary',
		],
		body,
	);
}

/** Each NOTIFY's `publication` link, by the Voice-Message its body carries. */
function carried(trace: string): [string, string | null][] {
	const a = analyzeTrace(trace);
	const voice = (i: number): string =>
		/Voice-Message: (\S+)/.exec(
			trace.slice(a.messages[i]!.body!.start, a.messages[i]!.body!.end),
		)![1]!;
	return a.messages
		.filter((m) => m.method === 'NOTIFY')
		.map((m) => {
			const p = a.index.publishOf(m.index);
			return [voice(m.index), p === null ? null : voice(p)];
		});
}

test('after the newest publication of a message-summary is removed, the NOTIFY carries the one published before it', () => {
	const trace =
		subscribe(0) +
		publish(1, '127.0.0.1:15291', 1, 3600, 'a.1', summary('1/0')) +
		notify(1, 1, summary('1/0')) +
		publish(2, '127.0.0.1:15292', 1, 3600, 'b.1', summary('3/8')) +
		notify(2, 2, summary('3/8')) +
		// The newer publisher takes its state away: the older one's is what is left.
		publish(3, '127.0.0.1:15292', 2, 0, 'b.2', '', 'b.1') +
		notify(3, 3, summary('1/0'));
	assert.deepEqual(carried(trace), [
		['1/0', '1/0'],
		['3/8', '3/8'],
		['1/0', '1/0'],
	]);
});

test('after the newest publication of a message-summary expires, the NOTIFY carries the one published before it', () => {
	const trace =
		subscribe(0) +
		publish(1, '127.0.0.1:15291', 1, 3600, 'a.1', summary('1/0')) +
		publish(2, '127.0.0.1:15292', 1, 5, 'b.1', summary('3/8')) +
		notify(2, 1, summary('3/8')) +
		// The server's own NOTIFY when the newer one's 5 seconds ran out.
		notify(8, 2, summary('1/0'));
	assert.deepEqual(carried(trace), [
		['3/8', '3/8'],
		['1/0', '1/0'],
	]);
});
