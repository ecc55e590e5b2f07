// pjproject's message logging (pjsua_core.c's logging_on_rx_msg / logging_on_tx_msg through
// pj_log) in the shapes its own source prints across versions and log decorations, rendered from
// the presence story's real messages by test/scripts/render-asterisk-pjproject-variants.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectSourceVariant, sourceText } from './sourceVariants';
import { analyzeTrace } from '../../server/src/core/analyze';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
	contributes: { languages: { id: string; firstLine: string }[] };
};
const firstLine = new RegExp(manifest.contributes.languages.find((l) => l.id === 'sip')!.firstLine);

void test('the first pjsua (0.5) and the pjsip-apps samples name no transport: the record still says who and when', () => {
	// ` 22:42:05.356 pjsua_core.c RX 393 bytes Request msg SUBSCRIBE/cseq=1 (rdata...) from
	// 127.0.0.1:15061:`
	expectSourceVariant('pjsua-0.5-no-transport.log', 'pjsua');
	assert.match(sourceText('pjsua-0.5-no-transport.log').split('\n')[0]!, firstLine);
});

void test('pjsua up to 2.7: an IPv6 peer written bare before its port is [v6]:port', () => {
	// `RX 393 bytes Request msg SUBSCRIBE/cseq=1 (rdata...) from UDP ::1:15061:`
	expectSourceVariant('pjsua-2.7-ipv6-bare.log', 'pjsua');
});

void test("pj_log's thread switch mark right before RX/TX, without indentation", () => {
	// `22:42:05.356           pjsua_core.c !RX 393 bytes ...` (PJ_LOG_HAS_THREAD_SWC without
	// PJ_LOG_HAS_INDENT), a space instead of `!` when the same thread logged the record before.
	expectSourceVariant('pjsua-thread-switch-no-indent.log', 'pjsua');
	assert.match(sourceText('pjsua-thread-switch-no-indent.log').split('\n')[0]!, firstLine);
});

void test("a record pj_log cut at PJ_LOG_MAX_SIZE: the message ends where the log's next record starts, said truncated once", () => {
	// The record lost the rest of the message and its `--end msg--`; the next line is another
	// record (`sip_endpoint.c  Processing incoming message: ...`, or the next TX/RX): no body
	// taken from it, no Content-Length or body fault for what the log cut.
	const a = expectSourceVariant('pjsua-log-max-size-cut.log', 'pjsua');
	assert.ok(a.problems.length >= 2);
	assert.ok(a.problems.every((p) => p.message.includes('PJ_LOG_MAX_SIZE')));
});

void test('a packet pjsip rejected (`Error processing packet from a:p: ...`, `-- end of packet.`): received, from that address, its fault said', () => {
	// sip_endpoint.c's dump of a SUBSCRIBE without CSeq, then pjsua's records of the publications.
	expectSourceVariant('pjsua-rejected-packet.log', 'pjsua');
});

void test("a pjsua record a copy cut before its `--end msg--`, a post's text after it: said cut by the copy, not by pj_log", () => {
	const text = sourceText('pjsua-log-max-size-cut.log');
	// The first record, its last lines and the log after it replaced by a poster's question.
	const first = text.indexOf('\n', text.indexOf('Via:')) + 1;
	const cut = `${text.slice(0, first)}\ni use x-lite, it succeeds\n\nhow can i do?\n`;
	const problem = analyzeTrace(cut).problems.find((p) => p.code === 'message.truncated');
	assert.match(problem?.message ?? '', /the copy stops the record before its `--end msg--`/);
});

void test("a short pjsua record cut before its `--end msg--`, the log's next record after it: the copy's cut, not pj_log's", () => {
	// A record of a few hundred characters cannot have reached PJ_LOG_MAX_SIZE (a test file's
	// excerpt of pjsua's records, each kept to its first lines, then the next record).
	const text = sourceText('pjsua-log-max-size-cut.log');
	const record = text.indexOf('.TX 482 bytes Request msg NOTIFY');
	const start = text.lastIndexOf('\n', record) + 1;
	const via = text.indexOf('Via:', record);
	const nextRecord = text.indexOf('.RX 328 bytes');
	const next = text.lastIndexOf('\n', nextRecord) + 1;
	const cut = text.slice(start, text.indexOf('\n', via) + 1) + text.slice(next);
	const problem = analyzeTrace(cut).problems.find((p) => p.code === 'message.truncated');
	assert.match(problem?.message ?? '', /the copy stops the record before its `--end msg--`/);
	assert.match(problem?.message ?? '', /far past this one/);
});
