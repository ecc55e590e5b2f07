import { attr, children, textOf, type XmlNode } from './xml';

/** One dialog of a dialog-info document (RFC 4235 §4.1). */
export interface DialogInfoEntry {
	readonly id: string | null;
	readonly callId: string | null;
	readonly direction: string | null;
	readonly state: string | null;
	readonly event: string | null;
	readonly code: string | null;
	readonly local: string | null;
	readonly remote: string | null;
}

export interface DialogInfoDocument {
	readonly entity: string | null;
	readonly version: string | null;
	readonly state: string | null;
	readonly dialogs: readonly DialogInfoEntry[];
}

const identity = (party: unknown): string | null => {
	const p = children(party, 'identity')[0];
	return textOf(p) ?? attr(children(party, 'target')[0], 'uri');
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
			return {
				id: attr(d, 'id'),
				callId: attr(d, 'call-id'),
				direction: attr(d, 'direction'),
				state: textOf(state),
				event: attr(state, 'event'),
				code: attr(state, 'code'),
				local: identity(children(d, 'local')[0]),
				remote: identity(children(d, 'remote')[0]),
			};
		}),
	};
}
