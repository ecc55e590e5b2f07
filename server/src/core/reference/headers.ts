/** What each header means and where it is defined: hover text for header names. */
export interface HeaderDoc {
	readonly name: string;
	readonly summary: string;
	readonly rfc: string;
	/** The section that defines the header; empty where the link goes to the RFC as a whole. */
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
	// The rest of RFC 3261 §20, then the extensions real traces carry most.
	doc(
		'Accept-Language',
		rfc3261,
		'20.3',
		'Languages the sender prefers for reason phrases, bodies and session descriptions.',
	),
	doc(
		'Alert-Info',
		rfc3261,
		'20.4',
		'In an INVITE, an alternative ring tone; in a 180, an alternative ringback tone.',
	),
	doc(
		'Authentication-Info',
		rfc3261,
		'20.6',
		'Mutual authentication from the server after a successful Digest exchange.',
	),
	doc(
		'Call-Info',
		rfc3261,
		'20.9',
		'Additional information about the caller or callee (an icon, a card, a web page).',
	),
	doc('Content-Language', rfc3261, '20.13', 'Language of the body.'),
	doc(
		'Error-Info',
		rfc3261,
		'20.18',
		'A pointer to more information about the error of a failure response.',
	),
	doc('In-Reply-To', rfc3261, '20.21', 'The Call-IDs this call answers (a call back).'),
	doc(
		'MIME-Version',
		rfc3261,
		'20.24',
		'MIME version of the body; SIP messages are not MIME-compliant in every other way.',
	),
	doc('Organization', rfc3261, '20.25', 'The organization of the sender.'),
	doc(
		'Priority',
		rfc3261,
		'20.26',
		'Urgency of the request as the caller sees it: non-urgent, normal, urgent, emergency.',
	),
	doc(
		'Proxy-Require',
		rfc3261,
		'20.29',
		'Extensions each proxy on the path must support to handle the request.',
	),
	doc('Reply-To', rfc3261, '20.31', 'The address to reply to, when it is not the From.'),
	doc('Subject', rfc3261, '20.36', 'A summary or the nature of the call.'),
	doc(
		'Session-Expires',
		'4028',
		'4',
		'Session interval of a session timer: the session ends unless refreshed within it; refresher= says who refreshes.',
	),
	doc(
		'Min-SE',
		'4028',
		'5',
		'The smallest session interval the sender accepts (422 Session Interval Too Small asks for more).',
	),
	doc(
		'Reason',
		'3326',
		'2',
		'Why a request was sent (a BYE or CANCEL): the SIP or Q.850 cause behind it.',
	),
	doc(
		'Service-Route',
		'3608',
		'',
		'Routes the registrar gives in a 200 to REGISTER, for the UA to put in the Route of its later requests.',
	),
	doc(
		'Privacy',
		'3323',
		'',
		'Privacy the user asks of the network: id, header, session, user, none, critical.',
	),
	doc(
		'P-Preferred-Identity',
		'3325',
		'9.2',
		'The identity the UA would like the trusted network to assert.',
	),
	doc('RSeq', '3262', '7.1', 'Sequence number of a reliable provisional response (100rel).'),
	doc(
		'RAck',
		'3262',
		'7.2',
		'In a PRACK: the RSeq and CSeq of the provisional response it acknowledges.',
	),
	doc('Recv-Info', '6086', '', 'Info packages the sender is willing to receive in INFO requests.'),
	doc('Info-Package', '6086', '', 'The Info package of an INFO request.'),
	doc('Identity', '8224', '4', 'A signature over the caller identity (STIR): a PASSporT token.'),
	doc(
		'Accept-Contact',
		'3841',
		'9.2',
		'Caller preferences: the feature tags of the contacts the request should reach.',
	),
	doc(
		'Reject-Contact',
		'3841',
		'9.2',
		'Caller preferences: the contacts the request must not reach.',
	),
	doc(
		'Request-Disposition',
		'3841',
		'9.1',
		'Caller preferences: how proxies should handle the request (proxy or redirect, fork, recurse...).',
	),
	doc(
		'History-Info',
		'7044',
		'',
		'The targets the request was retargeted through, in order, with the reasons.',
	),
	doc(
		'Diversion',
		'5806',
		'',
		'The redirections of a call before it reached this target (historic, superseded by History-Info).',
	),
	doc('P-Asserted-Service', '6050', '', 'The service asserted by a trusted network element (IMS).'),
	doc(
		'P-Preferred-Service',
		'6050',
		'',
		'The service the UA would like the trusted network to assert.',
	),
	doc('P-Access-Network-Info', '7315', '', 'The access network the UA is attached through (IMS).'),
	doc('P-Charging-Vector', '7315', '', 'Charging correlation identifiers across the IMS network.'),
	doc(
		'P-Called-Party-ID',
		'7315',
		'',
		'In a request a proxy delivered, the address the caller dialled.',
	),
	doc(
		'P-Associated-URI',
		'7315',
		'',
		'In a 200 to REGISTER, the other addresses of the registered user.',
	),
	doc(
		'P-Visited-Network-ID',
		'7315',
		'',
		'The visited network, told to the home network at registration.',
	),
	doc('Session-ID', '7989', '', 'End-to-end identifier of the session across B2BUAs.'),
	doc(
		'Security-Client',
		'3329',
		'',
		'Security mechanisms the client supports (security agreement).',
	),
	doc(
		'Security-Server',
		'3329',
		'',
		'Security mechanisms the server supports (security agreement).',
	),
	doc(
		'Security-Verify',
		'3329',
		'',
		'The server’s list, echoed by the client to protect the negotiation.',
	),
	doc(
		'Target-Dialog',
		'4538',
		'',
		'The dialog a request relates to, authorizing it (e.g. a REFER about that call).',
	),
	doc('Join', '3911', '', 'The dialog this INVITE joins (a conference of the two).'),
	doc('Feature-Caps', '6809', '', 'Features a proxy or B2BUA on the path supports.'),
	doc(
		'Geolocation',
		'6442',
		'',
		'Where the user is: a location by value (in the body) or by reference.',
	),
	doc(
		'User-to-User',
		'7433',
		'',
		'User-to-user information carried from the caller to the callee (ISDN UUI).',
	),
];

const byKey = new Map(table.map((d) => [d.name.toLowerCase(), d]));

/** The documentation of a header by its canonical lower-case name, or undefined. */
export function headerDoc(key: string): HeaderDoc | undefined {
	return byKey.get(key);
}

export function rfcUrl(rfc: string, section?: string): string {
	return `https://www.rfc-editor.org/rfc/rfc${rfc}${section ? `#section-${section}` : ''}`;
}
