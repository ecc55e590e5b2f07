import { extensionsOf } from './presenceExtensions';
import { attr, children, elementNames, textOf, type XmlNode } from './xml';

/** A note with its language (RFC 3863 §4.1.6). */
export interface Note {
	readonly text: string;
	readonly lang: string | null;
}

/** RFC 4480 rich presence of a person, device or tuple. */
export interface RichPresence {
	readonly activities: readonly string[];
	readonly mood: readonly string[];
	readonly placeType: readonly string[];
	readonly privacy: readonly string[];
	readonly sphere: string | null;
	readonly userInput: string | null;
	readonly class: string | null;
	readonly statusIcon: string | null;
	/**
	 * What the elements say beside their values (RFC 4480 §3.1, §3.4.13): when they hold
	 * (`activities` `from … until …`), their own notes, and when the user last gave input.
	 */
	readonly details: readonly RichDetail[];
}

/** One thing an RPID element says beside its value: `label value` reads as a phrase. */
export interface RichDetail {
	/** Tells details apart where two share a label (an element's times and its notes). */
	readonly key: string;
	readonly label: string;
	readonly value: string;
}

export interface PresenceTuple {
	readonly id: string | null;
	readonly basic: string | null;
	readonly contact: string | null;
	readonly priority: string | null;
	readonly notes: readonly Note[];
	readonly timestamp: string | null;
	readonly rich: RichPresence;
	/**
	 * The other elements of `<status>` (RFC 3863 §4.1.4 lets any namespace extend it), each as
	 * `name value`: RFC 3863's own example `<im:im>busy</im:im>`, Asterisk's
	 * `<digium_presence type="away">` for Digium phones, a `<gp:geopriv>` location (RFC 4119).
	 */
	readonly statusExtensions: readonly string[];
	/**
	 * The tuple's other elements (RFC 3863 §4.1.5), each in a few words: the service an IMS/RCS
	 * tuple describes (OMA's `<op:service-description>`), its RFC 5196 capabilities, a timed
	 * status (RFC 4481), contact information (RFC 4482), the device it runs on (RFC 4479).
	 */
	readonly extensions: readonly string[];
}

/** A `dm:person` or `dm:device` of the presence data model (RFC 4479). */
export interface PresenceComponent {
	readonly kind: 'person' | 'device';
	readonly id: string | null;
	readonly notes: readonly Note[];
	readonly timestamp: string | null;
	readonly rich: RichPresence;
	readonly deviceId: string | null;
	/** Its other elements in a few words each (see {@link PresenceTuple.extensions}). */
	readonly extensions: readonly string[];
}

export interface PresenceDocument {
	readonly entity: string | null;
	readonly tuples: readonly PresenceTuple[];
	readonly components: readonly PresenceComponent[];
	readonly notes: readonly Note[];
	/** The presence element's own extension elements (RFC 3863 §4.1.5), a few words each. */
	readonly extensions?: readonly string[];
	/** What is wrong with the document as PIDF (no entity, tuple without status...). */
	readonly faults: readonly string[];
	/** Set when the document is XPIDF (the pre-RFC 3863 format) read into this shape. */
	readonly format?: 'xpidf';
}

function notes(node: unknown): Note[] {
	return children(node, 'note')
		.map((n) => ({ text: textOf(n) ?? '', lang: attr(n, 'lang') }))
		.filter((n) => n.text);
}

/**
 * Child element names of an RPID container, e.g. `<activities><busy/><meeting/></activities>`.
 * RFC 4480 §3.2's `<other>` carries its value as text (`<other>Ironing</other>`), and the RPID
 * drafts before it, still sent by eXosip2 and the linphone versions on it, wrote each value as the
 * text of an `<activity>` (`<es:activities><es:activity>busy</es:activity></es:activities>`):
 * both read as their text.
 */
function tokens(node: unknown, name: string): string[] {
	const out: string[] = [];
	for (const c of children(node, name)) {
		for (const el of elementNames(c)) {
			if (el === 'note') continue;
			for (const v of children(c, el)) {
				const text = textOf(v);
				if (el === 'activity' && text) out.push(text);
				else if (el === 'other' && text) out.push(`other (${text})`);
				else out.push(el);
			}
		}
	}
	return out;
}

// RPID's elements, which `rich` reads from a tuple, person or device and from a `<status>`.
const richNames = [
	'activities',
	'mood',
	'place-type',
	'privacy',
	'sphere',
	'user-input',
	'class',
	'status-icon',
];
// What `rich` reads from a `<status>` (the RPID drafts' placement), and basic itself.
const readInStatus = new Set(['basic', ...richNames]);

/** An extension element of `<status>` in a few words: its name, then its text or attributes. */
function extensionWords(name: string, node: unknown): string {
	const text = textOf(node);
	if (text) return `${name} ${text}`.slice(0, 120);
	if (node && typeof node === 'object') {
		const attrs = Object.keys(node)
			.filter((k) => k.startsWith('@_'))
			.map((k) => `${k.slice(2)}=${String((node as XmlNode)[k])}`)
			.filter((a) => !a.endsWith('='));
		if (attrs.length) return `${name} ${attrs.join(' ')}`.slice(0, 120);
	}
	return name;
}

function statusExtensions(status: unknown): string[] {
	const out: string[] = [];
	for (const el of elementNames(status)) {
		if (readInStatus.has(el)) continue;
		for (const v of children(status, el)) out.push(extensionWords(el, v));
		if (out.length >= 10) break;
	}
	return out;
}

function single(node: unknown, name: string): string | null {
	const c = children(node, name)[0];
	if (c == null) return null;
	const text = textOf(c);
	if (text) return text;
	const names = elementNames(c);
	return names[0] ?? null;
}

// How the details name each element.
const richLabels: Record<string, string> = {
	activities: 'activities',
	mood: 'mood',
	'place-type': 'place',
	privacy: 'privacy',
	sphere: 'sphere',
	'user-input': 'user input',
	class: 'class',
	'status-icon': 'icon',
};

/** At most this many details per element: a hostile document stays a short hover. */
const maxDetails = 8;

/** The details of `node`'s RPID elements (see {@link RichPresence.details}). */
function details(node: unknown): RichDetail[] {
	const out: RichDetail[] = [];
	for (const name of richNames) {
		for (const c of children(node, name)) {
			const label = richLabels[name]!;
			const from = attr(c, 'from');
			const until = attr(c, 'until');
			if (from || until) {
				// What holds then, where the element says (activities, mood, place, privacy): two
				// windows of activities read apart.
				const what = tokens({ [name]: c }, name);
				const value = [
					from && `from ${from}`,
					until && `until ${until}`,
					what.length ? `(${what.join(', ')})` : '',
				]
					.filter(Boolean)
					.join(' ');
				out.push({ key: `${label} from/until`, label: `${label} valid`, value });
			}
			for (const n of notes(c)) {
				const value = `"${n.text}"${n.lang ? ` (${n.lang})` : ''}`;
				out.push({ key: `${label} note`, label: `${label} note`, value });
			}
			if (name === 'user-input') {
				// RFC 4480 §3.4.13: when input was last seen, and after how many seconds it is idle.
				const last = attr(c, 'last-input');
				const threshold = attr(c, 'idle-threshold');
				if (last) out.push({ key: 'last input', label: 'last input', value: last });
				if (threshold)
					out.push({ key: 'idle threshold', label: 'idle threshold', value: `${threshold} s` });
			}
			if (out.length >= maxDetails) return out.slice(0, maxDetails);
		}
	}
	return out;
}

function rich(node: unknown): RichPresence {
	return {
		details: details(node),
		activities: tokens(node, 'activities'),
		mood: tokens(node, 'mood'),
		placeType: tokens(node, 'place-type'),
		privacy: tokens(node, 'privacy'),
		sphere: single(node, 'sphere'),
		userInput: single(node, 'user-input'),
		class: single(node, 'class'),
		statusIcon: single(node, 'status-icon'),
	};
}

/**
 * RPID as written in the element itself and in its `<status>`: RFC 4480 puts the elements in
 * `<person>`, `<device>` or `<tuple>`, the RPID drafts before it (still what Asterisk's chan_sip
 * and older phones send: `<pp:person><status><ep:activities><ep:away/>`) inside `<status>`.
 */
function richWithStatus(node: unknown, status: unknown): RichPresence {
	const own = rich(node);
	if (status == null) return own;
	const inStatus = rich(status);
	return {
		activities: [...own.activities, ...inStatus.activities],
		mood: [...own.mood, ...inStatus.mood],
		placeType: [...own.placeType, ...inStatus.placeType],
		privacy: [...own.privacy, ...inStatus.privacy],
		sphere: own.sphere ?? inStatus.sphere,
		userInput: own.userInput ?? inStatus.userInput,
		class: own.class ?? inStatus.class,
		statusIcon: own.statusIcon ?? inStatus.statusIcon,
		details: [...own.details, ...inStatus.details],
	};
}

// The elements the tuple, person and device rows read themselves; the rest are extensions.
const readInTuple = new Set(['status', 'contact', 'note', 'timestamp', ...richNames]);
const readInComponent = new Set(['status', 'note', 'timestamp', 'deviceID', ...richNames]);
const readInPresence = new Set(['tuple', 'person', 'device', 'note']);

/** Decodes a PIDF document (RFC 3863) with RPID (RFC 4480) and data-model (RFC 4479) elements. */
export function decodePidf(root: XmlNode): PresenceDocument | null {
	const presence = root['presence'];
	if (!presence || typeof presence !== 'object') return null;
	const faults: string[] = [];
	const entity = attr(presence, 'entity');
	if (!entity) faults.push('presence has no entity attribute (RFC 3863 §4.1.1)');
	const tuples = children(presence, 'tuple').map((t): PresenceTuple => {
		// `<status/>` is a status with no basic (RFC 3863 §4.1.4: basic is optional): the parser
		// gives it as an empty string, which is not a missing element.
		const status = children(t, 'status')[0];
		if (status === undefined)
			faults.push(
				`tuple ${attr(t, 'id') ?? ''} has no status (RFC 3863 §4.1.4)`.replace('  ', ' '),
			);
		// A watcher tells tuples apart by it, and merges a tuple's changes into the one it holds.
		// (A person or device without one is not said: with namespaces dropped, RFC 4479's cannot
		// be told from the RPID drafts' `<pp:person>` that chan_sip still sends.)
		if (!attr(t, 'id')) faults.push('a tuple has no id attribute (RFC 3863 §4.1.2)');
		const contact = children(t, 'contact')[0];
		const basic = status ? (textOf(children(status, 'basic')[0]) ?? null) : null;
		// The schema's enumeration (RFC 3863 §4.4): a watcher reads nothing else (baresip's `?`).
		if (basic !== null && basic !== 'open' && basic !== 'closed')
			faults.push(
				`tuple ${attr(t, 'id') ?? ''} has basic "${basic.length > 20 ? `${basic.slice(0, 20)}…` : basic}": it is open or closed (RFC 3863 §4.1.4)`.replace(
					'  ',
					' ',
				),
			);
		// The schema's qvalue (RFC 3863 §4.1.5, §4.4): 0 to 1, three decimals at most.
		const priority = attr(contact, 'priority');
		if (priority !== null && !qvalue.test(priority))
			faults.push(
				`tuple ${attr(t, 'id') ?? ''} has contact priority "${clip(priority)}": a qvalue from 0 to 1, three decimals at most (RFC 3863 §4.1.5)`.replace(
					'  ',
					' ',
				),
			);
		checkTimestamp(t, `tuple ${attr(t, 'id') ?? ''}`.trim(), faults);
		return {
			id: attr(t, 'id'),
			basic,
			contact: textOf(contact),
			priority,
			notes: notes(t),
			timestamp: textOf(children(t, 'timestamp')[0]),
			rich: richWithStatus(t, status),
			statusExtensions: statusExtensions(status),
			extensions: extensionsOf(t, readInTuple),
		};
	});
	// Each tuple's id is an xs:ID: one document names no two tuples alike (RFC 3863 §4.1.2, §4.4),
	// or a watcher merges one's changes into the other.
	const ids = new Set<string>();
	for (const t of tuples) {
		if (t.id === null) continue;
		if (ids.has(t.id))
			faults.push(
				`two tuples have id "${clip(t.id)}": a tuple's id is unique in the document (RFC 3863 §4.1.2)`,
			);
		ids.add(t.id);
	}
	const components = [
		...children(presence, 'person').map((p) => ['person', p] as const),
		...children(presence, 'device').map((d) => ['device', d] as const),
	].map(([kind, node]): PresenceComponent => {
		checkTimestamp(node, `${kind} ${attr(node, 'id') ?? ''}`.trim(), faults);
		return componentOf(kind, node);
	});
	const extensions = extensionsOf(presence, readInPresence);
	return {
		entity,
		tuples,
		components,
		notes: notes(presence),
		...(extensions.length ? { extensions } : {}),
		faults,
	};
}

// RFC 3863 §4.4's qvalue patterns.
const qvalue = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;
// xs:dateTime (RFC 3863 §4.1.7, RFC 4479 §6.2.4: a timestamp), its zone optional.
const dateTime = /^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?$/;

const clip = (value: string): string => (value.length > 20 ? `${value.slice(0, 20)}…` : value);

/** A timestamp of `node` (`what`: tuple, person, device) that is no xs:dateTime, said in `faults`. */
function checkTimestamp(node: unknown, what: string, faults: string[]): void {
	const stamp = textOf(children(node, 'timestamp')[0]);
	if (stamp != null && !dateTime.test(stamp.trim()))
		faults.push(
			`${what} has timestamp "${clip(stamp)}": a date and time, as xs:dateTime writes it (RFC 3863 §4.1.7)`,
		);
}

function componentOf(kind: 'person' | 'device', node: unknown): PresenceComponent {
	return {
		kind,
		id: attr(node, 'id'),
		notes: notes(node),
		timestamp: textOf(children(node, 'timestamp')[0]),
		rich: richWithStatus(node, children(node, 'status')[0]),
		deviceId: textOf(children(node, 'deviceID')[0]),
		extensions: extensionsOf(node, readInComponent),
	};
}

/** The short state a watcher would see: basic status, activities, the first note. */
export interface PresenceSummary {
	readonly basic: string | null;
	readonly activities: readonly string[];
	readonly note: string | null;
	/**
	 * Each tuple with an id, by id (RFC 3863 §4.1.4: unique in the document), its basic status
	 * and first note: what a change is told by, where a composed document holds several devices'.
	 */
	/** The first note outside the tuples (a person's, a device's, the document's). */
	readonly ownNote?: string | null;
	readonly tuples?: readonly {
		readonly id: string;
		readonly basic: string | null;
		readonly note: string | null;
	}[];
}

export function summarize(doc: PresenceDocument): PresenceSummary {
	const basics = doc.tuples.map((t) => t.basic).filter((b): b is string => !!b);
	const basic = basics.includes('open') ? 'open' : (basics[0] ?? null);
	const activities = [
		...new Set([
			...doc.components.flatMap((c) => c.rich.activities),
			...doc.tuples.flatMap((t) => t.rich.activities),
		]),
	];
	const note =
		[
			...doc.components.flatMap((c) => c.notes),
			...doc.tuples.flatMap((t) => t.notes),
			...doc.notes,
		][0]?.text ?? null;
	const tuples = doc.tuples
		.filter((t) => t.id)
		.map((t) => ({ id: t.id!, basic: t.basic, note: t.notes[0]?.text ?? null }));
	const ownNote = [...doc.components.flatMap((c) => c.notes), ...doc.notes][0]?.text ?? null;
	return { basic, activities, note, tuples, ownNote };
}

/** What changed between two states of a presentity, as short phrases. */
export function diffSummaries(before: PresenceSummary, after: PresenceSummary): string[] {
	// Both told by their tuples: each device's change by its tuple id, the person's activities
	// apart (the first note and the document's one basic would mix the devices up).
	if (before.tuples?.length && after.tuples?.length) return diffTuples(before, after);
	const out: string[] = [];
	if (before.basic !== after.basic)
		out.push(`basic ${before.basic ?? 'none'} → ${after.basic ?? 'none'}`);
	const a = before.activities.join(', ');
	const b = after.activities.join(', ');
	if (a !== b) out.push(`activities ${a || 'none'} → ${b || 'none'}`);
	if (before.note !== after.note)
		out.push(
			`note ${before.note ? `"${before.note}"` : 'none'} → ${after.note ? `"${after.note}"` : 'none'}`,
		);
	return out;
}

/** What changed, tuple by tuple (added, removed, basic, note), and in the activities. */
function diffTuples(before: PresenceSummary, after: PresenceSummary): string[] {
	const out: string[] = [];
	const was = new Map(before.tuples!.map((t) => [t.id, t]));
	const now = new Map(after.tuples!.map((t) => [t.id, t]));
	const quoted = (note: string | null): string => (note ? `"${note}"` : 'none');
	for (const t of after.tuples!) {
		const old = was.get(t.id);
		if (!old) {
			out.push(
				`tuple ${t.id} added (${t.basic ?? 'no basic'}${t.note ? `, ${quoted(t.note)}` : ''})`,
			);
			continue;
		}
		if (old.basic !== t.basic)
			out.push(`${t.id}: basic ${old.basic ?? 'none'} → ${t.basic ?? 'none'}`);
		if (old.note !== t.note) out.push(`${t.id}: note ${quoted(old.note)} → ${quoted(t.note)}`);
	}
	for (const t of before.tuples!) if (!now.has(t.id)) out.push(`tuple ${t.id} removed`);
	const a = before.activities.join(', ');
	const b = after.activities.join(', ');
	if (a !== b) out.push(`activities ${a || 'none'} → ${b || 'none'}`);
	const ownBefore = before.ownNote ?? null;
	const ownAfter = after.ownNote ?? null;
	if (ownBefore !== ownAfter) out.push(`note ${quoted(ownBefore)} → ${quoted(ownAfter)}`);
	return out;
}
