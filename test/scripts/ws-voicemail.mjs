// A voicemail server that publishes a mailbox's state over SIP over WebSocket (RFC 7118), as a
// WebRTC client would: Node's own WebSocket client (undici, `node --experimental-websocket` on
// Node 20) opens ws://HOST:PORT with the `sip` subprotocol and sends each SIP message as one text
// message (masked, as a client's frames are, RFC 6455 §5.3). Three PUBLISHes of the
// message-summary package (RFC 3903, RFC 3842), each change naming the previous 2xx's entity-tag
// in SIP-If-Match; each waits for its 200 and GAP ms. Then the connection is closed.
// Usage: node --experimental-websocket ws-voicemail.mjs ws://127.0.0.1:37061 1000@127.0.0.1 GAP
const [url, aor, gap = '800'] = process.argv.slice(2);
const [user, domain] = aor.split('@');
const rand = () => Math.random().toString(36).slice(2, 10);
const callId = `${rand()}${rand()}`;
const tag = rand();
// The Via names an address no one can reach: the answer comes back on the connection (§5.2).
const host = `${rand()}.invalid`;

const bodies = [
	`Messages-Waiting: yes\r\nMessage-Account: sip:${aor}\r\nVoice-Message: 1/4 (0/0)\r\n`,
	`Messages-Waiting: yes\r\nMessage-Account: sip:${aor}\r\nVoice-Message: 2/4 (1/0)\r\n`,
	`Messages-Waiting: no\r\nMessage-Account: sip:${aor}\r\nVoice-Message: 0/6 (0/0)\r\n`,
];

function publish(cseq, body, etag) {
	return [
		`PUBLISH sip:${user}@${domain} SIP/2.0`,
		`Via: SIP/2.0/WS ${host};branch=z9hG4bK${rand()}`,
		'Max-Forwards: 70',
		`From: <sip:voicemail@${domain}>;tag=${tag}`,
		`To: <sip:${user}@${domain}>`,
		`Call-ID: ${callId}`,
		`CSeq: ${cseq} PUBLISH`,
		'Event: message-summary',
		'Expires: 600',
		...(etag ? [`SIP-If-Match: ${etag}`] : []),
		'User-Agent: ws-voicemail (Node WebSocket)',
		'Content-Type: application/simple-message-summary',
		`Content-Length: ${Buffer.byteLength(body)}`,
		'',
		body,
	].join('\r\n');
}

const ws = new WebSocket(url, 'sip');
let answer = null;
ws.addEventListener('message', (event) => answer?.(String(event.data)));
ws.addEventListener('error', () => {
	console.error('websocket error');
	process.exit(1);
});
const next = () => new Promise((resolve) => (answer = resolve));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

ws.addEventListener('open', async () => {
	if (ws.protocol !== 'sip') {
		console.error(`server chose subprotocol "${ws.protocol}"`);
		process.exit(1);
	}
	let etag = null;
	for (let i = 0; i < bodies.length; i++) {
		const reply = next();
		ws.send(publish(i + 1, bodies[i], etag));
		const text = await reply;
		const status = /^SIP\/2\.0 (\d{3})/.exec(text)?.[1];
		console.log(`PUBLISH ${i + 1}: ${status}`);
		if (status !== '200') process.exit(1);
		etag = /^SIP-ETag:\s*(\S+)/im.exec(text)?.[1] ?? null;
		await sleep(Number(gap));
	}
	ws.close(1000);
	ws.addEventListener('close', () => process.exit(0));
});
