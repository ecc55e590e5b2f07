/** What each header means and where it is defined: hover text for header names. */
export interface HeaderDoc {
	readonly name: string;
	readonly summary: string;
	readonly rfc: string;
	readonly section: string;
}

const rfc3261 = '3261';
const doc = (name: string, rfc: string, section: string, summary: string): HeaderDoc => ({
	name,
	rfc,
	section,
	summary,
});

const table: readonly HeaderDoc[] = [
	doc(
		'Accept',
		rfc3261,
		'20.1',
		'Media types the sender accepts in message bodies (for SUBSCRIBE: the notification formats, e.g. application/pidf+xml).',
	),
	doc('Allow', rfc3261, '20.5', 'Methods supported by the user agent that sent the message.'),
	doc('Allow-Events', '6665', '8.2.2', 'Event packages the sender supports.'),
	doc('Authorization', rfc3261, '20.7', 'Credentials of a user agent answering a 401 challenge.'),
	doc(
		'Call-ID',
		rfc3261,
		'20.8',
		'Uniquely identifies a dialog or all registrations of a client; with both tags it names a dialog.',
	),
	doc(
		'Contact',
		rfc3261,
		'20.10',
		'Where the sender can be reached directly; in a dialog-creating request, the remote target for later requests.',
	),
	doc(
		'Content-Length',
		rfc3261,
		'20.14',
		'Size of the body in octets; on streams it marks where the next message starts.',
	),
	doc(
		'Content-Type',
		rfc3261,
		'20.15',
		'Media type of the body (application/pidf+xml, application/sdp, multipart/related...).',
	),
	doc(
		'CSeq',
		rfc3261,
		'20.16',
		'Sequence number and method: orders requests within a dialog and ties responses to their request.',
	),
	doc(
		'Event',
		'6665',
		'8.2.1',
		'The event package (presence, dialog, message-summary, refer...) and optional id of a subscription or publication.',
	),
	doc(
		'Expires',
		rfc3261,
		'20.19',
		'Relative lifetime in seconds: of a subscription (RFC 6665), a publication (RFC 3903) or a registration.',
	),
	doc(
		'From',
		rfc3261,
		'20.20',
		'The initiator of the request; its tag is one half of the dialog identifier.',
	),
	doc(
		'Max-Forwards',
		rfc3261,
		'20.22',
		'Hop limit, decremented by each proxy; required in every request (§8.1.1.6).',
	),
	doc(
		'Min-Expires',
		rfc3261,
		'20.23',
		'Shortest refresh interval the server accepts; required in a 423 Interval Too Brief.',
	),
	doc(
		'Proxy-Authenticate',
		rfc3261,
		'20.27',
		'A proxy\u2019s challenge, required in 407 Proxy Authentication Required.',
	),
	doc(
		'Proxy-Authorization',
		rfc3261,
		'20.28',
		'Credentials answering a proxy\u2019s 407 challenge.',
	),
	doc(
		'Record-Route',
		rfc3261,
		'20.30',
		'Proxies that want to stay on the path of later requests in the dialog.',
	),
	doc('Refer-To', '3515', '2.1', 'The URI the recipient of a REFER is asked to contact.'),
	doc('Require', rfc3261, '20.32', 'Extensions the recipient must support to process the request.'),
	doc('Route', rfc3261, '20.34', 'Forces the request through the listed proxies.'),
	doc(
		'SIP-ETag',
		'3903',
		'11.3.1',
		'Entity-tag the presence server assigned to the published state; later PUBLISHes refer to it in SIP-If-Match.',
	),
	doc(
		'SIP-If-Match',
		'3903',
		'11.3.2',
		'The entity-tag of the publication a PUBLISH refreshes, modifies or removes.',
	),
	doc(
		'Subscription-State',
		'6665',
		'8.2.3',
		'In a NOTIFY: active, pending or terminated, with expires, reason and retry-after.',
	),
	doc('Supported', rfc3261, '20.37', 'Extensions the sender supports.'),
	doc(
		'To',
		rfc3261,
		'20.39',
		'The logical recipient; its tag (set by the UAS) is the other half of the dialog identifier.',
	),
	doc('User-Agent', rfc3261, '20.41', 'Software of the user agent that sent the request.'),
	doc('Server', rfc3261, '20.35', 'Software of the server that sent the response.'),
	doc(
		'Via',
		rfc3261,
		'20.42',
		'The path taken so far; the top Via\u2019s branch identifies the transaction, sent-by where responses go.',
	),
	doc(
		'WWW-Authenticate',
		rfc3261,
		'20.44',
		'A server\u2019s challenge, required in 401 Unauthorized.',
	),
	doc('Retry-After', rfc3261, '20.33', 'When the request may be retried.'),
	doc('Referred-By', '3892', '3', 'Who sent the REFER that caused this request.'),
	doc(
		'Replaces',
		'3891',
		'6.1',
		'The dialog (Call-ID, to-tag, from-tag as the recipient sees them) this INVITE takes over; early-only: only if not yet answered.',
	),
	doc('Accept-Encoding', rfc3261, '20.2', 'Content codings the sender accepts.'),
	doc('Content-Encoding', rfc3261, '20.12', 'Coding applied to the body.'),
	doc(
		'Content-Disposition',
		rfc3261,
		'20.11',
		'How the body is to be interpreted (session, render, icon, alert).',
	),
	doc('Unsupported', rfc3261, '20.40', 'Extensions the server does not support (in a 420).'),
	doc('Warning', rfc3261, '20.43', 'Extra information about the response status.'),
	doc('Date', rfc3261, '20.17', 'Date and time the message was sent.'),
	doc(
		'Timestamp',
		rfc3261,
		'20.38',
		'When the client sent the request, for round-trip estimation.',
	),
	doc('Path', '3327', '4', 'Proxies to traverse to reach a registered contact.'),
	doc('P-Asserted-Identity', '3325', '9.1', 'Identity asserted by a trusted network element.'),
];

const byKey = new Map(table.map((d) => [d.name.toLowerCase(), d]));

/** The documentation of a header by its canonical lower-case name, or undefined. */
export function headerDoc(key: string): HeaderDoc | undefined {
	return byKey.get(key);
}

export function rfcUrl(rfc: string, section?: string): string {
	return `https://www.rfc-editor.org/rfc/rfc${rfc}${section ? `#section-${section}` : ''}`;
}
