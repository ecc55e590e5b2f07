// Inputs for the fuzzer: mutations of real fixtures and SIP messages generated from a grammar.
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const fixtures = join(__dirname, '..', 'fixtures');

/** Every fixture trace under test/fixtures (real, hand-written, formats, RFC 4475; tshark's JSON), as seeds. */
export function seedTexts(): string[] {
	const out: string[] = [];
	const walk = (dir: string): void => {
		for (const name of readdirSync(dir)) {
			const p = join(dir, name);
			if (statSync(p).isDirectory()) walk(p);
			else if (/\.(?:sip|txt|log|dat|xml|tshark\.json)$/.test(name) && statSync(p).size < 200_000)
				out.push(readFileSync(p, 'latin1'));
		}
	};
	walk(fixtures);
	return out;
}

const token = fc.stringMatching(/^[A-Za-z0-9.!%*_+`'~-]{1,12}$/);
const host = fc.oneof(
	fc.domain(),
	fc.ipV4(),
	fc.ipV6().map((ip) => `[${ip}]`),
);
const uri = fc
	.tuple(
		fc.constantFrom('sip', 'sips', 'tel'),
		token,
		host,
		fc.option(fc.integer({ min: 1, max: 65535 })),
	)
	.map(([s, u, h, p]) => `${s}:${u}@${h}${p ? `:${p}` : ''}`);
const headerNames = [
	'Via',
	'v',
	'From',
	'f',
	'To',
	't',
	'Call-ID',
	'i',
	'CSeq',
	'Max-Forwards',
	'Contact',
	'm',
	'Event',
	'o',
	'Subscription-State',
	'Expires',
	'SIP-ETag',
	'SIP-If-Match',
	'Content-Type',
	'c',
	'Content-Length',
	'l',
	'Replaces',
	'Refer-To',
	'X-Custom',
];
const headerValue = fc.oneof(
	uri.map((u) => `<${u}>;tag=${u.length}`),
	fc.constantFrom(
		'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1',
		'presence',
		'active;expires=60',
		'terminated;reason=timeout',
		'1 NOTIFY',
		'application/pidf+xml',
		'application/simple-message-summary',
		'message-summary',
		'application/reginfo+xml',
		'application/watcherinfo+xml',
		'application/dialog-info+xml',
		'application/rlmi+xml',
		'multipart/related;type="application/rlmi+xml";start="<r@x>";boundary="b1"',
		'abc@host;to-tag=1;from-tag=2;early-only',
		'<sip:c@host?Replaces=abc%40host%3Bto-tag%3D1%3Bfrom-tag%3D2>',
		'0',
		'70',
		'abc@host',
	),
	fc.string({ maxLength: 40 }),
);
const body = fc.oneof(
	fc.constant(''),
	fc.constant(
		'<?xml version="1.0"?>\r\n<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b"><tuple id="t"><status><basic>open</basic></status></tuple></presence>\r\n',
	),
	fc.constant(
		'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n',
	),
	fc.constant('Messages-Waiting: yes\r\nMessage-Account: sip:a@b\r\nVoice-Message: 2/8 (0/2)\r\n'),
	fc.constant(
		'<reginfo xmlns="urn:ietf:params:xml:ns:reginfo" version="0" state="full"><registration aor="sip:a@b" id="r" state="active"><contact id="c" state="active" event="registered"><uri>sip:a@10.0.0.1</uri></contact></registration></reginfo>\r\n',
	),
	fc.constant(
		'<watcherinfo xmlns="urn:ietf:params:xml:ns:watcherinfo" version="1" state="partial"><watcher-list resource="sip:a@b" package="presence"><watcher id="w" event="subscribe" status="pending">sip:c@d</watcher></watcher-list></watcherinfo>\r\n',
	),
	fc.constant(
		'<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="2" state="full" entity="sip:a@b"><dialog id="d" direction="recipient"><state>confirmed</state></dialog></dialog-info>\r\n',
	),
	fc.constant(
		'--b1\r\nContent-ID: <p@x>\r\nContent-Type: application/pidf+xml\r\n\r\n<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b"><tuple id="t"><status><basic>open</basic></status></tuple></presence>\r\n--b1\r\nContent-ID: <r@x>\r\nContent-Type: application/rlmi+xml\r\n\r\n<list xmlns="urn:ietf:params:xml:ns:rlmi" uri="sip:l@b" version="1" fullState="false"><resource uri="sip:a@b"><instance id="i" state="active" cid="p@x"/></resource></list>\r\n--b1--\r\n',
	),
	fc.string({ maxLength: 200 }),
);
/** A SIP message from the RFC 3261 grammar, with random headers, line ends and Content-Length. */
export const sipMessage = fc
	.tuple(
		fc.oneof(
			fc
				.tuple(
					fc.constantFrom(
						'SUBSCRIBE',
						'NOTIFY',
						'PUBLISH',
						'INVITE',
						'ACK',
						'BYE',
						'OPTIONS',
						'REGISTER',
						'REFER',
					),
					uri,
				)
				.map(([m, u]) => `${m} ${u} SIP/2.0`),
			fc
				.constantFrom(100, 180, 200, 202, 401, 407, 412, 423, 481, 489, 500, 603)
				.map((s) => `SIP/2.0 ${s} Reason`),
		),
		fc.array(fc.tuple(fc.constantFrom(...headerNames), headerValue), { maxLength: 14 }),
		body,
		fc.constantFrom('\r\n', '\n'),
		fc.oneof(fc.constant<number | null>(null), fc.integer({ min: -5, max: 500 })),
	)
	.map(([start, headers, b, eol, length]) => {
		const cl = length === null ? Buffer.byteLength(b) : length;
		return `${start}${eol}${headers.map(([n, v]) => `${n}: ${v}`).join(eol)}${eol}Content-Length: ${cl}${eol}${eol}${b}`;
	});

/** Mutations that real damage does to traces. */
export function mutate(seed: string): fc.Arbitrary<string> {
	const len = Math.max(1, seed.length);
	return fc.oneof(
		fc.integer({ min: 0, max: len }).map((at) => seed.slice(0, at)), // truncation
		fc
			.tuple(fc.integer({ min: 0, max: len - 1 }), fc.integer({ min: 0, max: 255 }))
			.map(([at, b]) => seed.slice(0, at) + String.fromCharCode(b) + seed.slice(at + 1)), // byte flip
		fc.constant(seed.replace(/\r\n/g, '\n')), // CRLF turned into LF
		fc
			.integer({ min: 0, max: len })
			.map((at) => seed.slice(0, at).replace(/\r\n/g, '\n') + seed.slice(at)), // mixed line ends
		fc
			.integer({ min: 0, max: len })
			.map((at) => seed.slice(0, at) + '\u0000\uFFFD\uD800' + seed.slice(at)), // NUL, invalid UTF-16
		fc
			.integer({ min: 0, max: len })
			.map((at) => seed.slice(0, at) + 'X'.repeat(20000) + seed.slice(at)), // a huge line
		fc.tuple(fc.integer({ min: 0, max: len }), fc.integer({ min: 0, max: len })).map(([a, b]) => {
			const line = seed.slice(Math.min(a, b), Math.max(a, b)).split('\n')[0] ?? '';
			return seed.slice(0, a) + `${line}\r\n`.repeat(50) + seed.slice(a); // header duplication
		}),
		fc
			.integer({ min: 0, max: len })
			.map((at) => seed.slice(0, at) + '<a>'.repeat(5000) + seed.slice(at)), // deep nesting
		fc
			.integer({ min: 0, max: len })
			.map((at) => seed.slice(0, at) + 'Subject: ' + 'v;'.repeat(30000) + '\r\n' + seed.slice(at)), // long value
	);
}

export const anyInput = (seeds: readonly string[]): fc.Arbitrary<string> =>
	fc.oneof(
		{ weight: 3, arbitrary: seeds.length ? fc.constantFrom(...seeds).chain(mutate) : sipMessage },
		{
			weight: 3,
			arbitrary: fc.array(sipMessage, { minLength: 1, maxLength: 5 }).map((ms) => ms.join('\r\n')),
		},
		{ weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
		{
			weight: 1,
			arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
		},
	);
