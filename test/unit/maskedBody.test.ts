// A body holding values the poster masked before pasting the trace (`x.x.x.167`): the mask is
// seldom as long as what it hid, so Content-Length cannot be judged against the body as read.
// Shapes rebuilt from real posts: a Kamailio issue's ngrep capture (`U x.x.x.50:5060 -> ...`,
// each CR shown as `.`), and a bare INVITE whose SDP addresses were starred out.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const sdp = (address: string): string[] => [
	'v=0',
	`o=Z 0 0 IN IP4 ${address}`,
	's=Z',
	`c=IN IP4 ${address}`,
	't=0 0',
	'm=audio 8000 RTP/AVP 0 101',
	'a=rtpmap:101 telephone-event/8000',
	'a=sendrecv',
];
// The body's length on the wire, each line ended by CRLF, with the address as it was sent.
const wireLength = (address: string): number =>
	sdp(address).reduce((n, line) => n + line.length + 2, 0);

const invite = (address: string, length: number): string[] => [
	'INVITE sip:48732406302@example.net:6050 SIP/2.0',
	'Via: SIP/2.0/UDP x.x.x.50;branch=z9hG4bKf853.a86fa1ded7f4197c5ea1a1625d652c6f.0',
	'Max-Forwards: 69',
	'To: <sip:48732406302@example.net>',
	'From: <sip:48221028008@example.net>;tag=32fe7b01',
	'Call-ID: YmY5NjBiYTJlM2YyMTM2OTY5MjQ1ZGE4NzNiN2YxYWE',
	'CSeq: 2 INVITE',
	'Content-Type: application/sdp',
	`Content-Length: ${length}`,
	'',
	...sdp(address),
];

const lengthProblems = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'content-length.mismatch')
		.map((p) => [p.severity, p.message]);

const sent = wireLength('192.168.10.167');

test("ngrep's capture whose SDP addresses were masked (x.x.x.167): the length is not judged", () => {
	const text = [
		'#',
		'U x.x.x.50:5060 -> 85.14.79.130:6050',
		...invite('x.x.x.167', sent).map((l) => `${l}.`),
		'',
		'#',
		'',
	].join('\n');
	const found = lengthProblems(text);
	assert.equal(found.length, 1);
	assert.equal(found[0]![0], 'information');
	assert.match(found[0]![1]!, /masked where the trace was posted \(`x\.x\.x\.167`\)/);
});

test('a bare message whose SDP addresses were masked (*.*.*.*, XXXX, <public IP>): information', () => {
	for (const mask of ['*.*.*.*', '10.x.x.7', 'XXXX', '<public IP>']) {
		const text = `${invite(mask, wireLength('192.168.100.200')).join('\r\n')}\r\n`;
		assert.deepEqual(
			lengthProblems(text).map(([severity]) => severity),
			['information'],
			mask,
		);
	}
});

test('a body with no mask whose length is wrong is still an error, and a whole one nothing', () => {
	const short = `${invite('10.1.2.3', wireLength('10.1.2.3') + 8).join('\r\n')}\r\n\r\n`;
	assert.deepEqual(
		lengthProblems(short).map(([severity]) => severity),
		['error'],
	);
	const whole = `${invite('x.x.x.x', wireLength('x.x.x.x')).join('\r\n')}\r\n`;
	assert.deepEqual(lengthProblems(whole), []);
});

test("a log's level in brackets in the body as read (`[NOTICE]`, FreeSWITCH's console line) is no mask", () => {
	// A page that ran a sofia trace together: the console's line after the SDP read with it.
	const text = `${invite('10.1.2.3', wireLength('10.1.2.3') + 40).join('\r\n')}\r\n2021-05-23 20:07:57.808015 [NOTICE] switch_channel.c:1118 New Channel sofia/internal/1000@example.net\r\n`;
	const found = lengthProblems(text);
	assert.equal(found.length, 1);
	assert.doesNotMatch(found[0]![1]!, /masked/);
	// A poster's placeholder in brackets is still one.
	const masked = `${invite('[REDACTED]', wireLength('192.168.100.200')).join('\r\n')}\r\n`;
	assert.match(
		lengthProblems(masked)[0]![1]!,
		/masked where the trace was posted \(`\[REDACTED\]`\)/,
	);
});

void test('a Content-Length masked by its poster, the empty line lost: the XML below is the body', () => {
	// Linphone Desktop's resource-list SUBSCRIBE as posted in an issue (linphone-desktop 61): values
	// replaced by `redacted`, Content-Length too, and no empty line before the XML.
	const subscribe = [
		'SUBSCRIBE sip:rls@sip.linphone.org SIP/2.0',
		'Via: SIP/2.0/UDP redacted:5060;branch=z9hG4bK.redacted;rport',
		'From: <sip:redacted>;tag=redacted',
		'To: sips:rls@sip.linphone.org',
		'CSeq: 29 SUBSCRIBE',
		'Call-ID: redacted',
		'Max-Forwards: 70',
		'Event: presence',
		'Expires: 3600',
		'Content-Type: application/resource-lists+xml',
		'Content-Length: redacted',
		'Require: recipient-list-subscribe',
		'Accept: application/pidf+xml',
		'Content-Disposition: recipient-list',
		'User-Agent: Linphone Desktop/4.1.1 (belle-sip/1.6.3)',
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<resource-lists xmlns="urn:ietf:params:xml:ns:resource-lists">',
		' <list>',
		'  <entry uri="sip:andrew@example.com"/>',
		' </list>',
		'</resource-lists>',
		'',
	].join('\n');
	const a = analyzeTrace(subscribe);
	const m = a.messages[0]!;
	assert.equal(a.messages.length, 1);
	assert.ok(subscribe.slice(m.body!.start).startsWith('<?xml'));
	assert.ok(!a.problems.some((p) => p.code === 'header.malformed'));
	assert.ok(!a.problems.some((p) => p.code === 'message.truncated'));
	assert.deepEqual(
		a.problems.filter((p) => p.code === 'header.bad-content-length').map((p) => p.severity),
		['information'],
	);
	// A value that is no number and no mask is still the sender's fault.
	const wrong = analyzeTrace(subscribe.replace('Content-Length: redacted', 'Content-Length: 12a'));
	assert.deepEqual(
		wrong.problems.filter((p) => p.code === 'header.bad-content-length').map((p) => p.severity),
		['error'],
	);
});

// ngrep `-W byline` as printed (a Kamailio user's notes, ngrep -q on the proxy): each line with
// its CR as `.`, the packet closed by two line ends.
const byline = (address: string, length: number): string =>
	[
		'U 198.51.100.7:40410 -> 192.0.2.10:5060',
		...invite(address, length).map((l) => `${l}.`),
		'',
		'',
		'U 192.0.2.10:5060 -> 198.51.100.7:40410',
		'SIP/2.0 100 Trying.',
		'Via: SIP/2.0/UDP x.x.x.50;branch=z9hG4bKf853.a86fa1ded7f4197c5ea1a1625d652c6f.0.',
		'To: <sip:48732406302@example.net>.',
		'From: <sip:48221028008@example.net>;tag=32fe7b01.',
		'Call-ID: YmY5NjBiYTJlM2YyMTM2OTY5MjQ1ZGE4NzNiN2YxYWE.',
		'CSeq: 2 INVITE.',
		'Content-Length: 0.',
		'.',
		'',
		'',
	].join('\n');

test("ngrep -W byline: the body's last CR shown as `.` is the body's, its count exact", () => {
	const exact = wireLength('10.1.2.3');
	assert.deepEqual(lengthProblems(byline('10.1.2.3', exact)), []);
	// Two short: the last line's CRLF is on the wire, so Content-Length leaves it out.
	const short = lengthProblems(byline('10.1.2.3', exact - 2));
	assert.equal(short.length, 1);
	assert.match(short[0]![1]!, new RegExp(`2 octets follow the ${exact - 2}`));
	const long = lengthProblems(byline('10.1.2.3', exact + 2));
	assert.equal(long.length, 1);
	assert.match(long[0]![1]!, new RegExp(`only ${exact} octets of body follow`));
});

test("an SDP address that is a poster's word (`UA_pvtipaddr`): the length is not judged", () => {
	const found = lengthProblems(byline('UA_pvtipaddr', wireLength('192.168.1.100')));
	assert.equal(found.length, 1);
	assert.equal(found[0]![0], 'information');
	assert.match(found[0]![1]!, /masked where the trace was posted \(`UA_pvtipaddr`\)/);
	// Far from any address's length, the word explains nothing: the sender's count is wrong.
	const far = lengthProblems(byline('UA_pvtipaddr', wireLength('UA_pvtipaddr') + 60));
	assert.deepEqual(
		far.map(([severity]) => severity),
		['error'],
	);
});

test('a watcherinfo body whose hosts the poster replaced by the word `ip`: the length is not judged', () => {
	// A Kamailio 3.3 NOTIFY posted to a mailing list, every address written `ip`.
	const body = [
		'<?xml version="1.0"?>',
		'<watcherinfo xmlns="urn:ietf:params:xml:ns:watcherinfo" version="1" state="full">',
		'  <watcher-list resource="sip:8475551001@ip" package="presence">',
		'    <watcher id="c2lwOjg0NzU1NTEwMDRAMTAuNTAuMjUxLjEy" event="subscribe" status="waiting">sip:8475551004@ip</watcher>',
		'  </watcher-list>',
		'</watcherinfo>',
		'',
	].join('\r\n');
	const notify = (host: string, length: number) =>
		[
			`NOTIFY sip:8475551001@${host}:54169;transport=udp SIP/2.0`,
			`Via: SIP/2.0/UDP ${host};branch=z9hG4bK506f.172cb8b1.0`,
			`To: sip:8475551001@${host};tag=1362798`,
			`From: sip:8475551001@${host};tag=a6a1c5f6-0509`,
			'CSeq: 2 NOTIFY',
			'Call-ID: 17067670-fa82-1ab0-9ae3-b0440434839d',
			`Content-Length: ${length}`,
			'Max-Forwards: 70',
			'Event: presence.winfo',
			`Contact: <sip:${host}:5060;transport=udp>`,
			'Subscription-State: active;expires=60',
			'Content-Type: application/watcherinfo+xml',
			'',
			body.replaceAll('@ip', `@${host}`),
		].join('\r\n');
	const wire = Buffer.byteLength(body.replaceAll('@ip', '@10.50.251.12'));
	const masked = lengthProblems(notify('ip', wire));
	assert.equal(masked.length, 1);
	assert.equal(masked[0]![0], 'information');
	assert.match(masked[0]![1], /\(`ip`\)/);
	// Real addresses, the length 60 octets over the body: the sender's error.
	assert.deepEqual(
		lengthProblems(notify('10.50.251.12', wire + 60)).map(([severity]) => severity),
		['error'],
	);
});

test('an SDP value a poster left out as `...` (`a=ice-pwd:...`): the length is not judged; `...` in no SDP value is', () => {
	// A WebRTC guide's INVITE whose ICE credentials and candidates were elided.
	const elided = [
		...invite('192.168.10.167', sent + 40),
		'a=ice-ufrag:...',
		'a=ice-pwd:...',
		'',
	].join('\r\n');
	assert.deepEqual(
		lengthProblems(elided).map(([severity, message]) => [severity, /`\.\.\.`/.test(message!)]),
		[['information', true]],
	);
	// Whole values, the same short length: the sender's length is wrong.
	const whole = [
		...invite('192.168.10.167', sent + 80),
		'a=ice-ufrag:F7gI',
		'a=ice-pwd:x9cml/YzichV2+XlhiMu8g',
		'',
	].join('\r\n');
	assert.deepEqual(
		lengthProblems(whole).map(([severity]) => severity),
		['error'],
	);
});

// Kamailio 5.6.3's presence traffic captured on loopback, its addresses then masked by the user
// with `sed -E 's/[0-9]{1,3}(\.[0-9]{1,3}){3}/xxx.xxx.xxx.xxx/g'` before sharing: each
// `127.0.0.1` grew by six characters, so the text of a message is longer than its octets.
const pidf = (address: string): string[] => [
	'<?xml version="1.0" encoding="UTF-8"?>',
	`<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:alice@${address}">`,
	'<tuple id="t8f3a1">',
	'<status><basic>open</basic></status>',
	`<contact priority="0.8">sip:alice@${address}:15712</contact>`,
	'<note xml:lang="en">Cafe meeting, back at 15:00</note>',
	'</tuple>',
	'<dm:person id="p1">',
	'<rpid:activities><rpid:on-the-phone/></rpid:activities>',
	'<dm:note>Cafe meeting, back at 15:00</dm:note>',
	'</dm:person>',
	'</presence>',
];
const pidfOctets = (address: string, lineEnd: number): number =>
	pidf(address).reduce((n, line) => n + line.length + lineEnd, 0);

const bodyProblems = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'body.invalid' || p.code === 'message.truncated')
		.map((p) => p.message);

test('tcpdump -A of a UDP PUBLISH whose addresses were masked: the datagram holds its whole body', () => {
	const publish = (address: string): string[] => [
		`PUBLISH sip:alice@${address}:15710 SIP/2.0`,
		`Via: SIP/2.0/UDP ${address}:15712;branch=z9hG4bK-31664-1-0`,
		`From: "Alice" <sip:alice@${address}>;tag=31664PubTag1`,
		`To: <sip:alice@${address}>`,
		`Call-ID: 1-31664@${address}`,
		'CSeq: 1 PUBLISH',
		'Max-Forwards: 70',
		'Event: presence',
		'Expires: 600',
		'Content-Type: application/pidf+xml',
		`Content-Length:   ${pidfOctets('127.0.0.1', 2)}`,
		'',
		...pidf(address),
	];
	const octets = publish('127.0.0.1').reduce((n, line) => n + line.length + 2, 0);
	const trace = (address: string): string =>
		[
			`21:55:18.332560 IP ${address}.15712 > ${address}.15710: UDP, length ${octets}`,
			...publish(address).map((l, i) => (i === 0 ? `E...h.@.@...........=\`=^....${l}` : l)),
			'',
			`21:55:18.333109 IP ${address}.15710 > ${address}.15712: UDP, length 357`,
			'E...h...@...........=^=`.m..SIP/2.0 200 OK',
			`Via: SIP/2.0/UDP ${address}:15712;branch=z9hG4bK-31664-1-0`,
			`From: "Alice" <sip:alice@${address}>;tag=31664PubTag1`,
			`To: <sip:alice@${address}>;tag=a6a1c5f60faecf035a1ae5b6e96e979a-3b7b`,
			`Call-ID: 1-31664@${address}`,
			'CSeq: 1 PUBLISH',
			'SIP-ETag: a.1733601318.31664.1.0',
			'Expires: 600',
			'Content-Length: 0',
			'',
			'',
		].join('\n');
	for (const address of ['127.0.0.1', 'xxx.xxx.xxx.xxx']) {
		const a = analyzeTrace(trace(address));
		assert.equal(a.messages.length, 2, address);
		const m = a.messages[0]!;
		assert.ok(a.text.slice(m.body!.start, m.body!.end).trimEnd().endsWith('</presence>'), address);
		assert.deepEqual(bodyProblems(trace(address)), [], address);
	}
	// No length is blamed on the sender.
	assert.ok(!lengthProblems(trace('xxx.xxx.xxx.xxx')).some(([severity]) => severity === 'error'));
});

test("ngrep of a TCP NOTIFY whose addresses were masked: a length short of the XML's end is the mask's", () => {
	// Kamailio writes the document's lines with bare LFs: ngrep shows no `.` after them.
	const notify = (address: string, length: number): string[] => [
		`T ${address}:15710 -> ${address}:15711 [AP] #19`,
		`NOTIFY sip:bob@${address}:15711;transport=TCP SIP/2.0.`,
		`Via: SIP/2.0/TCP ${address}:15710;branch=z9hG4bK5af6.1fa153b2000000000000000000000000.0.`,
		`To: <sip:bob@${address}>;tag=32254SIPpTag001.`,
		`From: <sip:alice@${address}>;tag=c32ab00f29115a0bae7ee591b536195f-f339a3df.`,
		'CSeq: 3 NOTIFY.',
		`Call-ID: 1-32254@${address}.`,
		`Content-Length: ${length}.`,
		'Max-Forwards: 70.',
		'Event: presence.',
		`Contact: <sip:${address}:15710;transport=tcp>.`,
		'Subscription-State: active;expires=299.',
		'Content-Type: application/pidf+xml.',
		'.',
		...pidf(address),
		'',
		'',
		`T ${address}:15711 -> ${address}:15710 [AP] #20`,
		'SIP/2.0 200 OK.',
		`Via: SIP/2.0/TCP ${address}:15710;branch=z9hG4bK5af6.1fa153b2000000000000000000000000.0.`,
		`To: <sip:bob@${address}>;tag=32254SIPpTag001.`,
		`From: <sip:alice@${address}>;tag=c32ab00f29115a0bae7ee591b536195f-f339a3df.`,
		'CSeq: 3 NOTIFY.',
		`Call-ID: 1-32254@${address}.`,
		'Content-Length: 0.',
		'.',
		'',
		'',
	];
	// Other connections' segments between, as a presence server's fan-out prints them.
	const other = [
		'T 10.0.0.9:5060 -> 10.0.0.8:40000 [AP] #18',
		'OPTIONS sip:ping@10.0.0.8 SIP/2.0.',
		'Via: SIP/2.0/TCP 10.0.0.9;branch=z9hG4bK-ping.',
		'Call-ID: ping-1.',
		'CSeq: 1 OPTIONS.',
		'Content-Length: 0.',
		'.',
		'',
		'',
	];
	const length = pidfOctets('127.0.0.1', 1);
	for (const address of ['127.0.0.1', 'xxx.xxx.xxx.xxx']) {
		const text = ['interface: lo', '', ...other, ...notify(address, length)].join('\n');
		const a = analyzeTrace(text);
		assert.deepEqual(
			a.messages.map((m) => m.method ?? m.status),
			['OPTIONS', 'NOTIFY', 200],
			address,
		);
		const m = a.messages[1]!;
		assert.ok(text.slice(m.body!.start, m.body!.end).trimEnd().endsWith('</presence>'), address);
		assert.deepEqual(bodyProblems(text), [], address);
	}
	// A length far short of the document still cuts it: that is the sender's fault.
	const cut = ['interface: lo', '', ...other, ...notify('127.0.0.1', length - 200)].join('\n');
	assert.ok(analyzeTrace(cut).problems.some((p) => p.code === 'content-length.mismatch'));
});
