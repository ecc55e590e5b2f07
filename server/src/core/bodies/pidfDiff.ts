import { decodePidf, type PresenceDocument } from './pidf';
import { attr, children, elementNames, textOf, type XmlNode } from './xml';

/** One patch operation of a `<pidf-diff>` (RFC 5261 §4.3-4.5), as the hover lists it. */
export interface PidfPatchOp {
	readonly op: 'add' | 'replace' | 'remove';
	/** The XPath-like selector of the node it changes (RFC 5261 §4.1). */
	readonly sel: string | null;
	/** add: before, after or prepend (RFC 5261 §4.3); null means appended as a last child. */
	readonly pos: string | null;
	/** add: `@name` to add an attribute, `namespace::prefix` a namespace declaration. */
	readonly type: string | null;
	/** What it puts there, in short: `tuple t1 (open)`, `note "Away"`, or its text. */
	readonly content: string;
}

/**
 * A partial presence document (RFC 5262 §3), `application/pidf-diff+xml`: `<pidf-full>` holds the
 * whole presence (what `<presence>` would hold), `<pidf-diff>` only the changes since the
 * previous version, as RFC 5261 patch operations.
 */
export interface PidfDiffDocument {
	readonly form: 'full' | 'diff';
	readonly entity: string | null;
	readonly version: string | null;
	/** The presence of a `<pidf-full>`; null for a `<pidf-diff>`. */
	readonly presence: PresenceDocument | null;
	readonly ops: readonly PidfPatchOp[];
}

const ops = ['add', 'replace', 'remove'] as const;
const positions: ReadonlySet<string> = new Set(['before', 'after', 'prepend']);
const unsigned = /^\d{1,10}$/;
/** Elements decodePidf reads out of a presence-like node; the others are named as they are. */
const pidfChildren = new Set(['tuple', 'person', 'device', 'note']);

/**
 * Reads a `<pidf-full>` or `<pidf-diff>` root, or null for another root. `problems` name what
 * RFC 5262 §3 requires and is missing (entity, version) and an operation without `sel`.
 */
export function decodePidfDiff(
	root: XmlNode,
	xml = '',
): { pidfDiff: PidfDiffDocument; problems: string[] } | null {
	const full = root['pidf-full'];
	const diff = root['pidf-diff'];
	const node = full ?? diff;
	if (node === undefined || node === null) return null;
	const form = full !== undefined && full !== null ? 'full' : 'diff';
	const name = `<pidf-${form}>`;
	const problems: string[] = [];
	const entity = attr(node, 'entity');
	if (entity === null) problems.push(`${name} has no entity attribute (RFC 5262 §3.2)`);
	const version = attr(node, 'version');
	if (version === null) problems.push(`${name} has no version attribute (RFC 5262 §3.1)`);
	else if (!unsigned.test(version.trim()))
		problems.push(`${name} version "${version}" is not a number (RFC 5262 §3.1)`);
	if (form === 'full') {
		// The children of <pidf-full> are those of <presence> (RFC 5262 §3): read them as PIDF.
		const presence = decodePidf({ presence: typeof node === 'object' ? node : {} });
		if (presence)
			problems.push(...presence.faults.filter((f) => !f.startsWith('presence has no entity')));
		return { pidfDiff: { form, entity, version, presence, ops: [] }, problems };
	}
	const patch: PidfPatchOp[] = [];
	// The parsed tree groups the operations by kind; the text gives the order they apply in
	// (RFC 5261 §4: one after the other, each on the document the previous one left).
	const byKind = {
		add: children(node, 'add'),
		replace: children(node, 'replace'),
		remove: children(node, 'remove'),
	};
	const taken = { add: 0, replace: 0, remove: 0 };
	const order = operationOrder(xml);
	const total = byKind.add.length + byKind.replace.length + byKind.remove.length;
	const sequence: PidfPatchOp['op'][] =
		order.length === total &&
		ops.every((op) => order.filter((o) => o === op).length === byKind[op].length)
			? order
			: ops.flatMap((op) => byKind[op].map(() => op));
	for (const op of sequence) {
		const o = byKind[op][taken[op]++];
		const sel = attr(o, 'sel');
		if (sel === null)
			problems.push(`<${op}> ${patch.length + 1} has no sel attribute (RFC 5261 §4)`);
		const pos = op === 'add' ? attr(o, 'pos') : null;
		if (pos !== null && !positions.has(pos))
			problems.push(`<add> pos "${pos}" is not one of before, after, prepend (RFC 5261 §4.3)`);
		patch.push({
			op,
			sel,
			pos,
			type: op === 'add' ? attr(o, 'type') : null,
			content: op === 'remove' ? '' : contentOf(o),
		});
	}
	return { pidfDiff: { form, entity, version, presence: null, ops: patch }, problems };
}

/** What an add or replace carries: the PIDF elements it holds, else its text. */
function contentOf(o: unknown): string {
	if (typeof o !== 'object' || o === null) return textOf(o) ?? '';
	const read = decodePidf({ presence: o });
	const parts: string[] = [];
	for (const t of read?.tuples ?? [])
		parts.push(`tuple ${t.id ?? '?'}${t.basic ? ` (${t.basic})` : ''}`);
	for (const c of read?.components ?? []) {
		const said = [...c.rich.activities, ...c.notes.map((n) => `"${n.text}"`)].join(', ');
		parts.push(`${c.kind} ${c.id ?? '?'}${said ? ` (${said})` : ''}`);
	}
	for (const n of read?.notes ?? []) parts.push(`note "${n.text}"`);
	for (const e of elementNames(o)) if (!pidfChildren.has(e)) parts.push(`<${e}>`);
	const text = textOf(o);
	if (text) parts.push(text);
	return parts.join(', ');
}

/**
 * The kinds of the operations of the `<pidf-diff>` in `xml`, in document order: the names of the
 * root's child elements that are add, replace or remove (any prefix). Empty when `xml` is not
 * given. One pass over the tags; comments, CDATA, declarations and quoted attribute values are
 * skipped.
 */
function operationOrder(xml: string): PidfPatchOp['op'][] {
	const found: PidfPatchOp['op'][] = [];
	let depth = 0;
	for (let at = xml.indexOf('<'); at >= 0 && at < xml.length; at = xml.indexOf('<', at)) {
		const next = xml.charCodeAt(at + 1);
		if (next === 33 || next === 63) {
			// `<!--`, `<![CDATA[`, `<!DOCTYPE`, `<?xml`: to their own end.
			const close = xml.startsWith('<!--', at)
				? xml.indexOf('-->', at + 4)
				: xml.startsWith('<![CDATA[', at)
					? xml.indexOf(']]>', at + 9)
					: xml.indexOf('>', at + 2);
			if (close < 0) break;
			at = close + 1;
			continue;
		}
		if (next === 47) {
			depth--;
			at = xml.indexOf('>', at + 2);
			if (at < 0) break;
			continue;
		}
		let nameEnd = at + 1;
		let local = nameEnd;
		for (; nameEnd < xml.length; nameEnd++) {
			const c = xml.charCodeAt(nameEnd);
			if (c <= 32 || c === 47 || c === 62) break;
			if (c === 58) local = nameEnd + 1;
		}
		const name = xml.slice(local, nameEnd);
		// The end of the tag, over quoted attribute values (which may hold `>`).
		let end = nameEnd;
		let quote = 0;
		for (; end < xml.length; end++) {
			const c = xml.charCodeAt(end);
			if (quote) {
				if (c === quote) quote = 0;
			} else if (c === 34 || c === 39) quote = c;
			else if (c === 62) break;
		}
		if (end >= xml.length) break;
		if (depth === 1 && (name === 'add' || name === 'replace' || name === 'remove'))
			found.push(name);
		if (xml.charCodeAt(end - 1) !== 47) depth++;
		at = end + 1;
	}
	return found;
}
