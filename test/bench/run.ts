// `npm run bench`: generates seeded traces, measures the core, the language server and, when
// installed, tshark and sngrep on the same traffic; prints a table and one JSON line per figure.
// Options: --large (adds 1,000,000 messages), --runs=N (repeats per figure, default 5).
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { benchDiagramCommand } from './diagramCommand';
import { generateTraffic, toHeaderLineText, toSngrepText, type Packet } from './generate';
import { toPcap } from './pcap';
import { benchServer } from './serverBench';
import { benchLargeOpen } from './largeOpen';
import type { PhaseFigures } from './phases';
import { median, spread } from './stats';

const root = join(__dirname, '..', '..');
const cache = join(root, '.cache', 'bench');
mkdirSync(cache, { recursive: true });
const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
const sizes = [10_000, 100_000, ...(args.includes('--large') ? [1_000_000] : [])];

// The core worker runs as a plain bundle: no tsx in the measured process.
const worker = join(cache, 'coreWorker.js');
buildSync({
	entryPoints: [join(__dirname, 'coreWorker.ts')],
	bundle: true,
	platform: 'node',
	target: 'node20',
	outfile: worker,
	logLevel: 'warning',
});

const figures: Record<string, unknown>[] = [];
const emit = (figure: Record<string, unknown>): void => {
	figures.push(figure);
	console.log(JSON.stringify(figure));
};

const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const timeCommand = (cmd: string, cmdArgs: string[]): number => {
	const t = performance.now();
	const r = spawnSync(cmd, cmdArgs, {
		stdio: ['ignore', 'ignore', 'ignore'],
		maxBuffer: 1 << 30,
		timeout: 300_000,
	});
	if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}`);
	return performance.now() - t;
};

function prepare(count: number): { headerLine: string; sngrep: string; pcap: string } {
	const base = join(cache, `trace-${count}`);
	const files = {
		headerLine: `${base}.headerline.log`,
		sngrep: `${base}.sngrep.txt`,
		pcap: `${base}.pcap`,
	};
	if (!existsSync(files.pcap)) {
		const packets = generateTraffic(count, 42);
		// Written in slices: the largest trace is longer than one JavaScript string can be.
		const writeText = (
			file: string,
			format: (slice: readonly Packet[]) => string,
			between: string,
		): void => {
			writeFileSync(file, '');
			for (let i = 0; i < packets.length; i += 10_000)
				appendFileSync(file, (i ? between : '') + format(packets.slice(i, i + 10_000)));
		};
		writeText(files.headerLine, toHeaderLineText, '\n');
		writeText(files.sngrep, toSngrepText, '');
		writeFileSync(files.pcap, toPcap(packets));
	}
	return files;
}

function coreRun(
	file: string,
	mode: 'core' | 'floor' | 'capture',
): {
	wallMs: number;
	workMs: number;
	maxRssBytes: number;
	heapUsedBytes: number;
	messages: number;
	textBytes: number;
	error?: string;
} {
	const t = performance.now();
	const out = execFileSync(process.execPath, ['--max-old-space-size=16384', worker, file, mode], {
		maxBuffer: 1 << 20,
	}).toString();
	return { wallMs: performance.now() - t, ...JSON.parse(out) };
}

function phaseRun(file: string, mode: 'phases' | 'phases-warm' = 'phases'): PhaseFigures {
	const out = execFileSync(
		process.execPath,
		['--expose-gc', '--max-old-space-size=16384', worker, file, mode],
		{ maxBuffer: 1 << 20 },
	).toString();
	return JSON.parse(out) as PhaseFigures;
}

async function main(): Promise<void> {
	console.log(
		`# machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
	);
	const rows: string[][] = [];
	for (const count of sizes) {
		const files = prepare(count);
		const mb = statSync(files.headerLine).size / 1e6;
		const probe = coreRun(files.headerLine, 'floor');
		if (probe.error) {
			emit({ figure: 'core', messages: count, mb, error: probe.error });
			rows.push(['core', String(count), mb.toFixed(1), '-', '-', `not analysed: ${probe.error}`]);
			continue;
		}
		for (const format of ['headerLine', 'sngrep'] as const) {
			const results = Array.from({ length: count >= 1_000_000 ? Math.min(runs, 2) : runs }, () =>
				coreRun(files[format], 'core'),
			);
			const wall = results.map((r) => r.wallMs);
			const mbps = mb / (median(wall) / 1000);
			const rss = median(results.map((r) => r.maxRssBytes)) / 1e6;
			emit({
				figure: 'core',
				format,
				messages: count,
				mb,
				wallMsMedian: median(wall),
				wallMsSpread: spread(wall),
				mbPerSec: mbps,
				messagesPerSec: results[0]!.messages / (median(wall) / 1000),
				maxRssMb: rss,
				rssOverText: rss / mb,
				heapUsedMb: median(results.map((r) => r.heapUsedBytes)) / 1e6,
			});
			rows.push([
				`core ${format}`,
				String(count),
				mb.toFixed(1),
				`${median(wall).toFixed(0)} (${spread(wall)})`,
				mbps.toFixed(0),
				`${rss.toFixed(0)} MB (${(rss / mb).toFixed(2)}x)`,
			]);
		}
		const floor = Array.from({ length: runs }, () => coreRun(files.headerLine, 'floor').wallMs);
		emit({
			figure: 'floor',
			messages: count,
			wallMsMedian: median(floor),
			wallMsSpread: spread(floor),
		});
		rows.push([
			'read+scan floor',
			String(count),
			mb.toFixed(1),
			`${median(floor).toFixed(0)} (${spread(floor)})`,
			(mb / (median(floor) / 1000)).toFixed(0),
			'',
		]);
		// The stages as the speed target names them, and what the analysis keeps beside the text.
		const phases = Array.from({ length: Math.min(runs, 3) }, () => phaseRun(files.headerLine));
		const stage = (key: keyof PhaseFigures): number => median(phases.map((p) => p[key]));
		const coreMs = stage('framingMs') + stage('parsingMs') + stage('indexingMs');
		const keptMb = stage('keptBytes') / 1e6;
		// Kept memory once the code is compiled: the trace's own cost (see phases.ts).
		const warmKept = Array.from({ length: Math.min(runs, 3) }, () =>
			phaseRun(files.headerLine, 'phases-warm'),
		);
		const keptWarmMb = median(warmKept.map((p) => p.keptBytes)) / 1e6;
		emit({
			figure: 'phases',
			messages: count,
			mb,
			framingMs: stage('framingMs'),
			parsingMs: stage('parsingMs'),
			indexingMs: stage('indexingMs'),
			lintMs: stage('lintMs'),
			framingParsingIndexingMbPerSec: mb / (coreMs / 1000),
			keptMb,
			keptOverText: keptMb / mb,
			keptWarmMb,
			keptWarmOverText: keptWarmMb / mb,
		});
		rows.push([
			'framing + parsing + indexing',
			String(count),
			mb.toFixed(1),
			`${coreMs.toFixed(0)} (${stage('framingMs').toFixed(0)} + ${stage('parsingMs').toFixed(0)} + ${stage('indexingMs').toFixed(0)})`,
			(mb / (coreMs / 1000)).toFixed(0),
			`lint ${stage('lintMs').toFixed(0)} ms; heap kept beside the text ${keptMb.toFixed(1)} MB (${(keptMb / mb).toFixed(2)}x), after a warm-up ${keptWarmMb.toFixed(1)} MB (${(keptWarmMb / mb).toFixed(2)}x)`,
		]);
		const coreMedian = median(
			Array.from({ length: 3 }, () => coreRun(files.headerLine, 'core').wallMs),
		);
		emit({ figure: 'ratio-floor', messages: count, oursOverFloor: coreMedian / median(floor) });
		// The same traffic from its pcap: read, rendered as a trace and analysed, as Open Capture
		// does, beside the tools below that read the pcap.
		const fromCapture = Array.from({ length: Math.min(runs, 3) }, () =>
			coreRun(files.pcap, 'capture'),
		);
		const captureWall = fromCapture.map((r) => r.wallMs);
		const captureRss = median(fromCapture.map((r) => r.maxRssBytes)) / 1e6;
		emit({
			figure: 'capture',
			messages: count,
			mb: statSync(files.pcap).size / 1e6,
			wallMsMedian: median(captureWall),
			wallMsSpread: spread(captureWall),
			maxRssMb: captureRss,
		});
		rows.push([
			'pcap read, rendered, analysed',
			String(count),
			(statSync(files.pcap).size / 1e6).toFixed(1),
			`${median(captureWall).toFixed(0)} (${spread(captureWall)})`,
			(statSync(files.pcap).size / 1e6 / (median(captureWall) / 1000)).toFixed(0),
			`${captureRss.toFixed(0)} MB`,
		]);
		for (const [tool, cmd, cmdArgs] of [
			[
				'tshark',
				'tshark',
				['-r', files.pcap, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Call-ID', '-e', 'sip.CSeq'],
			],
			['sngrep', 'sngrep', ['-I', files.pcap, '-N', '-q', '-l', '1000000']],
		] as const) {
			if (!has(cmd) || count > 100_000) continue;
			const times = Array.from({ length: Math.min(runs, 3) }, () => timeCommand(cmd, [...cmdArgs]));
			emit({
				figure: tool,
				messages: count,
				wallMsMedian: median(times),
				wallMsSpread: spread(times),
				theirsOverOurs: median(times) / coreMedian,
			});
			rows.push([
				tool,
				String(count),
				mb.toFixed(1),
				`${median(times).toFixed(0)} (${spread(times)})`,
				(mb / (median(times) / 1000)).toFixed(0),
				`${tool} / ours: ${(median(times) / coreMedian).toFixed(2)}`,
			]);
		}
		if (count === 100_000) {
			const s = await benchServer(files.headerLine);
			emit({ figure: 'server', messages: count, ...s });
			rows.push([
				'server: open → first diagnostics',
				String(count),
				mb.toFixed(1),
				s.firstDiagnosticsMs.toFixed(0),
				'',
				'the first look: faults of the first screens',
			]);
			rows.push([
				'server: open → all diagnostics',
				String(count),
				mb.toFixed(1),
				s.allDiagnosticsMs.toFixed(0),
				'',
				'the whole analysis',
			]);
			if (s.serverRssMb)
				rows.push([
					'server: resident memory once analysed (peak)',
					String(count),
					mb.toFixed(1),
					'',
					'',
					`${s.serverRssMb.analysed.toFixed(0)} MB (${(s.serverRssMb.analysed / mb).toFixed(1)}x the text), peak ${s.serverRssMb.peak.toFixed(0)} MB`,
				]);
			rows.push([
				'server: hover p50/p99 ms',
				'',
				'',
				`${s.hover.p50.toFixed(2)} / ${s.hover.p99.toFixed(2)}`,
				'',
				'',
			]);
			rows.push([
				'server: definition p50/p99 ms',
				'',
				'',
				`${s.definition.p50.toFixed(2)} / ${s.definition.p99.toFixed(2)}`,
				'',
				'',
			]);
			rows.push([
				'server: references p50/p99 ms',
				'',
				'',
				`${s.references.p50.toFixed(2)} / ${s.references.p99.toFixed(2)}`,
				'',
				'',
			]);
			rows.push([
				'server: semantic tokens (60 lines) p50/p99 ms',
				'',
				'',
				`${s.semanticTokensRangeMs.p50.toFixed(2)} / ${s.semanticTokensRangeMs.p99.toFixed(2)}`,
				'',
				'',
			]);
			rows.push([
				'server: one-char edit re-analysed, median of 3 depths',
				'',
				'',
				s.editReanalysisMs.toFixed(0),
				'',
				'',
			]);
			rows.push(['server: diagram model', '', '', s.ladderMs.toFixed(0), '', '']);
			// What the user waits for after the command: the first diagram request of a fresh server
			// whose analysis is done, then its reply posted to the built diagram in Chromium, to the
			// first frame painted (the webview tests' Chromium; skipped where it is not installed).
			if (existsSync('/usr/bin/chromium')) {
				const d = await benchDiagramCommand(files.headerLine, runs);
				emit({
					figure: 'diagram-command',
					messages: count,
					arrows: d.arrows,
					replyMb: d.replyMb,
					requestMsMedian: d.requestMsMedian,
					requestMsSpread: d.requestMsSpread,
					warmRequestMsMedian: d.warmRequestMsMedian,
					drawMsMedian: d.drawMsMedian,
					drawMsSpread: d.drawMsSpread,
					wallMsMedian: d.totalMsMedian,
					openedRequestMsMedian: d.openedRequestMsMedian,
					openedWallMsMedian: d.openedTotalMsMedian,
					scrollFrameMsMedian: d.scrollFrameMsMedian,
					scrollFrameMsP95: d.scrollFrameMsP95,
					wheelFrameMsMedian: d.wheelFrameMsMedian,
					wheelFrameMsP95: d.wheelFrameMsP95,
					domArrows: d.domArrows,
				});
				rows.push([
					'diagram: request (first, analysis done)',
					String(count),
					d.replyMb.toFixed(1),
					`${d.requestMsMedian.toFixed(0)} (${d.requestMsSpread})`,
					'',
					`asked again: ${d.warmRequestMsMedian.toFixed(0)} ms`,
				]);
				rows.push([
					'diagram: reply posted to first frame, Chromium',
					String(count),
					'',
					`${d.drawMsMedian.toFixed(0)} (${d.drawMsSpread})`,
					'',
					`${d.domArrows} arrows in the DOM`,
				]);
				rows.push([
					'diagram: command to first frame, right after the analysis',
					String(count),
					'',
					d.totalMsMedian.toFixed(0),
					'',
					'sum of the two medians above',
				]);
				rows.push([
					'diagram: command to first frame, trace open a moment',
					String(count),
					'',
					d.openedTotalMsMedian.toFixed(0),
					'',
					`request ${d.openedRequestMsMedian.toFixed(0)} ms (model prepared in the background) + first frame`,
				]);
				rows.push([
					'diagram: scroll a screen or jump, to next frame painted, median / p95',
					String(count),
					'',
					`${d.scrollFrameMsMedian.toFixed(1)} / ${d.scrollFrameMsP95.toFixed(1)}`,
					'',
					'every row in view new',
				]);
				rows.push([
					'diagram: scroll a wheel notch (3 rows), to next frame painted, median / p95',
					String(count),
					'',
					`${d.wheelFrameMsMedian.toFixed(1)} / ${d.wheelFrameMsP95.toFixed(1)}`,
					'',
					'rows still in view kept',
				]);
			}
		}
	}
	if (args.includes('--large')) {
		// About 200 MB: beyond what VS Code hands to extensions, opened from disk by the server.
		const file = join(cache, 'trace-large-open.headerline.log');
		if (!existsSync(file)) writeFileSync(file, toHeaderLineText(generateTraffic(370_000, 43)));
		const l = await benchLargeOpen(file);
		emit({ figure: 'large-open', ...l });
		rows.push([
			'server: open from disk (sipTrace/openLargeTrace)',
			String(l.messages),
			l.mb.toFixed(1),
			l.openMs.toFixed(0),
			(l.mb / (l.openMs / 1000)).toFixed(0),
			`peak RSS ${l.serverPeakRssMb?.toFixed(0) ?? '?'} MB; dialogs tree ${l.dialogsMs.toFixed(0)} ms (${l.dialogs} entries); diagram ${l.ladderMs.toFixed(0)} ms (${l.arrows} arrows)`,
		]);
	}
	console.log(
		'\n| figure | messages | MB | ms median (spread) | MB/s | note |\n| --- | --- | --- | --- | --- | --- |',
	);
	for (const r of rows) console.log(`| ${r.join(' | ')} |`);
	const core = figures.filter((f) => f.figure === 'core' && typeof f.wallMsMedian === 'number');
	if (core.length >= 2) {
		const small = core.find((f) => f.messages === sizes[0])!.wallMsMedian as number;
		const big = core.find((f) => f.messages === sizes[sizes.length - 1])!.wallMsMedian as number;
		console.log(
			`\ngrowth: ${sizes[sizes.length - 1]} messages take ${(big / small).toFixed(1)}x the time of ${sizes[0]}`,
		);
	}
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
