// Presence flows as real software printed them and people posted them in public
// (test/fixtures/formats/public, origins in test/fixtures/README.md): SUBSCRIBE, NOTIFY and
// PUBLISH with their bodies, as the posts show them. Each case says what the text says: where
// each message starts, what its frame gives, how the messages link (RFC 3261, 6665, 3903) and
// what the hover of a body shows. Expected values come from reading the excerpts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver';
import { analyzeTrace } from '../../server/src/core/analyze';
import { timeIn } from '../../server/src/core/framing/logTime';
import type { TraceFormat } from '../../server/src/core/model';
import { provideHover } from '../../server/src/features/hover';
import { createTraceDocument } from '../../server/src/traceDocument';
import { coversAll } from './coversAll';

const dir = join(__dirname, '..', 'fixtures', 'formats', 'public');

type Analysis = ReturnType<typeof analyzeTrace>;

/** What `--json` calls a message's links (README "Command line"), for the links a case checks. */
interface Links {
	request?: number | null;
	subscription?: number | null;
	publication?: number | null;
	publications?: number[];
	challenge?: number | null;
	notifies?: number[];
}

interface Expected {
	/** 0-based line of the start line. */
	line: number;
	start: string;
	callId?: string | null;
	time?: string | null;
	epochMicros?: number | null;
	src?: string | null;
	dst?: string | null;
	direction?: 'in' | 'out' | null;
	transport?: string | null;
	links?: Links;
}

const lineOf = (text: string, offset: number): number =>
	text.slice(0, offset).split('\n').length - 1;

function linksOf(a: Analysis, i: number): Required<Links> {
	const { index } = a;
	const method = a.messages[i]!.method;
	return {
		request: index.requestOf(i),
		subscription: method === 'NOTIFY' ? (index.subscriptionOf(i)?.creator ?? null) : null,
		publication:
			method === 'PUBLISH'
				? index.publishRefreshed(i)
				: method === 'NOTIFY'
					? index.publishOf(i)
					: null,
		publications: method === 'NOTIFY' ? [...index.publishesOf(i)] : [],
		challenge: index.challengeOf(i),
		notifies: method === 'PUBLISH' ? [...index.notifiesOf(i)] : [],
	};
}

/** The hover's Markdown at a 0-based line and character of the file. */
function hoverAt(file: string, text: string, line: number, character: number): string {
	const doc = createTraceDocument(`file:///${file}`, 1, text, undefined);
	const hover = provideHover(doc, { line, character }) as Hover | null;
	assert.ok(hover, `a hover at ${line}:${character}`);
	return (hover.contents as { value: string }).value;
}

interface Excerpt {
	readonly title: string;
	readonly file: string;
	readonly format: TraceFormat;
	readonly messages: Expected[];
	/** Problem codes the text must raise, each at its 0-based line. */
	readonly problems?: [string, number][];
	/** Problem codes the text must not raise. */
	readonly noProblems?: string[];
	readonly more?: (text: string, a: Analysis) => void;
}

function excerptTests(excerpts: readonly Excerpt[]): void {
	for (const { title, file, format, messages, problems, noProblems, more } of excerpts)
		test(title, () => {
			const text = readFileSync(join(dir, file), 'utf8');
			const a = analyzeTrace(text);
			assert.equal(a.format, format);
			assert.equal(a.messages.length, messages.length, 'messages');
			messages.forEach((want, i) => {
				const m = a.messages[i]!;
				assert.equal(m.kind === 'invalid', false, `message ${i} parses`);
				const got: Record<string, unknown> = {
					line: lineOf(text, m.startLine.start),
					start: text.slice(m.startLine.start, m.startLine.end),
				};
				for (const key of Object.keys(want) as (keyof Expected)[]) {
					if (key === 'line' || key === 'start') continue;
					if (key === 'links') {
						const all = linksOf(a, i);
						got.links = Object.fromEntries(
							Object.keys(want.links!).map((k) => [k, all[k as keyof Links]]),
						);
					} else got[key] = key === 'callId' ? m.callId : m.frame[key];
				}
				assert.deepEqual(got, want, `message ${i}`);
			});
			const raised = a.problems.map((p) => [p.code, lineOf(text, p.span.start)]);
			for (const p of problems ?? [])
				assert.ok(
					raised.some(([c, l]) => c === p[0] && l === p[1]),
					`${p[0]} at line ${p[1]}: ${JSON.stringify(raised)}`,
				);
			for (const code of noProblems ?? [])
				assert.ok(!raised.some(([c]) => c === code), `no ${code}: ${JSON.stringify(raised)}`);
			coversAll(text, a);
			more?.(text, a);
		});
}

// Presence: subscriptions, publications and their bodies.
excerptTests([
	{
		title:
			'a SUBSCRIBE and Kamailio’s NOTIFY under sngrep’s line: the NOTIFY belongs to the subscription its tags name',
		file: 'kamailio-sngrep-subscribe-notify-no-body.txt',
		format: 'sngrep',
		messages: [
			{
				line: 0,
				start: 'SUBSCRIBE sip:dendy@xxxxxxxx:xxxxx;transport=tcp SIP/2.0',
				callId: 'jymDoKAg4ffapLjQREv4qDGNqFN35.jb',
				time: null,
				src: null,
				dst: null,
			},
			{
				line: 15,
				start: 'NOTIFY sip:1203@xxxxxx:xxxxxx SIP/2.0',
				callId: 'jymDoKAg4ffapLjQREv4qDGNqFN35.jb',
				time: '2019-04-19T14:17:31.261866',
				src: 'xxxxxx:xxxxxx',
				dst: 'xxxxxx:xxxx',
				// Call-ID, its To tag the SUBSCRIBE's From tag, the same event (RFC 6665 §4.4.1).
				links: { request: null, subscription: 0, publication: null, publications: [] },
			},
		],
		noProblems: ['notify.no-subscribe', 'notify.missing-subscription-state'],
	},
	{
		title:
			'Kamailio pua’s dialog PUBLISH: a state written "Trying" is flagged, and the hover still shows the dialog',
		file: 'kamailio-pua-publish-dialog-info-capital-trying.txt',
		format: 'raw',
		messages: [
			{
				line: 0,
				start: 'PUBLISH sip:testuser1002@spce.test SIP/2.0',
				callId: '3cce05ee326f0119-24523@127.0.0.1',
				// No SIP-If-Match: an initial publication, nothing it refreshes.
				links: { request: null, publication: null, notifies: [] },
			},
		],
		// RFC 4235 §4.1's schema lists the states in lower case.
		problems: [['body.invalid-dialog-info', 13]],
		noProblems: ['content-length.mismatch', 'publish.no-body-no-if-match'],
		more: (text) => {
			const hover = hoverAt('pua.txt', text, 15, 4);
			assert.ok(hover.includes('of `sip:testuser1002@spce.test` (version 0, full state)'), hover);
			assert.ok(hover.includes('**Trying** ⚠ RFC 4235 spells it `trying`'), hover);
			assert.ok(hover.includes('initiator (placed the call)'), hover);
			assert.ok(
				hover.includes('sip:1003@spce.test, target sip:1003@spce.test'),
				`the remote party: ${hover}`,
			);
		},
	},
	{
		title:
			'a manual page whose site hid every address: the SUBSCRIBE and NOTIFY are still requests, and tags that differ link nothing',
		file: 'yealink-manual-email-protected-subscribe-notify.txt',
		format: 'raw',
		messages: [
			{
				line: 2,
				start: 'SUBSCRIBE sip:[email protected]:5060 SIP/2.0',
				callId: '[email protected]',
			},
			{
				line: 17,
				start: 'NOTIFY sip:[email protected]:5060 SIP/2.0',
				callId: '[email protected]',
				// The same Call-ID text, but the NOTIFY's tags are not the SUBSCRIBE's (two captures):
				// no subscription of this trace (RFC 6665 §4.4.1 matches on the tags too).
				links: { request: null, subscription: null },
			},
		],
		// The page's mask of the Request-URIs (`[email protected]`) stands for valid URIs: not said.
		problems: [
			['notify.no-subscribe', 17],
			['message.missing-empty-line', 30],
			// The page's text stops inside the body (its PIDF left open): cut, not a wrong length.
			['message.truncated', 30],
		],
		noProblems: ['message.malformed-start-line', 'message.bad-request-uri'],
		more: (_text, a) => {
			assert.deepEqual(
				a.messages.map((m) => [m.method, m.requestUri]),
				[
					['SUBSCRIBE', 'sip:[email protected]:5060'],
					['NOTIFY', 'sip:[email protected]:5060'],
				],
			);
		},
	},
	{
		title:
			'a Yealink NOTIFY with its partial dialog-info glued to the headers: the body is read and decoded',
		file: 'yealink-manual-notify-partial-no-blank-line.txt',
		format: 'raw',
		messages: [
			{
				line: 2,
				start: 'NOTIFY sip:10111@10.10.20.32:5060 SIP/2.0',
				callId: '0_2584152566@10.10.20.32',
				links: { subscription: null, publication: null, publications: [] },
			},
		],
		problems: [
			['message.missing-empty-line', 15],
			['notify.no-subscribe', 2],
		],
		noProblems: ['content-length.mismatch', 'body.invalid-dialog-info'],
		more: (text) => {
			const hover = hoverAt('t2.txt', text, 19, 2);
			assert.ok(hover.includes('of `sip:1000@10.2.1.48:5060` (version 4, partial state)'), hover);
			assert.ok(hover.includes('| 65644 | **terminated** |'), hover);
		},
	},
	{
		title:
			'OpenSIPS’s 412 to a PUBLISH in syslog, #015#012 for each line end: the response, its request not in the trace',
		file: 'opensips-syslog-escaped-412-publish-tls.txt',
		format: 'escaped',
		messages: [
			{
				line: 2,
				start: 'SIP/2.0 412 Conditional request failed',
				callId: '468276617-33741-6852@BJC.BGI.B.FI',
				time: '--03-08T00:18:28',
				links: { request: null },
			},
		],
		problems: [['response.no-request', 2]],
		noProblems: ['content-length.mismatch', 'message.truncated'],
	},
	{
		title:
			'[MS-SIP]’s P2P XPIDF example, indented with trailing spaces: SUBSCRIBE, its 200, and the NOTIFY the page cuts',
		file: 'ms-sip-xpidf-p2p-subscribe-200.txt',
		format: 'raw',
		messages: [
			{
				line: 2,
				start: 'SUBSCRIBE sip:user2@193.12.62.199 SIP/2.0',
				callId: '21824beb-0ee4-4953-ad36-745a0614a0e9@193.12.63.150',
			},
			{
				line: 17,
				start: 'SIP/2.0 200 OK',
				callId: '21824beb-0ee4-4953-ad36-745a0614a0e9@193.12.63.150',
				links: { request: 0 },
			},
			{
				line: 28,
				start: 'NOTIFY sip:193.12.63.150:13695 SIP/2.0',
				callId: '21824beb-0ee4-4953-ad36-745a0614a0e9@193.12.63.150',
				// From tag the 200's To tag, To tag the SUBSCRIBE's From tag: the dialog the
				// subscription made (the page says so; its Event header is past the cut).
				links: { request: null, subscription: 0 },
			},
		],
		// The example's 200 makes the subscription's dialog without a Contact (RFC 3261 §12.1.1).
		problems: [
			['response.missing-contact', 17],
			['message.truncated', 28],
		],
		noProblems: ['response.no-request', 'header.missing-via'],
		more: (text) => {
			const hover = hoverAt('ms-sip.txt', text, 17, 3);
			assert.ok(hover.includes('to the SUBSCRIBE at line 3'), hover);
			assert.ok(hover.includes('the subscription is granted for 28800 s'), hover);
		},
	},
	{
		title:
			'Linphone’s PUBLISH of presence from a web page, no empty line before the PIDF: the tuple’s status, contact and time',
		file: 'linphone-android-publish-pidf-no-blank-line.txt',
		format: 'raw',
		messages: [
			{
				line: 3,
				start: 'PUBLISH sip:51234@10.0.0.27 SIP/2.0',
				callId: 'R3BFg0WqhB',
				links: { request: null, publication: null, notifies: [] },
			},
		],
		// The page lost the XML's indentation: fewer octets than Content-Length says, which a copy
		// that also lost the empty line cannot be judged by (information, not an error).
		problems: [
			['message.missing-empty-line', 16],
			['content-length.mismatch', 16],
		],
		noProblems: ['body.invalid', 'publish.no-body-no-if-match'],
		more: (text, a) => {
			assert.deepEqual(
				a.problems.filter((p) => p.code === 'content-length.mismatch').map((p) => p.severity),
				['information'],
			);
			// The empty line the copy lost is said as the copy's too, not as a fault of the PUBLISH.
			const missing = a.problems.filter((p) => p.code === 'message.missing-empty-line');
			assert.deepEqual(
				missing.map((p) => p.severity),
				['information'],
			);
			assert.match(missing[0]!.message, /the copy lost it/);
			const hover = hoverAt('linphone.txt', text, 24, 2);
			assert.ok(hover.includes('**Presence** of `sip:51234@10.0.0.27`'), hover);
			assert.ok(
				hover.includes(
					'| tuple n5z2og | open (online) | sip:51234@10.0.0.27 (priority 0.8) | 2023-12-17T16:45:04Z |',
				),
				hover,
			);
		},
	},
	{
		title:
			'Linphone Desktop’s belle-sip log: the PUBLISH sent to a host name, its PIDF tuple decoded',
		file: 'linphone-desktop-belle-sip-publish-pidf-online.txt',
		format: 'bellesip',
		messages: [
			{
				line: 1,
				start: 'PUBLISH sip:CPBX-1234567890@pbx.easybell.de SIP/2.0',
				callId: 'fbMQf3T4Km',
				// belle-sip's `12:57:36:251`: milliseconds after a colon.
				time: '2020-11-18T12:57:36.251',
				src: null,
				dst: 'pbx.easybell.de:5060',
				direction: 'out',
				transport: 'UDP',
				links: { request: null, publication: null, notifies: [] },
			},
		],
		// 531 octets: the body's 11 lines with CRLF, none after `</presence>`.
		noProblems: ['content-length.mismatch', 'message.missing-empty-line', 'body.invalid'],
		more: (text) => {
			const hover = hoverAt('linphone-desktop.txt', text, 20, 5);
			assert.ok(
				hover.includes(
					'| tuple tnntnv | open (online) | sip:CPBX-1234567890@pbx.easybell.de (priority 0.8) | 2020-11-18T11:57:35Z |',
				),
				hover,
			);
		},
	},
	{
		title:
			'a HOMER text export with lines of one space: the 200 to an unsubscribe and the NOTIFY the page cuts, times with their offset',
		file: 'homer-text-space-lines-unsubscribe-200-notify.txt',
		format: 'homer',
		messages: [
			{
				line: 2,
				start: 'SIP/2.0 200 OK',
				callId: '252081767525535-1129330916386@Phone_WAN',
				time: '2024-07-02T11:49:48.548312-04:00',
				epochMicros: Date.UTC(2024, 6, 2, 15, 49, 48) * 1000 + 548312,
				src: 'SBC_LAN:5060',
				dst: 'Phone_WAN:14384',
				transport: 'UDP',
				// The SUBSCRIBE it answers is above the excerpt.
				links: { request: null },
			},
			{
				line: 20,
				start: 'NOTIFY sip:okg90748@SBC_LAN:5080 SIP/2.0',
				// Cut inside its Call-ID: not the 200's call, nothing to link it to.
				callId: '252081767525535-1129330916386@',
				time: '2024-07-02T11:49:48.548427-04:00',
				src: 'PBX_LAN:5060',
				dst: 'SBC_LAN:5080',
				links: { subscription: null },
			},
		],
		problems: [
			['response.no-request', 2],
			['message.truncated', 20],
		],
	},
	{
		title:
			'pjsua through Serilog (date, time and UTC offset before pjsua’s line): the time keeps its offset',
		file: 'pjsua-serilog-prefix-407-subscribe-resent.txt',
		format: 'pjsua',
		messages: [
			{
				line: 1,
				start: 'SIP/2.0 407 Proxy Authentication Required',
				callId: 'a07aec6c55664deab825b630267b8028',
				time: '2025-02-11T09:06:39.029+00:00',
				epochMicros: Date.UTC(2025, 1, 11, 9, 6, 39, 29) * 1000,
				src: '*.*.*.*:5061',
				dst: null,
				direction: 'in',
				transport: 'TLS',
				links: { request: null },
			},
			{
				line: 13,
				start: 'SUBSCRIBE sips:*.*.*.*@*.*.*.*.com SIP/2.0',
				// Cut before its Call-ID: nothing ties it to the challenge.
				callId: null,
				time: '2025-02-11T09:06:39.030+00:00',
				epochMicros: Date.UTC(2025, 1, 11, 9, 6, 39, 30) * 1000,
				src: null,
				dst: '*.*.*.*:5061',
				direction: 'out',
				transport: 'TLS',
				links: { challenge: null },
			},
		],
		problems: [
			['response.no-request', 1],
			['message.truncated', 13],
		],
	},
	{
		title: 'a pjsua2 app’s `[INF] ` lines: the 407 to a presence SUBSCRIBE received over TLS',
		file: 'pjsua-inf-prefix-tls-407-subscribe.txt',
		format: 'pjsua',
		messages: [
			{
				line: 4,
				start: 'SIP/2.0 407 Proxy Authentication Required',
				callId: '50eb546b-fc6a-4ecc-9c52-9e87129066f4',
				time: '11:15:47.555',
				src: '*.*.*.25:5061',
				direction: 'in',
				transport: 'TLS',
				links: { request: null },
			},
		],
		noProblems: ['content-length.mismatch', 'message.truncated'],
	},
]);

test('a log stamp with a UTC offset keeps it, glued or after a space, and the epoch is UTC', () => {
	assert.deepEqual(timeIn('proto:UDP 2024-07-02T11:49:48.548312-04:00  a:5060 ---> b:5060'), {
		time: '2024-07-02T11:49:48.548312-04:00',
		epochMicros: Date.UTC(2024, 6, 2, 15, 49, 48) * 1000 + 548312,
	});
	assert.deepEqual(timeIn('2025-02-11 09:06:39.029 +05:30 [INF] '), {
		time: '2025-02-11T09:06:39.029+05:30',
		epochMicros: Date.UTC(2025, 1, 11, 3, 36, 39, 29) * 1000,
	});
	assert.deepEqual(timeIn('2025-02-11T09:06:39Z INFO'), {
		time: '2025-02-11T09:06:39Z',
		epochMicros: Date.UTC(2025, 1, 11, 9, 6, 39) * 1000,
	});
	// A time of day alone keeps its zone too (JsSIP's console in an app bundle, issue 943).
	assert.deepEqual(timeIn('palappbundle-021919.js:18369 18:25:46.841Z INFO >  JsSIP: '), {
		time: '18:25:46.841Z',
		epochMicros: null,
	});
	// Without one, the time as before: no offset, the epoch read as UTC.
	assert.deepEqual(timeIn('2025-02-11 09:06:39.029 [INF] '), {
		time: '2025-02-11T09:06:39.029',
		epochMicros: Date.UTC(2025, 1, 11, 9, 6, 39, 29) * 1000,
	});
});

test('a date with hyphens and the year last is read where the day tells itself from the month', () => {
	// JavaForce's `[dd-MM-yyyy HH:mm:ss]` record line.
	assert.deepEqual(timeIn('[20-08-2020 08:50:04] ACK sip:fritz.box SIP/2.0'), {
		time: '2020-08-20T08:50:04',
		epochMicros: Date.UTC(2020, 7, 20, 8, 50, 4) * 1000,
	});
	// Month first, as a US log writes it.
	assert.equal(timeIn('[08-20-2020 08:50:04] ')?.time, '2020-08-20T08:50:04');
	// Both 12 or below: either could be the day, so the time of day alone.
	assert.deepEqual(timeIn('[05-08-2020 08:50:04] '), { time: '08:50:04', epochMicros: null });
});
