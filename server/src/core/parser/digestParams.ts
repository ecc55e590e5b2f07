/**
 * `name=value` pairs of a Digest challenge or response from `at`, split at commas outside quotes; names
 * lower-cased, values without their quotes. A scan, not a quoted-string pattern: an unclosed
 * quote must not cost more than one pass.
 */
export function readDigestParams(value: string, at: number): Map<string, string> {
	const params = new Map<string, string>();
	let i = at;
	while (i < value.length) {
		while (i < value.length && (value[i] === ',' || value[i] === ' ' || value[i] === '\t')) i++;
		const eq = value.indexOf('=', i);
		if (eq < 0) break;
		const key = value.slice(i, eq).trim().toLowerCase();
		let j = eq + 1;
		while (j < value.length && (value[j] === ' ' || value[j] === '\t')) j++;
		let v: string;
		if (value[j] === '"') {
			let k = j + 1;
			while (k < value.length && value[k] !== '"') k += value[k] === '\\' ? 2 : 1;
			v = value.slice(j + 1, Math.min(k, value.length));
			j = k + 1;
		} else {
			let k = j;
			while (k < value.length && value[k] !== ',') k++;
			v = value.slice(j, k).trim();
			j = k;
		}
		// A name with white space or a comma in it is no parameter's (a wrapped or cut value).
		if (key !== '' && !/[\s,"]/.test(key) && !params.has(key)) params.set(key, v);
		const comma = value.indexOf(',', j);
		if (comma < 0) break;
		i = comma + 1;
	}
	return params;
}
