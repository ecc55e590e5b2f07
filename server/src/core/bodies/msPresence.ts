import { attr, children, elementNames, textOf, type XmlNode } from './xml';

/**
 * Presence in Microsoft's formats (Lync / Skype for Business / OCS, and clients that talk to
 * them): enhanced presence categories (`application/msrtc-event-categories+xml`, MS-PRES) and
 * the older `text/xml+msrtc.pidf` (MS-SIP §2.2.1). Read as what each item says, not mapped onto
 * PIDF: the formats carry numbers and categories PIDF has no place for.
 */
export interface MsPresenceDocument {
	readonly format: 'categories' | 'msrtc-pidf';
	/** The presentity: the `uri` of `<categories>` or `<presentity>`. */
	readonly uri: string | null;
	readonly items: readonly { readonly name: string; readonly value: string }[];
}

/**
 * The availability number's standard status, by the ranges Microsoft documents for the state
 * category (Lync 2013 schema reference, state/availability element).
 */
export function availabilityName(n: number): string {
	if (n < 4500) return 'Available';
	if (n < 6000) return 'Available-Idle';
	if (n < 7500) return 'Busy';
	if (n < 9000) return 'Busy-Idle';
	if (n < 12000) return 'Do Not Disturb';
	if (n < 15000) return 'Be Right Back';
	if (n < 18000) return 'Away';
	return 'Offline';
}

const maxItems = 50;

function availability(text: string | null): string | null {
	if (text === null || !/^\s*\d{1,9}\s*$/.test(text)) return text;
	return `${text.trim()} (${availabilityName(Number(text))})`;
}

/** What one category instance says: a state's availability and activity, a note's text. */
function categoryValue(name: string, category: unknown): string {
	const value = children(category, name)[0];
	if (name === 'state') {
		const parts: string[] = [];
		const a = availability(textOf(children(value, 'availability')[0]));
		if (a) parts.push(`availability ${a}`);
		const activity = children(value, 'activity')[0];
		const token = attr(activity, 'token');
		const custom = children(activity, 'custom')
			.map(textOf)
			.filter((t): t is string => !!t);
		if (token) parts.push(`activity ${token}`);
		if (custom.length) parts.push(`"${custom.join('; ')}"`);
		return parts.join(', ');
	}
	if (name === 'note') {
		const bodies = children(value, 'body')
			.map((b) => {
				const t = textOf(b);
				const type = attr(b, 'type');
				return t ? (type ? `${type}: ${t}` : t) : null;
			})
			.filter((t): t is string => !!t);
		return bodies.join('; ');
	}
	// Other categories (contactCard, calendarData, services, device...): their parts, by name.
	return elementNames(value)
		.filter((n) => n !== 'delimiter' && n !== 'end')
		.join(', ');
}

export function decodeMsPresence(root: XmlNode): MsPresenceDocument | null {
	// A self BENOTIFY wraps the categories in `<roamingData>` (MS-PRES §4.4.3).
	const categories = root['categories'] ?? children(root['roamingData'], 'categories')[0];
	if (categories !== undefined && typeof categories === 'object') {
		const items = children(categories, 'category')
			.slice(0, maxItems)
			.map((c) => {
				const name = attr(c, 'name') ?? '(no name)';
				const instance = attr(c, 'instance');
				return {
					name: instance ? `${name} ${instance}` : name,
					value: categoryValue(name, c),
				};
			});
		return { format: 'categories', uri: attr(categories, 'uri'), items };
	}
	const presentity = root['presentity'];
	if (presentity !== undefined && typeof presentity === 'object') {
		const items: { name: string; value: string }[] = [];
		const availabilityEl = children(presentity, 'availability')[0];
		const aggregate = attr(availabilityEl, 'aggregate');
		if (aggregate) items.push({ name: 'availability', value: aggregate });
		const activityEl = children(presentity, 'activity')[0];
		const activity = attr(activityEl, 'aggregate');
		const note = attr(activityEl, 'note');
		if (activity)
			items.push({ name: 'activity', value: note ? `${activity} "${note}"` : activity });
		const display = attr(children(presentity, 'displayName')[0], 'displayName');
		if (display) items.push({ name: 'display name', value: display });
		const devices = children(presentity, 'devices')[0];
		const count = children(devices, 'devicePresence').length;
		if (count) items.push({ name: 'devices', value: String(count) });
		return { format: 'msrtc-pidf', uri: attr(presentity, 'uri'), items };
	}
	return null;
}
