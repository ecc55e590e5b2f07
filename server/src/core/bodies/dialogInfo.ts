import { attr, children, textOf, type XmlNode } from './xml';

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

const participant = (party: unknown): DialogParticipant => {
	const identity = children(party, 'identity')[0];
	return {
		identity: textOf(identity),
		display: attr(identity, 'display'),
		target: attr(children(party, 'target')[0], 'uri'),
	};
};

export function decodeDialogInfo(root: XmlNode): DialogInfoDocument | null {
	const info = root['dialog-info'];
	if (!info || typeof info !== 'object') return null;
	return {
		entity: attr(info, 'entity'),
		version: attr(info, 'version'),
		state: attr(info, 'state'),
		dialogs: children(info, 'dialog').map((d) => {
			const state = children(d, 'state')[0];
			const localParty = participant(children(d, 'local')[0]);
			const remoteParty = participant(children(d, 'remote')[0]);
			return {
				id: attr(d, 'id'),
				callId: attr(d, 'call-id'),
				localTag: attr(d, 'local-tag'),
				remoteTag: attr(d, 'remote-tag'),
				direction: attr(d, 'direction'),
				state: textOf(state),
				event: attr(state, 'event'),
				code: attr(state, 'code'),
				local: localParty.identity ?? localParty.target,
				remote: remoteParty.identity ?? remoteParty.target,
				localParty,
				remoteParty,
			};
		}),
	};
}
