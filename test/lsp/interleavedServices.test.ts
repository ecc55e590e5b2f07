// `docker compose logs` of two services that wrote at once (test/fixtures/real: Kamailio's log and
// a voicemail server's SIPp log, their lines interleaved): what the editor shows of each service's
// messages (outline, hover, going to the request, diagnostics) is what it shows of its own log,
// on the printout's lines, however the other service's lines cut them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, root } from './lspClient';
import { definitionLines, diagnosticLines, hoverShown } from './shownLines';

const real = (name: string): string => readFileSync(join(root, 'test/fixtures/real', name), 'utf8');
const printout = 'kamailio-voicemail.compose.log';
const services = [
	{ column: /^kamailio-1 +\| /, log: 'kamailio-xlog.log' },
	{ column: /^voicemail-1 +\| /, log: 'mwi-story.sipp-voicemail.log' },
];
const uri = (name: string): string => `file:///traces/${name}`;
const printed = real(printout).split('\n');
const width = 'kamailio-1   | '.length;
/** For each service, the printed line of each line of its log. */
const placeOf = services.map(({ column }) =>
	printed.flatMap((line, i) => (column.test(line) ? [i] : [])),
);

let client: LspClient;
before(async () => {
	client = new LspClient();
	await client.initialize();
	await client.open(uri(printout), real(printout));
	for (const { log } of services) await client.open(uri(log), real(log));
});
after(async () => {
	assert.equal(await client.shutdown(), 0);
});

const hover = (name: string, line: number, character: number): Promise<string> =>
	hoverShown(client, uri(name), { line, character });

/** Kamailio's log lines that the voicemail server's lines cut off from their message's start. */
function cutLines(startsWith: string): number[] {
	const kamailio = placeOf[0]!;
	const log = real(services[0]!.log).split('\n');
	return kamailio.flatMap((at, k) =>
		log[k]!.startsWith(startsWith) && at > 0 && services[1]!.column.test(printed[at - 1]!)
			? [k]
			: [],
	);
}

type Symbol = {
	name: string;
	range: { start: { line: number }; end: { line: number } };
	selectionRange: { start: { line: number } };
	children?: Symbol[];
};

test("the outline holds each service's messages at their start lines, each inside its range", async () => {
	const symbols = await client.request<Symbol[]>('textDocument/documentSymbol', {
		textDocument: { uri: uri(printout) },
	});
	const all = (s: Symbol[]): Symbol[] => s.flatMap((x) => [x, ...all(x.children ?? [])]);
	const flat = all(symbols);
	for (const s of flat) {
		// The editor refuses an outline whose selection lies outside its range.
		assert.ok(s.selectionRange.start.line >= s.range.start.line, s.name);
		assert.ok(s.selectionRange.start.line <= s.range.end.line, s.name);
	}
	const starts = new Set(flat.map((s) => s.selectionRange.start.line));
	const expected = JSON.parse(real(`${printout}.expected.json`)) as {
		messages: { line: number }[];
	};
	for (const m of expected.messages) assert.ok(starts.has(m.line), `message at line ${m.line}`);
});

test("hover on a Call-ID the other service's lines cut off shows what the log shows", async () => {
	const cut = cutLines('Call-ID:');
	assert.ok(cut.length > 0);
	for (const k of cut) {
		const shown = await hover(printout, placeOf[0]![k]!, width + 2);
		assert.notEqual(shown, 'null');
		assert.equal(shown, await hover(services[0]!.log, k, 2));
	}
});

test('going from a response to its request works as in the log, across the other lines', async () => {
	const log = real(services[0]!.log).split('\n');
	const responses = placeOf[0]!.flatMap((_, k) => (log[k]!.startsWith('SIP/2.0 ') ? [k] : []));
	assert.ok(responses.length > 5);
	for (const k of responses) {
		const got = await definitionLines(client, uri(printout), {
			line: placeOf[0]![k]!,
			character: width + 2,
		});
		const want = await definitionLines(client, uri(services[0]!.log), { line: k, character: 2 });
		assert.deepEqual(
			got,
			want.map((l) => placeOf[0]![l]!),
		);
	}
});

test("the diagnostics are each log's, on its lines of the printout", async () => {
	const want: [string, number][] = [];
	for (const [s, { log }] of services.entries())
		for (const [code, line] of await diagnosticLines(client, uri(log)))
			want.push([code, placeOf[s]![line]!]);
	const order = (d: [string, number][]): [string, number][] =>
		[...d].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
	assert.deepEqual(order(await diagnosticLines(client, uri(printout))), order(want));
});

test("a header the other service's lines cut off is coloured as a header", async () => {
	const { data } = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', {
		textDocument: { uri: uri(printout) },
	});
	// Each token's line and column, decoded from the deltas.
	const starts = new Set<string>();
	let line = 0;
	let char = 0;
	for (let i = 0; i < data.length; i += 5) {
		line += data[i]!;
		char = data[i] === 0 ? char + data[i + 1]! : data[i + 1]!;
		starts.add(`${line}:${char}`);
	}
	const cut = cutLines('Call-ID:');
	assert.ok(cut.length > 0);
	for (const k of cut) assert.ok(starts.has(`${placeOf[0]![k]!}:${width}`), `Call-ID of line ${k}`);
});
