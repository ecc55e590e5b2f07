import { addressOfRecord } from '../parser/uri';

/**
 * {@link addressOfRecord}, read once per distinct URI: a trace's subscriptions and publications
 * name the same few users again and again (the parser shares each URI's string), and reading a
 * URI makes its parts and parameters anew each time.
 */
export class AddressesOfRecord {
	readonly #read = new Map<string, string | null>();

	of(uri: string | null | undefined): string | null {
		if (!uri) return null;
		let aor = this.#read.get(uri);
		if (aor === undefined) this.#read.set(uri, (aor = addressOfRecord(uri)));
		return aor;
	}
}
