import {
	ResponseError,
	TextDocumentSyncKind,
	TextDocuments,
	type CancellationToken,
	type Connection,
	type InitializeResult,
	type WorkspaceSymbol,
	type WorkDoneProgressReporter,
	type WorkspaceSymbolParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readCaptureFile, renderCaptureInSteps } from './captureFiles';
import { extractCall } from './core/extractCall';
import { traceStatistics } from './core/statistics';
import { firstLook } from './core/firstLook';
import { recognizeTrace } from './core/recognizeTrace';
import { LineIndex } from './core/text/lineIndex';
import { messageAt } from './core/query';
import { AnalysisCache, AnalysisSuperseded } from './analysisCache';
import { prefetchBodies, warmBodyDecoder, type BodyCheckThread } from './bodyPrefetch';
import { provideCodeLenses } from './features/codeLens';
import { toOffset } from './features/convert';
import { computeDiagnostics } from './features/diagnostics';
import { provideDefinition } from './features/definition';
import { provideDocumentHighlights } from './features/documentHighlights';
import { provideDocumentSymbols } from './features/documentSymbols';
import { provideFoldingRanges } from './features/foldingRanges';
import { provideHover } from './features/hover';
import { provideInlayHints } from './features/inlayHints';
import { buildLadder, ladderSteps } from './features/ladder';
import { provideReferences } from './features/references';
import { SemanticTokensProvider, semanticTokensLegend } from './features/semanticTokens';
import { fileNameOf, statisticsMarkdown } from './features/statistics';
import { provideWorkspaceSymbols } from './features/workspaceSymbols';
import {
	closeLargeTraceNotification,
	ladderRequest,
	messageAtRequest,
	extractCallRequest,
	type ExtractCallParams,
	type ExtractCallResult,
	openLargeTraceRequest,
	renderCaptureRequest,
	type RenderCaptureParams,
	type RenderCaptureResult,
	type CloseLargeTraceParams,
	type OpenLargeTraceParams,
	type OpenLargeTraceResult,
	type LadderParams,
	type LadderResult,
	type MessageAtParams,
	type MessageAtResult,
	recognizeTraceRequest,
	type RecognizeTraceParams,
	type RecognizeTraceResult,
	statisticsRequest,
	type StatisticsParams,
	type StatisticsResult,
} from './protocol/lspExt';
import { checkpoint, guardFeature, requestCancelled, untilCancelled } from './guard';
import { runSteps, type Steps } from './core/steps';
import { readLargeTrace } from './largeTraces';
import { defaultSettings, parseSettings, type ServerSettings } from './settings';
import type { TraceDocument } from './traceDocument';
import { appendAll } from './core/append';

/** Documents from this size on (about a quarter of a second of analysis) report progress. */
const progressFromChars = 4_000_000;

/** Diagnostics wait this long after the last keystroke, so typing stays smooth on big traces. */
const diagnosticsDelayMs = 150;

export interface ServerOptions {
	/** Features made to throw, for tests (`SIP_TRACE_FAULT_INJECTION`, read by `main.ts`). */
	readonly faults?: ReadonlySet<string>;
	/** Where bodies are checked while a trace is parsed; without it, lint checks them all. */
	readonly bodyChecks?: BodyCheckThread;
}

/** Wires the features to a connection. `main.ts` makes the connection; tests may pass their own. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
	const documents = new TextDocuments(TextDocument);
	const { bodyChecks } = options;
	const hooksFor = bodyChecks ? (text: string) => prefetchBodies(bodyChecks, text) : undefined;
	const cache = new AnalysisCache(hooksFor);
	const semanticTokens = new SemanticTokensProvider();
	const pending = new Map<string, ReturnType<typeof setTimeout>>();
	let settings: ServerSettings = defaultSettings;
	let canPullConfiguration = false;

	/**
	 * The analysis of a document's current version, made in steps (requests for other documents,
	 * cancels and edits are served meanwhile). A cancel ends the wait, not the analysis, which
	 * others will want; an edit ends the analysis of the outdated version, and this waits for the
	 * new one.
	 */
	const analysed = async (
		uri: string,
		token: CancellationToken,
	): Promise<TraceDocument | undefined> => {
		lastRequestAt = performance.now();
		for (;;) {
			const source = documents.get(uri);
			if (!source) return cache.peek(uri);
			try {
				const doc = await untilCancelled(cache.ensure(source), token);
				if (documents.get(uri) === source && doc.version === source.version) return doc;
			} catch (error) {
				if (!(error instanceof AnalysisSuperseded)) throw error;
			}
		}
	};

	/**
	 * A failure inside one feature is logged and answered with the feature's empty result; the
	 * server keeps serving. A document the server does not know gets the empty result too. A
	 * cancelled request is answered with RequestCancelled (see `guard.ts`).
	 */
	const guard = <P extends { textDocument: { uri: string } }, R>(
		name: string,
		empty: R,
		run: (doc: TraceDocument, params: P, token: CancellationToken) => R | Promise<R>,
	) =>
		guardFeature<P, R>(
			name,
			empty,
			connection.console,
			async (params, token) => {
				const doc = await analysed(params.textDocument.uri, token);
				return doc ? run(doc, params, token) : empty;
			},
			options.faults,
		);
	/**
	 * For features that walk the whole trace: the analysis of a large document, the walk and the
	 * answer are separated by checkpoints, where a cancel that arrived meanwhile stops the request.
	 */
	const guardLong = <P extends { textDocument: { uri: string } }, R>(
		name: string,
		empty: R,
		run: (doc: TraceDocument, params: P) => R,
	) =>
		guard<P, R>(name, empty, async (doc, params, token) => {
			await checkpoint(token);
			const result = run(doc, params);
			await checkpoint(token);
			return result;
		});

	const publishDiagnostics = async (uri: string): Promise<void> => {
		pending.delete(uri);
		const source = documents.get(uri);
		// Analysing a large trace takes a moment: the editor shows it as work in progress.
		const progress =
			source && !cache.has(source) && source.getText().length >= progressFromChars
				? await connection.window.createWorkDoneProgress()
				: undefined;
		progress?.begin(
			'Analysing SIP trace',
			0,
			`${(source!.getText().length / 1e6).toFixed(0)} MB`,
			false,
		);
		// A trace just opened: what its beginning shows about itself is shown at once. (After an
		// edit, the previous version's diagnostics stay until the new ones replace them.)
		if (progress && source && !cache.peek(uri))
			publishFirstLook(uri, source.version, source.getText());
		let shown = 0;
		const report = (fraction: number): void => {
			const percent = Math.floor(fraction * 100);
			if (percent > shown) progress?.report((shown = percent));
		};
		let doc: TraceDocument | undefined;
		try {
			doc = source ? await cache.ensure(source, progress && report) : cache.peek(uri);
		} catch (error) {
			// An edit or a close: the newer version's diagnostics are scheduled, or none are needed.
			if (error instanceof AnalysisSuperseded) return;
			throw error;
		} finally {
			progress?.done();
		}
		if (!doc) return;
		// After the analysis, let edits and closes that arrived meanwhile in: an edit schedules a
		// newer run, and a closed document needs none.
		await new Promise<void>((resolve) => setImmediate(resolve));
		if (pending.has(uri) || (!documents.get(uri) && cache.peek(uri) !== doc)) return;
		try {
			void connection.sendDiagnostics({
				uri,
				version: doc.version,
				diagnostics: computeDiagnostics(doc, settings.rules),
			});
		} catch (error) {
			connection.console.error(`diagnostics failed: ${String(error)}`);
		}
		prepareDiagram(uri, doc);
	};
	/**
	 * The faults of the first few thousand messages of a large trace that their own text decides
	 * (see `firstLook`), published before the whole analysis is done; its diagnostics, which
	 * include all of these, replace them.
	 */
	const publishFirstLook = (uri: string, version: number, text: string): void => {
		try {
			const look = firstLook(text, settings.format ? { format: settings.format } : {});
			if (!look) return;
			const doc: TraceDocument = {
				uri,
				version,
				analysis: look.analysis,
				lines: new LineIndex(look.analysis.text),
			};
			void connection.sendDiagnostics({
				uri,
				version,
				diagnostics: computeDiagnostics(doc, settings.rules, look.problems),
			});
		} catch (error) {
			connection.console.error(`first look failed: ${String(error)}`);
		}
	};
	/**
	 * Once a trace is analysed and its diagnostics are out, what the first requests on it need is
	 * made while the editor is idle: the diagram model of the default view, so that showing the
	 * diagram only sends it. In steps of a few milliseconds, only after half a second without
	 * requests and not in the half second after the diagnostics (a user starting to read or hover
	 * is answered first), given up when the document changes or closes. A request that needs it
	 * finishes it at once.
	 */
	const preparing = new Map<string, Steps<unknown>[]>();
	let lastRequestAt = 0;
	const idleAfterMs = 500;
	const prepareDiagram = (uri: string, doc: TraceDocument): void => {
		const current = (): boolean => {
			const source = documents.get(uri);
			return (
				(source ? source.version === doc.version : cache.peek(uri) === doc) && !pending.has(uri)
			);
		};
		const lineOf = (offset: number): number => doc.lines.lineAt(offset);
		const work: Steps<unknown>[] = [
			ladderSteps(doc.analysis, doc.uri, doc.version, 'network', lineOf),
		];
		preparing.set(uri, work);
		const published = performance.now();
		const busySince = (): number => Math.max(lastRequestAt, published);
		void (async () => {
			try {
				for (const steps of work) {
					for (let done = false; !done;) {
						const quiet = idleAfterMs - (performance.now() - busySince());
						await new Promise<void>((resolve) =>
							quiet > 0 ? setTimeout(resolve, quiet) : setImmediate(resolve),
						);
						if (preparing.get(uri) !== work || !current()) return;
						if (performance.now() - busySince() < idleAfterMs) continue;
						const until = performance.now() + 4;
						while (!done && performance.now() < until) done = !!steps.next().done;
					}
				}
			} catch (error) {
				connection.console.error(`preparing the diagram failed: ${String(error)}`);
			} finally {
				if (preparing.get(uri) === work) preparing.delete(uri);
			}
		})();
	};
	/** What is being prepared for `uri`, finished now (a request needs it). */
	const finishPreparing = (uri: string): void => {
		for (const steps of preparing.get(uri) ?? []) runSteps(steps);
	};
	const scheduleDiagnostics = (uri: string, delay: number): void => {
		clearTimeout(pending.get(uri));
		pending.set(
			uri,
			setTimeout(() => void publishDiagnostics(uri), delay),
		);
	};

	const reloadSettings = async (): Promise<void> => {
		if (canPullConfiguration) {
			settings = parseSettings(await connection.workspace.getConfiguration('sipTrace'));
		}
		cache.setFormat(settings.format);
		for (const doc of documents.all()) scheduleDiagnostics(doc.uri, 0);
	};

	connection.onInitialize((params): InitializeResult => {
		canPullConfiguration = params.capabilities.workspace?.configuration === true;
		return {
			capabilities: {
				textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
				hoverProvider: true,
				definitionProvider: true,
				referencesProvider: true,
				documentSymbolProvider: { label: 'SIP trace' },
				workspaceSymbolProvider: true,
				foldingRangeProvider: true,
				documentHighlightProvider: true,
				codeLensProvider: { resolveProvider: false },
				inlayHintProvider: true,
				semanticTokensProvider: {
					legend: semanticTokensLegend,
					full: { delta: true },
					range: true,
				},
			},
			serverInfo: { name: 'sip-trace-inspector' },
		};
	});
	connection.onInitialized(() => {
		void reloadSettings();
		if (bodyChecks) setImmediate(warmBodyDecoder);
	});
	connection.onDidChangeConfiguration((change) => {
		if (!canPullConfiguration)
			settings = parseSettings((change.settings as { sipTrace?: unknown } | undefined)?.sipTrace);
		void reloadSettings();
	});

	documents.onDidOpen((e) => scheduleDiagnostics(e.document.uri, 0));
	documents.onDidChangeContent((e) => scheduleDiagnostics(e.document.uri, diagnosticsDelayMs));
	documents.onDidClose((e) => {
		clearTimeout(pending.get(e.document.uri));
		pending.delete(e.document.uri);
		cache.delete(e.document.uri);
		semanticTokens.forget(e.document.uri);
		void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
	});

	connection.onHover(guard('hover', null, (doc, p) => provideHover(doc, p.position)));
	connection.onDefinition(
		guard('definition', null, (doc, p) => provideDefinition(doc, p.position)),
	);
	connection.onReferences(
		guardLong('references', [], (doc, p) =>
			provideReferences(doc, p.position, p.context.includeDeclaration),
		),
	);
	connection.onDocumentSymbol(
		guardLong('documentSymbol', [], (doc) => provideDocumentSymbols(doc)),
	);
	connection.onFoldingRanges(guard('foldingRange', [], (doc) => provideFoldingRanges(doc)));
	connection.onDocumentHighlight(
		guard('documentHighlight', [], (doc, p) => provideDocumentHighlights(doc, p.position)),
	);
	connection.onCodeLens(guard('codeLens', [], (doc) => provideCodeLenses(doc)));
	connection.languages.inlayHint.on(
		guard('inlayHint', [], (doc, p) => provideInlayHints(doc, p.range)),
	);
	connection.languages.semanticTokens.on(
		guardLong('semanticTokens', { data: [] }, (doc) => semanticTokens.full(doc)),
	);
	connection.languages.semanticTokens.onDelta(
		guard('semanticTokens', { data: [] }, (doc, p) =>
			semanticTokens.delta(doc, p.previousResultId),
		),
	);
	connection.languages.semanticTokens.onRange(
		guard('semanticTokens', { data: [] }, (doc, p) =>
			semanticTokens.range(doc, toOffset(doc, p.range.start), toOffset(doc, p.range.end)),
		),
	);
	connection.onWorkspaceSymbol(
		guardFeature<WorkspaceSymbolParams, WorkspaceSymbol[]>(
			'workspaceSymbol',
			[],
			connection.console,
			async (p, token) => {
				const out: WorkspaceSymbol[] = [];
				// One document at a time, each analysis followed by a checkpoint.
				for (const source of [...documents.all()]) {
					await checkpoint(token);
					if (documents.get(source.uri) !== source) continue; // closed or changed meanwhile
					const doc = await analysed(source.uri, token);
					if (doc) appendAll(out, provideWorkspaceSymbols([doc], p.query));
				}
				await checkpoint(token);
				return out;
			},
			options.faults,
		),
	);

	connection.onRequest(
		ladderRequest,
		guardFeature<LadderParams, LadderResult>(
			'ladder',
			null,
			connection.console,
			async (params, token) => {
				const doc = await analysed(params.uri, token);
				if (!doc) return null;
				// Being prepared in the background: finished here rather than built twice.
				finishPreparing(params.uri);
				await checkpoint(token);
				const ladder = buildLadder(doc.analysis, doc.uri, doc.version, params.view, (offset) =>
					doc.lines.lineAt(offset),
				);
				await checkpoint(token);
				return ladder;
			},
			options.faults,
		),
	);
	connection.onRequest(
		messageAtRequest,
		guardFeature<MessageAtParams, MessageAtResult>(
			'messageAt',
			null,
			connection.console,
			async (params, token) => {
				const doc = await analysed(params.uri, token);
				if (!doc) return null;
				const offset = toOffset(doc, params);
				const message = messageAt(doc.analysis, offset);
				return message ? { index: message.index, version: doc.version } : null;
			},
			options.faults,
		),
	);

	connection.onRequest(
		recognizeTraceRequest,
		guardFeature<RecognizeTraceParams, RecognizeTraceResult>(
			'recognizeTrace',
			null,
			connection.console,
			(params) => {
				const format = recognizeTrace(params.head);
				return Promise.resolve(format === undefined ? null : { format });
			},
			options.faults,
		),
	);

	connection.onRequest(
		extractCallRequest,
		guardFeature<ExtractCallParams, ExtractCallResult>(
			'extractCall',
			null,
			connection.console,
			async (params, token) => {
				const doc = await analysed(params.uri, token);
				if (!doc) return null;
				const message = messageAt(doc.analysis, toOffset(doc, params));
				const call = message ? extractCall(doc.analysis, message.index) : null;
				return call
					? { text: call.text, messages: call.messages.length, callIds: call.callIds }
					: null;
			},
			options.faults,
		),
	);

	connection.onRequest(
		statisticsRequest,
		guardFeature<StatisticsParams, StatisticsResult>(
			'statistics',
			null,
			connection.console,
			async (params, token) => {
				const doc = await analysed(params.uri, token);
				if (!doc) return null;
				await checkpoint(token);
				const statistics = traceStatistics(doc.analysis);
				return { statistics, markdown: statisticsMarkdown(statistics, fileNameOf(params.uri)) };
			},
			options.faults,
		),
	);

	/**
	 * The client's progress for a request (its notification, with a cancel button) when it sent a
	 * token, else the server's own; and whether the user cancelled the server's own.
	 */
	const workDone = async (
		token: string | number | undefined,
	): Promise<{ progress: WorkDoneProgressReporter; cancelled: () => boolean }> => {
		if (token !== undefined)
			return { progress: connection.window.attachWorkDoneProgress(token), cancelled: () => false };
		const created = await connection.window.createWorkDoneProgress();
		return { progress: created, cancelled: () => created.token.isCancellationRequested };
	};

	connection.onRequest(
		openLargeTraceRequest,
		async (
			params: OpenLargeTraceParams,
			token: CancellationToken,
		): Promise<OpenLargeTraceResult | ResponseError> => {
			const { progress, cancelled: progressCancelled } = await workDone(params.workDoneToken);
			progress.begin('Opening large SIP trace', 0, params.path, true);
			let shown = -1;
			try {
				const doc = await readLargeTrace(
					params.uri,
					params.path,
					settings.format,
					(fraction, message) => {
						// One report per percent: a step of the analysis is far shorter than that.
						const percent = Math.floor(fraction * 100);
						if (percent > shown) progress.report((shown = percent), message);
					},
					() => token.isCancellationRequested || progressCancelled(),
					{
						firstChunk: (text) => {
							if (text.length >= progressFromChars) publishFirstLook(params.uri, 0, text);
						},
						...(hooksFor ? { analysis: hooksFor } : {}),
					},
				);
				if (!doc) return new ResponseError(-32800, 'cancelled');
				cache.put(doc);
				void publishDiagnostics(params.uri);
				return {
					uri: params.uri,
					messages: doc.analysis.messages.length,
					bytes: doc.analysis.text.length,
					format: doc.analysis.format,
				};
			} catch (error) {
				return new ResponseError(
					-32603,
					`cannot read ${params.path}: ${error instanceof Error ? error.message : String(error)}`,
				);
			} finally {
				progress.done();
			}
		},
	);
	connection.onRequest(
		renderCaptureRequest,
		guardFeature<RenderCaptureParams, RenderCaptureResult | null>(
			'renderCapture',
			null,
			connection.console,
			async (params, token) => {
				const { progress, cancelled: progressCancelled } = await workDone(params.workDoneToken);
				const fromDisk = 'path' in params;
				progress.begin('Opening capture as SIP trace', 0, fromDisk ? params.path : undefined, true);
				let shown = 0;
				const report = (fraction: number, message: string): void => {
					const percent = Math.floor(fraction * 100);
					if (percent > shown) progress.report((shown = percent), message);
				};
				const cancelled = () => token.isCancellationRequested || progressCancelled();
				try {
					let file: Uint8Array | null;
					if (fromDisk)
						try {
							file = await readCaptureFile(params.path, report, cancelled);
						} catch (error) {
							throw new ResponseError(
								-32603,
								`cannot read ${params.path}: ${error instanceof Error ? error.message : String(error)}`,
							);
						}
					else file = Buffer.from(params.data, 'base64');
					const result =
						file && (await renderCaptureInSteps(file, report, cancelled, fromDisk ? undefined : 0));
					if (!result) throw requestCancelled();
					return result;
				} finally {
					progress.done();
				}
			},
			options.faults,
		),
	);
	connection.onNotification(closeLargeTraceNotification, (params: CloseLargeTraceParams) => {
		if (!documents.get(params.uri)) cache.delete(params.uri);
	});

	documents.listen(connection);
	connection.listen();
}
