// How messages read in the outline: what a request with Expires: 0 ends is named, on the real
// baresip traces (test/fixtures/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { messageTitle } from '../../server/src/features/messageNames';

const real = (name: string): string =>
	readFileSync(join(__dirname, '..', 'fixtures', 'real', name), 'utf8');

const titles = (text: string, method: string): string[] => {
	const a = analyzeTrace(text);
	return a.messages.filter((m) => m.method === method).map((m) => messageTitle(a, m));
};

test('a SUBSCRIBE with Expires: 0 reads as unsubscribe, a REGISTER whose Contact expires=0 as unregister', () => {
	const text = real('baresip-presence.andrew.log');
	assert.deepEqual(titles(text, 'SUBSCRIBE'), [
		'SUBSCRIBE presence',
		'SUBSCRIBE presence (unsubscribe)',
	]);
	assert.deepEqual(titles(text, 'REGISTER'), ['REGISTER', 'REGISTER (unregister)']);
});

test("a PUBLISH with Expires: 0 reads as the publication's removal", () => {
	const publishes = titles(real('baresip-presence.linda.log'), 'PUBLISH');
	assert.equal(publishes.at(-1), 'PUBLISH presence (remove)');
	assert.ok(
		publishes.slice(0, -2).every((t) => !t.includes('(remove)')),
		publishes.join(' | '),
	);
});

test('REGISTER: Contact: * or Expires: 0 unregisters, unless a Contact keeps its own expiry', () => {
	const register = (...extra: string[]): string =>
		[
			'REGISTER sip:example.com SIP/2.0',
			'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1',
			'From: <sip:a@example.com>;tag=1',
			'To: <sip:a@example.com>',
			'Call-ID: r1',
			'CSeq: 1 REGISTER',
			'Max-Forwards: 70',
			...extra,
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	assert.deepEqual(titles(register('Contact: *', 'Expires: 0'), 'REGISTER'), [
		'REGISTER (unregister)',
	]);
	assert.deepEqual(titles(register('Contact: <sip:a@192.0.2.1>', 'Expires: 0'), 'REGISTER'), [
		'REGISTER (unregister)',
	]);
	assert.deepEqual(
		titles(register('Contact: <sip:a@192.0.2.1>;expires=3600', 'Expires: 0'), 'REGISTER'),
		['REGISTER'],
	);
	assert.deepEqual(
		titles(register('Contact: <sip:a@192.0.2.1;expires=0>;expires=60'), 'REGISTER'),
		['REGISTER'],
	);
});
