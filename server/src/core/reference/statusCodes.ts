/** Status codes and what they mean for someone reading a trace (RFC 3261 §21 and extensions). */
const meanings: Readonly<Record<number, readonly [string, string, string]>> = {
	100: [
		'Trying',
		'3261',
		'The next hop received the request and is working on it; stops retransmissions over UDP.',
	],
	180: ['Ringing', '3261', 'The callee is being alerted.'],
	181: ['Call Is Being Forwarded', '3261', 'The call is being forwarded.'],
	182: ['Queued', '3261', 'The callee is busy and the call is queued.'],
	183: ['Session Progress', '3261', 'Progress information, often with early media.'],
	200: [
		'OK',
		'3261',
		'The request succeeded. For PUBLISH it carries SIP-ETag and Expires (RFC 3903 §4.1); for SUBSCRIBE the Expires granted.',
	],
	202: [
		'Accepted',
		'3265',
		'The request was accepted for processing (deprecated for SUBSCRIBE by RFC 6665).',
	],
	204: ['No Notification', '5839', 'The subscription succeeded, no notification will be sent now.'],
	301: ['Moved Permanently', '3261', 'The user is no longer at the Request-URI; see Contact.'],
	302: ['Moved Temporarily', '3261', 'Retry at the address(es) in Contact.'],
	400: ['Bad Request', '3261', 'Malformed syntax.'],
	401: [
		'Unauthorized',
		'3261',
		'User authentication required: retry with Authorization answering WWW-Authenticate.',
	],
	403: [
		'Forbidden',
		'3261',
		'The server refuses to fulfil the request; authorization will not help.',
	],
	404: ['Not Found', '3261', 'The user does not exist at the domain.'],
	405: ['Method Not Allowed', '3261', 'The method is not allowed for the Request-URI.'],
	407: [
		'Proxy Authentication Required',
		'3261',
		'A proxy requires credentials: retry with Proxy-Authorization answering Proxy-Authenticate.',
	],
	408: ['Request Timeout', '3261', 'No final response in time.'],
	412: [
		'Conditional Request Failed',
		'3903',
		'The SIP-If-Match entity-tag does not match any publication: the publication expired or was never there (RFC 3903 §6).',
	],
	415: ['Unsupported Media Type', '3261', 'The body format is not supported.'],
	420: ['Bad Extension', '3261', 'An extension in Require is not supported.'],
	423: [
		'Interval Too Brief',
		'3261',
		'The expiration time is too short; Min-Expires says the shortest allowed.',
	],
	480: ['Temporarily Unavailable', '3261', 'The callee is currently unavailable.'],
	481: [
		'Call/Transaction Does Not Exist',
		'3261',
		'No matching dialog or transaction (a NOTIFY for an unknown subscription gets this).',
	],
	482: ['Loop Detected', '3261', 'The server detected a loop.'],
	483: ['Too Many Hops', '3261', 'Max-Forwards reached zero.'],
	486: ['Busy Here', '3261', 'The callee is busy.'],
	487: ['Request Terminated', '3261', 'The request was cancelled (by CANCEL or BYE).'],
	488: ['Not Acceptable Here', '3261', 'The session description is not acceptable.'],
	489: ['Bad Event', '6665', 'The event package is not understood.'],
	491: ['Request Pending', '3261', 'A request is already pending within the dialog.'],
	500: ['Server Internal Error', '3261', 'The server failed unexpectedly.'],
	501: ['Not Implemented', '3261', 'The method is not supported.'],
	502: ['Bad Gateway', '3261', 'An invalid response from a downstream server.'],
	503: [
		'Service Unavailable',
		'3261',
		'Temporarily overloaded or in maintenance; see Retry-After.',
	],
	504: ['Server Time-out', '3261', 'No timely response from an upstream server.'],
	600: ['Busy Everywhere', '3261', 'The callee is busy everywhere.'],
	603: ['Decline', '3261', 'The callee declines.'],
	604: ['Does Not Exist Anywhere', '3261', 'The user does not exist anywhere.'],
	606: ['Not Acceptable', '3261', 'Some aspect of the session is not acceptable.'],
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

/** What a status code means: its reason phrase, RFC and an explanation, or its class for unknown codes. */
export function statusMeaning(code: number): {
	reason: string;
	rfc: string;
	summary: string;
	className: string;
} {
	const className = classes[Math.floor(code / 100)] ?? 'Unknown class';
	const known = meanings[code];
	if (known) return { reason: known[0], rfc: known[1], summary: known[2], className };
	return {
		reason: '',
		rfc: '3261',
		summary: `An extension code; treated as ${Math.floor(code / 100)}00 by peers that do not know it (RFC 3261 §21).`,
		className,
	};
}
