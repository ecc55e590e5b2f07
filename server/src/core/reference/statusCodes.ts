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
	199: [
		'Early Dialog Terminated',
		'6228',
		'An early dialog of a forked INVITE ended before the final response (its forked leg got a failure).',
	],
	200: ['OK', '3261 §21.2.1', 'The request succeeded.'],
	// RFC 6665, which obsoletes RFC 3265, keeps 202 for history only and specifies no use of it
	// with SUBSCRIBE or NOTIFY (§8.3.1).
	202: [
		'Accepted',
		'6665 §8.3.1',
		'The request was accepted for processing (deprecated for SUBSCRIBE by RFC 6665).',
	],
	204: ['No Notification', '5839', 'The subscription succeeded, no notification will be sent now.'],
	300: [
		'Multiple Choices',
		'3261 §21.3.1',
		'The address resolves to several locations, listed in Contact.',
	],
	301: [
		'Moved Permanently',
		'3261 §21.3.2',
		'The user is no longer at the Request-URI; see Contact.',
	],
	302: ['Moved Temporarily', '3261 §21.3.3', 'Retry at the address(es) in Contact.'],
	305: ['Use Proxy', '3261 §21.3.4', 'The request must go through the proxy given in Contact.'],
	380: [
		'Alternative Service',
		'3261 §21.3.5',
		'The call failed; the body describes alternative services.',
	],
	400: ['Bad Request', '3261 §21.4.1', 'Malformed syntax.'],
	401: [
		'Unauthorized',
		'3261 §21.4.2',
		'User authentication required: retry with Authorization answering WWW-Authenticate.',
	],
	402: ['Payment Required', '3261 §21.4.3', 'Reserved for future use.'],
	403: [
		'Forbidden',
		'3261 §21.4.4',
		'The server refuses to fulfil the request; authorization will not help.',
	],
	404: ['Not Found', '3261 §21.4.5', 'The user does not exist at the domain.'],
	405: ['Method Not Allowed', '3261 §21.4.6', 'The method is not allowed for the Request-URI.'],
	406: [
		'Not Acceptable',
		'3261 §21.4.7',
		'The resource can only answer with content the Accept header does not allow.',
	],
	407: [
		'Proxy Authentication Required',
		'3261 §21.4.8',
		'A proxy requires credentials: retry with Proxy-Authorization answering Proxy-Authenticate.',
	],
	408: ['Request Timeout', '3261 §21.4.9', 'No final response in time.'],
	410: ['Gone', '3261 §21.4.10', 'The user existed at this address once and no longer does.'],
	412: [
		'Conditional Request Failed',
		'3903 §11.2.1',
		'The SIP-If-Match entity-tag does not match any publication: the publication expired or was never there (RFC 3903 §6).',
	],
	413: [
		'Request Entity Too Large',
		'3261 §21.4.11',
		'The body is larger than the server will process.',
	],
	414: [
		'Request-URI Too Long',
		'3261 §21.4.12',
		'The Request-URI is longer than the server will read.',
	],
	415: ['Unsupported Media Type', '3261 §21.4.13', 'The body format is not supported.'],
	416: ['Unsupported URI Scheme', '3261 §21.4.14', 'The Request-URI scheme is not understood.'],
	417: [
		'Unknown Resource-Priority',
		'4412',
		'The Resource-Priority namespace or value is not understood (Require: resource-priority).',
	],
	420: ['Bad Extension', '3261 §21.4.15', 'An extension in Require is not supported.'],
	421: [
		'Extension Required',
		'3261 §21.4.16',
		'The server needs an extension, named in Require, that the request did not offer.',
	],
	422: [
		'Session Interval Too Small',
		'4028 §6',
		"The Session-Expires is below the server's Min-SE; retry with at least that interval.",
	],
	423: [
		'Interval Too Brief',
		'3261 §21.4.17',
		'The expiration time is too short; Min-Expires says the shortest allowed.',
	],
	425: [
		'Bad Alert Message',
		'8876',
		'The Alert-Info of an emergency alert could not be processed.',
	],
	428: ['Use Identity Header', '8224', 'The request must carry an Identity header (STIR).'],
	429: ['Provide Referrer Identity', '3892', 'The REFER must carry a Referred-By token.'],
	430: [
		'Flow Failed',
		'5626',
		'The flow to the registered instance failed (SIP Outbound); try another.',
	],
	433: ['Anonymity Disallowed', '5079', 'The callee refuses anonymous requests.'],
	436: ['Bad Identity Info', '8224', "The Identity header's info cannot be fetched or used."],
	437: [
		'Unsupported Credential',
		'8224',
		'The certificate that signed the Identity is not supported or trusted.',
	],
	438: ['Invalid Identity Header', '8224', 'The Identity signature does not verify.'],
	439: [
		'First Hop Lacks Outbound Support',
		'5626',
		'The registrar supports SIP Outbound, the first-hop proxy does not.',
	],
	440: ['Max-Breadth Exceeded', '5393', "Forking would exceed the request's Max-Breadth."],
	469: ['Bad Info Package', '6086', "The INFO's Info-Package is not one the dialog agreed."],
	470: [
		'Consent Needed',
		'5360',
		'The recipient has not consented to receive requests from this sender.',
	],
	480: ['Temporarily Unavailable', '3261 §21.4.18', 'The callee is currently unavailable.'],
	481: [
		'Call/Transaction Does Not Exist',
		'3261 §21.4.19',
		'No matching dialog or transaction (a NOTIFY for an unknown subscription gets this).',
	],
	482: ['Loop Detected', '3261 §21.4.20', 'The server detected a loop.'],
	483: ['Too Many Hops', '3261 §21.4.21', 'Max-Forwards reached zero.'],
	484: [
		'Address Incomplete',
		'3261 §21.4.22',
		'The Request-URI is incomplete (overlap dialling: more digits needed).',
	],
	485: [
		'Ambiguous',
		'3261 §21.4.23',
		'The Request-URI matches several users; Contact may list them.',
	],
	486: ['Busy Here', '3261 §21.4.24', 'The callee is busy.'],
	487: ['Request Terminated', '3261 §21.4.25', 'The request was cancelled (by CANCEL or BYE).'],
	488: ['Not Acceptable Here', '3261 §21.4.26', 'The session description is not acceptable.'],
	489: ['Bad Event', '6665 §8.3.2', 'The event package is not understood.'],
	491: ['Request Pending', '3261 §21.4.27', 'A request is already pending within the dialog.'],
	493: ['Undecipherable', '3261 §21.4.28', 'An S/MIME body could not be decrypted.'],
	494: [
		'Security Agreement Required',
		'3329',
		'A security mechanism must be agreed first (Security-Server lists them).',
	],
	500: ['Server Internal Error', '3261 §21.5.1', 'The server failed unexpectedly.'],
	501: ['Not Implemented', '3261 §21.5.2', 'The method is not supported.'],
	502: ['Bad Gateway', '3261 §21.5.3', 'An invalid response from a downstream server.'],
	503: [
		'Service Unavailable',
		'3261 §21.5.4',
		'Temporarily overloaded or in maintenance; see Retry-After.',
	],
	504: ['Server Time-out', '3261 §21.5.5', 'No timely response from an upstream server.'],
	505: [
		'Version Not Supported',
		'3261 §21.5.6',
		'The SIP version of the request is not supported.',
	],
	513: ['Message Too Large', '3261 §21.5.7', 'The message is longer than the server can process.'],
	555: [
		'Push Notification Service Not Supported',
		'8599',
		'The proxy does not support the push notification service the request asked for.',
	],
	580: [
		'Precondition Failure',
		'3312',
		"The session's preconditions (QoS, security) cannot be met.",
	],
	600: ['Busy Everywhere', '3261 §21.6.1', 'The callee is busy everywhere.'],
	603: ['Decline', '3261 §21.6.2', 'The callee declines.'],
	604: ['Does Not Exist Anywhere', '3261 §21.6.3', 'The user does not exist anywhere.'],
	606: ['Not Acceptable', '3261 §21.6.4', 'Some aspect of the session is not acceptable.'],
	607: ['Unwanted', '8197', 'The callee marks the call as unwanted (spam, robocall).'],
	608: [
		'Rejected',
		'8688',
		'An intermediary rejected the call; Call-Info may say how to contact it.',
	],
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
