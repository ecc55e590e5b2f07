// Asterisk's message logging in the shapes its own source prints (res_pjsip_logger.c, chan_sip.c,
// logger.c), rendered from the presence story's real messages by
// test/scripts/render-asterisk-pjproject-variants.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { traceStatistics } from '../../server/src/core/statistics';
import { expectSourceVariant } from './sourceVariants';

void test("Asterisk 12's pjsip logger: an IPv6 peer written bare before its port is [v6]:port", () => {
	// `<--- Received SIP request (393 bytes) from UDP:::1:15061 --->`: `%s:%s:%d` with pjsip's
	// src_name, before res_pjsip_logger printed the address with pj_sockaddr_print.
	expectSourceVariant('asterisk-pjsip-logger-ast12-ipv6-bare.log', 'pjsipLogger');
});

void test("the pjsip logger in the full log's plain format, an IPv6 peer bracketed", () => {
	// `[2026-11-24 22:42:05.356] VERBOSE[2980272][C-00000002]: res_pjsip_logger.c:388
	// logging_on_rx_msg: <--- Received SIP request (393 bytes) from UDP:[::1]:15061 --->`.
	expectSourceVariant('asterisk-pjsip-logger-full-log-plain-ipv6.log', 'pjsipLogger');
});

void test("chan_sip's debug in the full log over IPv6, a NOTIFY sent again counted as a copy", () => {
	const a = expectSourceVariant('asterisk-chan-sip-full-log-ipv6-retransmit.log', 'chanSip');
	// `Retransmitting #1 (no NAT) to [::1]:15061:` is the NOTIFY of line 156 again: one request,
	// one retransmission, and its 200 answers the first copy.
	const stats = traceStatistics(a);
	assert.equal(stats.messages.retransmissions, 1);
	const notify = stats.methods.find((m) => m.method === 'NOTIFY')!;
	assert.equal(notify.requests, 2);
	assert.equal(notify.retransmissions, 1);
});
