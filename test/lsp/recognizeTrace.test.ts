// `sipTrace/recognizeTrace` over stdio: what the extension asks before it opens a plain-text or
// log document as a trace. The head of tshark's stream follower (an empty first line) is a trace
// in its format; notes that speak of SIP are not; a hostile head gets an answer, not a crash.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recognizeHeadChars, type RecognizeTraceResult } from '../../server/src/protocol/lspExt';
import { LspClient, root } from './lspClient';

let client: LspClient;
before(async () => {
	client = new LspClient();
	await client.initialize();
});
after(async () => {
	assert.equal(await client.shutdown(), 0);
});

const recognize = (head: string): Promise<RecognizeTraceResult> =>
	client.request<RecognizeTraceResult>('sipTrace/recognizeTrace', { head });

test('the head of a trace that no first line announces is a trace, in its format', async () => {
	const follower = readFileSync(join(root, 'test/fixtures/real/presence-story.follow.txt'), 'utf8');
	assert.equal(follower.split('\n')[0], '', 'the follower begins with an empty line');
	assert.deepEqual(await recognize(follower.slice(0, recognizeHeadChars)), {
		format: 'tsharkFollow',
	});
});

test('notes about SIP, and junk, are not a trace', async () => {
	assert.equal(await recognize('The proxy answered SIP/2.0 407 to the PUBLISH.\n'), null);
	const junk = `SIP/2.0 200 OK\n${'\u0000\uffff<!DOCTYPE x [<!ENTITY a "b">]>'.repeat(2000)}`;
	assert.equal(await recognize(junk.slice(0, recognizeHeadChars)), null);
});
