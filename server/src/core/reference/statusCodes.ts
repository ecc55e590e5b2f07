/**
 * Status codes and what they mean for someone reading a trace (RFC 3261 §21 and extensions): the
 * reason phrase, where the code is defined (`3261 §21.4.8`: the RFC, and the section when one
 * defines that code alone) and an explanation.
 */
const meanings: Readonly<Record<number, readonly [string, string, string]>> = {
	100: [
		'Trying',
		'3261 §21.1.1',
		'The next hop received the request and is working on it; stops retransmissions over UDP.',
	],
	180: ['Ringing', '3261 §21.1.2', 'The callee is being alerted.'],
	181: ['Call Is Being Forwarded', '3261 §21.1.3', 'The call is being forwarded.'],
	182: ['Queued', '3261 §21.1.4', 'The callee is busy and the call is queued.'],
	183: ['Session Progress', '3261 §21.1.5', 'Progress information, often with early media.'],
	200: ['OK', '3261 §21.2.1', 'The request succeeded.'],
	// RFC 6665, which obsoletes RFC 3265, keeps 202 for history only and specifies no use of it
	// with SUBSCRIBE or NOTIFY (§8.3.1).
	202: [
		'Accepted',
		'6665 §8.3.1',
		'The request was accepted for processing (deprecated for SUBSCRIBE by RFC 6665).',
	],
	204: ['No Notification', '5839', 'The subscription succeeded, no notification will be sent now.'],
	301: [
		'Moved Permanently',
		'3261 §21.3.2',
		'The user is no longer at the Request-URI; see Contact.',
	],
	302: ['Moved Temporarily', '3261 §21.3.3', 'Retry at the address(es) in Contact.'],
	400: ['Bad Request', '3261 §21.4.1', 'Malformed syntax.'],
	401: [
		'Unauthorized',
		'3261 §21.4.2',
		'User authentication required: retry with Authorization answering WWW-Authenticate.',
	],
	403: [
		'Forbidden',
		'3261 §21.4.4',
		'The server refuses to fulfil the request; authorization will not help.',
	],
	404: ['Not Found', '3261 §21.4.5', 'The user does not exist at the domain.'],
	405: ['Method Not Allowed', '3261 §21.4.6', 'The method is not allowed for the Request-URI.'],
	407: [
		'Proxy Authentication Required',
		'3261 §21.4.8',
		'A proxy requires credentials: retry with Proxy-Authorization answering Proxy-Authenticate.',
	],
	408: ['Request Timeout', '3261 §21.4.9', 'No final response in time.'],
	412: [
		'Conditional Request Failed',
		'3903 §11.2.1',
		'The SIP-If-Match entity-tag does not match any publication: the publication expired or was never there (RFC 3903 §6).',
	],
	415: ['Unsupported Media Type', '3261 §21.4.13', 'The body format is not supported.'],
	420: ['Bad Extension', '3261 §21.4.15', 'An extension in Require is not supported.'],
	423: [
		'Interval Too Brief',
		'3261 §21.4.17',
		'The expiration time is too short; Min-Expires says the shortest allowed.',
	],
	480: ['Temporarily Unavailable', '3261 §21.4.18', 'The callee is currently unavailable.'],
	481: [
		'Call/Transaction Does Not Exist',
		'3261 §21.4.19',
		'No matching dialog or transaction (a NOTIFY for an unknown subscription gets this).',
	],
	482: ['Loop Detected', '3261 §21.4.20', 'The server detected a loop.'],
	483: ['Too Many Hops', '3261 §21.4.21', 'Max-Forwards reached zero.'],
	486: ['Busy Here', '3261 §21.4.24', 'The callee is busy.'],
	487: ['Request Terminated', '3261 §21.4.25', 'The request was cancelled (by CANCEL or BYE).'],
	488: ['Not Acceptable Here', '3261 §21.4.26', 'The session description is not acceptable.'],
	489: ['Bad Event', '6665', 'The event package is not understood.'],
	491: ['Request Pending', '3261 §21.4.27', 'A request is already pending within the dialog.'],
	500: ['Server Internal Error', '3261 §21.5.1', 'The server failed unexpectedly.'],
	501: ['Not Implemented', '3261 §21.5.2', 'The method is not supported.'],
	502: ['Bad Gateway', '3261 §21.5.3', 'An invalid response from a downstream server.'],
	503: [
		'Service Unavailable',
		'3261 §21.5.4',
		'Temporarily overloaded or in maintenance; see Retry-After.',
	],
	504: ['Server Time-out', '3261 §21.5.5', 'No timely response from an upstream server.'],
	600: ['Busy Everywhere', '3261 §21.6.1', 'The callee is busy everywhere.'],
	603: ['Decline', '3261 §21.6.2', 'The callee declines.'],
	604: ['Does Not Exist Anywhere', '3261 §21.6.3', 'The user does not exist anywhere.'],
	606: ['Not Acceptable', '3261 §21.6.4', 'Some aspect of the session is not acceptable.'],
};

const classes = [
	'',
	'Provisional',
	'Success',
	'Redirection',
	'Client failure',
	'Server failure',
	'Global failure',
];

/** What a status code means: its reason phrase, RFC (and section) and an explanation, or its class for unknown codes. */
export function statusMeaning(code: number): {
	reason: string;
	rfc: string;
	section: string | null;
	summary: string;
	className: string;
} {
	const className = classes[Math.floor(code / 100)] ?? 'Unknown class';
	const known = meanings[code];
	if (known) {
		const [rfc, section] = known[1].split(' §');
		return { reason: known[0], rfc: rfc!, section: section ?? null, summary: known[2], className };
	}
	return {
		reason: '',
		rfc: '3261',
		section: '21',
		summary: `An extension code; treated as ${Math.floor(code / 100)}00 by peers that do not know it (RFC 3261 §21).`,
		className,
	};
}
