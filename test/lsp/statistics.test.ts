// `sipTrace/statistics` over stdio: the statistics of a real trace as data and as Markdown tables,
// one row per method with the counts test/scripts/expected-links.mjs read from tshark's dissection.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StatisticsResult } from '../../server/src/protocol/lspExt';
import { LspClient, root } from './lspClient';

const name = 'presence-story.sngrep.txt';
const uri = `file:///traces/${name}`;
const file = join(root, 'test/fixtures/real', name);
const text = readFileSync(file, 'utf8');
// Made without retransmissions (make-real-traces.sh fails on one): every message counts.
const expected = JSON.parse(readFileSync(`${file}.expected.json`, 'utf8')) as {
	messages: { method: string | null; status: number | null }[];
};

let client: LspClient;
before(async () => {
	client = new LspClient();
	await client.initialize();
	await client.open(uri, text);
	await client.diagnostics(uri);
});
after(async () => {
	assert.equal(await client.shutdown(), 0);
});

test('the Markdown has a row per method with its requests, and the figures as data', async () => {
	const result = await client.request<StatisticsResult>('sipTrace/statistics', { uri });
	assert.ok(result);
	const { statistics, markdown } = result;
	assert.match(markdown, new RegExp(`^# SIP statistics: ${name.replace(/\./g, '\\.')}$`, 'm'));
	const requests = new Map<string, number>();
	for (const m of expected.messages)
		if (m.method) requests.set(m.method, (requests.get(m.method) ?? 0) + 1);
	assert.ok(requests.size >= 3);
	for (const [method, count] of requests) {
		// Method | Requests | Retransmissions | Final response | No final response
		assert.match(
			markdown,
			new RegExp(`^\\| ${method} \\| ${count} \\| 0 \\| ${count} \\| 0 \\|$`, 'm'),
		);
		assert.equal(statistics.methods.find((m) => m.method === method)?.requests, count);
	}
	// Each status under its method, in the responses table.
	for (const status of new Set(expected.messages.map((m) => m.status)))
		if (status !== null) assert.match(markdown, new RegExp(`^\\| [A-Z]+ \\| ${status} `, 'm'));
	assert.equal(statistics.messages.total, expected.messages.length);
	for (const section of [
		'Requests',
		'Responses',
		'Response times',
		'Subscriptions',
		'Publications',
	])
		assert.match(markdown, new RegExp(`^## ${section}$`, 'm'));
});

test('text from the trace cannot break a table or bring markup', async () => {
	const odd = 'file:///traces/odd-reason.sip';
	await client.open(
		odd,
		[
			'OPTIONS sip:a@example.com SIP/2.0',
			'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1',
			'Call-ID: x1',
			'CSeq: 1 OPTIONS',
			'From: <sip:b@example.com>;tag=1',
			'To: <sip:a@example.com>',
			'Content-Length: 0',
			'',
			'SIP/2.0 299 A | B <img src=x>',
			'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1',
			'Call-ID: x1',
			'CSeq: 1 OPTIONS',
			'From: <sip:b@example.com>;tag=1',
			'To: <sip:a@example.com>;tag=2',
			'Content-Length: 0',
			'',
			'',
		].join('\r\n'),
	);
	const result = await client.request<StatisticsResult>('sipTrace/statistics', { uri: odd });
	const row = result?.markdown.split('\n').find((l) => l.startsWith('| OPTIONS | 299'));
	assert.equal(row, '| OPTIONS | 299 A \\| B \\<img src=x\\> | 1 | 0 |');
});
