// A presence server counts a publication's lifetime in whole seconds from the second its 2xx
// went in (Kamailio: time() + Expires), so it may drop it up to a second before Expires has run
// from the 2xx's time: a NOTIFY in that last second shows by its body whether the publication is
// still composed. Shaped as Kamailio's presence server and SIPp publishers showed it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const server = '127.0.0.1:15580';
const watcher = '127.0.0.1:15584';

function message(time: string, src: string, dst: string, lines: string[], body = ''): string {
	return [
		`2026-12-07 20:36:${time} ${src} -> ${dst}`,
		...lines,
		`Content-Length: ${body.length}`,
		'',
		body,
	].join('\r\n');
}

const tuple = (device: string, note: string): string =>
	`<tuple id="t-${device}"><status><basic>open</basic></status><note>${note}</note></tuple>`;
const pidf = (tuples: string[]): string =>
	`<?xml version="1.0"?>\r\n<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:alice@127.0.0.1">${tuples.join('')}</presence>\r\n`;
const phone = tuple('phone', 'phone: on a call');
const desk = tuple('desk', 'desk: in the office');

function publish(
	time: string,
	device: string,
	port: number,
	expires: number,
	body: string,
): string {
	const common = [
		`Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-${device}`,
		`From: <sip:alice@127.0.0.1>;tag=${device}`,
		`Call-ID: publish-${device}`,
		'CSeq: 1 PUBLISH',
	];
	return (
		message(
			time,
			`127.0.0.1:${port}`,
			server,
			[
				'PUBLISH sip:alice@127.0.0.1 SIP/2.0',
				...common,
				'To: <sip:alice@127.0.0.1>',
				'Max-Forwards: 70',
				'Event: presence',
				`Expires: ${expires}`,
				'Content-Type: application/pidf+xml',
			],
			body,
		) +
		message(time, server, `127.0.0.1:${port}`, [
			'SIP/2.0 200 OK',
			...common,
			'To: <sip:alice@127.0.0.1>;tag=s',
			`SIP-ETag: e-${device}`,
			`Expires: ${expires}`,
		])
	);
}

const dialog = [
	`Via: SIP/2.0/UDP ${watcher};branch=z9hG4bK-w`,
	'From: <sip:bob@127.0.0.1>;tag=w',
	'Call-ID: watch',
	'CSeq: 1 SUBSCRIBE',
];

/** bob subscribes; phone publishes for 4 seconds at 37.378, desk for 600; a NOTIFY at 41.030. */
function trace(notified: string): string {
	return [
		message('30.000000', watcher, server, [
			'SUBSCRIBE sip:alice@127.0.0.1 SIP/2.0',
			...dialog,
			'To: <sip:alice@127.0.0.1>',
			'Max-Forwards: 70',
			`Contact: <sip:${watcher}>`,
			'Event: presence',
			'Expires: 600',
		]),
		message('30.001000', server, watcher, [
			'SIP/2.0 200 OK',
			...dialog,
			'To: <sip:alice@127.0.0.1>;tag=n',
			`Contact: <sip:${server}>`,
			'Expires: 600',
		]),
		publish('37.378000', 'phone', 15585, 4, pidf([phone])),
		publish('38.000000', 'desk', 15586, 600, pidf([desk])),
		message(
			'41.030000',
			server,
			watcher,
			[
				'NOTIFY sip:bob@127.0.0.1:15584 SIP/2.0',
				`Via: SIP/2.0/UDP ${server};branch=z9hG4bK-n`,
				'From: <sip:alice@127.0.0.1>;tag=n',
				'To: <sip:bob@127.0.0.1>;tag=w',
				'Call-ID: watch',
				'CSeq: 2 NOTIFY',
				'Max-Forwards: 70',
				`Contact: <sip:${server}>`,
				'Event: presence',
				'Subscription-State: active;expires=589',
				'Content-Type: application/pidf+xml',
			],
			notified,
		),
	].join('\r\n');
}

function publications(text: string): string[] {
	const a = analyzeTrace(text);
	const notify = a.messages.findIndex((m) => m.method === 'NOTIFY');
	return [...a.index.publishesOf(notify)].map((i) => a.messages[i]!.callId!);
}

void test("a NOTIFY in a publication's last second without what it published: the server dropped it", () => {
	assert.deepEqual(publications(trace(pidf([desk]))), ['publish-desk']);
});

void test("a NOTIFY in a publication's last second that still holds it: still composed", () => {
	assert.deepEqual(publications(trace(pidf([phone, desk]))), ['publish-phone', 'publish-desk']);
});
