/** Lane names the user chose, applied to the diagram model. Pure: used by the webview. */
import type { LadderLane } from '../../server/src/protocol/ladder';
import type { Ladder } from '../../server/src/protocol/ladderColumns';

/** Lane id -> the name the user gave it. */
export type LaneAliases = Readonly<Record<string, string>>;

const aliasPrefix = 'alias:';

/** The name given to a lane id, if any (only the record's own string values count). */
const aliasOf = (aliases: LaneAliases, id: string): string | undefined =>
	Object.hasOwn(aliases, id) && typeof aliases[id] === 'string' && aliases[id] !== ''
		? aliases[id]
		: undefined;

/**
 * The model with the user's lane names: a renamed lane shows its new name; lanes given the same
 * name become one lane, and their arrows meet on it. Only the lanes are walked, and the arrows'
 * lane columns mapped.
 */
export function withAliases(model: Ladder, aliases: LaneAliases): Ladder {
	if (!model.lanes.some((l) => aliasOf(aliases, l.id) !== undefined)) return model;
	const lanes: LadderLane[] = [];
	const at = new Map<string, number>();
	const laneMap = new Int32Array(model.lanes.length);
	model.lanes.forEach((lane, i) => {
		const alias = aliasOf(aliases, lane.id);
		const id = alias !== undefined ? `${aliasPrefix}${alias}` : lane.id;
		let to = at.get(id);
		if (to === undefined) {
			to = lanes.length;
			lanes.push({ id, label: alias ?? lane.label, role: lane.role });
			at.set(id, to);
		}
		laneMap[i] = to;
	});
	return model.withLanes(lanes, laneMap);
}

/** Aliases as they arrive from the extension, untrusted until checked: string values only. */
export function restoreAliases(x: unknown): LaneAliases {
	if (typeof x !== 'object' || x === null || Array.isArray(x)) return {};
	const out = Object.create(null) as Record<string, string>;
	for (const [k, v] of Object.entries(x as Record<string, unknown>))
		if (typeof v === 'string' && k.length < 10_000 && v.length < 1000) out[k] = v;
	return out;
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
