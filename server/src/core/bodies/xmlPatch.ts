// XML patch operations (RFC 5261) applied to a document, for partial presence (RFC 5262): a
// watcher holds the last full state and applies each `<pidf-diff>` to it, so the state after a
// diff is that document patched. Namespace prefixes are compared by local name, as everywhere
// else bodies are read (PIDF documents use prefixes interchangeably). Selectors are read as far
// as RFC 5261 §4.1's common forms go: steps of `name` or `*`, with `[@attr="v"]` and `[n]`
// predicates, ending in an element, `@attr`, `text()` or `namespace::prefix`. What a patch
// cannot do to the document is said, and the document is then left as it was.
import { parseXmlOrdered, repeatedElements as repeated } from './xml';

/** An element of a document with its order kept; text children are strings. */
export interface XmlElement {
	name: string;
	attrs: Record<string, string>;
	children: (XmlElement | string)[];
}

/** One operation as a patch document holds it (RFC 5261 §4.3-4.5). */
export interface PatchOperation {
	readonly op: 'add' | 'replace' | 'remove';
	readonly sel: string;
	readonly pos: string | null;
	readonly type: string | null;
	readonly content: readonly (XmlElement | string)[];
}

/** The document element of an XML text with its order kept, or the reason it cannot be read. */
export function readOrdered(xml: string): { root: XmlElement } | { error: string } {
	const parsed = parseXmlOrdered(xml);
	if (!parsed.ok) return { error: parsed.error };
	for (const node of parsed.nodes) {
		const el = toElement(node);
		if (el && typeof el !== 'string' && !el.name.startsWith('?')) return { root: el };
	}
	return { error: 'no document element' };
}

function toElement(node: unknown): XmlElement | string | null {
	if (!node || typeof node !== 'object') return null;
	const o = node as Record<string, unknown>;
	if ('#text' in o) return String(o['#text']);
	const name = Object.keys(o).find((k) => k !== ':@');
	if (name === undefined) return null;
	const attrs: Record<string, string> = {};
	const raw = o[':@'];
	if (raw && typeof raw === 'object')
		for (const [k, v] of Object.entries(raw as Record<string, unknown>))
			if (k.startsWith('@_')) attrs[k.slice(2)] = String(v);
	const kids = Array.isArray(o[name]) ? (o[name] as unknown[]) : [];
	const children: (XmlElement | string)[] = [];
	for (const k of kids) {
		const c = toElement(k);
		if (c !== null) children.push(c);
	}
	return { name, attrs, children };
}

/** The element in the shape `parseXml` gives, for the decoders that read that shape. */
export function toPlain(el: XmlElement): unknown {
	const elements = el.children.filter((c): c is XmlElement => typeof c !== 'string');
	const text = el.children.filter((c): c is string => typeof c === 'string').join('');
	const attrNames = Object.keys(el.attrs);
	if (!elements.length && !attrNames.length) return text;
	const out: Record<string, unknown> = {};
	for (const c of elements) {
		const value = toPlain(c);
		const had = out[c.name];
		if (had === undefined) out[c.name] = repeated.has(c.name) ? [value] : value;
		else if (Array.isArray(had)) had.push(value);
		else out[c.name] = [had, value];
	}
	if (text) out['#text'] = text;
	for (const a of attrNames) out[`@_${a}`] = el.attrs[a];
	return out;
}

/** The operations of a patch element (`<pidf-diff>`), in the order they apply. */
export function operationsOf(patch: XmlElement): PatchOperation[] {
	const out: PatchOperation[] = [];
	for (const c of patch.children) {
		if (typeof c === 'string') continue;
		if (c.name !== 'add' && c.name !== 'replace' && c.name !== 'remove') continue;
		out.push({
			op: c.name,
			sel: c.attrs['sel'] ?? '',
			pos: c.attrs['pos'] ?? null,
			type: c.attrs['type'] ?? null,
			content: c.children,
		});
	}
	return out;
}

interface Step {
	readonly name: string; // local name, or '*'
	readonly attrs: readonly (readonly [string, string])[];
	readonly position: number | null;
}

type Tail =
	{ kind: 'element' } | { kind: 'attr'; name: string } | { kind: 'text' } | { kind: 'ns' };

const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

/** A selector as steps and what its last step names, or null for a form not read here. */
export function parseSelector(sel: string): { steps: Step[]; tail: Tail } | null {
	let s = sel.trim();
	if (s.startsWith('/')) s = s.slice(1);
	if (!s || s.length > 1000) return null;
	const raw = splitSteps(s);
	if (!raw) return null;
	let tail: Tail = { kind: 'element' };
	const last = raw[raw.length - 1]!;
	if (last.startsWith('@')) tail = { kind: 'attr', name: localName(last.slice(1)) };
	else if (last === 'text()' || /^text\(\)\[1\]$/.test(last)) tail = { kind: 'text' };
	else if (last.startsWith('namespace::')) tail = { kind: 'ns' };
	const stepTexts = tail.kind === 'element' ? raw : raw.slice(0, -1);
	if (!stepTexts.length) return null;
	const steps: Step[] = [];
	for (const t of stepTexts) {
		const step = parseStep(t);
		if (!step) return null;
		steps.push(step);
	}
	return { steps, tail };
}

/** `a/b[@x='1/2']/c` into its steps, a `/` inside a predicate's quotes not splitting. */
function splitSteps(s: string): string[] | null {
	const out: string[] = [];
	let start = 0;
	let quote = '';
	let depth = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s[i]!;
		if (quote) {
			if (c === quote) quote = '';
		} else if (c === '"' || c === "'") quote = c;
		else if (c === '[') depth++;
		else if (c === ']') depth--;
		else if (c === '/' && depth === 0) {
			out.push(s.slice(start, i));
			start = i + 1;
		}
	}
	if (quote || depth !== 0) return null;
	out.push(s.slice(start));
	return out.every((p) => p.length > 0) ? out : null;
}

const qualifiedName = /^[\w.-]+(?::[\w.-]+)?$/;

/** `name[pred][pred]`, its predicates read by hand: quotes may hold `]`. */
function parseStep(t: string): Step | null {
	const text = t.trim();
	const open = text.indexOf('[');
	const name = open < 0 ? text : text.slice(0, open);
	if (name !== '*' && !qualifiedName.test(name)) return null;
	const attrs: [string, string][] = [];
	let position: number | null = null;
	let at = open < 0 ? text.length : open;
	while (at < text.length) {
		if (text[at] !== '[') return null;
		const close = predicateEnd(text, at);
		if (close < 0) return null;
		const inner = text.slice(at + 1, close).trim();
		at = close + 1;
		if (/^\d+$/.test(inner)) {
			position = Number(inner);
			continue;
		}
		const a = attributePredicate(inner);
		if (!a) return null;
		attrs.push(a);
	}
	return { name: name === '*' ? '*' : localName(name), attrs, position };
}

/** The `]` closing the predicate opened at `open`, over quoted values; -1 when none. */
function predicateEnd(text: string, open: number): number {
	let quote = '';
	for (let i = open + 1; i < text.length; i++) {
		const c = text[i]!;
		if (quote) {
			if (c === quote) quote = '';
		} else if (c === '"' || c === "'") quote = c;
		else if (c === ']') return i;
	}
	return -1;
}

/** `@name="value"` (or single quotes) as [local name, value], or null for another predicate. */
function attributePredicate(inner: string): [string, string] | null {
	if (!inner.startsWith('@')) return null;
	const eq = inner.indexOf('=');
	if (eq < 0) return null;
	const name = inner.slice(1, eq).trim();
	const value = inner.slice(eq + 1).trim();
	if (!qualifiedName.test(name) || value.length < 2) return null;
	const q = value[0];
	if ((q !== '"' && q !== "'") || value[value.length - 1] !== q) return null;
	const unquoted = value.slice(1, -1);
	return unquoted.includes(q) ? null : [localName(name), unquoted];
}

function matches(el: XmlElement, step: Step): boolean {
	if (step.name !== '*' && el.name !== step.name) return false;
	return step.attrs.every(([n, v]) => el.attrs[n] === v);
}

interface Located {
	readonly element: XmlElement;
	readonly parent: XmlElement | null;
}

/** The one element the steps select from the document element, or why there is not one. */
function locate(root: XmlElement, steps: readonly Step[]): Located | string {
	if (!matches(root, steps[0]!) || (steps[0]!.position !== null && steps[0]!.position !== 1))
		return `its first step does not name the document element <${root.name}>`;
	let here: Located = { element: root, parent: null };
	for (let i = 1; i < steps.length; i++) {
		const step = steps[i]!;
		let found = here.element.children.filter(
			(c): c is XmlElement => typeof c !== 'string' && matches(c, step),
		);
		if (step.position !== null) found = found.slice(step.position - 1, step.position);
		if (found.length !== 1)
			return found.length
				? `it selects ${found.length} elements, not one (RFC 5261 §4.1)`
				: 'no element of the state it applies to matches it';
		here = { element: found[0]!, parent: here.element };
	}
	return here;
}

/**
 * Applies the operations to `root` in order, in place. Returns what could not be applied (empty
 * when all were): the first failure stops the patch, as a watcher would discard the document.
 */
export function applyPatch(root: XmlElement, ops: readonly PatchOperation[]): string | null {
	for (const [i, op] of ops.entries()) {
		const fault = applyOne(root, op);
		if (fault) return `<${op.op}> ${i + 1} (sel "${op.sel}"): ${fault}`;
	}
	return null;
}

function textOfContent(content: readonly (XmlElement | string)[]): string {
	return content.filter((c): c is string => typeof c === 'string').join('');
}

function applyOne(root: XmlElement, op: PatchOperation): string | null {
	const selector = parseSelector(op.sel);
	if (!selector) return 'a selector form this reader does not follow';
	const where = locate(root, selector.steps);
	if (typeof where === 'string') return where;
	const { element, parent } = where;
	const { tail } = selector;
	if (tail.kind === 'ns') return null; // Namespace declarations are not kept: nothing to change.
	if (op.op === 'add') {
		if (tail.kind !== 'element') return 'an add selects an element (RFC 5261 §4.3)';
		if (op.type?.startsWith('@')) {
			element.attrs[localName(op.type.slice(1))] = textOfContent(op.content);
			return null;
		}
		if (op.type?.startsWith('namespace::')) return null;
		const added = op.content.map(cloneNode);
		if (op.pos === 'before' || op.pos === 'after') {
			if (!parent) return 'nothing can be added beside the document element';
			const at = parent.children.indexOf(element) + (op.pos === 'after' ? 1 : 0);
			parent.children.splice(at, 0, ...added);
		} else if (op.pos === 'prepend') element.children.unshift(...added);
		else element.children.push(...added);
		return null;
	}
	if (op.op === 'replace') {
		if (tail.kind === 'attr') {
			if (!(tail.name in element.attrs)) return `the element has no attribute ${tail.name}`;
			element.attrs[tail.name] = textOfContent(op.content);
			return null;
		}
		if (tail.kind === 'text') {
			element.children = [
				textOfContent(op.content),
				...element.children.filter((c) => typeof c !== 'string'),
			];
			return null;
		}
		const replacement = op.content.filter((c): c is XmlElement => typeof c !== 'string');
		if (replacement.length !== 1) return 'a replace of an element carries one element (§4.4)';
		if (!parent) {
			Object.assign(element, cloneNode(replacement[0]!));
			return null;
		}
		parent.children[parent.children.indexOf(element)] = cloneNode(replacement[0]!);
		return null;
	}
	// remove
	if (tail.kind === 'attr') {
		if (!(tail.name in element.attrs)) return `the element has no attribute ${tail.name}`;
		delete element.attrs[tail.name];
		return null;
	}
	if (tail.kind === 'text') {
		element.children = element.children.filter((c) => typeof c !== 'string');
		return null;
	}
	if (!parent) return 'the document element cannot be removed (RFC 5261 §4.5)';
	parent.children.splice(parent.children.indexOf(element), 1);
	return null;
}

function cloneNode(node: XmlElement | string): XmlElement | string {
	if (typeof node === 'string') return node;
	return { name: node.name, attrs: { ...node.attrs }, children: node.children.map(cloneNode) };
}
