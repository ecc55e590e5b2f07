import { attr, children, textOf, type XmlNode } from './xml';
import { attributeChecks, documentStates } from './attributeChecks';

/** One side of a dialog (RFC 4235 §4.1.6): who (identity, display name) and where (target). */
export interface DialogParticipant {
	readonly identity: string | null;
	readonly display: string | null;
	readonly target: string | null;
}

/** One dialog of a dialog-info document (RFC 4235 §4.1). */
export interface DialogInfoEntry {
	readonly id: string | null;
	readonly callId: string | null;
	readonly localTag: string | null;
	readonly remoteTag: string | null;
	readonly direction: string | null;
	readonly state: string | null;
	readonly event: string | null;
	readonly code: string | null;
	/** Identity, or else target, of each side: what a one-line summary shows. */
	readonly local: string | null;
	readonly remote: string | null;
	readonly localParty: DialogParticipant;
	readonly remoteParty: DialogParticipant;
}

export interface DialogInfoDocument {
	readonly entity: string | null;
	readonly version: string | null;
	readonly state: string | null;
	readonly dialogs: readonly DialogInfoEntry[];
}

/** The dialog states of RFC 4235 §4.1.2's schema (an XML enumeration: case matters). */
export const dialogStates: ReadonlySet<string> = new Set([
	'trying',
	'proceeding',
	'early',
	'confirmed',
	'terminated',
]);

/** Why a dialog ended (RFC 4235 §4.1.2, the `event` attribute of `<state>`). */
const stateEvents: ReadonlySet<string> = new Set([
	'cancelled',
	'rejected',
	'replaced',
	'local-bye',
	'remote-bye',
	'error',
	'timeout',
]);
const directions: ReadonlySet<string> = new Set(['initiator', 'recipient']);
const unsigned = /^\d{1,10}$/;
/** The `code` of `<state>`: a SIP response code (RFC 4235 §4.1.2 bounds it to 100-699). */
const responseCode = /^[1-6]\d\d$/;

const participant = (party: unknown): DialogParticipant => {
	const identity = children(party, 'identity')[0];
	return {
		identity: textOf(identity),
		display: attr(identity, 'display'),
		target: attr(children(party, 'target')[0], 'uri'),
	};
};

/**
 * Reads a dialog-info document, or null when the root is not `<dialog-info>`. What the schema of
 * RFC 4235 §4.1 requires and is missing, or holds outside its enumerations, is listed in
 * `problems`. Elements the schema does not name are not faults: both `<dialog-info>` and
 * `<dialog>` end in `<xs:any namespace="##other">`, which phones use for their own extensions.
 */
export function decodeDialogInfo(
	root: XmlNode,
): { dialogInfo: DialogInfoDocument; problems: string[] } | null {
	const info = root['dialog-info'];
	// An empty `<dialog-info/>` parses as '' (no attributes): still the document, missing them.
	if (info === undefined || info === null) return null;
	const problems: string[] = [];
	const { required, oneOf, count } = attributeChecks(problems, unsigned);
	const version = required(info, 'version', '<dialog-info>');
	count(version, '<dialog-info> version');
	const docState = required(info, 'state', '<dialog-info>');
	oneOf(docState, documentStates, '<dialog-info> state');
	const entity = required(info, 'entity', '<dialog-info>');
	const dialogs = children(info, 'dialog').map((d, di): DialogInfoEntry => {
		const id = required(d, 'id', `<dialog> ${di + 1}`);
		const where = `<dialog> ${id ?? di + 1}`;
		const direction = attr(d, 'direction');
		oneOf(direction, directions, `${where} direction`);
		const states = children(d, 'state');
		const state = states[0];
		const stateText = textOf(state);
		if (!states.length) problems.push(`${where} has no <state>`);
		else if (states.length > 1) problems.push(`${where} has ${states.length} <state> elements`);
		else if (!stateText) problems.push(`${where} has an empty <state>`);
		else if (!dialogStates.has(stateText))
			problems.push(
				dialogStates.has(stateText.toLowerCase())
					? `${where} state "${stateText}": RFC 4235 spells it ${stateText.toLowerCase()} (an XML enumeration, case matters)`
					: `${where} state "${stateText}" is not one of ${[...dialogStates].join(', ')}`,
			);
		const event = attr(state, 'event');
		oneOf(event, stateEvents, `${where} state event`);
		const code = attr(state, 'code');
		if (code !== null && !responseCode.test(code.trim()))
			problems.push(`${where} state code "${code}" is not a response code (100-699)`);
		count(textOf(children(d, 'duration')[0]), `${where} duration`);
		for (const r of children(d, 'replaces'))
			for (const name of ['call-id', 'local-tag', 'remote-tag'])
				required(r, name, `${where} <replaces>`);
		const localParty = participant(children(d, 'local')[0]);
		const remoteParty = participant(children(d, 'remote')[0]);
		for (const side of ['local', 'remote'])
			for (const target of children(children(d, side)[0], 'target'))
				required(target, 'uri', `${where} <${side}> <target>`);
		return {
			id,
			callId: attr(d, 'call-id'),
			localTag: attr(d, 'local-tag'),
			remoteTag: attr(d, 'remote-tag'),
			direction,
			state: stateText,
			event,
			code,
			local: localParty.identity ?? localParty.target,
			remote: remoteParty.identity ?? remoteParty.target,
			localParty,
			remoteParty,
		};
	});
	return { dialogInfo: { entity, version, state: docState, dialogs }, problems };
}
