// SIP text the unit tests build: a message from its start line and header lines (CRLF as on the
// wire, Content-Length counted in octets), and the NOTIFYs that carry a body to decode.

/** `start`, the header lines, Content-Length of `body` in octets, the empty line, then `body`. */
export function sipMessage(start: string, headers: readonly string[], body = ''): string {
	return [start, ...headers, `Content-Length: ${Buffer.byteLength(body, 'utf8')}`, '', body].join(
		'\r\n',
	);
}

/** Max-Forwards for a request, none for a response (RFC 3261 §8.1.1.6). */
export const maxForwards = (start: string): string[] =>
	start.startsWith('SIP/') ? [] : ['Max-Forwards: 70'];

/**
 * A NOTIFY in a dialog from `notifier` (`user@host`) to alice, carrying `body` as `contentType`
 * for the `event` package, followed by a line end: the only message of a trace.
 */
export function bodyNotify(
	body: string,
	contentType: string,
	event: string,
	notifier = 'bob@example.org',
): string {
	const user = notifier.slice(0, notifier.indexOf('@'));
	const headers = [
		'Via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK-n1',
		'Max-Forwards: 70',
		`From: <sip:${notifier}>;tag=b1`,
		'To: <sip:alice@example.org>;tag=a1',
		'Call-ID: c1@192.0.2.1',
		'CSeq: 1 NOTIFY',
		`Contact: <sip:${user}@192.0.2.2:5060>`,
		`Event: ${event}`,
		'Subscription-State: active;expires=600',
		`Content-Type: ${contentType}`,
	];
	return `${sipMessage('NOTIFY sip:alice@192.0.2.1:5060 SIP/2.0', headers, body)}\r\n`;
}

/**
 * A resource list server's NOTIFY (RFC 4662 §5): `body` is multipart/related with boundary `b1`,
 * its RLMI root the part of Content-ID `<root@rls>`.
 */
export function listNotify(body: string): string {
	return sipMessage(
		'NOTIFY sip:alice@192.0.2.1:5060 SIP/2.0',
		[
			'Via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK-n1',
			'Max-Forwards: 70',
			'From: <sip:friends@rls.example.net>;tag=r1',
			'To: <sip:alice@example.net>;tag=a1',
			'Call-ID: c1@192.0.2.1',
			'CSeq: 1 NOTIFY',
			'Contact: <sip:rls@192.0.2.2:5060>',
			'Event: presence',
			'Require: eventlist',
			'Subscription-State: active;expires=600',
			'Content-Type: multipart/related;type="application/rlmi+xml";start="<root@rls>";boundary=b1',
		],
		body,
	);
}

/** The RLMI root part of a {@link listNotify} body: a full list `sip:friends@rls.example.net` of `resources`. */
export const rlmiRootPart = (resources: string): string[] => [
	'--b1',
	'Content-Type: application/rlmi+xml;charset="UTF-8"',
	'Content-ID: <root@rls>',
	'',
	'<?xml version="1.0" encoding="UTF-8"?>',
	'<list xmlns="urn:ietf:params:xml:ns:rlmi" uri="sip:friends@rls.example.net" version="0" fullState="true">',
	resources,
	'</list>',
];
