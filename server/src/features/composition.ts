import { decodeBody } from '../core/bodies/decodeBody';
import type { SipMessage, TraceAnalysis } from '../core/model';
import { findHeader, textOf } from '../core/query';
import { md } from './markdown';
import { isNotify } from '../core/parser/methods';

/**
 * Which device a PUBLISH came from, in a few words: its User-Agent, else the address it was sent
 * from, else its Call-ID (each publisher keeps its own, RFC 3903 §4).
 */
export function publisherOf(analysis: TraceAnalysis, publish: SipMessage): string {
	const agent = findHeader(publish, 'user-agent');
	const name = agent ? textOf(analysis, agent.value).trim() : '';
	if (name) return name.length > 60 ? `${name.slice(0, 57)}...` : name;
	return publish.frame.src ?? `Call-ID ${publish.callId ?? '?'}`;
}

/** Tuple ids by PUBLISH: each body is decoded once, however many NOTIFYs carry it. */
const tupleIds = new WeakMap<SipMessage, readonly string[]>();

/** The tuple ids a PUBLISH's PIDF body names (decoded on demand: for one hover). */
export function tuplesOf(analysis: TraceAnalysis, publish: SipMessage): readonly string[] {
	let ids = tupleIds.get(publish);
	if (!ids) {
		const decoded = decodeBody(analysis.text, publish);
		ids =
			decoded.kind === 'pidf'
				? decoded.presence.tuples.map((t) => t.id).filter((id): id is string => !!id)
				: [];
		tupleIds.set(publish, ids);
	}
	return ids;
}

/**
 * Publications named one by one in the note; the rest are counted. A presentity has a handful of
 * devices, but a trace may hold many publications that never ended: the hover stays instant.
 */
const detailed = 6;

/**
 * For a NOTIFY composed from several publications (RFC 3903 §4, RFC 4479 §3.3): which PUBLISHes,
 * from which devices, with the tuples each contributed; and when the last change was a removal,
 * that PUBLISH. Null for a NOTIFY that carries one publication's state or none.
 */
export function compositionNote(
	analysis: TraceAnalysis,
	notify: SipMessage,
	lineOf: (message: number) => number,
): string | null {
	const { index, messages } = analysis;
	if (!isNotify(notify.method)) return null;
	const composed = index.publishesOf(notify.index);
	const last = index.publishOf(notify.index);
	const where = (i: number): string => {
		const m = messages[i]!;
		const tuples = tuplesOf(analysis, m);
		const parts = [
			md(publisherOf(analysis, m)),
			...(tuples.length
				? [`tuple ${tuples.map((t) => `\`${t.replace(/`/g, "'")}\``).join(', ')}`]
				: []),
		];
		return `the PUBLISH at line ${lineOf(i)} (${parts.join(', ')})`;
	};
	const out: string[] = [];
	if (composed.length > 1)
		out.push(
			`**Composed** from ${composed.length} publications of the presentity (RFC 3903 §4): ${composed
				.slice(-detailed)
				.map(where)
				.join(
					'; ',
				)}${composed.length > detailed ? `; and ${composed.length - detailed} earlier publications` : ''}.`,
		);
	if (last !== null && composed.length > 0 && !composed.includes(last))
		out.push(
			`Last change: ${messages[last]!.expires === 0 ? 'the removal by ' : ''}${where(last)}.`,
		);
	return out.length ? out.join('\n\n') : null;
}

/** How far back from the cursor a tuple's start tag is looked for (bounded: F12 stays instant). */
const tupleReach = 20_000;

/**
 * In a composed NOTIFY's body, the PUBLISH that contributed the tuple under the cursor (its id
 * among the tuples of each PUBLISH the NOTIFY carries), or null: not on a tuple, or no carried
 * PUBLISH names it.
 */
export function tuplePublisher(
	analysis: TraceAnalysis,
	notify: SipMessage,
	offset: number,
): number | null {
	const body = notify.body;
	if (!body) return null;
	const { text } = analysis;
	const from = Math.max(body.start, offset - tupleReach);
	const open = text.lastIndexOf('<tuple', offset);
	if (open < from) return null;
	const close = text.indexOf('</tuple>', open);
	if (close < 0 || close > body.end || offset > close + '</tuple>'.length) return null;
	const id = /^<tuple\b[^>]{0,2000}?\bid\s{0,8}=\s{0,8}["']([^"']{1,200})["']/.exec(
		text.slice(open, Math.min(close, open + 2200)),
	)?.[1];
	if (!id) return null;
	const carried = analysis.index.publishesOf(notify.index);
	for (let k = carried.length - 1; k >= 0; k--)
		if (tuplesOf(analysis, analysis.messages[carried[k]!]!).includes(id)) return carried[k]!;
	return null;
}
