// The documents a notifier numbers (dialog-info, RFC 4235 §4.1) are counted on its own copies:
// behind an edge proxy a capture holds each NOTIFY twice, and over TCP the proxy's copies may come
// after the notifier's next NOTIFY (Kamailio 5.6.3 as both, pua_dialoginfo publishing a call).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const watcher = '127.0.0.1:15732';
const proxy = '127.0.0.1:15730';
const server = '127.0.0.1:15731';

let clock = 0;
function message(src: string, dst: string, lines: string[], body = ''): string {
	const time = `2026-12-07 22:07:16.${String(clock++).padStart(3, '0')}000`;
	return [`${time} ${src} -> ${dst}`, ...lines, `Content-Length: ${body.length}`, '', body].join(
		'\r\n',
	);
}
const via = (address: string, branch: string): string =>
	`Via: SIP/2.0/TCP ${address};branch=z9hG4bK${branch}`;

const document = (version: number, state: string): string =>
	`<?xml version="1.0"?>\r\n<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="full" entity="sip:alice@pres.test"><dialog id="d1" direction="initiator"><state>${state}</state></dialog></dialog-info>\r\n`;

function trace(): string {
	clock = 0;
	const subscribe = (vias: string[], maxForwards: number): string[] => [
		'SUBSCRIBE sip:alice@pres.test SIP/2.0',
		...vias,
		'From: <sip:bob@pres.test>;tag=w1',
		'To: <sip:alice@pres.test>',
		'Call-ID: blf-1@127.0.0.1',
		'CSeq: 1 SUBSCRIBE',
		`Max-Forwards: ${maxForwards}`,
		`Contact: <sip:bob@${watcher};transport=tcp>`,
		'Event: dialog',
		'Expires: 600',
	];
	const ok = (vias: string[]): string[] => [
		'SIP/2.0 200 OK',
		...vias,
		'From: <sip:bob@pres.test>;tag=w1',
		'To: <sip:alice@pres.test>;tag=s1',
		'Call-ID: blf-1@127.0.0.1',
		'CSeq: 1 SUBSCRIBE',
		`Contact: <sip:${server};transport=tcp>`,
		'Expires: 600',
	];
	const notify = (seq: number, vias: string[], maxForwards: number): string[] => [
		`NOTIFY sip:bob@${watcher};transport=tcp SIP/2.0`,
		...vias,
		'From: <sip:alice@pres.test>;tag=s1',
		'To: <sip:bob@pres.test>;tag=w1',
		'Call-ID: blf-1@127.0.0.1',
		`CSeq: ${seq} NOTIFY`,
		`Max-Forwards: ${maxForwards}`,
		`Contact: <sip:${server};transport=tcp>`,
		'Event: dialog',
		'Subscription-State: active;expires=600',
		'Content-Type: application/dialog-info+xml',
	];
	const w = via(watcher, '-w1');
	const pw = via(proxy, '-p-w1');
	const n = (seq: number): string => via(server, `-s${seq}`);
	const pn = (seq: number): string => via(proxy, `-p-s${seq}`);
	return [
		message(watcher, proxy, subscribe([w], 70)),
		message(proxy, server, subscribe([pw, w], 69)),
		message(server, proxy, ok([pw, w])),
		message(proxy, watcher, ok([w])),
		message(server, proxy, notify(2, [n(2)], 70), document(1, 'trying')),
		message(server, proxy, notify(3, [n(3)], 70), document(2, 'early')),
		// The proxy's copies, after both of the notifier's.
		message(proxy, watcher, notify(2, [pn(2), n(2)], 69), document(1, 'trying')),
		message(proxy, watcher, notify(3, [pn(3), n(3)], 69), document(2, 'early')),
	].join('\r\n');
}

void test("a proxy's copies of dialog-info NOTIFYs, after the notifier's next one, are not documents out of order", () => {
	const a = analyzeTrace(trace());
	assert.equal(a.messages.filter((m) => m.method === 'NOTIFY').length, 4);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('dialog-info.version')).map((p) => p.code),
		[],
	);
	// Out of order at the notifier itself still is.
	const swapped = trace().replace('version="2"', 'version="0"');
	assert.ok(
		analyzeTrace(swapped).problems.some((p) => p.code === 'dialog-info.version-not-increasing'),
	);
});
