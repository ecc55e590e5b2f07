// A PUBLISH seen at two hops (a capture on the proxy's host: the publisher's copy to the proxy,
// the proxy's to the presence server, each 200 relayed back) is one publication, published
// once (RFC 3903 §4, RFC 3261 §16.6): its NOTIFYs name the publisher's copy, a modify replaces
// its state (it is not carried beside a second, stale "publication" of the forwarded copy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const client = '127.0.0.1:15306';
const edge = '127.0.0.1:15300';
const server = '127.0.0.1:15301';
const watcher = '127.0.0.1:15304';

let clock = 0;
/** A message under its header line (`date time src -> dst`), a millisecond after the last. */
function at(src: string, dst: string, lines: string[], body = ''): string {
	clock++;
	const time = `2026-12-07 13:20:50.${String(clock).padStart(3, '0')}000`;
	return [`${time} ${src} -> ${dst}`, ...lines, `Content-Length: ${body.length}`, '', body].join(
		'\r\n',
	);
}

const pidf = (basic: string): string =>
	`<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:linda@example.test"><tuple id="t1"><status><basic>${basic}</basic></status></tuple></presence>`;

/** The PUBLISH as the publisher sent it, and as the edge forwarded it (its own Via on top). */
function publish(seq: number, branch: string, basic: string, ifMatch?: string): [string, string] {
	const headers = (vias: string[]): string[] => [
		'PUBLISH sip:linda@example.test SIP/2.0',
		...vias,
		'Max-Forwards: 70',
		'From: <sip:linda@example.test>;tag=p1',
		'To: <sip:linda@example.test>',
		'Call-ID: pub-1@127.0.0.1',
		`CSeq: ${seq} PUBLISH`,
		'Event: presence',
		'Expires: 3600',
		...(ifMatch ? [`SIP-If-Match: ${ifMatch}`] : []),
		'Content-Type: application/pidf+xml',
	];
	const own = `Via: SIP/2.0/UDP ${client};branch=z9hG4bK-${branch}`;
	return [
		at(client, edge, headers([own]), pidf(basic)),
		at(
			edge,
			server,
			headers([`Via: SIP/2.0/UDP ${edge};branch=z9hG4bK-e${branch}`, own]),
			pidf(basic),
		),
	];
}

/** The server's 200 to the forwarded copy, then the edge's relay of it to the publisher. */
function accepted(seq: number, branch: string, etag: string): [string, string] {
	const headers = (vias: string[]): string[] => [
		'SIP/2.0 200 OK',
		...vias,
		'From: <sip:linda@example.test>;tag=p1',
		'To: <sip:linda@example.test>;tag=s1',
		'Call-ID: pub-1@127.0.0.1',
		`CSeq: ${seq} PUBLISH`,
		`SIP-ETag: ${etag}`,
		'Expires: 3600',
	];
	const own = `Via: SIP/2.0/UDP ${client};branch=z9hG4bK-${branch}`;
	return [
		at(server, edge, headers([`Via: SIP/2.0/UDP ${edge};branch=z9hG4bK-e${branch}`, own])),
		at(edge, client, headers([own])),
	];
}

/** The server's NOTIFY to the watcher through the edge: its copy to the edge, the edge's on. */
function notify(seq: number, basic: string): [string, string] {
	const headers = (vias: string[]): string[] => [
		'NOTIFY sip:andrew@127.0.0.1:15304 SIP/2.0',
		...vias,
		'Max-Forwards: 70',
		'From: <sip:linda@example.test>;tag=n1',
		'To: <sip:andrew@example.test>;tag=w1',
		'Call-ID: sub-1@127.0.0.1',
		`CSeq: ${seq} NOTIFY`,
		'Event: presence',
		'Subscription-State: active;expires=3000',
		`Contact: <sip:${server}>`,
		'Content-Type: application/pidf+xml',
	];
	const own = `Via: SIP/2.0/UDP ${server};branch=z9hG4bK-n${seq}`;
	return [
		at(server, edge, headers([own]), pidf(basic)),
		at(
			edge,
			watcher,
			headers([`Via: SIP/2.0/UDP ${edge};branch=z9hG4bK-en${seq}`, own]),
			pidf(basic),
		),
	];
}

function subscribe(): string[] {
	const headers = (vias: string[], start: string): string[] => [
		start,
		...vias,
		'From: <sip:andrew@example.test>;tag=w1',
		`To: <sip:linda@example.test>${start.startsWith('SIP') ? ';tag=n1' : ''}`,
		'Call-ID: sub-1@127.0.0.1',
		'CSeq: 1 SUBSCRIBE',
		'Event: presence',
		'Expires: 3600',
		`Contact: <sip:andrew@${watcher}>`,
		...(start.startsWith('SIP') ? [] : ['Max-Forwards: 70']),
	];
	const own = `Via: SIP/2.0/UDP ${watcher};branch=z9hG4bK-s1`;
	const hop = `Via: SIP/2.0/UDP ${edge};branch=z9hG4bK-es1`;
	const request = 'SUBSCRIBE sip:linda@example.test SIP/2.0';
	return [
		at(watcher, edge, headers([own], request)),
		at(edge, server, headers([hop, own], request)),
		at(server, edge, headers([hop, own], 'SIP/2.0 200 OK')),
		at(edge, watcher, headers([own], 'SIP/2.0 200 OK')),
	];
}

test('a PUBLISH seen at two hops is one publication: its NOTIFYs name the copy its publisher sent, and a modify replaces its state', () => {
	const trace = [
		...subscribe(),
		...publish(1, 'p1', 'open'),
		...accepted(1, 'p1', 'a.1'),
		...notify(1, 'open'),
		...publish(2, 'p2', 'closed', 'a.1'),
		...accepted(2, 'p2', 'a.2'),
		...notify(2, 'closed'),
	].join('');
	const a = analyzeTrace(trace);
	const index = a.index;
	const publishes = a.messages.filter((m) => m.method === 'PUBLISH').map((m) => m.index);
	const notifies = a.messages.filter((m) => m.method === 'NOTIFY').map((m) => m.index);
	assert.equal(publishes.length, 4);
	assert.equal(notifies.length, 4);
	const [initial, initialCopy, modify, modifyCopy] = publishes as [number, number, number, number];
	assert.equal(index.forwardedFrom(initialCopy), initial);
	// One publication, both hops' copies in it.
	assert.equal(index.publications.filter((p) => p.etags.length > 0).length, 1);
	assert.equal(index.publicationOf(initialCopy), index.publicationOf(initial));
	assert.equal(index.publicationOf(modifyCopy), index.publicationOf(initial));
	// The modify refreshes what the publisher published first; its copy on the next hop names the
	// entity-tag the 200 on that hop gave, to the initial's copy there.
	assert.equal(index.publishRefreshed(modify), initial);
	assert.equal(index.publishRefreshed(modifyCopy), initialCopy);
	// The initial's NOTIFYs (both hops' copies) name the publisher's copy; the modify's name the
	// modify alone, not the initial's forwarded copy beside it.
	assert.deepEqual([...index.notifiesOf(initial)], notifies.slice(0, 2));
	assert.deepEqual([...index.notifiesOf(modify)], notifies.slice(2));
	assert.deepEqual([...index.notifiesOf(initialCopy)], []);
	for (const n of notifies.slice(2)) {
		assert.equal(index.publishOf(n), modify);
		assert.deepEqual([...index.publishesOf(n)], [modify]);
	}
});
