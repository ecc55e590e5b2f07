// `sip-trace FILE [--json] [--stats] [--text] [--format F]`: what the analyser finds in a trace, for people and scripts.
import { readFileSync } from 'node:fs';
import { unwrapCompressed } from './compressed';
import { traceText } from './traceText';
import { analyzeTrace } from './core/analyze';
import { containerOf, readCapture, renderCapture, type CaptureResult } from './core/capture';
import { traceFormats, type SipMessage, type TraceAnalysis, type TraceFormat } from './core/model';
import { traceStatistics } from './core/statistics';
import { LineIndex } from './core/text/lineIndex';
import { whyNoMessages } from './core/framing/noMessages';
import { statisticsText } from './features/statistics';
import { isNotify } from './core/parser/methods';
import { subscribeOfNotify } from './core/query';

const formats = traceFormats;

const usage = `usage: sip-trace FILE [--json] [--stats] [--text] [--format ${formats.join('|')}]

Prints the SIP messages of a trace and how they link: the request a response answers, the
SUBSCRIBE of a NOTIFY, the publication of a PUBLISH or NOTIFY (and every PUBLISH a NOTIFY
composed from several publications carries), the challenge a retry answers,
the NOTIFYs that carried a PUBLISH's state (its fan-out, and a later subscription's first
NOTIFY while that state was current) and the call an INVITE's (or a REFER's) Replaces names.
The table's lines count from 1, as an editor shows them; --json prints one JSON document (see
README), whose "line" counts from 0.
--stats prints the trace's statistics instead: requests by method, responses by status code,
response times, subscriptions, publications and challenges; with --json, the document gains
a "statistics" member.

FILE - reads the standard input (tshark -r x.pcap -V -O sip | sip-trace -).
FILE may be a packet capture (pcap or pcapng, known by its first octets): its SIP messages over
UDP and TCP are read as a trace with a header line per message, and lines are that text's.
FILE may be gzipped (a rotated log.gz, a capture.pcap.gz): it is read inside.
--text prints that text (save it as a .sip trace) instead of the analysis.`;

/**
 * The `--json` document: a stable contract, documented in README. `capture` is there only for a
 * packet capture, and `statistics` only when asked for (`--stats`): the document is otherwise
 * the same as before they existed.
 */
export function toJson(
	analysis: TraceAnalysis,
	capture?: CaptureResult,
	withStatistics = false,
): object {
	const lines = new LineIndex(analysis.text);
	const { index } = analysis;
	return {
		format: analysis.format,
		...(capture
			? {
					capture: {
						container: capture.container,
						packets: capture.packets,
						problems: capture.problems.map((p) => ({ ...p })),
					},
				}
			: {}),
		messages: analysis.messages.map((m) => ({
			index: m.index,
			line: lines.lineAt(m.startLine.start),
			method: m.method,
			status: m.status,
			callId: m.callId,
			time: m.frame.time,
			src: m.frame.src,
			dst: m.frame.dst,
			transport: m.frame.transport,
			direction: m.frame.direction,
			links: {
				request: index.requestOf(m.index),
				subscription: isNotify(m.method) ? subscribeOfNotify(analysis, m.index) : null,
				publication:
					m.method === 'PUBLISH'
						? index.publishRefreshed(m.index)
						: isNotify(m.method)
							? index.publishOf(m.index)
							: null,
				publications: isNotify(m.method) ? [...index.publishesOf(m.index)] : [],
				challenge: index.challengeOf(m.index),
				notifies: m.method === 'PUBLISH' ? [...index.notifiesOf(m.index)] : [],
				replaces: replacedCall(analysis, m.index),
			},
		})),
		problems: analysis.problems.map((p) => ({
			code: p.code,
			severity: p.severity,
			line: lines.lineAt(p.span.start),
			message: p.message,
		})),
		...(withStatistics ? { statistics: traceStatistics(analysis) } : {}),
	};
}

/**
 * The message that made the dialog a Replaces names, or null; null too where that is the message
 * itself (a REFER whose Refer-To names its own dialog, first seen in it: no other call).
 */
function replacedCall(analysis: TraceAnalysis, i: number): number | null {
	const creator = analysis.index.replacedDialog(i)?.creator ?? null;
	return creator === i ? null : creator;
}

/** Where a message went, as far as the log says: `src -> dst`, one side, or only sent/received. */
function path(m: SipMessage): string {
	const { src, dst, direction } = m.frame;
	if (src || dst) return `${src ?? '?'} -> ${dst ?? '?'}`;
	return direction === 'out' ? 'sent' : direction === 'in' ? 'received' : '';
}

function summary(analysis: TraceAnalysis, capture?: CaptureResult): string {
	const lines = new LineIndex(analysis.text);
	const rows = analysis.messages.map((m) => {
		const what = m.method ?? `${m.status ?? '?'} ${m.reason ?? ''}`.trim();
		const links: string[] = [];
		const { index } = analysis;
		const request = index.requestOf(m.index);
		if (request !== null) links.push(`answers #${request}`);
		const sub = isNotify(m.method) ? subscribeOfNotify(analysis, m.index) : null;
		if (sub != null) links.push(`subscription #${sub}`);
		const publish = isNotify(m.method)
			? index.publishOf(m.index)
			: m.method === 'PUBLISH'
				? index.publishRefreshed(m.index)
				: null;
		if (publish !== null) links.push(`publication #${publish}`);
		const composed = isNotify(m.method) ? index.publishesOf(m.index) : [];
		if (composed.length > 1 || (composed.length === 1 && composed[0] !== publish))
			links.push(`carries ${composed.map((p) => `#${p}`).join(',')}`);
		const challenge = index.challengeOf(m.index);
		if (challenge !== null) links.push(`retry after #${challenge}`);
		const notifies = m.method === 'PUBLISH' ? index.notifiesOf(m.index) : [];
		if (notifies.length) links.push(`notifies ${notifies.map((n) => `#${n}`).join(',')}`);
		const replaced = index.replacedDialog(m.index);
		if (replaced)
			links.push(
				replaced.creator === m.index
					? 'replaces its own call'
					: `replaces the call of #${replaced.creator}`,
			);
		return `#${m.index}\tline ${lines.lineAt(m.startLine.start) + 1}\t${m.frame.time ?? ''}\t${path(m)}\t${what}\t${m.callId ?? ''}\t${links.join('; ')}`;
	});
	const problems = analysis.problems.map(
		(p) => `line ${lines.lineAt(p.span.start) + 1}: ${p.severity} ${p.code}: ${p.message}`,
	);
	const from = capture ? `, from a ${capture.container} capture of ${capture.packets} packets` : '';
	return [
		`${analysis.messages.length} messages (${analysis.format}${from})`,
		...rows,
		...(problems.length ? ['', `${problems.length} problems`, ...problems] : []),
	].join('\n');
}

function main(argv: readonly string[]): number {
	const args = [...argv];
	const json = args.includes('--json');
	const stats = args.includes('--stats');
	const asText = args.includes('--text');
	const f = args.indexOf('--format');
	const format = f >= 0 ? args[f + 1] : undefined;
	const files = args.filter((a, i) => !a.startsWith('--') && (f < 0 || i !== f + 1));
	if (args.includes('--help') || files.length !== 1) {
		process.stderr.write(`${usage}\n`);
		return args.includes('--help') ? 0 : 2;
	}
	if (format !== undefined && !formats.includes(format as TraceFormat)) {
		process.stderr.write(`sip-trace: unknown format "${format}"; one of ${formats.join(', ')}\n`);
		return 2;
	}
	const name = files[0] === '-' ? 'the standard input' : files[0]!;
	let text: string;
	let capture: CaptureResult | undefined;
	try {
		// `-`: the standard input (`tshark -r x.pcap -V -O sip | sip-trace -`).
		const file = unwrapCompressed(readFileSync(files[0] === '-' ? 0 : files[0]!));
		const bytes = file.bytes;
		if (file.cutShort)
			process.stderr.write(
				`sip-trace: ${name}: the compressed stream ends early; read as far as it goes\n`,
			);
		if (containerOf(bytes)) {
			capture = readCapture(bytes);
			text = renderCapture(capture.messages);
		} else {
			// A byte order mark (Windows editors save UTF-8 with one, PowerShell UTF-16) is not the
			// trace's: VS Code leaves it out of the document, and so does the CLI, lines unchanged.
			text = traceText(bytes);
		}
	} catch (error) {
		process.stderr.write(
			`sip-trace: cannot read ${name}: ${error instanceof Error ? error.message : String(error)}\n`,
		);
		return 1;
	}
	if (capture && !json)
		for (const p of capture.problems)
			process.stderr.write(
				`sip-trace: ${name}${p.packet !== null ? ` packet ${p.packet}` : ''}: ${p.code}: ${p.message}\n`,
			);
	if (asText) {
		process.stdout.write(text);
		return capture && capture.messages.length === 0 ? 1 : 0;
	}
	const analysis = analyzeTrace(text, format ? { format: format as TraceFormat } : {});
	if (analysis.messages.length === 0) {
		const why = whyNoMessages(
			text,
			analysis.problems.some((p) => p.code === 'framing.no-start-line'),
		);
		// A format that was recognised is named: the text is a trace of it, its messages not there
		// (a paste that begins inside one, a log of only its own records). What was found about the
		// text still follows, for the problems it lists.
		// A capture was read (its container known): what it lacks its own problems said above.
		process.stderr.write(
			capture
				? `sip-trace: no SIP message found in ${name} (a ${capture.container} capture: ${json ? 'its problems are in capture.problems' : 'its problems above say why'})\n`
				: why !== null
					? `sip-trace: no SIP message found in ${name}: ${why}\n`
					: analysis.format === 'raw'
						? `sip-trace: no SIP message found in ${name} (unknown or unsupported format)\n`
						: `sip-trace: no SIP message found in ${name} (read as ${analysis.format})\n`,
		);
	}
	process.stdout.write(
		json
			? `${JSON.stringify(toJson(analysis, capture, stats))}\n`
			: stats
				? statisticsText(traceStatistics(analysis))
				: `${summary(analysis, capture)}\n`,
	);
	return analysis.messages.length === 0 ? 1 : 0;
}

// `sip-trace trace.log | head`: a reader that stops early closes the pipe; that ends the run
// quietly, as it ends `cat`, rather than in an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code !== 'EPIPE') throw error;
	process.exit(process.exitCode ?? 0);
});

process.exitCode = main(process.argv.slice(2));
