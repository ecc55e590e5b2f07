// Tokenises text with the extension's grammars through vscode-textmate and Oniguruma, the engine
// VS Code itself uses. Embedded XML is tokenised by a copy of the XML grammar VS Code ships
// (`xml.tmLanguage.json` beside this file, see README.md here), so a body whose tags span lines
// behaves as in the editor.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import {
	INITIAL,
	Registry,
	parseRawGrammar,
	type IGrammar,
	type StateStack,
} from 'vscode-textmate';

const root = join(__dirname, '..', '..');
export const xmlGrammarPath = join(__dirname, 'xml.tmLanguage.json');

let grammar: Promise<IGrammar> | undefined;

export function sipGrammar(): Promise<IGrammar> {
	grammar ??= (async () => {
		const wasm = readFileSync(join(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
		await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
		const registry = new Registry({
			onigLib: Promise.resolve({
				createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p),
				createOnigString: (s: string) => new oniguruma.OnigString(s),
			}),
			loadGrammar: async (scope) => {
				if (scope === 'source.sip')
					return parseRawGrammar(
						readFileSync(join(root, 'syntaxes/sip.tmLanguage.json'), 'utf8'),
						'sip.tmLanguage.json',
					);
				if (scope === 'source.sdp')
					return parseRawGrammar(
						readFileSync(join(root, 'syntaxes/sdp.tmLanguage.json'), 'utf8'),
						'sdp.tmLanguage.json',
					);
				if (scope === 'text.xml')
					return parseRawGrammar(readFileSync(xmlGrammarPath, 'utf8'), 'xml.tmLanguage.json');
				return null;
			},
		});
		const g = await registry.loadGrammar('source.sip');
		if (!g) throw new Error('source.sip did not load');
		return g;
	})();
	return grammar;
}

export interface Token {
	readonly text: string;
	readonly scopes: readonly string[];
}

/** Tokens per line. Lines are split as VS Code does (the CR of CRLF is not part of the line). */
export async function tokenize(text: string): Promise<Token[][]> {
	const g = await sipGrammar();
	let state: StateStack = INITIAL;
	const out: Token[][] = [];
	for (const line of text.split(/\r?\n/)) {
		const r = g.tokenizeLine(line, state);
		out.push(
			r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })),
		);
		state = r.ruleStack;
	}
	return out;
}

/** The scopes of the first token whose text is exactly `text` on the line that contains `lineText`. */
export function scopesOf(
	lines: readonly Token[][],
	source: string,
	lineText: string | RegExp,
	text: string,
): readonly string[] {
	const sourceLines = source.split(/\r?\n/);
	const i = sourceLines.findIndex((l) =>
		typeof lineText === 'string' ? l.includes(lineText) : lineText.test(l),
	);
	if (i < 0) throw new Error(`no line ${String(lineText)}`);
	const token =
		lines[i]!.find((t) => t.text === text) ?? lines[i]!.find((t) => t.text.includes(text));
	if (!token)
		throw new Error(
			`no token "${text}" on line ${i}: ${JSON.stringify(lines[i]!.map((t) => t.text))}`,
		);
	return token.scopes;
}
