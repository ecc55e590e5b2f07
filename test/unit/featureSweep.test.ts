// Every feature of the language server on every text fixture, at several places of every line:
// the real and hostile traces the product is judged on are hovered, followed and folded
// anywhere, not only where other tests look. Outputs are not checked here, only what a user
// relies on in any answer (see featureInvariants.ts): nothing throws, every range lies in the
// document, links land on start lines, the outline nests, tokens fit their lines, trace text in
// Markdown stays text, the diagram names existing messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Position } from 'vscode-languageserver';
import { createTraceDocument, type TraceDocument } from '../../server/src/traceDocument';
import { provideHover } from '../../server/src/features/hover';
import { provideDefinition } from '../../server/src/features/definition';
import { provideReferences } from '../../server/src/features/references';
import { provideDocumentHighlights } from '../../server/src/features/documentHighlights';
import { provideDocumentSymbols } from '../../server/src/features/documentSymbols';
import { provideFoldingRanges } from '../../server/src/features/foldingRanges';
import {
	SemanticTokensProvider,
	semanticTokensLegend,
} from '../../server/src/features/semanticTokens';
import { provideCodeLenses } from '../../server/src/features/codeLens';
import { provideInlayHints } from '../../server/src/features/inlayHints';
import { computeDiagnostics } from '../../server/src/features/diagnostics';
import { buildLadder } from '../../server/src/features/ladder';
import { statisticsMarkdown, fileNameOf } from '../../server/src/features/statistics';
import { provideWorkspaceSymbols } from '../../server/src/features/workspaceSymbols';
import { toOffset } from '../../server/src/features/convert';
import { traceStatistics } from '../../server/src/core/statistics';
import { messageAt } from '../../server/src/core/query';
import { extractCall } from '../../server/src/core/extractCall';
import type { LadderView } from '../../server/src/protocol/ladder';
import {
	ladderFaults,
	lineLengths,
	locationFaults,
	markdownFaults,
	positionFaults,
	rangeFaults,
	startLineRanges,
	symbolFaults,
	targetFaults,
	tokenFaults,
} from './featureInvariants';

const fixtures = join(__dirname, '..', 'fixtures');

/**
 * Text fixtures: traces and bodies as tools and people wrote them (tshark's JSON too); not
 * captures, not notes.
 */
function textFixtures(dir: string, out: string[] = []): string[] {
	for (const name of readdirSync(dir).sort()) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) textFixtures(path, out);
		else if (
			name.endsWith('.tshark.json') ||
			!/\.(pcap|pcapng|cap|gz|json|md|mjs|js|ts|py|sh)$/i.test(name)
		)
			out.push(path);
	}
	return out;
}

/** Every line of a file up to this many lines; past it, lines evenly spread, as many. */
const linesSwept = 4000;
const views: readonly LadderView[] = ['network', 'entities'];

/** Where a user puts the cursor on a line: its start, after its first colon, middle, end, past it. */
function positionsOn(line: number, text: string): Position[] {
	const colon = text.indexOf(':');
	const characters = new Set([
		0,
		...(colon >= 0 ? [colon + 1] : []),
		text.length >> 1,
		text.length,
		text.length + 1,
	]);
	return [...characters].map((character) => ({ line, character }));
}

function sweep(doc: TraceDocument): string[] {
	const faults: string[] = [];
	const note = (more: readonly string[]): void => {
		if (faults.length < 40) faults.push(...more);
	};
	const run = <T>(what: string, f: () => T): T | undefined => {
		try {
			return f();
		} catch (error) {
			note([
				`${what} threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
			]);
			return undefined;
		}
	};
	const { analysis } = doc;
	const lengths = lineLengths(doc);
	const lineCount = lengths.length;
	const targets = startLineRanges(doc);
	const last: Position = { line: lineCount - 1, character: lengths[lineCount - 1]! };
	const middle = lineCount >> 1;
	const thirds: Position[] = [
		{ line: Math.floor(lineCount / 3), character: 0 },
		{ line: Math.floor((2 * lineCount) / 3), character: 0 },
	];

	// Per document, once.
	const symbols = run('documentSymbols', () => provideDocumentSymbols(doc));
	if (symbols) note(symbolFaults(lengths, symbols));
	for (const f of run('foldingRanges', () => provideFoldingRanges(doc)) ?? []) {
		if (!(f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < lineCount))
			note([`folding range ${f.startLine}-${f.endLine} of ${lineCount} lines`]);
	}
	const tokens = new SemanticTokensProvider();
	const types = semanticTokensLegend.tokenTypes.length;
	const full = run('semanticTokens full', () => tokens.full(doc));
	if (full) note(tokenFaults(lengths, full, types, 'semanticTokens full'));
	run('semanticTokens delta', () => tokens.delta(doc, full?.resultId ?? ''));
	const ranges: [Position, Position][] = [
		[{ line: 0, character: 0 }, last],
		[
			{ line: 0, character: 0 },
			{ line: middle, character: 0 },
		],
		[{ line: middle, character: 3 }, last],
		[thirds[0]!, thirds[1]!],
	];
	for (const [start, end] of ranges) {
		const what = `semanticTokens range ${start.line}-${end.line}`;
		const got = run(what, () => tokens.range(doc, toOffset(doc, start), toOffset(doc, end)));
		if (got) note(tokenFaults(lengths, got, types, what));
	}
	for (const lens of run('codeLenses', () => provideCodeLenses(doc)) ?? []) {
		note(rangeFaults(lengths, lens.range, 'code lens'));
		if (!lens.command?.title) note([`code lens at line ${lens.range.start.line} without a title`]);
	}
	for (const [start, end] of [
		[{ line: 0, character: 0 }, last],
		[thirds[0]!, thirds[1]!],
	] as const) {
		const what = `inlayHints ${start.line}-${end.line}`;
		for (const hint of run(what, () => provideInlayHints(doc, { start, end })) ?? []) {
			note(positionFaults(lengths, hint.position, what));
			if (typeof hint.label !== 'string' || !hint.label) note([`${what}: a hint without a label`]);
		}
	}
	for (const d of run('diagnostics', () => computeDiagnostics(doc, {})) ?? []) {
		const what = `diagnostic ${String(d.code)}`;
		note(rangeFaults(lengths, d.range, what));
		if (!d.message) note([`${what} without a message`]);
		for (const r of d.relatedInformation ?? [])
			note(locationFaults(doc, lengths, r.location, `${what} related`));
	}
	for (const view of views) {
		const what = `ladder ${view}`;
		const ladder = run(what, () =>
			buildLadder(analysis, doc.uri, doc.version, view, (offset) => doc.lines.lineAt(offset)),
		);
		if (ladder) note(ladderFaults(ladder, analysis.messages.length, lineCount, what));
		run(`${what} as sent`, () => JSON.stringify(ladder));
	}
	const markdown = run('statistics', () =>
		statisticsMarkdown(traceStatistics(analysis), fileNameOf(doc.uri)),
	);
	if (markdown !== undefined) note(markdownFaults(markdown, 'statistics'));
	for (const s of run('workspaceSymbols', () => provideWorkspaceSymbols([doc], '')) ?? [])
		if ('range' in s.location) note(locationFaults(doc, lengths, s.location, 'workspace symbol'));
	// Extract Call from each call's first message.
	const calls = new Set<string>();
	for (const m of analysis.messages) {
		if (!m.callId || calls.has(m.callId)) continue;
		calls.add(m.callId);
		const call = run(`extractCall ${m.index}`, () => extractCall(analysis, m.index));
		if (call && !(call.text && call.messages.includes(m.index)))
			note([`extractCall ${m.index}: the call taken lacks its own message`]);
	}

	// Per position.
	const step = Math.max(1, lineCount / linesSwept);
	for (let at = 0; at < lineCount; at += step) {
		const line = Math.floor(at);
		const text = doc.analysis.text.slice(
			doc.lines.lineStart(line),
			doc.lines.lineStart(line) + lengths[line]!,
		);
		for (const p of positionsOn(line, text)) {
			const where = `${p.line}:${p.character}`;
			const message = run(`messageAt ${where}`, () => messageAt(analysis, toOffset(doc, p)));
			if (message && analysis.messages[message.index] !== message)
				note([`messageAt ${where}: a message not in the trace`]);
			const hover = run(`hover ${where}`, () => provideHover(doc, p));
			if (hover) {
				const contents = hover.contents as { kind?: string; value?: unknown };
				note(markdownFaults(contents.value, `hover ${where}`));
				if (hover.range) note(rangeFaults(lengths, hover.range, `hover ${where} range`));
			}
			const definition = run(`definition ${where}`, () => provideDefinition(doc, p));
			for (const l of definition ? [definition].flat() : [])
				note(targetFaults(doc, lengths, targets, l, `definition ${where}`));
			for (const l of run(`references ${where}`, () => provideReferences(doc, p, true)) ?? [])
				note(targetFaults(doc, lengths, targets, l, `references ${where}`));
			for (const h of run(`highlights ${where}`, () => provideDocumentHighlights(doc, p)) ?? [])
				note(rangeFaults(lengths, h.range, `highlight ${where}`));
		}
	}
	return faults;
}

for (const path of textFixtures(fixtures)) {
	const name = relative(fixtures, path);
	void test(`every feature everywhere on ${name}`, () => {
		const bytes = readFileSync(path);
		const text = bytes.toString('utf8');
		// As the editor opens it; a file that is not UTF-8 also as an editor set to Latin-1 shows it.
		const readings = text.includes('\uFFFD') ? [text, bytes.toString('latin1')] : [text];
		for (const reading of readings) {
			const doc = createTraceDocument(`file:///fixtures/${name}`, 1, reading, undefined);
			const faults = sweep(doc);
			assert.deepEqual(faults, [], `${name}:\n${faults.join('\n')}`);
		}
	});
}
