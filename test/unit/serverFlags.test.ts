// The extension starts the language server with these Node options: one Node refuses would stop
// the server from starting at all, so each is checked on the Node that runs the tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { serverNodeFlags } from '../../client/src/serverFlags';

void test('Node accepts every option the language server is started with', () => {
	assert.ok(serverNodeFlags.length > 0);
	const r = spawnSync(process.execPath, [...serverNodeFlags, '-e', 'process.exit(0)'], {
		encoding: 'utf8',
	});
	assert.equal(r.status, 0, r.stderr);
	assert.equal(r.stderr, '');
});
