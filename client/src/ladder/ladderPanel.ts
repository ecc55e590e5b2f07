import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
	isFromWebview,
	isRequest,
	type FromWebview,
	type Handlers,
	type RequestError,
	type RequestHandlers,
	type ToWebview,
	type WebviewNotification,
	type WebviewRequest,
} from '../../../media/src/protocol';
import type { LadderView } from '../../../server/src/protocol/ladder';
import { lineOfMessage, type CompactLadder } from '../../../server/src/protocol/ladderColumns';
import {
	ladderRequest,
	messageAtRequest,
	type LadderParams,
	type LadderReply,
	type MessageAtResult,
} from '../../../server/src/protocol/lspExt';
import { renameLane } from '../../../media/src/laneAliases';
import { ladderHtml } from './html';

export const viewType = 'sipTrace.sequenceDiagram';
const aliasKey = 'sipTrace.laneAliases';

/** A request that cannot be carried out, and why: answered as `request/failed`. */
class RequestFailure extends Error {
	constructor(
		readonly code: RequestError,
		message: string,
	) {
		super(message);
	}
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const formatName = (format: string): string =>
	format === 'plantuml' ? 'PlantUML' : format === 'mermaid' ? 'Mermaid' : format.toUpperCase();

/** The state the webview keeps across reloads (VS Code stores it for the serializer). */
interface PanelState {
	readonly uri?: string;
}

/**
 * One diagram panel that follows the active SIP editor: it asks the server for the model, posts
 * it to the webview, reveals the message the user clicks, and highlights the arrow of the
 * message under the editor's cursor.
 */
class LadderPanel {
	#uri: string | undefined;
	#view: LadderView = 'network';
	/** The model as the server sent it: forwarded to the webview as it is, never walked here. */
	#model: CompactLadder | null = null;
	#ready = false;
	#refresh: ReturnType<typeof setTimeout> | undefined;
	readonly #disposables: vscode.Disposable[] = [];

	/** Lane aliases, kept per workspace: lane id -> the name the user gave it. */
	#aliases(): Record<string, string> {
		return this.context.workspaceState.get<Record<string, string>>(aliasKey) ?? {};
	}

	constructor(
		readonly panel: vscode.WebviewPanel,
		private readonly context: vscode.ExtensionContext,
		private readonly client: LanguageClient,
		uri: string | undefined,
		private readonly onDispose: () => void,
	) {
		this.#uri = uri;
		panel.webview.options = {
			enableScripts: true,
			localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
		};
		panel.webview.html = ladderHtml(panel.webview, context.extensionUri, vscode.Uri.joinPath);
		this.#disposables.push(
			panel.webview.onDidReceiveMessage((message: unknown) => {
				if (isFromWebview(message)) void this.#handle(message);
			}),
			panel.onDidDispose(() => this.dispose()),
			vscode.window.onDidChangeActiveTextEditor((editor) => {
				if (editor?.document.languageId === 'sip' && editor.document.uri.toString() !== this.#uri)
					this.show(editor.document.uri.toString());
			}),
			vscode.workspace.onDidChangeTextDocument((e) => {
				if (e.document.uri.toString() !== this.#uri) return;
				clearTimeout(this.#refresh);
				this.#refresh = setTimeout(() => void this.#load(), 300);
			}),
			vscode.window.onDidChangeTextEditorSelection((e) => {
				if (e.textEditor.document.uri.toString() === this.#uri)
					void this.#highlight(e.selections[0]!.active);
			}),
		);
	}

	show(uri: string | undefined): void {
		this.#uri = uri;
		this.panel.title = uri
			? `Sequence: ${uri.slice(uri.lastIndexOf('/') + 1)}`
			: 'SIP Sequence Diagram';
		void this.#load();
	}

	#post(message: ToWebview): void {
		if (this.#ready) void this.panel.webview.postMessage(message);
	}

	async #load(): Promise<void> {
		if (!this.#ready) return;
		if (!this.#uri) {
			this.#post({ type: 'ladder/clear', reason: 'not-a-trace' });
			return;
		}
		try {
			const params: LadderParams = { uri: this.#uri, view: this.#view };
			const model = await this.client.sendRequest<LadderReply>(ladderRequest, params);
			this.#model = model;
			if (model)
				this.#post({
					type: 'ladder/set',
					version: Math.max(0, model.version),
					model,
					aliases: this.#aliases(),
				});
			else this.#post({ type: 'ladder/clear', reason: 'not-a-trace' });
		} catch (error) {
			this.#post({
				type: 'ladder/clear',
				reason: 'error',
				message: error instanceof Error ? error.message : String(error),
			});
		}
	}

	async #highlight(position: vscode.Position): Promise<void> {
		if (!this.#uri || !this.#model) return;
		const at = await this.client.sendRequest<MessageAtResult>(messageAtRequest, {
			uri: this.#uri,
			line: position.line,
			character: position.character,
		});
		this.#post({
			type: 'ladder/highlight',
			version: Math.max(0, this.#model.version),
			index: at?.index ?? null,
		});
	}

	readonly #notifications: Handlers<WebviewNotification> = {
		ready: () => {
			this.#ready = true;
			void this.#load();
		},
		view: ({ view }) => {
			this.#view = view;
			void this.#load();
		},
		error: ({ message }) => {
			void vscode.window.showErrorMessage(`Sequence diagram: ${message}`);
		},
		'ladder/rejected': ({ version, error, message }) => {
			void vscode.window.showErrorMessage(
				`Sequence diagram: the diagram model (version ${version}) could not be read (${error}): ${message}`,
			);
		},
	};

	readonly #requests: RequestHandlers = {
		reveal: async ({ version, index }) => {
			const model = this.#model;
			if (!this.#uri || !model) throw new RequestFailure('no-trace', 'no trace is shown.');
			if (version !== Math.max(0, model.version))
				throw new RequestFailure(
					'stale-version',
					`the trace changed since the diagram was drawn (version ${version}, now ${Math.max(0, model.version)}); it is being redrawn.`,
				);
			const line = lineOfMessage(model, index);
			if (line === null)
				throw new RequestFailure(
					'unknown-message',
					`the trace has no message ${index} (it has ${model.count}).`,
				);
			const uri = vscode.Uri.parse(this.#uri);
			const visible = vscode.window.visibleTextEditors.find(
				(e) => e.document.uri.toString() === this.#uri,
			);
			const range = new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER);
			const editor = await vscode.window.showTextDocument(visible?.document.uri ?? uri, {
				viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
				preserveFocus: false,
				selection: range,
			});
			editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
			return null;
		},
		export: async ({ format, data, copy }) => {
			if (copy) {
				try {
					await vscode.env.clipboard.writeText(data);
				} catch (error) {
					throw new RequestFailure('copy-failed', reason(error));
				}
				return `${formatName(format)} copied to the clipboard.`;
			}
			const png = /^data:image\/png;base64,([A-Za-z0-9+/]*={0,2})$/.exec(data);
			if (format === 'png' && !png)
				throw new RequestFailure('invalid-data', 'the PNG data is not a base64 data URL.');
			const extension = format === 'mermaid' ? 'mmd' : format === 'plantuml' ? 'puml' : format;
			const base = this.#uri ? vscode.Uri.parse(this.#uri) : undefined;
			const target = await vscode.window.showSaveDialog({
				defaultUri: base?.with({ path: `${base.path}.${extension}` }),
				filters: { [format.toUpperCase()]: [extension] },
			});
			if (!target) return 'Export cancelled.';
			const bytes = png ? Buffer.from(png[1]!, 'base64') : Buffer.from(data, 'utf8');
			try {
				await vscode.workspace.fs.writeFile(target, bytes);
			} catch (error) {
				throw new RequestFailure('save-failed', `${target.fsPath}: ${reason(error)}`);
			}
			return `Saved ${target.fsPath}.`;
		},
		'lane/rename': async ({ lane }) => {
			const aliases = this.#aliases();
			const name = await vscode.window.showInputBox({
				title: 'Rename lane',
				prompt: `A name for ${lane} (give two lanes the same name to merge them; empty to reset)`,
				value: aliases[lane] ?? '',
			});
			if (name === undefined) return null;
			await this.context.workspaceState.update(aliasKey, renameLane(aliases, lane, name));
			void this.#load();
			return null;
		},
	};

	/** Every request is answered, done or failed, so the webview never waits for nothing. */
	async #answer(message: WebviewRequest): Promise<void> {
		const { id, type: request } = message;
		try {
			const handler = this.#requests[request] as (m: WebviewRequest) => Promise<string | null>;
			this.#post({ type: 'request/done', id, request, message: await handler(message) });
		} catch (error) {
			this.#post({
				type: 'request/failed',
				id,
				request,
				error: error instanceof RequestFailure ? error.code : 'failed',
				message: reason(error),
			});
		}
	}

	async #handle(message: FromWebview): Promise<void> {
		if (isRequest(message)) return this.#answer(message);
		await (this.#notifications[message.type] as (m: WebviewNotification) => void | Promise<void>)(
			message,
		);
	}

	dispose(): void {
		clearTimeout(this.#refresh);
		for (const d of this.#disposables.splice(0)) d.dispose();
		this.onDispose();
	}
}

/** Registers `sipTrace.showSequenceDiagram` and restores the panel after a reload. */
export function registerSequenceDiagram(
	context: vscode.ExtensionContext,
	client: LanguageClient,
	fallbackUri: () => string | undefined,
): void {
	let current: LadderPanel | undefined;
	const activeTrace = (): string | undefined => {
		const editor = vscode.window.activeTextEditor;
		return editor?.document.languageId === 'sip' ? editor.document.uri.toString() : fallbackUri();
	};
	const open = (panel: vscode.WebviewPanel, uri: string | undefined): LadderPanel => {
		current = new LadderPanel(panel, context, client, uri, () => (current = undefined));
		current.show(uri);
		return current;
	};
	context.subscriptions.push(
		vscode.commands.registerCommand('sipTrace.showSequenceDiagram', (target?: vscode.Uri) => {
			const uri = target?.toString() ?? activeTrace();
			if (current) {
				current.panel.reveal(vscode.ViewColumn.Beside, true);
				current.show(uri);
				return;
			}
			const panel = vscode.window.createWebviewPanel(
				viewType,
				'SIP Sequence Diagram',
				{ viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
				{
					enableScripts: true,
					localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
				},
			);
			open(panel, uri);
		}),
		vscode.window.registerWebviewPanelSerializer(viewType, {
			deserializeWebviewPanel: async (panel, state: unknown) => {
				const uri = (state as PanelState | undefined)?.uri ?? activeTrace();
				open(panel, uri);
			},
		}),
	);
}
