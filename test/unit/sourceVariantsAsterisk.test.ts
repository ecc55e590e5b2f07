// Asterisk's message logging in the shapes its own source prints (res_pjsip_logger.c, chan_sip.c,
// logger.c), rendered from the presence story's real messages by
// test/scripts/render-asterisk-pjproject-variants.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { readCapture, renderCapture } from '../../server/src/core/capture';
import { traceStatistics } from '../../server/src/core/statistics';
import { linksOf } from './expectedLinks';
import { expectSourceVariant } from './sourceVariants';

const dir = join(__dirname, '..', 'fixtures', 'formats', 'source');

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

for (const name of [
	'asterisk-pjsip-history-entries.log',
	'asterisk-pjsip-history-entries-ipv6.log',
])
	void test(`res_pjsip_history's entries asked for at the console (${name}): each message with its peer, side and second; the list above them no message`, () => {
		// `<--- History Entry 4 Received from 127.0.0.1:15064 at 1795560126 --->` (`[::1]:15061`
		// over IPv6), below `pjsip show history`'s list, whose lines end with each message's start
		// line.
		expectSourceVariant(name, 'pjsipLogger');
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

interface PcapExpectation {
	src: string;
	dst: string;
	epochMicros: number;
	start: string;
	octets: number;
	links: {
		request: number | null;
		subscription: number | null;
		publication: number | null;
		challenge: number | null;
	};
}

for (const name of ['asterisk-pjsip-logger-pcap.pcap', 'asterisk-pjsip-logger-pcap-ipv6.pcap'])
	void test(`Asterisk's own pcap of the pjsip logger (${name}): every message, its side and time, every link`, () => {
		// Ethernet with zero addresses, UDP whatever the transport, the checksum left unset, and the
		// side Asterisk does not record written as 0.0.0.0 (::), port 0.
		const capture = readCapture(new Uint8Array(readFileSync(join(dir, name))));
		const expected = JSON.parse(
			readFileSync(join(dir, `${name}.expected.json`), 'utf8'),
		) as PcapExpectation[];
		assert.equal(capture.container, 'pcap');
		assert.deepEqual(capture.problems, []);
		assert.deepEqual(
			capture.messages.map((m) => ({
				src: m.src,
				dst: m.dst,
				epochMicros: m.epochMicros,
				start: m.text.slice(0, m.text.indexOf('\r\n')),
				octets: Buffer.byteLength(m.text, 'utf8'),
			})),
			expected.map(({ links: _links, ...rest }) => rest),
		);
		const a = analyzeTrace(renderCapture(capture.messages));
		assert.equal(a.messages.length, expected.length);
		expected.forEach((want, i) => {
			const links = linksOf(a, i, false);
			assert.deepEqual(
				{
					request: links.request,
					subscription: links.subscription,
					publication: links.publication,
					challenge: links.challenge,
				},
				want.links,
				`links of message ${i}`,
			);
		});
		assert.deepEqual(
			a.problems.map((p) => p.code),
			[],
		);
	});
