/** Mermaid and PlantUML text of the arrows in view: labels are quoted so trace text cannot break out. */
import type { LadderArrow, LadderLane } from '../../server/src/protocol/ladder';

const clean = (s: string): string =>
	s.replace(/[\r\n]+/g, ' ').replace(/[;#"<>]/g, (c) => `#${c.charCodeAt(0)};`);

function label(a: LadderArrow): string {
	const badge = a.presence
		? ` [${[a.presence.basic, ...a.presence.activities].filter(Boolean).join(' ')}${a.presence.note ? `: ${a.presence.note}` : ''}]`
		: '';
	return `${a.label}${badge}`;
}

export function toMermaid(lanes: readonly LadderLane[], arrows: readonly LadderArrow[]): string {
	const id = new Map(lanes.map((l, i) => [l.id, `L${i}`]));
	const lines = ['sequenceDiagram'];
	for (const l of lanes) lines.push(`    participant ${id.get(l.id)} as ${clean(l.label)}`);
	for (const a of arrows)
		lines.push(
			`    ${id.get(a.from)}${a.isRequest ? '->>' : '-->>'}${id.get(a.to)}: ${clean(label(a))}`,
		);
	return `${lines.join('\n')}\n`;
}

const plantQuote = (s: string): string => s.replace(/[\r\n]+/g, ' ').replace(/"/g, "''");

export function toPlantUml(lanes: readonly LadderLane[], arrows: readonly LadderArrow[]): string {
	const id = new Map(lanes.map((l, i) => [l.id, `L${i}`]));
	const lines = ['@startuml'];
	for (const l of lanes) lines.push(`participant "${plantQuote(l.label)}" as ${id.get(l.id)}`);
	for (const a of arrows)
		lines.push(
			`${id.get(a.from)} ${a.isRequest ? '->' : '-->'} ${id.get(a.to)} : ${plantQuote(label(a)).replace(/\\/g, '\\\\')}`,
		);
	lines.push('@enduml');
	return `${lines.join('\n')}\n`;
}
