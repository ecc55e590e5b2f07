// Logs as a log collector prints them, its column before every line (test/fixtures/real: Kamailio's
// log as `docker compose logs` prints it and as Docker's json-file driver writes it, SIPp's
// message log as `docker logs -t` prints it): what
// the editor shows of them (outline, hover, presence, go to definition, diagnostics) is what it
// shows of the logs themselves, on the printout's own lines.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, root } from './lspClient';
import { definitionLines, diagnosticLines, hoverShown, outlineLines } from './shownLines';

const real = (name: string): string => readFileSync(join(root, 'test/fixtures/real', name), 'utf8');
// Each printout, its log, and the width of its column (the same on every line).
const pairs = [
	{
		printout: 'kamailio-xlog.compose.log',
		log: 'kamailio-xlog.log',
		width: 'kamailio-1  | '.length,
	},
	{
		printout: 'presence-story.sipp-linda.docker.log',
		log: 'presence-story.sipp-linda.log',
		width: '2026-12-04T18:00:00.000000000Z '.length,
	},
	// Docker's own log file: each line an object, its string after `{"log":"`.
	{ printout: 'kamailio-xlog.docker-json.log', log: 'kamailio-xlog.log', width: '{"log":"'.length },
];
const uri = (name: string): string => `file:///traces/${name}`;

// The journal's JSON of the log a syslog record at a time: each record a line, its text an array
// of octets (it holds CRs).
const journalJson = 'kamailio-xlog.journal-records.json';

let client: LspClient;
before(async () => {
	client = new LspClient();
	await client.initialize();
	for (const { printout, log } of pairs) {
		await client.open(uri(printout), real(printout));
		await client.open(uri(log), real(log));
	}
	await client.open(uri(journalJson), real(journalJson));
});
after(async () => {
	assert.equal(await client.shutdown(), 0);
});

const hover = (name: string, line: number, character: number): Promise<string> =>
	hoverShown(client, uri(name), { line, character });

for (const { printout, log, width } of pairs) {
	test(`${printout}: the outline names the log's messages, on the same lines`, async () => {
		const got = await outlineLines(client, uri(printout));
		assert.ok(got.length > 10);
		assert.deepEqual(got, await outlineLines(client, uri(log)));
	});

	test(`${printout}: hover on a Call-ID and going from a response to its request work as in the log`, async () => {
		const lines = real(log).split('\n');
		const callIdLine = lines.findIndex((l) => l.startsWith('Call-ID:'));
		const responseLine = lines.findIndex((l) => l.startsWith('SIP/2.0 '));
		assert.ok(callIdLine > 0 && responseLine > 0);
		const shown = await hover(printout, callIdLine, width + 2);
		assert.notEqual(shown, 'null');
		assert.equal(shown, await hover(log, callIdLine, 2));
		const request = await definitionLines(client, uri(printout), {
			line: responseLine,
			character: width + 2,
		});
		assert.equal(request.length, 1);
		assert.deepEqual(
			request,
			await definitionLines(client, uri(log), { line: responseLine, character: 2 }),
		);
	});

	test(`${printout}: the diagnostics are the log's, on the same lines`, async () => {
		assert.deepEqual(
			await diagnosticLines(client, uri(printout)),
			await diagnosticLines(client, uri(log)),
		);
	});
}

test("hover on Linda's PUBLISH body behind Docker's stamp shows her presence: busy", async () => {
	const { printout, log, width } = pairs[1]!;
	const busy = real(log)
		.split('\n')
		.findIndex((l) => l.includes('<rpid:busy/>'));
	assert.ok(busy > 0);
	const shown = await hover(printout, busy, width + 3);
	assert.match(shown, /busy/);
	assert.equal(shown, await hover(log, busy, 3));
});

test("the journal's JSON: the outline names the log's messages, and hover on Linda's PIDF, in octets, shows her presence: busy", async () => {
	const names = (outline: [string, number][]): string[] => outline.map(([name]) => name);
	const got = await outlineLines(client, uri(journalJson));
	assert.ok(got.length > 10);
	assert.deepEqual(names(got), names(await outlineLines(client, uri('kamailio-xlog.log'))));
	// The record that holds `<rpid:busy/>`, and where the number of its `b` stands on the line.
	const lines = real(journalJson).split('\n');
	const line = lines.findIndex((l) => {
		const text = (JSON.parse(l) as { MESSAGE: number[] | string }).MESSAGE;
		return Array.isArray(text) && Buffer.from(text).toString('utf8').includes('<rpid:busy/>');
	});
	assert.ok(line >= 0);
	const octets = (JSON.parse(lines[line]!) as { MESSAGE: number[] }).MESSAGE;
	const at = Buffer.from(octets).indexOf('<rpid:busy/>') + '<rpid:'.length;
	const array = lines[line]!.indexOf('"MESSAGE":[') + '"MESSAGE":['.length;
	let character = array;
	for (let k = 0; k < at; k++) character = lines[line]!.indexOf(',', character) + 1;
	// On the number's last digit, where the character it stands for is read.
	character = lines[line]!.indexOf(',', character) - 1;
	assert.match(await hover(journalJson, line, character), /busy/);
});

test("hover on the characters of an escape in Docker's log file shows what hovering the character it stands for shows", async () => {
	const printout = 'kamailio-xlog.docker-json.log';
	const lines = real(printout).split('\n');
	const line = lines.findIndex((l) => l.startsWith('{"log":"From: ') && l.includes('\\u003c'));
	assert.ok(line >= 0);
	// `\u003c` stands for `<`, read at its `c`; its first five characters are read for nothing.
	const escape = lines[line]!.indexOf('\\u003c');
	const shown = await hover(printout, line, escape + 5);
	assert.notEqual(shown, 'null');
	for (let k = 0; k < 5; k++) assert.equal(await hover(printout, line, escape + k), shown);
	// `\"` before the display name: on its backslash too.
	const quote = lines[line]!.indexOf('\\"');
	assert.equal(await hover(printout, line, quote), await hover(printout, line, quote + 1));
});
