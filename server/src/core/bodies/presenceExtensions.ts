// The elements a tuple, person or device carries beyond PIDF's and RPID's own, in a few words
// each. PIDF lets any namespace extend them (RFC 3863 §4.1.5, RFC 4479 §6), and what real
// presence servers fan out is often mostly such extensions: an IMS/RCS client publishes one tuple
// per service, named by OMA's `<op:service-description>` with RFC 5196 capabilities, and
// contact cards (RFC 4482) or timed status (RFC 4481) ride along. Shown, not judged: the words
// say what the element says, the lint rules decide nothing from them.
import { attr, children, elementNames, textOf } from './xml';

/** At most this many words per element: a document that repeats an element stays readable. */
const maxWords = 12;
const maxChars = 160;

/** `name` and the words of `node`, for the elements read here by name. */
type Reader = (node: unknown) => string | null;

function text(node: unknown): string | null {
	const t = textOf(node);
	return t ? t.replace(/\s+/g, ' ').trim() || null : null;
}

/** `open` from `<op:willingness><op:basic>open</op:basic></op:willingness>` (OMA Presence). */
function basicOf(node: unknown): string | null {
	return text(children(node, 'basic')[0]);
}

/** OMA Presence SIMPLE's service: `service-id version (description)`. */
function serviceDescription(node: unknown): string | null {
	const id = text(children(node, 'service-id')[0]);
	const version = text(children(node, 'version')[0]);
	const description = text(children(node, 'description')[0]);
	const words = [id, version].filter(Boolean).join(' ');
	if (!words && !description) return null;
	return `service ${words}${description ? ` (${description})` : ''}`.trim();
}

/**
 * RFC 5196 §3 `<caps:servcaps>`: media types as booleans (`<caps:audio>true</caps:audio>`), and
 * lists of `<caps:supported>` / `<caps:notsupported>` values (`<caps:duplex>`, `<caps:methods>`,
 * `<caps:event-packages>`...): `capabilities audio, no video, duplex full, methods INVITE MESSAGE`.
 */
function servcaps(node: unknown): string | null {
	const words: string[] = [];
	for (const name of elementNames(node)) {
		for (const child of children(node, name)) {
			const value = text(child);
			if (value === 'true') words.push(name);
			else if (value === 'false') words.push(`no ${name}`);
			else if (value) words.push(`${name} ${value}`);
			else {
				const supported = elementNames(children(child, 'supported')[0]);
				const refused = elementNames(children(child, 'notsupported')[0]);
				const parts = [...supported, ...refused.map((r) => `not ${r}`)];
				words.push(parts.length ? `${name} ${parts.join(' ')}` : name);
			}
			if (words.length >= maxWords) break;
		}
	}
	return `capabilities ${words.join(', ')}`.trim();
}

/** RFC 4481 §3: a status for a time to come, `from`/`until` attributes, the PIDF elements inside. */
function timedStatus(node: unknown): string | null {
	const from = attr(node, 'from');
	const until = attr(node, 'until');
	const basic = basicOf(node);
	const when = [from && `from ${from}`, until && `until ${until}`].filter(Boolean).join(' ');
	return `timed status ${basic ?? ''}${when ? ` ${when}` : ''}`.replace(/ +/g, ' ').trim();
}

/** OMA's `<op:network-availability>`: each `<op:network id>` with `<op:active/>` or `<op:inactive/>`. */
function networkAvailability(node: unknown): string | null {
	const words = children(node, 'network')
		.slice(0, maxWords)
		.map((n) => {
			const state = elementNames(n).find((e) => e === 'active' || e === 'inactive');
			return [attr(n, 'id'), state].filter(Boolean).join(' ');
		})
		.filter(Boolean);
	return `network ${words.join(', ')}`.trim();
}

/** RFC 4480 §3.4.7 `<place-is>`: what the place is like, per medium (`audio noisy`). */
function placeIs(node: unknown): string | null {
	const words: string[] = [];
	for (const medium of elementNames(node)) {
		if (medium === 'note') continue;
		for (const m of children(node, medium)) words.push([medium, ...elementNames(m)].join(' '));
	}
	return `place is ${words.join(', ')}`.trim();
}

/** RFC 4480 §3.4.11 `<time-offset>`: minutes from UTC, with an optional description. */
function timeOffset(node: unknown): string | null {
	const minutes = text(node);
	const description = attr(node, 'description');
	return `time offset ${minutes ?? ''} min${description ? ` (${description})` : ''}`.trim();
}

/** The first child element's name: RFC 4480's `<service-class><electronic/></service-class>`. */
const firstName =
	(label: string): Reader =>
	(node) =>
		`${label} ${text(node) ?? elementNames(node).find((n) => n !== 'note') ?? ''}`.trim();

/** An element whose value is its text, labelled. */
const labelled =
	(label: string): Reader =>
	(node) => {
		const t = text(node);
		return t ? `${label} ${t}` : null;
	};

/** An element whose value is its `<basic>`, labelled (OMA's willingness and the like). */
const withBasic =
	(label: string): Reader =>
	(node) => {
		const b = basicOf(node) ?? text(node);
		return b ? `${label} ${b}` : label;
	};

const readers: Record<string, Reader> = {
	// OMA Presence SIMPLE (OMA-TS-Presence_SIMPLE, the `urn:oma:xml:prs:pidf:oma-pres` namespace).
	'service-description': serviceDescription,
	willingness: withBasic('willingness'),
	'overriding-willingness': withBasic('overriding willingness'),
	'session-participation': withBasic('session participation'),
	'registration-state': labelled('registration'),
	'barring-state': labelled('barring'),
	'network-availability': networkAvailability,
	// RFC 5196: user agent capabilities.
	servcaps,
	devcaps: (node) => `device capabilities ${elementNames(node).join(', ')}`.trim(),
	// RFC 4481: timed presence.
	'timed-status': timedStatus,
	// RFC 4482: contact information (CIPID).
	'display-name': labelled('display name'),
	card: labelled('card'),
	homepage: labelled('homepage'),
	icon: labelled('icon'),
	map: labelled('map'),
	sound: labelled('sound'),
	// RFC 4480 elements not part of the activities/mood/place column.
	'place-is': placeIs,
	'time-offset': timeOffset,
	'service-class': firstName('service class'),
	relationship: firstName('relationship'),
	// RFC 4479 §6.2: the device a service runs on.
	deviceID: labelled('device'),
};

/** Any other element: its name, then its text, attributes or child element names. */
function otherWords(name: string, node: unknown): string {
	const t = text(node);
	if (t) return `${name} ${t}`;
	if (node && typeof node === 'object') {
		const attrs = Object.keys(node)
			.filter((k) => k.startsWith('@_') && !k.startsWith('@_xmlns'))
			.map((k) => `${k.slice(2)}=${String((node as Record<string, unknown>)[k])}`)
			.filter((a) => !a.endsWith('='));
		const inner = elementNames(node);
		const words = [...attrs, ...inner].slice(0, maxWords);
		if (words.length) return `${name} ${words.join(' ')}`;
	}
	return name;
}

/**
 * The words for each child element of `node` not named in `handled` (those the caller reads
 * itself), in document order of first appearance, at most `limit` of them.
 */
export function extensionsOf(
	node: unknown,
	handled: ReadonlySet<string>,
	limit = maxWords,
): string[] {
	const out: string[] = [];
	for (const name of elementNames(node)) {
		if (handled.has(name)) continue;
		const read = Object.hasOwn(readers, name) ? readers[name]! : null;
		for (const child of children(node, name)) {
			const words = read ? read(child) : otherWords(name, child);
			if (words) out.push(words.length > maxChars ? `${words.slice(0, maxChars - 1)}…` : words);
			if (out.length >= limit) return out;
		}
	}
	return out;
}
