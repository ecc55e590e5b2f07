// An expiry far off reads as far off: Expires and Subscription-State expires up to 2^32-1 s
// (RFC 3261 §20.19, RFC 6665 §4.1.3) get a length a person reads, and a subscription's code lens
// dates its end when it is not on the day it began, instead of showing a bare time of day that
// looks like later today.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { provideHover } from '../../server/src/features/hover';
import { provideCodeLenses } from '../../server/src/features/codeLens';
import { createTraceDocument } from '../../server/src/traceDocument';

const start = Date.UTC(2026, 10, 24, 19, 33, 7); // the trace's first header line, below

/** One subscription on header-line framing, every expiry `seconds`, its Call-ID `callId`. */
function subscription(seconds: number, callId: string, at: string): string {
	const msg = (line: string, headers: string[]): string =>
		`${at} 10.0.0.1:5060 -> 10.0.0.2:5060\n${line}\n${headers.join('\n')}\nContent-Length: 0\n\n`;
	const back = (line: string, headers: string[]): string =>
		msg(line, headers).replace('10.0.0.1:5060 -> 10.0.0.2:5060', '10.0.0.2:5060 -> 10.0.0.1:5060');
	const common = [`From: <sip:andrew@example.com>;tag=a1`, `Call-ID: ${callId}`, 'Event: presence'];
	return [
		msg('SUBSCRIBE sip:linda@example.com SIP/2.0', [
			'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK' + callId + 's',
			'To: <sip:linda@example.com>',
			...common,
			'CSeq: 1 SUBSCRIBE',
			'Contact: <sip:andrew@10.0.0.1:5060>',
			`Expires: ${seconds}`,
		]),
		back('SIP/2.0 200 OK', [
			'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK' + callId + 's',
			'To: <sip:linda@example.com>;tag=l1',
			...common,
			'CSeq: 1 SUBSCRIBE',
			'Contact: <sip:linda@10.0.0.2:5060>',
			`Expires: ${seconds}`,
		]),
		back('NOTIFY sip:andrew@10.0.0.1:5060 SIP/2.0', [
			'Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK' + callId + 'n',
			'From: <sip:linda@example.com>;tag=l1',
			'To: <sip:andrew@example.com>;tag=a1',
			`Call-ID: ${callId}`,
			'Event: presence',
			'CSeq: 1 NOTIFY',
			'Contact: <sip:linda@10.0.0.2:5060>',
			`Subscription-State: active;expires=${seconds}`,
		]),
	].join('');
}

function open(text: string) {
	const doc = createTraceDocument('file:///long-expiry.log', 1, text, undefined);
	const lines = text.split('\n');
	// On the header's value, its last character.
	const hover = (line: number): string =>
		(
			provideHover(doc, { line, character: lines[line]!.length - 1 })?.contents as
				{ value: string } | undefined
		)?.value ?? '';
	return { doc, lines, hover };
}

const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
const dated = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

test('an Expires of 2^32-1 s reads as about 136 years, the largest value RFC 3261 allows', () => {
	const max = 4294967295;
	const { lines, hover } = open(subscription(max, 'far', '2026-11-24 19:33:07.000000'));
	const expires = lines.findIndex((l) => l.startsWith('Expires:'));
	const value = hover(expires);
	assert.ok(value.startsWith(`**Expires ${max} s** (about 136 years): until 2163-`), value);
	assert.ok(value.includes('The largest value an expiry may take'), value);
	assert.ok(value.includes('rfc3261#section-20.19'), value);
	const state = lines.findIndex((l) => l.startsWith('Subscription-State:'));
	assert.ok(hover(state).includes(`expires in ${max} s (about 136 years)`), hover(state));
});

test('an hour, a day and a half: lengths as a person reads them, plain seconds under two minutes', () => {
	for (const [seconds, read] of [
		[3600, ' (60 min)'],
		[7200, ' (2 h)'],
		[129600, ' (36 h)'],
		[90, ''],
	] as const) {
		const { lines, hover } = open(
			subscription(seconds, `c${seconds}`, '2026-11-24 19:33:07.000000'),
		);
		const value = hover(lines.findIndex((l) => l.startsWith('Expires:')));
		assert.ok(value.startsWith(`**Expires ${seconds} s**${read}: until `), value);
		assert.ok(!value.includes('largest value'), value);
	}
});

test('a subscription that ends on another day shows the date of its end in its code lens', () => {
	const { doc } = open(
		subscription(3600, 'hour', '2026-11-24 19:33:07.000000') +
			subscription(4294967295, 'far', '2026-11-24 19:33:08.000000'),
	);
	const titles = provideCodeLenses(doc).map((l) => l.command!.title);
	const hour = titles.find((t) => t.includes(`active ${clock(start)} to`));
	assert.ok(hour?.includes(`to ${clock(start + 3600_000)}`), titles.join(' | '));
	const far = titles.find((t) => t.includes(`active ${clock(start + 1000)} to`));
	assert.ok(far?.includes(`to ${dated(start + 1000 + 4294967295_000)}`), titles.join(' | '));
});
