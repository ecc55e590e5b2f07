import {
	ResponseError,
	TextDocumentSyncKind,
	TextDocuments,
	type CancellationToken,
	type Connection,
	type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { messageAt } from './core/query';
import { AnalysisCache } from './analysisCache';
import { provideCodeLenses } from './features/codeLens';
import { computeDiagnostics } from './features/diagnostics';
import { provideDefinition } from './features/definition';
import { provideDocumentHighlights } from './features/documentHighlights';
import { provideDocumentSymbols } from './features/documentSymbols';
import { provideFoldingRanges } from './features/foldingRanges';
import { provideHover } from './features/hover';
import { provideInlayHints } from './features/inlayHints';
import { buildLadder } from './features/ladder';
import { provideReferences } from './features/references';
import { SemanticTokensProvider, semanticTokensLegend } from './features/semanticTokens';
import { provideWorkspaceSymbols } from './features/workspaceSymbols';
import {
	closeLargeTraceNotification,
	ladderRequest,
	messageAtRequest,
	openLargeTraceRequest,
	type CloseLargeTraceParams,
	type OpenLargeTraceParams,
	type OpenLargeTraceResult,
	type LadderParams,
	type LadderResult,
	type MessageAtParams,
	type MessageAtResult,
} from './protocol/lspExt';
import { readLargeTrace } from './largeTraces';
import { defaultSettings, parseSettings, type ServerSettings } from './settings';
import type { TraceDocument } from './traceDocument';

/** Diagnostics wait this long after the last keystroke, so typing stays smooth on big traces. */
const diagnosticsDelayMs = 150;

/** Wires the features to a connection. `main.ts` makes the connection; tests may pass their own. */
export function startServer(connection: Connection): void {
	const documents = new TextDocuments(TextDocument);
	const cache = new AnalysisCache();
	const semanticTokens = new SemanticTokensProvider();
	const pending = new Map<string, ReturnType<typeof setTimeout>>();
	let settings: ServerSettings = defaultSettings;
	let canPullConfiguration = false;

	const traceOf = (uri: string): TraceDocument | undefined => {
		const source = documents.get(uri);
		return source ? cache.get(source) : cache.peek(uri);
	};

	/** A failure inside one feature is reported and answered as an error; the server keeps serving. */
	const guard = <P extends { textDocument: { uri: string } }, R>(
		name: string,
		empty: R,
		run: (doc: TraceDocument, params: P, token: CancellationToken) => R,
	) => {
		return (params: P, token: CancellationToken): R | ResponseError => {
			const doc = traceOf(params.textDocument.uri);
			if (!doc) return empty;
			try {
				return run(doc, params, token);
			} catch (error) {
				connection.console.error(
					`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
				);
				return new ResponseError(-32603, `${name} failed on this trace`);
			}
		};
	};

	const publishDiagnostics = (uri: string): void => {
		pending.delete(uri);
		const doc = traceOf(uri);
		if (!doc) return;
		try {
			void connection.sendDiagnostics({
				uri,
				version: doc.version,
				diagnostics: computeDiagnostics(doc, settings.rules),
			});
		} catch (error) {
			connection.console.error(`diagnostics failed: ${String(error)}`);
		}
	};
	const scheduleDiagnostics = (uri: string, delay: number): void => {
		clearTimeout(pending.get(uri));
		pending.set(
			uri,
			setTimeout(() => publishDiagnostics(uri), delay),
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
		guard('references', [], (doc, p) =>
			provideReferences(doc, p.position, p.context.includeDeclaration),
		),
	);
	connection.onDocumentSymbol(guard('documentSymbol', [], (doc) => provideDocumentSymbols(doc)));
	connection.onFoldingRanges(guard('foldingRange', [], (doc) => provideFoldingRanges(doc)));
	connection.onDocumentHighlight(
		guard('documentHighlight', [], (doc, p) => provideDocumentHighlights(doc, p.position)),
	);
	connection.onCodeLens(guard('codeLens', [], (doc) => provideCodeLenses(doc)));
	connection.languages.inlayHint.on(
		guard('inlayHint', [], (doc, p) => provideInlayHints(doc, p.range)),
	);
	connection.languages.semanticTokens.on(
		guard('semanticTokens', { data: [] }, (doc) => semanticTokens.full(doc)),
	);
	connection.languages.semanticTokens.onDelta(
		guard('semanticTokens', { data: [] }, (doc, p) =>
			semanticTokens.delta(doc, p.previousResultId),
		),
	);
	connection.languages.semanticTokens.onRange(
		guard('semanticTokens', { data: [] }, (doc, p) =>
			semanticTokens.range(
				doc,
				doc.lines.offsetAt(p.range.start.line, p.range.start.character),
				doc.lines.offsetAt(p.range.end.line, p.range.end.character),
			),
		),
	);
	connection.onWorkspaceSymbol((p) =>
		provideWorkspaceSymbols(
			[...documents.all()].map((d) => cache.get(d)),
			p.query,
		),
	);

	connection.onRequest(ladderRequest, (params: LadderParams): LadderResult => {
		const doc = traceOf(params.uri);
		if (!doc) return null;
		return buildLadder(doc.analysis, doc.uri, doc.version, params.view, (offset) =>
			doc.lines.lineAt(offset),
		);
	});
	connection.onRequest(messageAtRequest, (params: MessageAtParams): MessageAtResult => {
		const doc = traceOf(params.uri);
		if (!doc) return null;
		const message = messageAt(doc.analysis, doc.lines.offsetAt(params.line, params.character));
		return message ? { index: message.index, version: doc.version } : null;
	});

	connection.onRequest(
		openLargeTraceRequest,
		async (
			params: OpenLargeTraceParams,
			token: CancellationToken,
		): Promise<OpenLargeTraceResult | ResponseError> => {
			const progress = await connection.window.createWorkDoneProgress();
			progress.begin('Opening large SIP trace', 0, params.path, true);
			try {
				const doc = await readLargeTrace(
					params.uri,
					params.path,
					settings.format,
					(fraction, message) => progress.report(Math.round(fraction * 100), message),
					() => token.isCancellationRequested || progress.token.isCancellationRequested,
				);
				if (!doc) return new ResponseError(-32800, 'cancelled');
				cache.put(doc);
				publishDiagnostics(params.uri);
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
	connection.onNotification(closeLargeTraceNotification, (params: CloseLargeTraceParams) => {
		if (!documents.get(params.uri)) cache.delete(params.uri);
	});

	documents.listen(connection);
	connection.listen();
}
