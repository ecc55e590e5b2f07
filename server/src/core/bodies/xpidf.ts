import type { Note, PresenceDocument, PresenceTuple, RichPresence } from './pidf';
import { attr, children, textOf, type XmlNode } from './xml';

const noRich: RichPresence = {
	activities: [],
	mood: [],
	placeType: [],
	privacy: [],
	sphere: null,
	userInput: null,
	class: null,
	statusIcon: null,
	details: [],
};

function notes(node: unknown): Note[] {
	return children(node, 'note')
		.map((n) => ({ text: textOf(n) ?? '', lang: attr(n, 'lang') }))
		.filter((n) => n.text);
}

/**
 * Reads an XPIDF document, the pre-RFC 3863 format that Polycom phones, Asterisk's chan_sip,
 * FreeSWITCH (for Polycom) and Microsoft clients still send as `application/xpidf+xml`. Its
 * schema is the DTD of MS-SIP Appendix B: `<presence>` holds `<presentity uri>`, then `<atom>`s of
 * `<address uri priority>`, each with `<status status="open|closed|inuse">` and Microsoft's
 * `<msnsubstatus substatus>` (online, away, busy, onthephone, berightback, outtolunch, idle).
 * Null when the root is not an XPIDF `<presence>` (one with a `<presentity>` or an `<atom>`).
 * Each address becomes a tuple (its status as sent, its substatus as its activity), so the hover
 * and the change summary read it as they read PIDF.
 */
export function decodeXpidf(root: XmlNode): PresenceDocument | null {
	const presence = root['presence'];
	if (!presence || typeof presence !== 'object') return null;
	const presentity = children(presence, 'presentity')[0];
	const atoms = children(presence, 'atom');
	if (presentity === undefined && atoms.length === 0) return null;
	const faults: string[] = [];
	const entity = attr(presentity, 'uri');
	if (!entity) faults.push('XPIDF presence has no <presentity uri> (MS-SIP Appendix B)');
	const tuples: PresenceTuple[] = [];
	for (const atom of atoms) {
		for (const address of children(atom, 'address')) {
			const substatus = attr(children(address, 'msnsubstatus')[0], 'substatus');
			tuples.push({
				id: attr(atom, 'id') ?? attr(atom, 'atomid'),
				basic: attr(children(address, 'status')[0], 'status'),
				contact: attr(address, 'uri'),
				priority: attr(address, 'priority'),
				notes: notes(address),
				timestamp: null,
				rich: substatus ? { ...noRich, activities: [substatus] } : noRich,
				statusExtensions: [],
				extensions: [],
			});
		}
	}
	// FreeSWITCH puts a note for Polycom phones in a `<status>` of the presence itself.
	const top = [...notes(presence), ...children(presence, 'status').flatMap(notes)];
	return { entity, tuples, components: [], notes: top, faults, format: 'xpidf' };
}
