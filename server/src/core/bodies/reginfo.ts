import { attr, children, elementNames, textOf, type XmlNode } from './xml';
import { attributeChecks, documentStates } from './attributeChecks';

/** One binding of an AoR (RFC 3680 §5.1): a `<contact>`, with why its state last changed. */
export interface ReginfoContact {
	readonly id: string | null;
	/** `active` or `terminated`. */
	readonly state: string | null;
	/** What changed it: registered, created, refreshed, shortened, expired, deactivated, ... */
	readonly event: string | null;
	readonly expires: string | null;
	readonly durationRegistered: string | null;
	readonly q: string | null;
	readonly callId: string | null;
	readonly cseq: string | null;
	readonly retryAfter: string | null;
	readonly uri: string | null;
	readonly displayName: string | null;
	readonly unknownParams: readonly { readonly name: string | null; readonly value: string }[];
}

/** The bindings of one address-of-record (RFC 3680 §5.1). */
export interface ReginfoRegistration {
	readonly aor: string | null;
	readonly id: string | null;
	/** `init`, `active` or `terminated`. */
	readonly state: string | null;
	readonly contacts: readonly ReginfoContact[];
}

/** A registration information document (RFC 3680 §5), `application/reginfo+xml`. */
export interface ReginfoDocument {
	readonly version: string | null;
	/** `full` or `partial`. */
	readonly state: string | null;
	readonly registrations: readonly ReginfoRegistration[];
}

const registrationStates = new Set(['init', 'active', 'terminated']);
const contactStates = new Set(['active', 'terminated']);
/** RFC 3680 §5.4's contact events (the state machine of §4.7.1). */
const contactEvents = new Set([
	'registered',
	'created',
	'refreshed',
	'shortened',
	'expired',
	'deactivated',
	'probation',
	'unregistered',
	'rejected',
]);
const unsigned = /^\d{1,10}$/;

/** The root element's name, as the parser keeps it (without its namespace prefix). */
export function rootName(root: XmlNode): string | null {
	return elementNames(root).find((n) => !n.startsWith('?')) ?? null;
}

/**
 * Reads a reginfo document, or null when the root is not `<reginfo>`. What the schema of
 * RFC 3680 §5.4 requires and is missing or out of its range is listed in `problems`.
 */
export function decodeReginfo(
	root: XmlNode,
): { reginfo: ReginfoDocument; problems: string[] } | null {
	const info = root['reginfo'];
	if (info === undefined) return null;
	const problems: string[] = [];
	const { required, oneOf, count } = attributeChecks(problems, unsigned);
	const version = required(info, 'version', '<reginfo>');
	count(version, 'version');
	const state = required(info, 'state', '<reginfo>');
	oneOf(state, documentStates, '<reginfo> state');
	const registrations = children(info, 'registration').map((r, ri) => {
		const aor = required(r, 'aor', `<registration> ${ri + 1}`);
		const where = `<registration> ${aor ?? ri + 1}`;
		const id = required(r, 'id', where);
		const regState = required(r, 'state', where);
		oneOf(regState, registrationStates, `${where} state`);
		const contacts = children(r, 'contact').map((c, ci) => {
			const uri = textOf(children(c, 'uri')[0]);
			const at = `<contact> ${uri ?? ci + 1} of ${aor ?? `registration ${ri + 1}`}`;
			if (uri === null) problems.push(`${at} has no <uri>`);
			const contact: ReginfoContact = {
				id: required(c, 'id', at),
				state: required(c, 'state', at),
				event: required(c, 'event', at),
				expires: attr(c, 'expires'),
				durationRegistered: attr(c, 'duration-registered'),
				q: attr(c, 'q'),
				callId: attr(c, 'callid'),
				cseq: attr(c, 'cseq'),
				retryAfter: attr(c, 'retry-after'),
				uri,
				displayName: textOf(children(c, 'display-name')[0]),
				unknownParams: children(c, 'unknown-param').map((p) => ({
					name: attr(p, 'name'),
					value: textOf(p) ?? '',
				})),
			};
			oneOf(contact.state, contactStates, `${at} state`);
			oneOf(contact.event, contactEvents, `${at} event`);
			count(contact.expires, `${at} expires`);
			count(contact.durationRegistered, `${at} duration-registered`);
			count(contact.retryAfter, `${at} retry-after`);
			count(contact.cseq, `${at} cseq`);
			return contact;
		});
		return { aor, id, state: regState, contacts };
	});
	return { reginfo: { version, state, registrations }, problems };
}
