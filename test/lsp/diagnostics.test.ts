// Diagnostics over stdio: published for broken headers, with RFC links, following edits and settings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './lspClient';

const uri = 'file:///traces/broken.sip';
const broken = [
	'SUBSCRIBE sip:linda@example.com SIP/2.0',
	'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKx1',
	'Max-Forwards: 70',
	'From: <sip:andrew@example.com>;tag=a1',
	'To: <sip:linda@example.com>',
	'CSeq: 1 SUBSCRIBE',
	'Event: presence',
	'Content-Length: 0',
	'',
	'',
].join('\r\n');

let client: LspClient;
before(async () => {
	client = new LspClient();
	await client.initialize();
});
after(async () => {
	await client.shutdown();
});

test('a request without Call-ID gets an error diagnostic on its start line with an RFC link', async () => {
	await client.open(uri, broken, 1);
	const diagnostics = await client.diagnostics(uri, 1);
	const missing = diagnostics.find((d) => /call-id/i.test(String(d.code)));
	assert.ok(missing, JSON.stringify(diagnostics.map((d) => d.code)));
	assert.equal(missing.severity, 1);
	assert.equal(missing.range.start.line, 0);
	assert.match(missing.codeDescription?.href ?? '', /rfc-editor\.org\/rfc\/rfc3261/);
});

test('an incremental edit that adds the Call-ID clears the diagnostic', async () => {
	await client.connection.sendNotification('textDocument/didChange', {
		textDocument: { uri, version: 2 },
		contentChanges: [
			{
				range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } },
				text: 'Call-ID: abc@198.51.100.7\r\n',
			},
		],
	});
	const diagnostics = await client.diagnostics(uri, 2);
	assert.equal(
		diagnostics.filter((d) => /call-id/i.test(String(d.code))).length,
		0,
		JSON.stringify(diagnostics),
	);
});

test('binary junk and a truncated message give diagnostics, not a crash', async () => {
	const junkUri = 'file:///traces/junk.sip';
	const junk =
		'\u0000\u0001\u0002garbage\uFFFD\r\nNOTIFY sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\nContent-Length: 500\r\n\r\n<presence';
	await client.open(junkUri, junk, 1);
	const diagnostics = await client.diagnostics(junkUri, 1);
	assert.ok(diagnostics.length > 0);
	assert.equal(client.exited, false);
});
