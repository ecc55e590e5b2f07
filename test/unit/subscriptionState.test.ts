// Subscription-State's parameters (RFC 6665 §8.2.3) read in place must give what reading them
// through a parameter map gives, for the plain values NOTIFYs carry and for the odd ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { parseParams } from '../../server/src/core/parser/split';

/** The reading through a map: names lower-cased, the last one wins, quotes taken off. */
function reference(value: string) {
	const semi = value.indexOf(';');
	const params = semi < 0 ? new Map<string, string | null>() : parseParams(value.slice(semi + 1));
	const num = (s: string | null | undefined): number | null =>
		s != null && /^\d+$/.test(s) ? Number(s) : null;
	return {
		expires: num(params.get('expires')),
		reason: params.get('reason')?.toLowerCase() ?? null,
		retryAfter: num(params.get('retry-after')),
	};
}

const values = [
	'active;expires=3000',
	'active',
	'terminated;reason=NoResource;retry-after=30',
	'Terminated; Reason = "Timeout"',
	'active;EXPIRES=5;expires=7',
	'pending;expires',
	'active;reason',
	'active;expires=',
	'active;expires= 60 ',
	'active;expires=-1',
	'active;expires=+5',
	'active;expires=1e3',
	'active;expires=12345678901234567890',
	'active;reason=Giveup ;;',
	'active;;expires=9;',
	'active;expires=5;reason="a;b"',
	'active;\u00a0expires=5',
	'active;reason=D\u00c9CLIN\u00c9',
	'active;retry-after=10;Retry-After=x',
	'active;expires=5\r\n ;reason=timeout',
	'active;exp ires=5',
	'active;expires=0',
];

test('Subscription-State parameters read in place as through a parameter map', () => {
	for (const value of values) {
		const text = [
			'NOTIFY sip:bob@192.0.2.2 SIP/2.0',
			'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1',
			'From: <sip:alice@example.com>;tag=1',
			'To: <sip:bob@example.com>;tag=2',
			'Call-ID: c1',
			'CSeq: 1 NOTIFY',
			'Event: presence',
			`Subscription-State: ${value}`,
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
		const m = analyzeTrace(text).messages[0]!;
		const header = m.header('subscription-state')!;
		const { state, ...params } = m.subscriptionState!;
		assert.deepEqual(
			params,
			reference(text.slice(header.value.start, header.value.end)),
			JSON.stringify(value),
		);
		assert.equal(state, value.split(';')[0]!.trim().toLowerCase());
	}
});

test('an expires that is no number of seconds is said as such, not as missing', () => {
	const said = (value: string) => {
		const text = [
			'NOTIFY sip:alice@192.0.2.1 SIP/2.0',
			'Via: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK1',
			'Max-Forwards: 70',
			'From: <sip:bob@example.com>;tag=2',
			'To: <sip:alice@example.com>;tag=1',
			'Call-ID: c1',
			'CSeq: 1 NOTIFY',
			'Contact: <sip:bob@192.0.2.2>',
			'Event: refer',
			`Subscription-State: ${value}`,
			'Content-Type: message/sipfrag;version=2.0',
			'Content-Length: 20',
			'',
			'SIP/2.0 100 Trying\r\n',
		].join('\r\n');
		return analyzeTrace(text)
			.problems.filter((p) => p.code.endsWith('-expires'))
			.map((p) => [p.code, p.severity, text.slice(p.span.start, p.span.end)]);
	};
	// A tutorial's copy of RFC 3515's example NOTIFY, its placeholder where the number goes: the
	// example's words, not a sender's value (information).
	assert.deepEqual(said('active;expires=(depends on Refer-To URI)'), [
		['notify.bad-expires', 'information', '(depends on Refer-To URI)'],
	]);
	assert.deepEqual(said('active;expires=(60)'), [['notify.bad-expires', 'error', '(60)']]);
	assert.deepEqual(said('terminated;reason=noresource;expires=-1'), [
		['notify.bad-expires', 'error', '-1'],
	]);
	assert.deepEqual(said('active'), [['notify.missing-expires', 'warning', 'active']]);
	assert.deepEqual(said('active;expires='), [
		['notify.missing-expires', 'warning', 'active;expires='],
	]);
	assert.deepEqual(said('active;expires=60'), []);
	assert.deepEqual(said('active;expires=12345678901234567890'), []);
});
