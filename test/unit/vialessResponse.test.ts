// A response a proxy forwarded without any Via (a callee that copied the CANCEL's one Via into its
// 487, so that the proxy had none left to forward): it is matched by Call-ID, CSeq and From tag,
// which the proxy's two hops share. Where the trace gives addresses, it answers the request that
// came the other way, not the one the proxy sent on (the shape of a Kamailio proxy between SIPp
// agents, captured on loopback and saved by sngrep).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const head = (from: string, to: string) => `2026/12/07 07:42:41.147809 ${from} -> ${to}`;
const caller = '127.0.0.1:15925';
const proxy = '127.0.0.1:15920';
const callee = '127.0.0.1:15923';
const common = [
	'From: <sip:alice@127.0.0.1>;tag=30589SIPpTag001',
	'To: <sip:bob@127.0.0.1>',
	'Call-ID: 1-30589@127.0.0.1',
	'CSeq: 1 INVITE',
];
const invite = (from: string, to: string, vias: string[]) => [
	head(from, to),
	'INVITE sip:bob@127.0.0.1 SIP/2.0',
	...vias,
	'Max-Forwards: 70',
	...common,
	'Contact: <sip:alice@127.0.0.1:15925>',
	'Content-Length: 0',
	'',
];
const viaCaller = 'Via: SIP/2.0/UDP 127.0.0.1:15925;branch=z9hG4bK-30589-1-0';
const viaProxy = 'Via: SIP/2.0/UDP 127.0.0.1:15920;branch=z9hG4bK2c1b.0';
const text = [
	...invite(caller, proxy, [viaCaller]),
	...invite(proxy, callee, [viaProxy, viaCaller]),
	head(callee, proxy),
	'SIP/2.0 487 Request Terminated',
	viaProxy,
	...common.slice(0, 1),
	'To: <sip:bob@127.0.0.1>;tag=b1',
	...common.slice(2),
	'Content-Length: 0',
	'',
	head(proxy, caller),
	'SIP/2.0 487 Request Terminated',
	...common.slice(0, 1),
	'To: <sip:bob@127.0.0.1>;tag=b1',
	...common.slice(2),
	'Content-Length: 0',
	'',
	'',
].join('\n');

void test("a response forwarded without Via answers the request that came the other way, not the proxy's own", () => {
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['INVITE', 'INVITE', 487, 487],
	);
	assert.equal(a.index.requestOf(2), 1);
	assert.equal(a.index.requestOf(3), 0);
	assert.ok(!a.problems.some((p) => p.code === 'response.after-final'));
	// Said: it has no Via (RFC 3261 §8.1.1.7).
	assert.ok(a.problems.some((p) => p.code === 'header.missing-via'));
});
