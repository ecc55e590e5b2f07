import type { SipMessage, SipUri } from '../model';
import { addressOfRecord, parseUri } from '../parser/uri';

/**
 * The presentity each URI names, as a presence server keys state on it: scheme, user and host
 * (see {@link addressOfRecord}). Kamailio and OpenSIPS key presence on user and domain, the port
 * aside: a PUBLISH to `sip:alice@127.0.0.1` (pua_dialoginfo's own) and a SUBSCRIBE sent to the
 * proxy's port (`sip:alice@127.0.0.1:15050`) name one presentity. The port still tells elements
 * apart where the trace shows several for one user and host: Request-URIs of its PUBLISHes and
 * SUBSCRIBEs with two ports, or with one port while a request to the user without a port went
 * to another (a watcher subscribing to a user agent itself, on the test host where the presence
 * server runs too): RFC 3261 §19.1.4 compares URIs with their ports. Read once per distinct URI:
 * a trace's subscriptions and publications name the same few users again and again.
 */
export class Presentities {
	readonly #read = new Map<string, string | null>();
	/** `user@host` whose port tells presentities apart. */
	readonly #ported = new Set<string>();

	constructor(messages: readonly SipMessage[]) {
		// By `user@host`: the ports its Request-URIs give, and the ports requests to it without
		// one were sent to (where the trace gives addresses).
		const given = new Map<string, Set<number>>();
		const sentTo = new Map<string, Set<string>>();
		const add = <T>(map: Map<string, Set<T>>, key: string, value: T): void => {
			let set = map.get(key);
			if (!set) map.set(key, (set = new Set()));
			set.add(value);
		};
		const parsedOf = new Map<string, SipUri | null>();
		for (const m of messages) {
			const uri = m.requestUri;
			if (!uri || (m.method !== 'PUBLISH' && m.method !== 'SUBSCRIBE')) continue;
			let parsed = parsedOf.get(uri);
			if (parsed === undefined) parsedOf.set(uri, (parsed = parseUri(uri)));
			if (!parsed?.user || !parsed.host) continue;
			const key = userAtHost(parsed.user, parsed.host);
			if (parsed.port !== null) add(given, key, parsed.port);
			else if (m.frame.dst) add(sentTo, key, portOf(m.frame.dst));
		}
		for (const [key, ports] of given) {
			const [port] = ports;
			const elsewhere = [...(sentTo.get(key) ?? [])].some((p) => p !== String(port));
			if (ports.size > 1 || elsewhere) this.#ported.add(key);
		}
	}

	of(uri: string | null | undefined): string | null {
		if (!uri) return null;
		let presentity = this.#read.get(uri);
		if (presentity === undefined) this.#read.set(uri, (presentity = this.#presentityOf(uri)));
		return presentity;
	}

	#presentityOf(uri: string): string | null {
		const aor = addressOfRecord(uri);
		const parsed = parseUri(uri);
		if (!parsed?.user || !parsed.host || (parsed.scheme !== 'sip' && parsed.scheme !== 'sips'))
			return aor;
		if (this.#ported.has(userAtHost(parsed.user, parsed.host))) return aor;
		return `${parsed.scheme}:${parsed.user}@${parsed.host.toLowerCase()}`;
	}
}

const userAtHost = (user: string, host: string): string => `${user}@${host.toLowerCase()}`;

/** The port of an `ip:port` address (`[v6]:port`), or the address itself where it has none. */
function portOf(address: string): string {
	const colon = address.lastIndexOf(':');
	return colon > address.lastIndexOf(']') ? address.slice(colon + 1) : address;
}
