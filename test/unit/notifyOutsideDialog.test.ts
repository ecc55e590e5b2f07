// A NOTIFY is sent in the dialog its SUBSCRIBE made (RFC 6665 §4.2.1.2): To carries the
// subscriber's tag. On Kamailio's real presence NOTIFYs (test/fixtures/README.md: the presence
// story), as captured and edited as a broken notifier writes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'), 'utf8');
const notify = text.indexOf('NOTIFY sip:andrew@127.0.0.1:15061 SIP/2.0');
const to = text.indexOf('To: <sip:andrew@127.0.0.1>;tag=11484-andrew', notify);
const from = text.indexOf('From: <sip:linda@127.0.0.1>;tag=', notify);
const fromLine = text.slice(from, text.indexOf('\n', from));
const said = (t: string) =>
	analyzeTrace(t).problems.filter((p) => p.code === 'notify.outside-dialog');

test("as captured, every NOTIFY carries the subscriber's tag: nothing is said", () => {
	assert.deepEqual(said(text), []);
});

test("a NOTIFY whose To lost the subscriber's tag: an error on the To, the SUBSCRIBE related", () => {
	const edited = text.replace(
		'To: <sip:andrew@127.0.0.1>;tag=11484-andrew',
		'To: <sip:andrew@127.0.0.1>',
	);
	const found = said(edited);
	assert.equal(found.length, 1);
	assert.equal(edited.slice(found[0]!.span.start, found[0]!.span.end), '<sip:andrew@127.0.0.1>');
	assert.match(found[0]!.message, /tag \(11484-andrew\)/);
	const related = found[0]!.related![0]!.span;
	assert.match(edited.slice(related.start), /^SUBSCRIBE sip:linda@/);
	assert.equal(
		analyzeTrace(edited).messages.find((m) => m.startLine.start === related.start)?.callId,
		'1-11484@127.0.0.1',
	);
});

test('a NOTIFY with From and To as the subscriber wrote them: said as not reversed', () => {
	// The notifier copied the SUBSCRIBE's From (with the subscriber's tag) and To (no tag).
	const edited =
		text.slice(0, to) +
		'To: <sip:linda@127.0.0.1>' +
		text.slice(to + 'To: <sip:andrew@127.0.0.1>;tag=11484-andrew'.length, from) +
		'From: <sip:andrew@127.0.0.1>;tag=11484-andrew' +
		text.slice(from + fromLine.length);
	const found = said(edited);
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /written as the subscriber wrote them/);
});

test('a NOTIFY without To tag whose Call-ID no SUBSCRIBE carries (unsolicited): nothing is said', () => {
	const edited = text
		.replace('To: <sip:andrew@127.0.0.1>;tag=11484-andrew', 'To: <sip:andrew@127.0.0.1>')
		.replace(
			/Call-ID: 1-11484@127\.0\.0\.1(\r?\n)(Content-Length: 0\r?\nUser-Agent: kamailio)/,
			'Call-ID: unsolicited-1@127.0.0.1$1$2',
		);
	assert.ok(edited.includes('unsolicited-1@'));
	assert.deepEqual(said(edited), []);
});

test('a NOTIFY in its dialog without Contact: a warning; an unsolicited one without it: nothing', () => {
	const contactsSaid = (t: string) =>
		analyzeTrace(t).problems.filter((p) => p.code === 'notify.missing-contact');
	assert.deepEqual(contactsSaid(text), []);
	const line = 'Contact: <sip:127.0.0.1:15060;transport=udp>\r\n';
	const contact = text.indexOf(line, notify);
	const edited = text.slice(0, contact) + text.slice(contact + line.length);
	const found = contactsSaid(edited);
	assert.equal(found.length, 1);
	assert.equal(found[0]!.severity, 'warning');
	assert.match(
		edited.slice(found[0]!.span.start),
		/^NOTIFY sip:andrew@127\.0\.0\.1:15061 SIP\/2\.0/,
	);
	assert.match(found[0]!.message, /RFC 6665 §8\.1/);
	// The diagnostic's link names the section its text cites.
	assert.equal(found[0]!.rfc?.label, 'RFC 6665 §8.1');
	// Without To tag it belongs to no dialog (an unsolicited NOTIFY): no target to refresh.
	const unsolicited = edited.replace(
		/To: <sip:andrew@127\.0\.0\.1>;tag=11484-andrew(\r\nFrom: <sip:linda@127\.0\.0\.1>;tag=\w+-b430cbcf)/,
		'To: <sip:andrew@127.0.0.1>$1',
	);
	assert.notEqual(unsolicited, edited);
	assert.deepEqual(contactsSaid(unsolicited), []);
});

test("a NOTIFY whose To tag is a SUBSCRIBE's From tag but whose Call-ID is another: said outside that SUBSCRIBE's dialog", () => {
	// A Linksys manual's MWI NOTIFY came back on another Call-ID than its SUBSCRIBE's.
	const callId = text.indexOf('Call-ID: 1-11484@127.0.0.1', notify);
	const edited = `${text.slice(0, callId)}Call-ID: other-11484@127.0.0.1${text.slice(callId + 'Call-ID: 1-11484@127.0.0.1'.length)}`;
	const found = analyzeTrace(edited).problems.filter(
		(p) =>
			p.code === 'notify.no-subscribe' &&
			edited.slice(p.span.start).startsWith('NOTIFY sip:andrew'),
	);
	assert.equal(found.length, 1);
	assert.match(
		found[0]!.message,
		/has another Call-ID \(1-11484@127\.0\.0\.1\): the NOTIFY is outside its dialog/,
	);
	assert.match(edited.slice(found[0]!.related![0]!.span.start), /^SUBSCRIBE sip:linda@/);
});

test("a NOTIFY without To tag where the copy kept only the SUBSCRIBE's 200: said, the 200 related", () => {
	// As AudioCodes' plug-and-play manual shows a phone's provisioning subscription (RFC 6080):
	// the notifier's 200 to the SUBSCRIBE, then a NOTIFY whose To has no tag.
	const trace = [
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/UDP 10.13.2.37:5060;rport;branch=z9hG4bK-386d4398',
		'Contact: <sip:10.13.4.121:5060>',
		'To: <sip:224.0.1.75:5060>;tag=srv1',
		'From: <sip:00000001@10.13.2.37:5060>;tag=87a5a8',
		'Call-ID: 8884c8-25020d0a',
		'CSeq: 1 SUBSCRIBE',
		'Expires: 0',
		'Content-Length: 0',
		'',
		'NOTIFY sip:10.13.2.37:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 10.13.4.121:5060;branch=z9hG4bK-n1',
		'Max-Forwards: 20',
		'Contact: <sip:10.13.4.121:5060>',
		'To: <sip:224.0.1.75:5060>',
		'From: <sip:00000001@10.13.2.37:5060>;tag=87a5a8',
		'Call-ID: 8884c8-25020d0a',
		'CSeq: 1 NOTIFY',
		'Event: ua-profile',
		'Subscription-State: terminated;reason=timeout',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const found = said(trace);
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /tag of the SUBSCRIBE's From/);
	assert.ok(trace.slice(found[0]!.related![0]!.span.start).startsWith('SIP/2.0 200 OK'));
	assert.match(found[0]!.related![0]!.message, /the 200 to the SUBSCRIBE/);
});

test('an Event missing is cited from the RFC that asks for it: RFC 6665 for NOTIFY, RFC 3903 for PUBLISH', () => {
	const without = (method: string) => {
		const start = text.indexOf(`${method} sip:`);
		const event = text.indexOf('Event: presence\r\n', start);
		const edited = text.slice(0, event) + text.slice(event + 'Event: presence\r\n'.length);
		return analyzeTrace(edited).problems.filter((p) => p.code === 'event.missing');
	};
	const notifySaid = without('NOTIFY');
	assert.equal(notifySaid.length, 1);
	assert.match(notifySaid[0]!.message, /^NOTIFY without Event.*\(RFC 6665 §8\.2\.1\)\.$/);
	const publishSaid = without('PUBLISH');
	assert.equal(publishSaid.length, 1);
	assert.match(publishSaid[0]!.message, /^PUBLISH without Event.*\(RFC 3903 §4\.1\)\.$/);
});

test("a NOTIFY whose To tag is not the From tag of the SUBSCRIBE of its Call-ID (a book's typo): said so, that SUBSCRIBE related", () => {
	const sub = [
		'SUBSCRIBE sip:friends@example.com SIP/2.0',
		'Via: SIP/2.0/TCP 10.0.0.1;branch=z9hG4bK-s1',
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=6733',
		'To: <sip:friends@example.com>',
		'Call-ID: rls-1@10.0.0.1',
		'CSeq: 1 SUBSCRIBE',
		'Contact: <sip:alice@10.0.0.1;transport=tcp>',
		'Event: presence',
		'Expires: 3600',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const notify = (toTag: string) =>
		[
			'NOTIFY sip:alice@10.0.0.1;transport=tcp SIP/2.0',
			'Via: SIP/2.0/TCP 10.0.0.2;branch=z9hG4bK-n1',
			'Max-Forwards: 70',
			'From: <sip:friends@example.com>;tag=rls1',
			`To: <sip:alice@example.com>;tag=${toTag}`,
			'Call-ID: rls-1@10.0.0.1',
			'CSeq: 1 NOTIFY',
			'Contact: <sip:rls@10.0.0.2;transport=tcp>',
			'Event: presence',
			'Subscription-State: active;expires=3600',
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	const noSubscribe = (t: string) =>
		analyzeTrace(t).problems.filter((p) => p.code === 'notify.no-subscribe');
	assert.deepEqual(noSubscribe(sub + notify('6733')), []);
	const t = sub + notify('673');
	const found = noSubscribe(t);
	assert.equal(found.length, 1);
	assert.match(
		found[0]!.message,
		/the SUBSCRIBE of this Call-ID has From tag 6733, and this NOTIFY's To tag is 673/,
	);
	assert.equal(found[0]!.related![0]!.span.start, 0);
});

test('a NOTIFY without Subscription-State: an error in its dialog; a warning, said unsolicited, without a To tag', () => {
	const state = (t: string) =>
		analyzeTrace(t)
			.problems.filter((p) => p.code === 'notify.missing-subscription-state')
			.map((p) => [p.severity, /unsolicited/.test(p.message)]);
	const start = text.indexOf('NOTIFY sip:andrew@127.0.0.1:15061 SIP/2.0');
	const header = text.indexOf('Subscription-State:', start);
	const lineEnd = text.indexOf('\r\n', header) + 2;
	const without = text.slice(0, header) + text.slice(lineEnd);
	assert.deepEqual(state(without), [['error', false]]);
	const unsolicited = without.replace(
		'To: <sip:andrew@127.0.0.1>;tag=11484-andrew',
		'To: <sip:andrew@127.0.0.1>',
	);
	assert.deepEqual(state(unsolicited), [['warning', true]]);
});
