import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** The subset of LSP's DocumentSymbol the view needs. */
interface SymbolNode {
	readonly name: string;
	readonly detail?: string;
	readonly kind: number;
	readonly selectionRange: { start: { line: number; character: number } };
	readonly children?: SymbolNode[];
}

type Item = { readonly uri: string; readonly symbol: SymbolNode };

/**
 * "SIP Dialogs": the story of the current trace (subscriptions, publications, dialogs with their
 * messages) as a tree. Works for large traces the editor does not sync, since it asks the server
 * for the document symbols of a URI rather than reading an editor.
 */
export class DialogsView implements vscode.TreeDataProvider<Item> {
	readonly #changed = new vscode.EventEmitter<void>();
	readonly onDidChangeTreeData = this.#changed.event;
	#uri: string | undefined;

	constructor(private readonly client: LanguageClient) {}

	/** Shows the trace at `uri` (an open SIP document or a large trace the server has read). */
	show(uri: string | undefined): void {
		this.#uri = uri;
		this.#changed.fire();
	}

	get uri(): string | undefined {
		return this.#uri;
	}

	getTreeItem(item: Item): vscode.TreeItem {
		const { symbol } = item;
		const tree = new vscode.TreeItem(
			symbol.name,
			symbol.children?.length
				? vscode.TreeItemCollapsibleState.Collapsed
				: vscode.TreeItemCollapsibleState.None,
		);
		tree.description = symbol.detail;
		const line = symbol.selectionRange.start.line;
		tree.tooltip = `line ${line + 1}`;
		tree.command = {
			title: 'Reveal',
			command: 'vscode.open',
			arguments: [
				vscode.Uri.parse(item.uri),
				{ selection: new vscode.Range(line, 0, line, 0), preview: true },
			],
		};
		return tree;
	}

	async getChildren(item?: Item): Promise<Item[]> {
		if (item) return (item.symbol.children ?? []).map((symbol) => ({ uri: item.uri, symbol }));
		const uri = this.#uri;
		if (!uri) return [];
		const symbols = await this.client.sendRequest<SymbolNode[] | null>(
			'textDocument/documentSymbol',
			{ textDocument: { uri } },
		);
		return (symbols ?? []).map((symbol) => ({ uri, symbol }));
	}
}
