// Latency of the language server over stdio on one trace, as an editor would see it.
import { readFileSync } from 'node:fs';
import { LspClient } from '../lsp/lspClient';
import { rng } from './generate';
import { median, percentile } from './stats';

export interface ServerFigures {
	/** Open to the first diagnostics shown (on a large trace, the first look's). */
	firstDiagnosticsMs: number;
	/** Open to the whole analysis's diagnostics (its work-done progress ended). */
	allDiagnosticsMs: number;
	hover: { p50: number; p99: number };
	definition: { p50: number; p99: number };
	references: { p50: number; p99: number };
	semanticTokensRangeMs: { p50: number; p99: number };
	editReanalysisMs: number;
	ladderMs: number;
	/** The server process's resident memory once the trace is analysed, and its peak; null off Linux. */
	serverRssMb: { analysed: number; peak: number } | null;
}

/** VmRSS and VmHWM (peak) of a process, from /proc: what the trace costs the machine. */
function residentMb(pid: number | undefined): { analysed: number; peak: number } | null {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
		const analysed = kb('VmRSS') / 1024;
		const peak = kb('VmHWM') / 1024;
		return Number.isFinite(analysed) && Number.isFinite(peak) ? { analysed, peak } : null;
	} catch {
		return null;
	}
}

const elapsed = async (run: () => Promise<unknown>): Promise<number> => {
	const t = performance.now();
	await run();
	return performance.now() - t;
};

export async function benchServer(file: string, samples = 200): Promise<ServerFigures> {
	const text = readFileSync(file, 'utf8');
	const lines = text.split('\n');
	const uri = `file://${file}`;
	const client = new LspClient();
	await client.initialize();
	const opened = performance.now();
	await client.open(uri, text, 1);
	await client.diagnostics(uri, 1);
	const firstDiagnosticsMs = performance.now() - opened;
	await client.analysedDiagnostics(uri);
	const allDiagnosticsMs = performance.now() - opened;
	const serverRssMb = residentMb(client.pid);
	const rand = rng(7);
	const position = () => {
		const line = Math.floor(rand() * lines.length);
		return { line, character: Math.floor(rand() * Math.max(1, lines[line]!.length)) };
	};
	const latencies = async (method: string, extra: object = {}) => {
		const xs: number[] = [];
		for (let i = 0; i < samples; i++)
			xs.push(
				await elapsed(() =>
					client.request(method, { textDocument: { uri }, position: position(), ...extra }),
				),
			);
		return { p50: median(xs), p99: percentile(xs, 99) };
	};
	const hover = await latencies('textDocument/hover');
	const definition = await latencies('textDocument/definition');
	const references = await latencies('textDocument/references', {
		context: { includeDeclaration: true },
	});
	const tokenTimes: number[] = [];
	for (let i = 0; i < 50; i++) {
		const start = Math.floor(rand() * Math.max(1, lines.length - 60));
		tokenTimes.push(
			await elapsed(() =>
				client.request('textDocument/semanticTokens/range', {
					textDocument: { uri },
					range: { start: { line: start, character: 0 }, end: { line: start + 60, character: 0 } },
				}),
			),
		);
	}
	// The diagram model first: after the edits below, the background re-analysis would share the CPU.
	const ladderMs = await elapsed(() => client.request('sipTrace/ladder', { uri, view: 'network' }));
	// One-character edits at different depths, each followed by a request that needs its analysis.
	const editTimes: number[] = [];
	for (const [k, depth] of [0.5, 0.25, 0.75].entries()) {
		const line = Math.floor(lines.length * depth);
		editTimes.push(
			await elapsed(async () => {
				await client.connection.sendNotification('textDocument/didChange', {
					textDocument: { uri, version: 2 + k },
					contentChanges: [
						{
							range: { start: { line, character: 0 }, end: { line, character: 0 } },
							text: 'X',
						},
					],
				});
				await client.request('textDocument/hover', {
					textDocument: { uri },
					position: { line, character: 0 },
				});
			}),
		);
	}
	const editReanalysisMs = median(editTimes);
	await client.shutdown();
	return {
		firstDiagnosticsMs,
		allDiagnosticsMs,
		hover,
		definition,
		references,
		semanticTokensRangeMs: { p50: median(tokenTimes), p99: percentile(tokenTimes, 99) },
		editReanalysisMs,
		ladderMs,
		serverRssMb,
	};
}
