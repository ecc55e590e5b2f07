import { attr } from './xml';

/** `state` of a document that may be full or partial (RFC 3680 §5.1, RFC 3858 §4). */
export const documentStates: ReadonlySet<string> = new Set(['full', 'partial']);

/**
 * The checks a document bound by a schema makes of its attributes (reginfo, watcherinfo): each
 * fault is said in `problems`, and the value is read on whatever it is. `number` is the schema's
 * integer type, as a bounded pattern.
 */
export function attributeChecks(
	problems: string[],
	number: RegExp,
): {
	required: (node: unknown, name: string, where: string) => string | null;
	oneOf: (v: string | null, allowed: ReadonlySet<string>, what: string) => void;
	count: (v: string | null, what: string) => void;
} {
	return {
		required: (node, name, where) => {
			const v = attr(node, name);
			if (v === null) problems.push(`${where} has no ${name} attribute`);
			return v;
		},
		oneOf: (v, allowed, what) => {
			if (v !== null && !allowed.has(v))
				problems.push(`${what} "${v}" is not one of ${[...allowed].join(', ')}`);
		},
		count: (v, what) => {
			if (v !== null && !number.test(v.trim())) problems.push(`${what} "${v}" is not a number`);
		},
	};
}
