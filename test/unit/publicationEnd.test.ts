// Where a publication ends without a removal, the NOTIFYs after that carry what is still live
// (RFC 3903 §4, §6; RFC 3856 §6.6: a NOTIFY carries the current state): a publication that
// expired unrefreshed, and one the server answered 412 for when its publisher refreshed it (§6
// step 2: no publication holds that entity-tag any more, expired or lost). Shaped as Kamailio's
// presence server and two SIPp publishers of one presentity showed it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const server = '127.0.0.1:15440';
const watcher = '127.0.0.1:15444';

/** A message under its header line, at `seconds` after 13:00:00. */
function at(seconds: number, src: string, dst: string, lines: string[], body = ''): string {
	const time = `2026-12-07 13:00:${String(seconds).padStart(2, '0')}.000000`;
	return [`${time} ${src} -> ${dst}`, ...lines, `Content-Length: ${body.length}`, '', body].join(
		'\r\n',
	);
}

const pidf = (tuples: string[]): string =>
	`<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:linda@example.test">${tuples
		.map((t) => `<tuple id="${t}"><status><basic>open</basic></status></tuple>`)
		.join('')}</presence>\r\n`;

/** A publisher's PUBLISH (a body: its tuple `phone<who's port's last digit>`) and the answer. */
function publish(
	seconds: number,
	who: string,
	seq: number,
	expires: number,
	etag: string,
	options: { ifMatch?: string; body?: boolean; status?: number } = {},
): string {
	const { ifMatch, body = true, status = 200 } = options;
	const common = [
		`Via: SIP/2.0/UDP ${who};branch=z9hG4bK-${who.slice(-2)}-${seq}`,
		`From: <sip:linda@example.test>;tag=p${who.slice(-2)}`,
		`Call-ID: pub-${who}`,
		`CSeq: ${seq} PUBLISH`,
	];
	const text = body ? pidf([`phone${who.slice(-1)}`]) : '';
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
				'Event: presence',
				`Expires: ${expires}`,
				...(ifMatch ? [`SIP-If-Match: ${ifMatch}`] : []),
				...(body ? ['Content-Type: application/pidf+xml'] : []),
			],
			text,
		) +
		at(
			seconds,
			server,
			who,
			status === 200
				? [
						'SIP/2.0 200 OK',
						...common,
						'To: <sip:linda@example.test>;tag=s',
						`SIP-ETag: ${etag}`,
						`Expires: ${expires}`,
					]
				: [
						`SIP/2.0 ${status} Conditional Request Failed`,
						...common,
						'To: <sip:linda@example.test>;tag=s',
					],
		)
	);
}

const dialog = [`Call-ID: sub-1@${watcher}`, 'Event: presence'];
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
function notify(seconds: number, seq: number, tuples: string[]): string {
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
			'Content-Type: application/pidf+xml',
		],
		pidf(tuples),
	);
}

const phoneA = '127.0.0.1:15441';
const phoneB = '127.0.0.1:15442';

/** Each NOTIFY by CSeq: its `publication` and the PUBLISHes it carries, as `port/CSeq`. */
function links(trace: string) {
	const a = analyzeTrace(trace);
	const name = (i: number | null): string | null => {
		if (i === null) return null;
		const m = a.messages[i]!;
		return `${a.messages[i]!.frame.src!.slice(-1)}/${m.cseq!.seq}`;
	};
	const notifies = a.messages.filter((m) => m.method === 'NOTIFY');
	return {
		notifies: notifies.map((m) => ({
			seq: m.cseq!.seq,
			publication: name(a.index.publishOf(m.index)),
			carries: a.index.publishesOf(m.index).map(name),
		})),
		/** The CSeqs of the NOTIFYs that carried each PUBLISH (by `port/CSeq`). */
		fanOut: (publish: string): number[] => {
			const p = a.messages.find((m) => m.method === 'PUBLISH' && name(m.index) === publish)!;
			return a.index.notifiesOf(p.index).map((i) => a.messages[i]!.cseq!.seq);
		},
	};
}

void test('a NOTIFY after one publication expired carries the one still live, not the expired one', () => {
	const trace =
		subscribe(0) +
		publish(1, phoneA, 1, 30, 'a.1') +
		notify(1, 1, ['phone1']) +
		publish(2, phoneB, 1, 10, 'b.1') +
		notify(2, 2, ['phone1', 'phone2']) +
		// B was granted 10 s and not refreshed: gone at 13:00:12; the server tells the watcher.
		notify(13, 3, ['phone1']) +
		// A later NOTIFY (a refresh's) carries A's state alone too.
		notify(20, 4, ['phone1']);
	const l = links(trace);
	assert.deepEqual(l.notifies, [
		{ seq: 1, publication: '1/1', carries: ['1/1'] },
		{ seq: 2, publication: '2/1', carries: ['1/1', '2/1'] },
		{ seq: 3, publication: '1/1', carries: ['1/1'] },
		{ seq: 4, publication: '1/1', carries: ['1/1'] },
	]);
	assert.deepEqual(l.fanOut('2/1'), [2]);
	assert.deepEqual(l.fanOut('1/1'), [1, 2, 3, 4]);
});

void test('a 412 to the refresh of a live publication ends it; a 412 to a tag already replaced does not', () => {
	const trace =
		subscribe(0) +
		publish(1, phoneA, 1, 3600, 'a.1') +
		publish(2, phoneB, 1, 3600, 'b.1') +
		notify(2, 1, ['phone1', 'phone2']) +
		// The server lost B's publication (restarted, or it expired where the trace has no time).
		publish(3, phoneB, 2, 3600, '', { ifMatch: 'b.1', body: false, status: 412 }) +
		notify(3, 2, ['phone1']) +
		// A modifies (a.1 becomes a.2), then a stale PUBLISH with a.1 is refused: A lives on.
		publish(4, phoneA, 2, 3600, 'a.2', { ifMatch: 'a.1' }) +
		publish(5, phoneA, 3, 3600, '', { ifMatch: 'a.1', body: false, status: 412 }) +
		notify(6, 3, ['phone1']);
	const l = links(trace);
	assert.deepEqual(l.notifies, [
		{ seq: 1, publication: '2/1', carries: ['1/1', '2/1'] },
		{ seq: 2, publication: '1/1', carries: ['1/1'] },
		{ seq: 3, publication: '1/2', carries: ['1/2'] },
	]);
	assert.deepEqual(l.fanOut('2/1'), [1]);
});
