// What the editor shows of a document, by line: two documents that hold the same trace in other
// clothes (colours, lone CR line ends) are compared by these.
import type { LspClient } from './lspClient';

type Symbol = { name: string; range: { start: { line: number } }; children?: Symbol[] };
type Location = { range: { start: { line: number } } };

/** Every symbol of the outline's tree (dialogs, transactions, messages), in order, with its line. */
export async function outlineLines(client: LspClient, uri: string): Promise<[string, number][]> {
	const flat = (symbols: Symbol[]): [string, number][] =>
		symbols.flatMap((s) => [[s.name, s.range.start.line], ...flat(s.children ?? [])]);
	return flat(
		await client.request<Symbol[]>('textDocument/documentSymbol', { textDocument: { uri } }),
	);
}

/** The lines that going to the definition from `position` lands on. */
export async function definitionLines(
	client: LspClient,
	uri: string,
	position: { line: number; character: number },
): Promise<number[]> {
	const found = await client.request<Location[] | Location | null>('textDocument/definition', {
		textDocument: { uri },
		position,
	});
	return (found === null ? [] : Array.isArray(found) ? found : [found]).map(
		(l) => l.range.start.line,
	);
}

/** Each diagnostic's code and line. */
export async function diagnosticLines(client: LspClient, uri: string): Promise<[string, number][]> {
	return (await client.diagnostics(uri)).map((d) => [String(d.code), d.range.start.line]);
}

/** What hovering at `position` shows, as JSON (`null` where nothing is shown). */
export async function hoverShown(
	client: LspClient,
	uri: string,
	position: { line: number; character: number },
): Promise<string> {
	const found = await client.request<{ contents: unknown } | null>('textDocument/hover', {
		textDocument: { uri },
		position,
	});
	return JSON.stringify(found?.contents ?? null);
}
