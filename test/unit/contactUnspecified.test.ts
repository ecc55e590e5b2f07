// A Contact at the unspecified address (0.0.0.0, `[::]`): no request can reach it (RFC 3261
// §8.1.1.8; RFC 1122 §3.2.1.3, RFC 4291 §2.5.2). On Kamailio's real presence story
// (test/fixtures/README.md), edited as a stack that writes the address it listens on sends it, and
// on Twinkle's log, which prints 0.0.0.0 in a request it could not send (filled in on sending).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const real = join(__dirname, '..', 'fixtures', 'real');
const story = readFileSync(join(real, 'presence-story.sip'), 'utf8');
const said = (t: string) =>
	analyzeTrace(t).problems.filter((p) => p.code === 'contact.unspecified-address');
const subscribeContact = story.indexOf('Contact: ', story.indexOf('SUBSCRIBE sip:'));
const contactLine = story.slice(subscribeContact, story.indexOf('\r\n', subscribeContact));
const withContact = (value: string): string =>
	story.slice(0, subscribeContact) +
	`Contact: ${value}` +
	story.slice(subscribeContact + contactLine.length);

test('as captured, no Contact is at the unspecified address', () => {
	assert.deepEqual(said(story), []);
});

test('a SUBSCRIBE whose Contact is 0.0.0.0 or [::]: a warning on that Contact, naming the address', () => {
	for (const [value, host] of [
		['<sip:andrew@0.0.0.0:15061;transport=udp>', '0.0.0.0'],
		['<sip:0.0.0.0:5060>', '0.0.0.0'],
		['sip:andrew@[::]:15061', '[::]'],
	] as const) {
		const edited = withContact(value);
		const found = said(edited);
		assert.equal(found.length, 1, value);
		assert.equal(found[0]!.severity, 'warning');
		assert.equal(edited.slice(found[0]!.span.start, found[0]!.span.end), value);
		assert.match(
			found[0]!.message,
			new RegExp(`host is ${host.replace(/[.[\]]/g, '\\$&')}, the unspecified address`),
		);
	}
});

test('0.0.0.0 elsewhere in the Contact (a parameter, a longer address) is not its host', () => {
	for (const value of [
		'<sip:andrew@10.0.0.0:15061>;received=0.0.0.0',
		'<sip:andrew@10.0.0.01:15061>',
		'<sip:andrew@0.0.0.01:15061>',
	])
		assert.deepEqual(said(withContact(value)), [], value);
});

test("Twinkle's request it could not send, printed with 0.0.0.0 before an address was chosen: not said", () => {
	const log = readFileSync(join(real, 'twinkle-presence.carol.log'), 'utf8');
	assert.ok(log.includes('Contact: <sip:carol@0.0.0.0:15087;transport=udp>'));
	const a = analyzeTrace(log);
	assert.ok(a.problems.some((p) => p.code === 'message.not-sent'));
	assert.deepEqual(said(log), []);
});

test('a Record-Route or Path at 0.0.0.0 (a proxy without an advertised address): a warning naming it; a Route, a parameter, not', () => {
	const routed = (name: string, value: string) => {
		const at = story.indexOf('Contact: ', story.indexOf('SUBSCRIBE sip:'));
		const edited = `${story.slice(0, at)}${name}: ${value}\r\n${story.slice(at)}`;
		return analyzeTrace(edited)
			.problems.filter((p) => p.code === 'route.unspecified-address')
			.map((p) => `${p.severity} ${edited.slice(p.span.start, p.span.end)}`);
	};
	// As a Kamailio on 0.0.0.0 wrote it in an Asterisk user's INVITE.
	assert.deepEqual(routed('Record-Route', '<sip:0.0.0.0:15060;lr;ftag=064bfecf>'), [
		'warning <sip:0.0.0.0:15060;lr;ftag=064bfecf>',
	]);
	assert.deepEqual(routed('Path', '<sip:[::]:5060;lr>'), ['warning <sip:[::]:5060;lr>']);
	assert.deepEqual(routed('Record-Route', '<sip:10.0.0.1;lr;received=0.0.0.0>'), []);
	assert.deepEqual(routed('Route', '<sip:0.0.0.0:15060;lr>'), []);
});
