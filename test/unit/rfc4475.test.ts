// The SIP torture messages of RFC 4475 (test/fixtures/rfc4475, with the manifest that says which
// the RFC calls valid): every valid one parses without error or warning, every invalid one is
// reported, none throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const dir = join(__dirname, '..', 'fixtures', 'rfc4475');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
	messages: {
		file: string;
		syntax: string | null;
		section: string;
		title: string;
		kind?: string;
	}[];
};

for (const entry of manifest.messages) {
	test(`RFC 4475 §${entry.section} ${entry.title} (${entry.file}, ${entry.syntax})`, () => {
		// Bytes as they were on the wire: latin1 keeps every octet as one character.
		const text = readFileSync(join(dir, entry.file), 'latin1');
		const a = analyzeTrace(text);
		const faults = a.problems.filter((p) => p.severity === 'error' || p.severity === 'warning');
		if (entry.syntax === null) {
			// Shipped in the archive without a verdict (no SIP-Version at all): reported, not crashed on.
			assert.ok(a.problems.length > 0);
			return;
		}
		assert.ok(a.messages.length >= 1, 'framed as a message');
		if (entry.syntax === 'valid') {
			assert.deepEqual(
				faults.map((p) => `${p.code}: ${p.message}`),
				[],
			);
			assert.equal(a.messages[0]!.kind === 'invalid', false);
		} else {
			assert.ok(faults.length > 0, 'an invalid message must be reported');
		}
	});
}

test("scalar02's Expires beyond 2^32-1 is said out of range (a warning: RFC 4475 §3.1.2.3 lets a receiver take the default), a word is said no number (an error)", () => {
	const text = readFileSync(join(dir, 'scalar02.dat'), 'latin1');
	const expires = (t: string) =>
		analyzeTrace(t)
			.problems.filter((p) => p.code === 'expires.not-a-number')
			.map((p) => [p.severity, /beyond 4294967295/.test(p.message)]);
	assert.deepEqual(expires(text), [['warning', true]]);
	const value = /Expires: *(\d+)/i.exec(text)![1]!;
	assert.deepEqual(expires(text.replace(value, '4294967296')), [['warning', true]]);
	assert.deepEqual(expires(text.replace(value, '4294967295')), []);
	assert.deepEqual(expires(text.replace(value, 'never')), [['error', false]]);
});
