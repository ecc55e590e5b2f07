// A capture in front of a presence server behind an edge proxy holds each request once per hop
// (Kamailio 5.6.3 as both, SIPp as watcher and publisher): the watcher's SUBSCRIBE to the proxy
// and the proxy's to the server, the server's NOTIFY to the proxy and the proxy's to the
// watcher, each PUBLISH twice. A NOTIFY answers the SUBSCRIBE copy of its own hop, and a PUBLISH
// names with SIP-If-Match the entity-tag the 2xx on its own hop gave: links go to that copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';
import { subscribeOfNotify } from '../../server/src/core/query';

const watcher = '127.0.0.1:15732';
const proxy = '127.0.0.1:15730';
const server = '127.0.0.1:15731';
const publisher = '127.0.0.1:15737';

let clock = 0;
function message(src: string, dst: string, lines: string[], body = ''): string {
	const time = `2026-12-07 22:07:16.${String(clock++).padStart(3, '0')}000`;
	return [`${time} ${src} -> ${dst}`, ...lines, `Content-Length: ${body.length}`, '', body].join(
		'\r\n',
	);
}

const via = (address: string, branch: string): string =>
	`Via: SIP/2.0/UDP ${address};branch=z9hG4bK${branch}`;

const watch = [
	'From: <sip:andrew@pres.test>;tag=w1',
	'Call-ID: watch-1@127.0.0.1',
	'CSeq: 1 SUBSCRIBE',
];
const notifyDialog = [
	'From: <sip:linda@pres.test>;tag=s1',
	'To: <sip:andrew@pres.test>;tag=w1',
	'Call-ID: watch-1@127.0.0.1',
	'CSeq: 1 NOTIFY',
];
const pidf =
	'<?xml version="1.0" encoding="UTF-8"?>\r\n<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:linda@pres.test"><tuple id="t1"><status><basic>open</basic></status><note>Busy</note></tuple></presence>\r\n';

function publishOnBothHops(
	seq: number,
	ifMatch: string | null,
	etag: string,
	document: string | null = ifMatch === null ? pidf : null,
): string[] {
	const head = [
		'From: <sip:linda@pres.test>;tag=p1',
		'To: <sip:linda@pres.test>',
		'Call-ID: publish-1@127.0.0.1',
		`CSeq: ${seq} PUBLISH`,
	];
	const extra = [
		'Event: presence',
		'Expires: 600',
		...(ifMatch === null ? [] : [`SIP-If-Match: ${ifMatch}`]),
		...(document === null ? [] : ['Content-Type: application/pidf+xml']),
	];
	const body = document ?? '';
	const ok = (vias: string[]): string[] => [
		'SIP/2.0 200 OK',
		...vias,
		...head.map((l) => (l.startsWith('To:') ? `${l};tag=s2` : l)),
		`SIP-ETag: ${etag}`,
		'Expires: 600',
	];
	const first = via(publisher, `-l${seq}`);
	const second = via(`${proxy}`, `-p-l${seq}`);
	return [
		message(
			publisher,
			proxy,
			['PUBLISH sip:linda@pres.test SIP/2.0', first, ...head, 'Max-Forwards: 70', ...extra],
			body,
		),
		message(
			proxy,
			server,
			['PUBLISH sip:linda@pres.test SIP/2.0', second, first, ...head, 'Max-Forwards: 69', ...extra],
			body,
		),
		message(server, proxy, ok([second, first])),
		message(proxy, publisher, ok([first])),
	];
}

function trace(
	tail: (notify: (body: string, seq: number) => string[]) => string[] = () => [
		...publishOnBothHops(2, 'e1', 'e2'),
	],
): string {
	clock = 0;
	const subscribe = ['SUBSCRIBE sip:linda@pres.test SIP/2.0'];
	const subscribed = (vias: string[]): string[] => [
		'SIP/2.0 200 OK',
		...vias,
		...watch,
		'To: <sip:linda@pres.test>;tag=s1',
		'Record-Route: <sip:127.0.0.1:15730;lr>',
		`Contact: <sip:${server}>`,
		'Expires: 600',
	];
	const notify = (vias: string[], maxForwards: number): string[] => [
		`NOTIFY sip:andrew@${watcher} SIP/2.0`,
		...vias,
		...notifyDialog,
		`Max-Forwards: ${maxForwards}`,
		`Contact: <sip:${server}>`,
		'Event: presence',
		'Subscription-State: active;expires=600',
		'Content-Type: application/pidf+xml',
	];
	const w = via(watcher, '-w1');
	const pw = via(proxy, '-p-w1');
	const s = via(server, '-s1');
	const ps = via(proxy, '-p-s1');
	return [
		...publishOnBothHops(1, null, 'e1'),
		message(watcher, proxy, [
			...subscribe,
			w,
			...watch,
			'To: <sip:linda@pres.test>',
			'Max-Forwards: 70',
			`Contact: <sip:andrew@${watcher}>`,
			'Event: presence',
			'Expires: 600',
		]),
		message(proxy, server, [
			...subscribe,
			pw,
			w,
			...watch,
			'To: <sip:linda@pres.test>',
			'Max-Forwards: 69',
			'Record-Route: <sip:127.0.0.1:15730;lr>',
			`Contact: <sip:andrew@${watcher}>`,
			'Event: presence',
			'Expires: 600',
		]),
		message(server, proxy, subscribed([pw, w])),
		message(proxy, watcher, subscribed([w])),
		message(server, proxy, notify([s], 70), pidf),
		message(proxy, watcher, notify([ps, s], 69), pidf),
		message(watcher, proxy, ['SIP/2.0 200 OK', ps, s, ...notifyDialog]),
		message(proxy, server, ['SIP/2.0 200 OK', s, ...notifyDialog]),
		...tail((body, seq) => {
			const cseq = (l: string): string => (l.startsWith('CSeq:') ? `CSeq: ${seq} NOTIFY` : l);
			const own = via(server, `-s${seq}`);
			const hop = via(proxy, `-p-s${seq}`);
			return [
				message(server, proxy, notify([own], 70).map(cseq), body),
				message(proxy, watcher, notify([hop, own], 69).map(cseq), body),
			];
		}),
	].join('\r\n');
}

const find = (a: ReturnType<typeof analyzeTrace>, method: string, src: string, seq = 1): number =>
	a.messages.findIndex((m) => m.method === method && m.frame.src === src && m.cseq?.seq === seq);

void test("a NOTIFY's subscription is the SUBSCRIBE copy on the NOTIFY's own hop", () => {
	const a = analyzeTrace(trace());
	const watcherCopy = find(a, 'SUBSCRIBE', watcher);
	const proxyCopy = find(a, 'SUBSCRIBE', proxy);
	assert.equal(subscribeOfNotify(a, find(a, 'NOTIFY', server)), proxyCopy);
	assert.equal(subscribeOfNotify(a, find(a, 'NOTIFY', proxy)), watcherCopy);
});

void test("a refresh's copy on the server's hop names the PUBLISH copy on that hop", () => {
	const a = analyzeTrace(trace());
	const refreshByProxy = find(a, 'PUBLISH', proxy, 2);
	const refreshByPublisher = find(a, 'PUBLISH', publisher, 2);
	assert.equal(a.index.publishRefreshed(refreshByProxy), find(a, 'PUBLISH', proxy, 1));
	assert.equal(a.index.publishRefreshed(refreshByPublisher), find(a, 'PUBLISH', publisher, 1));
});

void test("a proxy's copy of a NOTIFY sent after a 2xx it forwarded carries what the notifier's copy carried", () => {
	const away = pidf.replace('Busy', 'Gone home').replace('open', 'closed');
	const text = trace((notify) => {
		const modify = publishOnBothHops(2, 'e1', 'e2', away);
		const [busyByServer, busyByProxy] = notify(pidf, 2);
		// The server notified from the state it held, then answered the modify; the proxy
		// forwarded the 200, then its copy of the NOTIFY.
		return [
			modify[0]!,
			modify[1]!,
			busyByServer!,
			modify[2]!,
			modify[3]!,
			busyByProxy!,
			...notify(away, 3),
		];
	});
	const a = analyzeTrace(text);
	const busy = find(a, 'PUBLISH', publisher, 1);
	const modify = find(a, 'PUBLISH', publisher, 2);
	const notifies = a.messages.filter((m) => m.method === 'NOTIFY').map((m) => m.index);
	assert.equal(notifies.length, 6);
	const [, , byServer, byProxy, awayByServer, awayByProxy] = notifies;
	assert.equal(a.index.publishOf(byServer!), busy);
	assert.equal(a.index.publishOf(byProxy!), busy);
	assert.equal(a.index.publishOf(awayByServer!), modify);
	assert.equal(a.index.publishOf(awayByProxy!), modify);
	assert.ok(a.index.notifiesOf(busy).includes(byProxy!));
	assert.ok(!a.index.notifiesOf(modify).includes(byProxy!));
});

// The documents a notifier numbers (dialog-info, RFC 4235 §4.1) are counted on its own copies:
// over TCP the proxy's copies may come after the notifier's next NOTIFY (Kamailio 5.6.3 as both,
// pua_dialoginfo publishing a call).
const viaTcp = (address: string, branch: string): string =>
	`Via: SIP/2.0/TCP ${address};branch=z9hG4bK${branch}`;

const document = (version: number, state: string): string =>
	`<?xml version="1.0"?>\r\n<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="full" entity="sip:alice@pres.test"><dialog id="d1" direction="initiator"><state>${state}</state></dialog></dialog-info>\r\n`;

function blfTrace(): string {
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
	const w = viaTcp(watcher, '-w1');
	const pw = viaTcp(proxy, '-p-w1');
	const n = (seq: number): string => viaTcp(server, `-s${seq}`);
	const pn = (seq: number): string => viaTcp(proxy, `-p-s${seq}`);
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
	const a = analyzeTrace(blfTrace());
	assert.equal(a.messages.filter((m) => m.method === 'NOTIFY').length, 4);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('dialog-info.version')).map((p) => p.code),
		[],
	);
	// Out of order at the notifier itself still is.
	const swapped = blfTrace().replace('version="2"', 'version="0"');
	assert.ok(
		analyzeTrace(swapped).problems.some((p) => p.code === 'dialog-info.version-not-increasing'),
	);
});
