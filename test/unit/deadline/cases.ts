// Inputs built to make the core take quadratic or exponential time. Each runs in a child process
// (see `withinDeadline`): a test's own timeout cannot stop synchronous work, so without a child a
// regression would hang the whole run rather than fail this test.
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../../server/src/core/analyze';
import { reanalyzeTrace } from '../../../server/src/core/reanalyze';
import { createTraceDocument } from '../../../server/src/traceDocument';
import { SemanticTokensProvider } from '../../../server/src/features/semanticTokens';
import type { TraceFormat } from '../../../server/src/core/model';

const size = 1 << 20;
/** Lines that invite a regular expression to backtrack. */
const backtracking = [
	'a'.repeat(size),
	';'.repeat(size),
	'<'.repeat(size),
	'9'.repeat(size),
	' '.repeat(size),
	'-'.repeat(size),
	'sip:'.repeat(size / 4),
	'"\\'.repeat(size / 2),
	`2026/11/24 19:33:07.319727 ${'1.'.repeat(size / 2)}`,
	`INVITE ${'sip:a@'.repeat(size / 6)} SIP/2.0`,
	`Via: SIP/2.0/UDP ${'a;'.repeat(size / 2)}`,
	`From: "${'\\"'.repeat(size / 2)} <sip:a@b>`,
	`<--- Received SIP request (${'9'.repeat(size)}`,
	`[Mar 30 13:35:51] ${'['.repeat(size)}`,
	`2026-12-03\t15:31:24.802132\t1796311884.802132: Aborting call on unexpected message for Call-Id '${", received 'SIP/2.0 407 ".repeat(size / 24)}`,
	`2026-12-03\t15:31:24.801870\t1796311884.801870 Sending UDP message for call ${' ('.repeat(size / 2)}`,
];

/** Every offset of the text lies in a frame or in noise: nothing is lost. */
function coversAll(text: string, format?: TraceFormat): ReturnType<typeof analyzeTrace> {
	const a = analyzeTrace(text, format ? { format } : {});
	const covered = [...a.frames.map((f) => f.span), ...a.noise].reduce(
		(n, s) => n + s.end - s.start,
		0,
	);
	assert.equal(covered, text.length);
	return a;
}

export const cases: Record<string, (arg?: string) => void> = {
	/** In the format named by `arg`, each megabyte line as a header value and as a body. */
	backtracking(format) {
		for (const line of backtracking)
			coversAll(
				`SUBSCRIBE sip:a@b SIP/2.0\r\nCall-ID: x\r\nSubject: ${line}\r\n\r\n${line}\r\n`,
				format as TraceFormat,
			);
	},
	/**
	 * One message of 100,000 header lines: each line is read once. A search back through the text
	 * from each line (for a dot that would make it a wrapped Via) made it quadratic: minutes.
	 */
	manyHeaderLines() {
		const headers = Array.from({ length: 100_000 }, (_, i) => `X-Header-${i}: value ${i}`);
		const text = `OPTIONS sip:a@b SIP/2.0\r\nCall-ID: many\r\nCSeq: 1 OPTIONS\r\n${headers.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`;
		const a = coversAll(text);
		assert.equal(a.messages.length, 1);
		assert.equal(a.messages[0]!.headerCount, 100_003);
	},
	/**
	 * Highlighting of one message of 300,000 Via headers: each header's branch is found among the
	 * Vias once. A search of all the message's Vias for each header made it quadratic: minutes.
	 */
	manyViasHighlighted() {
		const vias = Array.from(
			{ length: 300_000 },
			(_, i) => `Via: SIP/2.0/UDP 10.0.${i >> 8}.${i & 255}:5060;branch=z9hG4bK${i}`,
		);
		const text = `OPTIONS sip:a@b SIP/2.0\r\n${vias.join('\r\n')}\r\nCall-ID: v\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
		const doc = createTraceDocument('file:///vias.sip', 1, text, undefined);
		const tokens = new SemanticTokensProvider().full(doc);
		// Each header's name and branch: two tokens a Via, five numbers a token.
		assert.ok(tokens.data.length >= 2 * 5 * vias.length);
	},
	/**
	 * Highlighting of 80,000 messages whose tags are written `;TAG=`: the tag is looked for in its
	 * header's value only. A search from the value to the trace's end for each header made it
	 * quadratic.
	 */
	tagsWrittenOtherwiseHighlighted() {
		const message = (i: number): string =>
			`OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK${i}\r\nFrom: <sip:a@b>;TAG=f${i}\r\nTo: <sip:b@b>\r\nCall-ID: c${i}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
		const text = Array.from({ length: 80_000 }, (_, i) => message(i)).join('');
		const doc = createTraceDocument('file:///tags.sip', 1, text, undefined);
		assert.ok(new SemanticTokensProvider().full(doc).data.length > 0);
	},
	/**
	 * Four edits each read from the same analysis (the server does so when the text changes again
	 * before the last change was read), in a trace of 60,000 dialogs: each From and To moved past
	 * the edit is copied once. Looking up the copy by comparing the two new texts (equal strings up
	 * to the edits, megabytes) for each of them took minutes.
	 */
	editsFromOneAnalysis() {
		const rows: string[] = [];
		for (let i = 0; i < 60_000; i++) {
			const head = `Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK${i}\r\nFrom: <sip:linda@example.com>;tag=l${i}\r\n`;
			rows.push(
				`OPTIONS sip:bob@example.com SIP/2.0\r\n${head}To: <sip:bob@example.com>\r\nCall-ID: c${i}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`,
				`SIP/2.0 200 OK\r\n${head}To: <sip:bob@example.com>;tag=b${i}\r\nCall-ID: c${i}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`,
			);
		}
		const text = rows.join('');
		const analysis = analyzeTrace(text);
		const edited = (at: number): string => {
			const place = text.indexOf('Max-Forwards: 70', at);
			return `${text.slice(0, place)}Max-Forwards: 69${text.slice(place + 16)}`;
		};
		for (const at of [0, 1, 2, 3].map((k) => (text.length >> 1) + 4000 * k)) {
			const again = reanalyzeTrace(analysis, edited(at));
			assert.equal(again.messages.length, analysis.messages.length);
			assert.equal(again.messages.at(-1)!.to?.tag, 'b59999');
		}
	},
};
