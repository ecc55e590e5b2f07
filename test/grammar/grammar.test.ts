// Highlighting of every supported trace format, bodies embedded, and bounded tokenisation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INITIAL, type StateStack } from 'vscode-textmate';
import { scopesOf, sipGrammar, tokenize } from './tokenize';

const fixtures = join(__dirname, '..', 'fixtures');
const read = (p: string): string => readFileSync(join(fixtures, p), 'utf8');
const has = (scopes: readonly string[], prefix: string): boolean =>
	scopes.some((s) => s.startsWith(prefix));

const formats: [string, string][] = [
	['raw', 'real/presence-story.sip'],
	['sngrep', 'real/presence-story.sngrep.txt'],
	['SIPp', 'real/presence-story.sipp-linda.log'],
	['sipdump', 'real/presence-story.sipdump.txt'],
	['formats: asterisk prefixed', 'formats/asterisk-prefixed.log'],
	['formats: pjsip logger', 'formats/pjsip-logger.log'],
	['formats: sofia', 'formats/sofia.log'],
	['formats: ngrep', 'formats/ngrep.txt'],
	['formats: opensips', 'formats/opensips.txt'],
	['formats: pjsua', 'formats/pjsua.log'],
	['formats: logcat', 'formats/logcat.txt'],
	['formats: chan_sip', 'formats/chan-sip.log'],
	['formats: homer', 'formats/homer.txt'],
	['formats: Cisco debug ccsip messages', 'formats/ccsip.log'],
	['formats: Oracle SBC sipmsg.log', 'formats/sipmsg.log'],
	['formats: Cisco CUCM SDL trace', 'formats/cucm-sdl.txt'],
	['formats: Lync / Skype for Business SIPStack', 'formats/ms-sipstack.log'],
	['tshark -V -O sip', 'real/presence-story.tshark.txt'],
	['tcpdump -A', 'real/presence-story.tcpdump.txt'],
	['tcpdump -tttt -A, IPv6', 'real/presence-ipv6.tcpdump.txt'],
];

for (const [name, file] of formats) {
	test(`${name}: methods, status codes, header names and URIs get their scopes`, async () => {
		const text = read(file);
		const lines = await tokenize(text);
		const method = /(SUBSCRIBE|PUBLISH|NOTIFY|REGISTER|INVITE) sip:\S+ SIP\/2\.0/.exec(text)![1]!;
		assert.ok(
			has(
				scopesOf(lines, text, new RegExp(`${method} sip:\\S+ SIP/2\\.0`), method),
				'keyword.other.method.sip',
			),
		);
		const status = /SIP\/2\.0 (\d)\d\d /.exec(text)!;
		assert.ok(
			has(
				scopesOf(lines, text, status[0], status[0].slice(8, 11)),
				`constant.numeric.status.${status[1]}xx.sip`,
			),
		);
		assert.ok(
			has(
				scopesOf(lines, text, /(?:^|\] |: |^ {3}|^ {8})Call-ID: /, 'Call-ID'),
				'entity.name.tag.header.sip',
			),
		);
		assert.ok(
			has(
				scopesOf(lines, text, /(?:^|\] |: |^ {3}|^ {8})(?:From|f): /, 'sip'),
				'markup.underline.link.uri.sip',
			),
		);
	});
}

test('trace metadata is coloured apart from SIP, in each format', async () => {
	const cases: [string, RegExp, string][] = [
		['real/presence-story.sngrep.txt', /^\d{4}\/\d\d\/\d\d /, '->'],
		['real/presence-story.sipp-linda.log', /message sent/, 'sent'],
		['real/presence-story.sipp-linda.log', /^-{20,} \d/, '2026-11-24'],
		['real/presence-story.sipdump.txt', /^={10,}/, '===================='],
		['formats/pjsip-logger.log', /^<--- /, 'Received'],
		['formats/sofia.log', /^recv /, 'recv'],
		['formats/chan-sip.log', /^<--- SIP read from/, 'read'],
		['formats/chan-sip.log', /^<--- Reliably Transmitting/, '10.24.17.254:37509'],
		['formats/chan-sip.log', /Retransmitting #1/, 'Retransmitting'],
		['formats/chan-sip.log', /^--- \(12 headers/, 'headers'],
		['formats/homer.txt', /^proto:UDP /, '--->'],
		['formats/homer.txt', /^proto:UDP /, '2024-07-02T11:49:48.531007-04:00'],
		['formats/ccsip.log', /ccsipDisplayMsg:$/, 'Nov 24 19:33:00.003'],
		['formats/ccsip.log', /^Received:$/, 'Received'],
		['formats/ccsip.log', /SIP\/Info\//, 'ccsip_process_sipspi_queue_event'],
		['formats/sipmsg.log', / received from /, 'received from'],
		['formats/sipmsg.log', / OPENED$/, 'OPENED'],
		['formats/sipmsg.log', /^-{40}$/, '----------'],
		['formats/cucm-sdl.txt', /Incoming SIP UDP/, '19:33:00.003'],
		['formats/cucm-sdl.txt', /^\[\d+,NET\]$/, 'NET'],
		['formats/cucm-sdl.txt', /\|SdlSig /, 'SIPHandler'],
		['formats/ms-sipstack.log', /\$\$begin_record$/, '11/24/2026-19:33:00.003'],
		['formats/ms-sipstack.log', /^Trace-Correlation-Id: /, 'Trace-Correlation-Id'],
		['formats/ms-sipstack.log', /^Start-Line: /, 'Start-Line'],
		['formats/ms-sipstack.log', /^Message-Body: -$/, 'Message-Body'],
		['formats/ms-sipstack.log', /^\$\$end_record$/, '$$end_record'],
		['formats/ms-sipstack.log', /^TL_ERROR\(TF_COMPONENT\)/, 'GetNextHopByRouteHeader'],
		['real/presence-story.tshark.txt', /^Frame 1:/, 'Frame'],
		['real/presence-story.tcpdump.txt', /^\d\d:\d\d:\d\d\.\d+ IP /, '127.0.0.1.15061'],
		['real/presence-story.tcpdump.txt', /^E\.{5}@/, '@.@.~'],
		['real/presence-story.tshark.txt', /^ {4}Request-Line: /, 'Request-Line'],
		['real/presence-story.tshark.txt', /^ {8}Method: /, 'Method'],
		['real/presence-story.tshark.txt', /^ {8}\[Generated Call-ID/, 'Generated'],
		['real/presence-story.tshark.txt', /^ {8}eXtensible Markup Language/, 'eXtensible'],
	];
	for (const [file, line, text] of cases) {
		const source = read(file);
		const lines = await tokenize(source);
		const i = source.split(/\r?\n/).findIndex((l) => line.test(l));
		const token = lines[i]!.find((t) => t.text.includes(text))!;
		assert.ok(
			token.scopes.some((s) => s.startsWith('meta.trace.') || s.startsWith('comment.line')),
			`${file}: ${token.scopes.join(' ')}`,
		);
	}
});

test('a PIDF body is embedded as XML and ends before the next message', async () => {
	const text = read('hand/presence-story.sip');
	const lines = await tokenize(text);
	const body = scopesOf(lines, text, '<rpid:activities>', 'activities');
	assert.ok(body.includes('meta.embedded.block.xml'), body.join(' '));
	const next = scopesOf(lines, text, 'SIP/2.0 407', '407');
	assert.ok(
		!next.includes('meta.embedded.block.xml') && has(next, 'constant.numeric.status.4xx.sip'),
		next.join(' '),
	);
});

test('an SDP body is embedded as source.sdp', async () => {
	const text = read('formats/invite-sdp.sip');
	const lines = await tokenize(text);
	const media = scopesOf(lines, text, 'm=audio', 'audio');
	assert.ok(
		media.includes('meta.embedded.block.sdp') && has(media, 'entity.name.type.media.sdp'),
		media.join(' '),
	);
	const codec = scopesOf(lines, text, 'a=rtpmap:0', 'PCMU/8000');
	assert.ok(has(codec, 'string.unquoted.codec.sdp'), codec.join(' '));
});

test('CRLF and LF files get the same scopes', async () => {
	const crlf = read('hand/presence-story.sip');
	const lf = crlf.replace(/\r\n/g, '\n');
	assert.deepEqual(await tokenize(lf), await tokenize(crlf));
});

test('pathological lines tokenise without hitting the time limit', async () => {
	const g = await sipGrammar();
	const huge = 1 << 20;
	const lines = [
		'a'.repeat(huge),
		`Subject: ${';'.repeat(huge)}`,
		`From: ${'<'.repeat(huge)}`,
		`To: "${'"\\'.repeat(huge / 2)}`,
		`Via: SIP/2.0/UDP ${'1.'.repeat(huge / 2)}`,
		`INVITE ${'sip:'.repeat(huge / 4)} SIP/2.0`,
		`${'9'.repeat(huge)}`,
		`2026/11/24 19:33:07.319727 ${'x'.repeat(huge)}`,
		`<--- Received ${'to '.repeat(huge / 3)}`,
		`<--- SIP read from ${'x'.repeat(huge)}`,
		`[Jul 26 17:19:21] VERBOSE[1] chan_sip.c: Retransmitting #1 (no NAT) to ${':'.repeat(huge)}`,
		`11:37:58.988 pjsua_core.c ..TX 656 bytes ${' to TLS x'.repeat(huge / 9)}`,
		`    3   0.5 ${'a '.repeat(huge / 2)}`,
		`--${'-'.repeat(huge)}`,
		`--${'a'.repeat(huge)}`,
		`Contact: <sip:a@b>${';p="\\'.repeat(huge / 5)}`,
		`Refer-To: ${'tel:+1'.repeat(huge / 6)}`,
		`To: ${'urn:a:'.repeat(huge / 6)}`,
		`proto:UDP ${'x '.repeat(huge / 2)}`,
		`TCP control message sent ${'(1 bytes)'.repeat(huge / 9)}:`,
		`[2023/11/10 13:22:59] MESSAGE ${'im:'.repeat(huge / 3)} SIP/2.0`,
		`INVITE a:${'a:b SIP/2.0/'.repeat(huge / 12)}UDP x`,
		`2026-12-03\t15:31:24.802132\t1796311884.802132: Aborting call on unexpected message for Call-Id '${", received 'A ".repeat(huge / 14)}`,
		`'2026-12-03\t15:31:24.902199\t1796311884.902199: Dead call x (${'), received '.repeat(huge / 13)}`,
		`2026-12-03\t15:31:24.801870\t1796311884.801870 Sending UDP message for call ${' ('.repeat(huge / 2)}`,
	];
	// Inside a body, every line is first checked against the rule that ends the body.
	const inXml = g.tokenizeLine('<?xml version="1.0"?>', INITIAL).ruleStack;
	const inTag = g.tokenizeLine('<presence xmlns="urn:ietf:params:xml:ns:pidf', INITIAL).ruleStack;
	const inSdp = g.tokenizeLine('v=0', INITIAL).ruleStack;
	const inBody = [
		`2026-11-24 19:33:00.000 1-1/x I/y${':'.repeat(huge)}`,
		`[Nov 24 19:33:00] ${' '.repeat(huge)}x`,
		`   ${'-'.repeat(huge)}x`,
		`c=${'IN '.repeat(huge / 3)}`,
		`m=audio 1 ${'RTP/AVP '.repeat(huge / 8)}`,
	];
	const runs: [string, StateStack][] = [
		...lines.map((l): [string, StateStack] => [l, INITIAL]),
		...inBody.flatMap((l): [string, StateStack][] => [
			[l, inXml],
			[l, inTag],
			[l, inSdp],
		]),
	];
	for (const [line, state] of runs) {
		// vscode-textmate stops early (and says so) when a line exceeds the budget: a fair check for
		// backtracking, which runs for hours on a megabyte line. The budget is far above the few
		// seconds a linear pattern takes on a busy two-core machine, so load alone cannot fail it.
		const r = g.tokenizeLine2(line, state, 60_000);
		assert.equal(
			r.stoppedEarly,
			false,
			`stopped early on a line starting ${JSON.stringify(line.slice(0, 30))}`,
		);
	}
});

test('no pattern has a nested quantifier that could backtrack catastrophically', () => {
	for (const file of ['sip.tmLanguage.json', 'sdp.tmLanguage.json']) {
		const json = readFileSync(join(__dirname, '..', '..', 'syntaxes', file), 'utf8');
		const patterns = [...json.matchAll(/"(?:match|begin|end|while)":\s*"((?:[^"\\]|\\.)*)"/g)].map(
			(m) => JSON.parse(`"${m[1]}"`) as string,
		);
		assert.ok(patterns.length > 3);
		for (const p of patterns) {
			// A group that is itself quantified and contains an unbounded quantifier: (x+)+ , (x*)* , (x+)*
			assert.doesNotMatch(p, /\((?:[^()]|\([^()]*\))*[+*]\)[+*]/, `${file}: ${p}`);
		}
	}
});
