/** Lane names the user chose, applied to the diagram model. Pure: used by the panel host. */
import type { LadderModel } from '../../server/src/protocol/ladder';

/** Lane id -> the name the user gave it. */
export type LaneAliases = Readonly<Record<string, string>>;

const aliasPrefix = 'alias:';

/**
 * The model with the user's lane names: a renamed lane shows its new name; lanes given the same
 * name become one lane, and their arrows meet on it.
 */
export function withAliases(
	model: LadderModel,
	aliases: Readonly<Record<string, string>>,
): LadderModel {
	if (!Object.keys(aliases).length) return model;
	const idOf = (id: string): string => (aliases[id] ? `${aliasPrefix}${aliases[id]}` : id);
	const lanes = new Map<string, LadderModel['lanes'][number]>();
	for (const lane of model.lanes) {
		const id = idOf(lane.id);
		if (!lanes.has(id))
			lanes.set(id, { id, label: aliases[lane.id] ?? lane.label, role: lane.role });
	}
	return {
		...model,
		lanes: [...lanes.values()],
		arrows: model.arrows.map((a) => ({ ...a, from: idOf(a.from), to: idOf(a.to) })),
		subscriptions: model.subscriptions.map((s) => ({ ...s, watcherLane: idOf(s.watcherLane) })),
	};
}

/**
 * The aliases after the user named `lane` (a lane id, or an already renamed lane): an empty name
 * resets it; renaming a merged lane renames every lane merged into it.
 */
export function renameLane(aliases: LaneAliases, lane: string, name: string): LaneAliases {
	const next: Record<string, string> = { ...aliases };
	const value = name.trim();
	const targets = lane.startsWith(aliasPrefix)
		? Object.keys(next).filter((k) => next[k] === lane.slice(aliasPrefix.length))
		: [lane];
	for (const id of targets) {
		if (value) next[id] = value;
		else delete next[id];
	}
	return next;
}
