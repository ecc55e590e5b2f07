// What each element of a presence document says, fact by fact, and what changed between two
// documents element by element: what hover's "Changed since" tells. A watcher merges a new state
// into the one it holds by tuple id (RFC 3863 §4.1.2) and by person and device id (RFC 4479 §3):
// so are the facts compared, never one element's note with another's, and the order in which a
// presence server composes its documents (RFC 3903 §4) changes nothing.
import { presenceDocumentOf, type DecodedBody } from './decodeBody';
import type { Note, PresenceDocument, RichPresence } from './pidf';

/** One thing an element says: `label` then its values (`mood` `happy, other (calm)`). */
interface Fact {
	readonly key: string;
	readonly label: string;
	readonly values: string[];
}

/** A tuple, person or device (or the document's own notes) and its facts, by key. */
export interface PresenceElement {
	/** `t-desk` (a tuple, by id), `person p1`, `device pc147`, `document`. */
	readonly name: string;
	readonly facts: Map<string, Fact>;
}

function add(
	facts: Map<string, Fact>,
	key: string,
	label: string,
	values: readonly string[],
): void {
	if (!values.length) return;
	const known = facts.get(key);
	if (known) known.values.push(...values);
	else facts.set(key, { key, label, values: [...values] });
}

/** Notes quoted, each with its language (RFC 3863 §4.1.6: part of the note). */
function noteWords(notes: readonly Note[]): string[] {
	return notes.map((n) => `"${n.text}"${n.lang ? ` (${n.lang})` : ''}`);
}

/** A qvalue as a number (RFC 3261 §25.1: `0.8` and `0.80` are one priority). */
const qvalue = (q: string): string => (/^\d(?:\.\d{0,3})?$/.test(q) ? String(Number(q)) : q);

function addRich(facts: Map<string, Fact>, r: RichPresence): void {
	add(facts, 'activities', 'activities', r.activities);
	add(facts, 'mood', 'mood', r.mood);
	add(facts, 'place', 'place', r.placeType);
	add(facts, 'privacy', 'privacy', r.privacy);
	for (const [key, value] of [
		['sphere', r.sphere],
		['user input', r.userInput],
		['class', r.class],
		['icon', r.statusIcon],
	] as const)
		if (value) add(facts, key, key, [value]);
	for (const d of r.details) add(facts, d.key, d.label, [d.value]);
}

/** Each element's facts; elements of one name (a composed document's twice-given person) merged. */
export function presenceElements(doc: PresenceDocument): PresenceElement[] {
	const byName = new Map<string, PresenceElement>();
	const element = (name: string): Map<string, Fact> => {
		let e = byName.get(name);
		if (!e) byName.set(name, (e = { name, facts: new Map() }));
		return e.facts;
	};
	for (const t of doc.tuples) {
		const facts = element(t.id ?? 'tuple');
		add(facts, 'basic', 'basic', t.basic ? [t.basic] : []);
		if (t.contact)
			add(facts, 'contact', 'contact', [
				`${t.contact}${t.priority ? ` (priority ${qvalue(t.priority)})` : ''}`,
			]);
		add(facts, 'note', 'note', noteWords(t.notes));
		addRich(facts, t.rich);
		for (const e of [...t.statusExtensions, ...t.extensions]) add(facts, e, e, ['']);
	}
	for (const c of doc.components) {
		const facts = element(c.id ? `${c.kind} ${c.id}` : c.kind);
		add(facts, 'note', 'note', noteWords(c.notes));
		addRich(facts, c.rich);
		if (c.deviceId) add(facts, 'device ID', 'device ID', [c.deviceId]);
		for (const e of c.extensions) add(facts, e, e, ['']);
	}
	add(element('document'), 'note', 'note', noteWords(doc.notes));
	for (const e of doc.extensions ?? []) add(element('document'), e, e, ['']);
	return [...byName.values()].filter((e) => e.facts.size);
}

/** The elements of the presence a body carries (see presenceDocumentOf), or null. */
export function presenceElementsOf(decoded: DecodedBody): PresenceElement[] | null {
	const doc = presenceDocumentOf(decoded);
	return doc ? presenceElements(doc) : null;
}

// Values compared as a set: a composed document's order is the server's, not a change.
const same = (a: readonly string[], b: readonly string[]): boolean =>
	a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

const said = (f: Fact): string => f.values.filter(Boolean).join(', ');

/** A fact as a phrase: `mood happy`, or the extension's own words. */
const phrase = (f: Fact): string => (said(f) ? `${f.label} ${said(f)}` : f.label);

/** What changed between two documents' elements, one phrase per changed element. */
export function diffPresenceElements(
	before: readonly PresenceElement[],
	after: readonly PresenceElement[],
): string[] {
	const out: string[] = [];
	const was = new Map(before.map((e) => [e.name, e]));
	const now = new Set(after.map((e) => e.name));
	for (const e of after) {
		const old = was.get(e.name);
		if (!old) {
			const facts = [...e.facts.values()].slice(0, 3).map(phrase).join(', ');
			out.push(e.name === 'document' ? `${facts} added` : `${e.name} added (${facts})`);
			continue;
		}
		const changes: string[] = [];
		for (const f of e.facts.values()) {
			const o = old.facts.get(f.key);
			if (!o) changes.push(said(f) ? `${f.label} none → ${said(f)}` : `${f.label} added`);
			else if (!same(o.values, f.values)) changes.push(`${f.label} ${said(o)} → ${said(f)}`);
		}
		// What is gone, by name alone: a removal's closed tuple would otherwise repeat it all.
		const gone = [...old.facts.values()].filter((o) => !e.facts.has(o.key)).map((o) => o.label);
		if (gone.length) changes.push(`${gone.join(', ')} removed`);
		if (changes.length)
			out.push(`${e.name === 'document' ? '' : `${e.name}: `}${changes.join(', ')}`);
	}
	for (const e of before)
		if (now.has(e.name)) continue;
		// The document's own notes are no element of their own.
		else if (e.name === 'document')
			out.push(`${[...e.facts.values()].map((f) => f.label).join(', ')} removed`);
		else out.push(`${e.name} removed`);
	return out;
}
