// `sipTrace/renderCapture` over stdio, as "Open Capture as SIP Trace" asks it: the octets of a
// real capture, base64, give the trace the CLI prints with --text, which the server then analyses
// as any document opened with that text (its outline lists the capture's messages).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, root } from './lspClient';
import type { RenderCaptureResult } from '../../server/src/protocol/lspExt';

const capture = join(root, 'test/fixtures/real/tcp-ipv6.pcap');
const expected = JSON.parse(
	readFileSync(join(root, 'test/fixtures/real/tcp-ipv6.tcpdump.txt.expected.json'), 'utf8'),
) as { messages: { method: string | null; status: number | null }[] };

let client: LspClient;
before(async () => {
	client = new LspClient();
	await client.initialize();
});
after(async () => {
	await client.shutdown();
});

test('a pcap sent as base64 comes back as the trace the CLI renders, and reads as one', async () => {
	const reply = await client.request<RenderCaptureResult>('sipTrace/renderCapture', {
		data: readFileSync(capture).toString('base64'),
	});
	const printed = spawnSync(process.execPath, [join(root, 'dist/cli.js'), capture, '--text'], {
		encoding: 'utf8',
	});
	assert.equal(reply.text, printed.stdout);
	assert.equal(reply.container, 'pcap');
	assert.equal(reply.messages, expected.messages.length);
	assert.deepEqual(reply.problems, []);
	const uri = 'untitled:Untitled-1';
	await client.open(uri, reply.text);
	const symbols = await client.request<{ name: string; children?: unknown[] }[]>(
		'textDocument/documentSymbol',
		{ textDocument: { uri } },
	);
	assert.ok(symbols.length > 0);
});

test('octets that are no capture: no message, the reason said', async () => {
	const reply = await client.request<RenderCaptureResult>('sipTrace/renderCapture', {
		data: Buffer.from('not a capture').toString('base64'),
	});
	assert.equal(reply.messages, 0);
	assert.equal(reply.container, null);
	assert.match(reply.problems[0]!, /^capture\.not-a-capture: /);
});
