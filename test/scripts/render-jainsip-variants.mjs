// Renders NIST JAIN-SIP message logs in the shapes the stack's own source can print that the real
// run (make-jainsip-traces.sh) did not, for test/fixtures/formats/source/. See
// test/fixtures/README.md, "Message logs as their producers' source prints them: JAIN-SIP".
//
// Each record is MessageLog.toString() (gov.nist.javax.sip.stack, the same in jain-sip 1.2 to 1.3,
// Restcomm's and Android's copies) followed by the line end ServerLog's println adds:
//
//   "<message\nfrom=\"" + source + "\" \nto=\"" + destination + "\" \ntime=\"" + timeStamp + "\""
//   + (timeStampHeaderValue != 0 ? "\ntimeStamp = \"" + timeStampHeaderValue + "\"" : "")
//   + "\nisSender=\"" + isSender + "\" \ntransactionId=\"" + tid + "\" \ncallId=\"" + callId
//   + "\" \nfirstLine=\"" + firstLine.trim() + "\" \n>\n" + "<![CDATA[" + message + "]]>\n"
//   + "</message>\n"
//
// source and destination come from MessageChannel.logMessage / logResponse: getHost() + ":" +
// getPort() for this end, InetAddress.getHostAddress() + ":" + port for the other, so an IPv6
// address is printed without brackets and uncompressed (`0:0:0:0:0:0:0:1:35100`). The message
// is written as it is: a body holding `]]>` (an XML body's own CDATA section) is not escaped.
//
// The records are those of test/fixtures/real/jainsip-presence.log (the real stack's log of the
// presence story); re-rendering them unchanged must give that file back, which the script checks.
// Each output gets `<file>.expected.json`: per message the 0-based line of its start line as
// rendered here, the start line, method, status, time (the record's, UTC), the two ends and the
// direction the record gives, and the story's links from the real log's expected.json (computed
// by expected-links.mjs from tshark's dissection of the same run).
//
// Usage: node test/scripts/render-jainsip-variants.mjs [OUT-DIR] (default
// test/fixtures/formats/source).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = process.argv[2] ?? join(root, 'test', 'fixtures', 'formats', 'source');
const realLog = join(root, 'test', 'fixtures', 'real', 'jainsip-presence.log');
const text = readFileSync(realLog, 'latin1');
const realExpected = JSON.parse(readFileSync(`${realLog}.expected.json`, 'utf8')).messages;

// --- the real log, read back: its opening text and each record's fields -------------------------
const first = text.indexOf('<message\n');
const opening = text.slice(0, first);
const records = [];
const recordShape =
	/<message\nfrom="([^"]*)" \nto="([^"]*)" \ntime="(\d+)"(?:\ntimeStamp = "([^"]*)")?\nisSender="(true|false)" \ntransactionId="([^"]*)" \ncallId="([^"]*)" \nfirstLine="([^"\n]*)" \n>\n<!\[CDATA\[([\s\S]*?)\]\]>\n<\/message>\n\n/y;
recordShape.lastIndex = first;
for (let m; (m = recordShape.exec(text));) {
	records.push({
		from: m[1],
		to: m[2],
		time: m[3],
		timeStamp: m[4] ?? null,
		isSender: m[5] === 'true',
		tid: m[6],
		callId: m[7],
		firstLine: m[8],
		message: m[9],
	});
}
if (recordShape.lastIndex !== 0 || records.length !== realExpected.length)
	throw new Error(`read ${records.length} records of ${realExpected.length}`);

/** MessageLog.toString(), then println's line end. */
function render(r) {
	return (
		`<message\nfrom="${r.from}" \nto="${r.to}" \ntime="${r.time}"` +
		(r.timeStamp !== null ? `\ntimeStamp = "${r.timeStamp}"` : '') +
		`\nisSender="${r.isSender}" \ntransactionId="${r.tid}" \ncallId="${r.callId}" \nfirstLine="${r.firstLine.trim()}" \n>\n` +
		`<![CDATA[${r.message}]]>\n</message>\n\n`
	);
}
if (opening + records.map(render).join('') !== text)
	throw new Error('the records rendered again differ from the real log');

/** An address as the product names it: an IPv6 host in brackets. */
const named = (a) => {
	const at = a.lastIndexOf(':');
	const host = a.slice(0, at);
	return host.includes(':') ? `[${host}]:${a.slice(at + 1)}` : a;
};

/** The message with a new body: Content-Length set to its octets. */
function withBody(message, body) {
	const head = message.slice(0, message.indexOf('\r\n\r\n') + 4);
	return (
		head.replace(/^Content-Length: \d+\r$/m, `Content-Length: ${Buffer.byteLength(body)}\r`) + body
	);
}

/**
 * Writes `name` from its opening text and records, and its expectations; `cut` ends it early;
 * `record` prints each record (MessageLog.toString() and println's line end by default).
 */
function write(name, list, cut = null, record = render, start = opening) {
	let doc = start;
	const expected = [];
	list.forEach((r, i) => {
		const line = doc.split('\n').length - 1 + (r.timeStamp !== null ? 10 : 9);
		const start = r.message.slice(0, r.message.indexOf('\r\n'));
		const real = realExpected[i];
		expected.push({
			line,
			start,
			method: real.method,
			status: real.status,
			time: new Date(Number(r.time)).toISOString().slice(0, -1),
			src: named(r.from),
			dst: named(r.to),
			direction: r.isSender ? 'out' : 'in',
			transport: null,
			links: {
				request: real.links.request,
				subscription: real.links.subscription,
				publication: real.links.publication,
				challenge: real.links.challenge,
			},
			...(cut !== null && i === list.length - 1 ? { cut: true } : {}),
		});
		doc += record(r);
	});
	if (cut !== null) doc = doc.slice(0, doc.lastIndexOf(cut) + cut.length);
	mkdirSync(out, { recursive: true });
	writeFileSync(join(out, name), doc, 'latin1');
	writeFileSync(join(out, `${name}.expected.json`), JSON.stringify(expected, null, '\t') + '\n');
	process.stderr.write(`${name}: ${expected.length} messages\n`);
}

// IPv6: each end as getHostAddress() prints it, the messages' own addresses as [::1].
const v6 = (a) => a.replace(/^127\.0\.0\.1:/, '0:0:0:0:0:0:0:1:');
write(
	'jainsip-ipv6.log',
	records.map((r) => {
		const [head, body] = [
			r.message.slice(0, r.message.indexOf('\r\n\r\n') + 4),
			r.message.slice(r.message.indexOf('\r\n\r\n') + 4),
		];
		const message = head.replaceAll('127.0.0.1', '[::1]');
		return {
			...r,
			from: v6(r.from),
			to: v6(r.to),
			message: body === '' ? message : withBody(message, body.replaceAll('127.0.0.1', '[::1]')),
			callId: r.callId.replace('127.0.0.1', '[::1]'),
			firstLine: r.firstLine.replaceAll('127.0.0.1', '[::1]'),
		};
	}),
);

// A PIDF note holding a CDATA section of its own (RFC 3863 §4.1.5: any text): its `]]>` written
// raw inside the record, on a line of its own before the note's end tag.
const busy = records.findIndex(
	(r) => r.message.includes('<rpid:busy/>') && r.message.startsWith('PUBLISH'),
);
write(
	'jainsip-cdata-in-body.log',
	records.map((r, i) => {
		if (i !== busy) return r;
		const body = r.message.slice(r.message.indexOf('\r\n\r\n') + 4);
		const noted = body.replace(
			'</presence>',
			'  <note><![CDATA[In a meeting <until 3pm>\r\n]]>\r\n  </note>\r\n</presence>',
		);
		return { ...r, message: withBody(r.message, noted) };
	}),
);

// The stack's debug log: ServerLog.logMessage() hands the same record to its logger too
// (stackLogger.logInfo(record)), and a log4j layout puts its prefix before `<message` and its
// suffix after the record's last line end, on a line of its own; the stack's other debug lines
// come between. The layout is the one of a JAIN-SIP application's published log (vcmc.log,
// suoman114/VCS_test docs/log_samples/mcptt), `[%d][%-5p] [%t] %m - (%F:%L)%n`.
const stamp = (ms) => new Date(Number(ms)).toISOString().replace('T', ' ').slice(0, -1);
write(
	'jainsip-log4j-debug.log',
	records,
	null,
	(r) =>
		`[${stamp(r.time)}][INFO ] [jainsip-presence-UDPMessageChannelThread-1] ` +
		render(r).slice(0, -1) +
		' - (CommonLoggerLog4j.java:207)\n' +
		`[${stamp(r.time)}][DEBUG] [jainsip-presence-UDPMessageChannelThread-1] looking for pending tx for :${r.tid} - (CommonLoggerLog4j.java:92)\n`,
	`[${stamp(records[0].time)}][DEBUG] [main] Here are the stack configuration properties - (CommonLoggerLog4j.java:92)\n`,
);

// The file read while the stack writes: the last record ends inside its headers, after its Via.
const last = records[records.length - 1].message;
write('jainsip-cut-short.log', records, /^Via: .*\r\n/m.exec(last)[0]);
