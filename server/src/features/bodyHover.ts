import type { LineOf } from './startLineHover';
import { decodeBody, diffPresence, type DecodedBody } from '../core/bodies/decodeBody';
import { diffMessageSummaries, type MessageSummary } from '../core/bodies/messageSummary';
import {
	dialogStates,
	type DialogInfoEntry,
	type DialogParticipant,
} from '../core/bodies/dialogInfo';
import { summarize, type PresenceDocument, type RichPresence } from '../core/bodies/pidf';
import {
	listPartialStateAt,
	partialStateAt,
	type PartialState,
} from '../core/bodies/partialPresence';
import type { WatcherEntry } from '../core/bodies/watcherinfo';
import {
	diffPresenceElements,
	presenceElementsOf,
	type PresenceElement,
} from '../core/bodies/presenceFacts';
import type { SipMessage, TraceAnalysis } from '../core/model';
import { findHeader } from '../core/query';
import { md, table } from './markdown';
import { previousWatcherinfo } from './watchers';
import { compositionNote } from './composition';
import { resourceListOf, type ResourceListBody } from '../core/bodies/resourceList';
import { previousListNotify, resourceLabel, resourceListOfMessage } from './resourceLists';
import { presenceText } from './presence';
import { isNotify } from '../core/parser/methods';

/**
 * Hover text for a message body: decoded presence and message waiting (and what changed),
 * dialog-info, watcherinfo, registration state, resource lists (RLMI and their parts), SDP, sipfrag.
 */
export function bodyHover(
	analysis: TraceAnalysis,
	message: SipMessage,
	lineOf: LineOf,
): string | null {
	const decoded = decodeBody(analysis.text, message);
	const rendered = render(decoded);
	if (!rendered) return null;
	// A presence or dialog NOTIFY composed from several publications says which.
	const composition =
		decoded.kind === 'pidf' || decoded.kind === 'dialog-info'
			? compositionNote(analysis, message, lineOf)
			: null;
	const out = composition ? `${rendered}\n\n${composition}` : rendered;
	if (decoded.kind === 'sipfrag') {
		const about = referReported(analysis, message, lineOf);
		return about ? `${out}\n\n${about}` : out;
	}
	if (decoded.kind === 'message-summary') {
		const change = summaryChange(analysis, message, decoded.summary, lineOf);
		return change ? `${out}\n\n${change}` : out;
	}
	if (decoded.kind === 'dialog-info') {
		const source = composition ? null : publishedBy(analysis, message, lineOf);
		return source ? `${out}\n\n${source}` : out;
	}
	if (decoded.kind === 'watcherinfo') {
		const sequence = watcherinfoSequence(analysis, message, lineOf);
		return sequence ? `${out}\n\n${sequence}` : out;
	}
	if (decoded.kind === 'pidf-diff' && decoded.pidfDiff.form === 'diff') {
		const state = partialStateSection(analysis, message, lineOf);
		return state ? `${out}\n\n${state}` : out;
	}
	const list = isNotify(message.method) ? resourceListOf(decoded) : null;
	if (list) {
		const sequence = listSequence(analysis, message, list, lineOf);
		return sequence ? `${out}\n\n${sequence}` : out;
	}
	const change = presenceChange(analysis, message, decoded, lineOf);
	return change ? `${out}\n\n${change}` : out;
}

/**
 * For a NOTIFY with a `<pidf-diff>`: the presence the watcher holds after applying it to the last
 * full state of the subscription (RFC 5263 §3), or why the trace does not tell.
 */
function partialStateSection(
	analysis: TraceAnalysis,
	message: SipMessage,
	lineOf: LineOf,
): string | null {
	const state = partialStateAt(analysis, message.index);
	if (!state) return null;
	if (!state.known) return `State after it: ${unknownState(state, lineOf)}`;
	return renderPresence(
		state.presence,
		`**State after it** (${replayed(state, lineOf)})`,
		[],
		state.presence.entity ? `\`${state.presence.entity.replace(/`/g, "'")}\`` : undefined,
	);
}

/** A resource's state after a partial notification, in a line, or why the trace does not tell. */
function partialStateLine(state: PartialState, lineOf: LineOf): string {
	if (!state.known) return `state after it: ${unknownState(state, lineOf)}`;
	const summary = presenceText(summarize(state.presence)) ?? 'no status';
	return `**state after it** ${md(summary)} (${replayed(state, lineOf)}).`;
}

/** Why the state after a partial notification is not known, with the NOTIFY it is about. */
function unknownState(state: PartialState & { known: false }, lineOf: LineOf): string {
	return `not known from this trace: ${md(state.why)}${state.message !== null ? ` (line ${lineOf(state.message)})` : ''}.`;
}

/** How the state after a partial notification was had: from which full state, with how many diffs. */
function replayed(state: PartialState & { known: true }, lineOf: LineOf): string {
	const changes =
		state.diffs === 1 ? 'this change applied' : `${state.diffs} changes applied, this one the last`;
	return `version ${md(state.version)}: the full state at line ${lineOf(state.full)} with ${changes}; RFC 5263 §3`;
}

/** For a NOTIFY: the PUBLISH whose state it carries to the watcher (RFC 3903 §4, fan-out). */
function publishedBy(analysis: TraceAnalysis, message: SipMessage, lineOf: LineOf): string | null {
	if (!isNotify(message.method)) return null;
	const publish = analysis.index.publishOf(message.index);
	return publish === null ? null : `State published by the PUBLISH at line ${lineOf(publish)}.`;
}

function render(decoded: DecodedBody): string | null {
	switch (decoded.kind) {
		case 'none':
			return null;
		case 'pidf':
			return renderPresence(
				decoded.presence,
				`**Presence**${decoded.presence.format === 'xpidf' ? ' (XPIDF)' : ''}`,
				decoded.problems,
			);
		case 'pidf-diff': {
			const d = decoded.pidfDiff;
			const who = d.entity ? `\`${d.entity.replace(/`/g, "'")}\`` : '(no entity)';
			if (d.presence)
				return renderPresence(
					d.presence,
					`**Presence** (partial presence, full state, version ${md(d.version)}, RFC 5262)`,
					decoded.problems,
					who,
				);
			const parts = [
				`**Presence changes** of ${who} (partial presence, version ${md(d.version)}, RFC 5262): only what changed since the previous version (RFC 5261 patch operations, in the order they apply).`,
			];
			if (d.ops.length)
				parts.push(
					table(
						['change', 'where (sel)', 'what'],
						d.ops.map((o) => [
							o.op === 'add'
								? `add${o.pos ? ` ${md(o.pos)}` : ''}${o.type ? ` ${md(o.type)}` : ''}`
								: o.op,
							md(o.sel),
							md(o.content),
						]),
					),
				);
			else parts.push('No change.');
			if (decoded.problems.length) parts.push(`⚠ ${md(decoded.problems.join('; '))}`);
			return parts.join('\n\n');
		}
		case 'dialog-info': {
			const d = decoded.dialogInfo;
			const rows = d.dialogs.map((x) => [
				md(x.id),
				dialogStateCell(x),
				directionCell(x.direction),
				partyCell(x.localParty),
				partyCell(x.remoteParty),
				md(x.callId) +
					(x.localTag || x.remoteTag
						? ` (local tag ${md(x.localTag)}, remote tag ${md(x.remoteTag)})`
						: ''),
			]);
			const head = `**Dialog state** of \`${(d.entity ?? '').replace(/`/g, "'")}\` (version ${md(d.version)}, ${md(d.state)} state)`;
			if (!rows.length) return `${head}\n\nNo dialog: the line is idle (RFC 4235 §4.1).`;
			return `${head}\n\n${table(['dialog', 'state', 'direction', 'local (identity, target)', 'remote (identity, target)', 'Call-ID'], rows)}`;
		}
		case 'watcherinfo': {
			const w = decoded.watcherinfo;
			const parts = [`**Watchers** (version ${md(w.version)}, ${md(w.state)})`];
			// RFC 3858 §4: a partial document lists only the watchers that changed.
			if (w.state === 'partial')
				parts.push(
					'Partial: only the watchers that changed since the previous version; the others are as the earlier documents said (RFC 3858 §4).',
				);
			else if (w.state === 'full') parts.push('Full: every watcher of the resource.');
			for (const list of w.lists) {
				parts.push(`${md(list.package)} of \`${(list.resource ?? '').replace(/`/g, "'")}\``);
				if (!list.watchers.length) {
					parts.push(w.state === 'partial' ? 'No watcher changed.' : 'No watchers.');
					continue;
				}
				parts.push(
					table(
						['watcher', 'status', 'event', 'id', 'subscribed for', 'expires in'],
						list.watchers.map((x) => [
							md(x.displayName ? `${x.displayName} ${x.uri}` : x.uri),
							md(x.status),
							md(x.event),
							md(x.id),
							x.durationSubscribed ? `${md(x.durationSubscribed)} s` : '',
							x.expiration ? `${md(x.expiration)} s` : '',
						]),
					),
				);
			}
			const legend = watcherLegend(w.lists.flatMap((l) => l.watchers));
			if (legend) parts.push(legend);
			return parts.join('\n\n');
		}
		case 'reginfo': {
			const r = decoded.reginfo;
			const parts = [`**Registration state** (version ${md(r.version)}, ${md(r.state)})`];
			for (const reg of r.registrations) {
				parts.push(`\`${(reg.aor ?? '').replace(/`/g, "'")}\`: **${md(reg.state)}**`);
				if (reg.contacts.length)
					parts.push(
						table(
							['contact', 'state', 'event', 'expires', 'q', 'Call-ID'],
							reg.contacts.map((c) => [
								md(c.displayName ? `${c.displayName} ${c.uri ?? ''}` : c.uri),
								md(c.state),
								md(c.event) + (c.retryAfter ? ` (retry after ${md(c.retryAfter)} s)` : ''),
								md(c.expires),
								md(c.q),
								md(c.callId),
							]),
						),
					);
			}
			if (decoded.problems.length) parts.push(`⚠ ${md(decoded.problems.join('; '))}`);
			return parts.join('\n\n');
		}
		case 'rlmi': {
			const list = resourceListOf(decoded);
			return list ? renderList(list, []) : null;
		}
		case 'multipart': {
			const list = resourceListOf(decoded);
			if (list) return renderList(list, decoded.parts, decoded.problems);
			const parts = decoded.parts
				.map(
					(p, i) =>
						`**Part ${i + 1}** (${p.contentType ? md(p.contentType) : 'no Content-Type'})\n\n${p.decoded.kind === 'none' ? 'empty' : (render(p.decoded) ?? '')}`,
				)
				.join('\n\n---\n\n');
			return decoded.problems.length ? `${parts}\n\n⚠ ${md(decoded.problems.join('; '))}` : parts;
		}
		case 'sdp': {
			const s = decoded.sdp;
			const rows = s.media.map((m) => [
				md(m.type),
				`${md(m.connection)}:${m.port}`,
				md(m.protocol),
				md(m.codecs.join(', ')),
				// No direction attribute at either level: sendrecv (RFC 3264 §5.1, RFC 4566 §6).
				m.direction ? md(m.direction) : 'sendrecv (default)',
			]);
			return `**Session description** ${md(s.sessionName)} (origin ${md(s.origin)})\n\n${table(['media', 'address', 'protocol', 'codecs', 'direction'], rows)}`;
		}
		case 'sipfrag': {
			const f = decoded.fragment;
			let head = '**SIP fragment** (no start line)';
			if (f.status != null)
				head = `**SIP fragment**: \`${f.status}${f.reason ? ` ${f.reason.replace(/`/g, "'")}` : ''}\` (${statusClass(f.status)})`;
			else if (f.method)
				head = `**SIP fragment**: request \`${`${f.method} ${f.requestUri ?? ''}`.replace(/`/g, "'")}\``;
			const parts = [head];
			if (f.headers.length)
				parts.push(
					table(
						['header', 'value'],
						f.headers.map(([n, v]) => [md(n), md(v)]),
					),
				);
			if (decoded.problems.length) parts.push(`⚠ ${md(decoded.problems.join('; '))}`);
			return parts.join('\n\n');
		}
		case 'message-summary': {
			const m = decoded.summary;
			const waiting = m.waiting === null ? '(not said)' : m.waiting ? '**yes**' : '**no**';
			const account = m.account ? ` for \`${m.account.replace(/`/g, "'").slice(0, 300)}\`` : '';
			const parts = [`**Message summary**${account}: messages waiting ${waiting}`];
			if (m.counts.length)
				parts.push(
					table(
						['class', 'new', 'old', 'urgent new', 'urgent old'],
						m.counts.map((c) => [
							md(c.messageClass),
							String(c.newCount),
							String(c.oldCount),
							c.urgentNew === null ? '' : String(c.urgentNew),
							c.urgentOld === null ? '' : String(c.urgentOld),
						]),
					),
				);
			if (m.messages.length) {
				const field = (headers: readonly (readonly [string, string])[], name: string): string =>
					md(headers.find(([n]) => n.toLowerCase() === name)?.[1]);
				parts.push(
					`Message headers (RFC 3842 §5.2):\n\n${table(
						['from', 'subject', 'date', 'priority'],
						m.messages.map((h) => [
							field(h, 'from'),
							field(h, 'subject'),
							field(h, 'date'),
							field(h, 'priority'),
						]),
					)}`,
				);
			}
			if (decoded.problems.length) parts.push(`⚠ ${md(decoded.problems.join('; '))}`);
			return parts.join('\n\n');
		}
		case 'ms-presence': {
			const p = decoded.msPresence;
			const what =
				p.format === 'categories'
					? 'Microsoft enhanced presence categories'
					: 'Microsoft text/xml+msrtc.pidf';
			const head = `**Presence** (${what}) of ${p.uri ? `\`${p.uri.replace(/`/g, "'")}\`` : '(no uri)'}`;
			if (!p.items.length) return head;
			return `${head}\n\n${table(
				[p.format === 'categories' ? 'category' : '', 'value'],
				p.items.map((i) => [md(i.name), md(i.value)]),
			)}`;
		}
		case 'unknown':
			return decoded.problems.length
				? `**${md(decoded.contentType ?? 'Body')}**: ${md(decoded.problems.join('; '))}`
				: null;
	}
}

/** A PIDF document's tuples and persons/devices as a table, under `title`. */
function renderPresence(
	p: PresenceDocument,
	title: string,
	problems: readonly string[],
	who = p.entity ? `\`${p.entity.replace(/`/g, "'")}\`` : '(no entity)',
): string {
	const rows: string[][] = [];
	for (const t of p.tuples) {
		rows.push([
			`tuple ${md(t.id)}`,
			md(t.basic) +
				(t.statusExtensions.length
					? `${t.basic ? ' ' : ''}(${md(t.statusExtensions.join(', '))})`
					: ''),
			richCell(t.rich),
			notesCell(t.notes),
			md(t.contact) + (t.priority ? ` (priority ${md(t.priority)})` : ''),
			md(t.timestamp),
			md(t.extensions.join('; ')),
		]);
	}
	for (const c of p.components) {
		rows.push([
			// A device is named by its device ID (RFC 4479 §3.3), no contact: said beside its id.
			`${c.kind} ${md(c.id)}${c.deviceId ? ` (device ID ${md(c.deviceId)})` : ''}`,
			'',
			richCell(c.rich),
			notesCell(c.notes),
			'',
			md(c.timestamp),
			md(c.extensions.join('; ')),
		]);
	}
	const head = [
		'',
		'status',
		'activities, mood, place',
		'note',
		'contact',
		'timestamp',
		'service, capabilities, more',
	];
	// A hover is narrow: a column no row fills is left out (a capability document has no notes, a
	// bare tuple no activities); the element and its status always stay.
	const kept = head.map((_, c) => c < 2 || rows.some((r) => r[c]));
	const pick = <T>(cells: readonly T[]): T[] => cells.filter((_, c) => kept[c]);
	const parts = [`${title} of ${who}`, table(pick(head), rows.map(pick))];
	if (p.notes.length) parts.push(`note: ${notesCell(p.notes)}`);
	if (p.extensions?.length) parts.push(`also: ${md(p.extensions.join('; '))}`);
	if (problems.length) parts.push(`⚠ ${md(problems.join('; '))}`);
	return parts.join('\n\n');
}

/** A dialog's state, with the event and code that ended it, and a word when RFC 4235 has no such state. */
function dialogStateCell(x: DialogInfoEntry): string {
	// The schema requires a state (RFC 4235 §4.1.2); some PBXes send a bare `<dialog id>`.
	if (!x.state) return 'no state ⚠ RFC 4235 §4.1.2 requires one';
	let cell = `**${md(x.state)}**`;
	if (x.event) cell += ` (${md(x.event)}${x.code ? ` ${md(x.code)}` : ''})`;
	// RFC 4235 §4.1.2: an XML enumeration, so case matters; a strict watcher ignores another spelling.
	if (x.state && !dialogStates.has(x.state))
		cell += dialogStates.has(x.state.toLowerCase())
			? ` ⚠ RFC 4235 spells it \`${x.state.toLowerCase()}\``
			: ' ⚠ not an RFC 4235 state';
	return cell;
}

/** RFC 4235 §4.1: initiator, the entity sent the dialog's INVITE; recipient, it received it. */
function directionCell(direction: string | null): string {
	if (direction === 'initiator') return 'initiator (placed the call)';
	if (direction === 'recipient') return 'recipient (received the call)';
	return md(direction);
}

/** `"Bob" sip:bob@example.com, target sip:bob@192.0.2.4:5060` (RFC 4235 §4.1.6). */
function partyCell(p: DialogParticipant): string {
	const who = p.identity ? `${p.display ? `"${md(p.display)}" ` : ''}${md(p.identity)}` : '';
	const target = p.target ? `target ${md(p.target)}` : '';
	return who && target ? `${who}, ${target}` : who || target;
}

/** What each watcher status and event means (RFC 3857, the states of a watcher subscription). */
const watcherWords: Record<string, string> = {
	pending: 'subscribed, awaiting authorisation',
	active: 'authorised, gets notifications',
	waiting: 'ended while pending; kept so that it can still be authorised',
	terminated: 'subscription ended',
	subscribe: 'it subscribed',
	approved: 'authorised',
	deactivated: 'ended, may subscribe again at once',
	probation: 'ended, may subscribe again later',
	rejected: 'refused',
	timeout: 'expired without a refresh',
	giveup: 'waited for authorisation too long',
	noresource: 'the resource no longer exists',
};

function watcherLegend(watchers: readonly WatcherEntry[]): string | null {
	const words = new Set<string>();
	for (const w of watchers) {
		for (const v of [w.status, w.event]) if (v && Object.hasOwn(watcherWords, v)) words.add(v);
	}
	if (!words.size) return null;
	return [...words].map((v) => `*${v}*: ${watcherWords[v]!}`).join('; ') + ' (RFC 3857).';
}

/** Notes as the table shows them: each with its language, where it names one (xml:lang). */
function notesCell(notes: readonly { text: string; lang: string | null }[]): string {
	return md(notes.map((n) => (n.lang ? `${n.text} (${n.lang})` : n.text)).join('; '));
}

function richCell(r: RichPresence): string {
	const parts: string[] = [];
	if (r.activities.length) parts.push(`**${md(r.activities.join(', '))}**`);
	if (r.mood.length) parts.push(`mood ${md(r.mood.join(', '))}`);
	if (r.placeType.length) parts.push(`place ${md(r.placeType.join(', '))}`);
	if (r.privacy.length) parts.push(`privacy ${md(r.privacy.join(', '))}`);
	if (r.sphere) parts.push(`sphere ${md(r.sphere)}`);
	if (r.userInput) parts.push(`user input ${md(r.userInput)}`);
	if (r.class) parts.push(`class ${md(r.class)}`);
	if (r.statusIcon) parts.push(`icon ${md(r.statusIcon)}`);
	if (r.details.length) parts.push(md(r.details.map((d) => `${d.label} ${d.value}`).join('; ')));
	return parts.join(', ');
}

/** The presentity whose state a PUBLISH or NOTIFY carries. */
function presentityOf(analysis: TraceAnalysis, m: SipMessage): string | null {
	if (m.method === 'PUBLISH') return analysis.index.publicationOf(m.index)?.entity ?? null;
	if (isNotify(m.method)) return analysis.index.subscriptionOf(m.index)?.resource ?? null;
	return null;
}

/** How far back to look for the presentity's previous state (bounded: hover must stay instant). */
const lookBack = 5000;

function presenceChange(
	analysis: TraceAnalysis,
	message: SipMessage,
	decoded: DecodedBody,
	lineOf: LineOf,
): string | null {
	const now = presenceElementsOf(decoded);
	const who = presentityOf(analysis, message);
	if (!now || !who) return null;
	const elementsOf = (m: SipMessage): PresenceElement[] | null =>
		m.body ? presenceElementsOf(decodeBody(analysis.text, m)) : null;
	const say = (prev: SipMessage, before: readonly PresenceElement[]): string => {
		const changes = diffPresenceElements(before, now);
		return changes.length
			? `**Changed** since the ${prev.method} at line ${lineOf(prev.index)}: ${md(changes.join('; '))}`
			: `No change since the ${prev.method} at line ${lineOf(prev.index)}.`;
	};
	// What the same watcher saw before (a composed NOTIFY against one device's PUBLISH, or
	// against another watcher's NOTIFY, would show changes it never saw), or the same device's
	// previous publication (RFC 3903 §4: a publisher's PUBLISH is its own device's state). A
	// subscription's first NOTIFY is the whole state: nothing came before it.
	const { index } = analysis;
	const publication = message.method === 'PUBLISH' ? index.publicationOf(message.index) : null;
	const subscription = isNotify(message.method) ? index.subscriptionOf(message.index) : null;
	const same = subscription?.notifies ?? publication?.publishes ?? null;
	if (same) {
		const prev = previousOf(analysis, message, same, (m) => elementsOf(m) !== null);
		return prev ? say(prev, elementsOf(prev)!) : null;
	}
	// Neither known (the capture began after the SUBSCRIBE): the presentity's last state before.
	const at = message.frame.epochMicros;
	for (let i = message.index - 1; i >= Math.max(0, message.index - lookBack); i--) {
		const prev = analysis.messages[i]!;
		if (
			(prev.method !== 'PUBLISH' && !isNotify(prev.method)) ||
			!prev.body ||
			(at !== null && prev.frame.epochMicros !== null && prev.frame.epochMicros > at) ||
			presentityOf(analysis, prev) !== who
		)
			continue;
		const before = elementsOf(prev);
		if (before) return say(prev, before);
	}
	return null;
}

/**
 * The message of `list` (a subscription's NOTIFYs, a publication's PUBLISHes) that came last
 * before `message` and `has` what is asked, copies aside: by time where both have one (a
 * dialog-grouped sngrep file is not in time order), else by the list's order.
 */
function previousOf(
	analysis: TraceAnalysis,
	message: SipMessage,
	list: readonly number[],
	has: (m: SipMessage) => boolean,
): SipMessage | null {
	const at = message.frame.epochMicros;
	const own = list.indexOf(message.index);
	// Each earlier one, latest first: by time where both have one, else by the list's order.
	const earlier = list
		.map((i, k) => ({ m: analysis.messages[i]!, k }))
		.filter(({ m, k }) => {
			if (m.index === message.index || analysis.index.originalOf(m.index) !== null) return false;
			const t = m.frame.epochMicros;
			return at !== null && t !== null ? t < at : k < own;
		})
		.sort((a, b) => (b.m.frame.epochMicros ?? 0) - (a.m.frame.epochMicros ?? 0) || b.k - a.k);
	return earlier.find(({ m }) => has(m))?.m ?? null;
}

/** The message summary a PUBLISH or NOTIFY carries, or null (another type, or no body). */
function summaryOf(analysis: TraceAnalysis, m: SipMessage): MessageSummary | null {
	if (m.contentType !== 'application/simple-message-summary' || !m.body) return null;
	const decoded = decodeBody(analysis.text, m);
	return decoded.kind === 'message-summary' ? decoded.summary : null;
}

/**
 * What changed since the mailbox's previous state as the same party saw it: for a NOTIFY, the
 * previous NOTIFY with a body of its subscription (what the phone showed before); for a PUBLISH,
 * the previous PUBLISH of the same account. Failing those (a NOTIFY without SUBSCRIBE, as
 * Asterisk sends them; a first PUBLISH), the previous message of the same method whose body
 * names the same Message-Account, within a bounded look-back.
 */
function summaryChange(
	analysis: TraceAnalysis,
	message: SipMessage,
	now: MessageSummary,
	lineOf: LineOf,
): string | null {
	const { index } = analysis;
	const say = (prev: SipMessage, before: MessageSummary): string => {
		const changes = diffMessageSummaries(before, now);
		return changes.length
			? `**Changed** since the ${prev.method} at line ${lineOf(prev.index)}: ${md(changes.join('; '))}`
			: `No change since the ${prev.method} at line ${lineOf(prev.index)}.`;
	};
	if (isNotify(message.method)) {
		const notifies = index.subscriptionOf(message.index)?.notifies ?? [];
		for (let k = notifies.indexOf(message.index) - 1; k >= 0; k--) {
			const prev = analysis.messages[notifies[k]!]!;
			if (index.originalOf(prev.index) !== null) continue; // a retransmission says nothing new
			const before = summaryOf(analysis, prev);
			if (before) return say(prev, before);
		}
	}
	const entity =
		message.method === 'PUBLISH' ? (index.publicationOf(message.index)?.entity ?? null) : null;
	for (let i = message.index - 1; i >= Math.max(0, message.index - lookBack); i--) {
		const prev = analysis.messages[i]!;
		if (prev.method !== message.method || index.originalOf(i) !== null) continue;
		const samePublisher = entity !== null && index.publicationOf(i)?.entity === entity;
		if (!samePublisher && !now.account) continue;
		const before = summaryOf(analysis, prev);
		if (before && (samePublisher || before.account === now.account)) return say(prev, before);
	}
	return null;
}

/** What a status code says about the request it answers (RFC 3261 §21). */
function statusClass(status: number): string {
	if (status < 200) return 'provisional: still in progress';
	if (status < 300) return 'final: success';
	if (status < 400) return 'final: redirection';
	if (status < 500) return 'final: client error';
	if (status < 600) return 'final: server error';
	return 'final: global failure';
}

/**
 * For a NOTIFY of a REFER's implicit subscription (RFC 3515 §2.4.5): which REFER it reports on,
 * and the Refer-To of that REFER, whose request the fragment's status answers.
 */
function referReported(
	analysis: TraceAnalysis,
	message: SipMessage,
	lineOf: LineOf,
): string | null {
	if (!isNotify(message.method) || message.event?.package !== 'refer') return null;
	const creator = analysis.index.subscriptionOf(message.index)?.creator ?? null;
	const refer = creator === null ? null : analysis.messages[creator];
	if (!refer) return 'Progress of a REFER that is not in the trace (RFC 3515 §2.4.5).';
	const target = findHeader(refer, 'refer-to');
	const uri = target ? analysis.text.slice(target.value.start, target.value.end).trim() : null;
	return `Progress of the request asked for by the REFER at line ${lineOf(refer.index)}${uri ? ` (Refer-To \`${uri.replace(/`/g, "'").slice(0, 300)}\`)` : ''} (RFC 3515 §2.4.5).`;
}

/**
 * For a watcherinfo NOTIFY: the document before it in its subscription, and whether the version
 * follows it by one (RFC 3858 §4: a larger step means NOTIFYs were lost).
 */
function watcherinfoSequence(
	analysis: TraceAnalysis,
	message: SipMessage,
	lineOf: LineOf,
): string | null {
	const found = previousWatcherinfo(analysis, message);
	if (!found) return null;
	const { version, previousVersion } = found;
	const previous = `line ${lineOf(found.previous)}`;
	if (version === previousVersion + 1) return `Follows version ${previousVersion} (${previous}).`;
	if (version > previousVersion + 1)
		return `⚠ Follows version ${previousVersion} (${previous}): version${version - previousVersion > 2 ? `s ${previousVersion + 1} to ${version - 1}` : ` ${previousVersion + 1}`} lost (RFC 3858 §4).`;
	return `⚠ Not above version ${previousVersion} (${previous}): out of date (RFC 3858 §4).`;
}

/** What RLMI's fullState says (RFC 4662 §5.2). */
function fullStateWords(full: boolean | null): string {
	if (full === true) return 'full state: every resource of the list';
	if (full === false) return 'partial state: only the resources that changed';
	return 'fullState not said';
}

/**
 * A resource list notification (RFC 4662 §5): the list, then each resource with the state of each
 * instance and the presence of the part its `cid` names; then the parts themselves, each under the
 * resource it belongs to.
 */
function renderList(
	list: ResourceListBody,
	parts: readonly { contentType: string | null; contentId: string | null; decoded: DecodedBody }[],
	bodyProblems: readonly string[] = [],
): string {
	const r = list.rlmi;
	const head = `**Resource list** \`${(r.uri ?? '').replace(/`/g, "'")}\` (version ${md(r.version)}, ${fullStateWords(list.full)})`;
	const rows: string[][] = [];
	const owner = new Map<number, string>();
	for (const res of list.resources) {
		const who = md(res.name ? `${res.name} ${res.uri ?? ''}` : res.uri);
		if (!res.instances.length) rows.push([who, '*no instance: no state yet*', '', '']);
		for (const i of res.instances) {
			if (i.part !== null) owner.set(i.part, resourceLabel(res));
			const presence = i.presence
				? [
						md(i.presence.basic),
						i.presence.activities.length ? `**${md(i.presence.activities.join(', '))}**` : '',
						i.presence.note ? `"${md(i.presence.note)}"` : '',
					]
						.filter(Boolean)
						.join(', ')
				: i.changes !== null
					? `*${i.changes} change${i.changes === 1 ? '' : 's'} (partial presence, RFC 5262)*`
					: '';
			rows.push([
				who,
				`${md(i.state)}${i.reason ? ` (${md(i.reason)})` : ''}`,
				presence,
				i.part !== null
					? `part ${i.part + 1}`
					: i.unansweredCid
						? `none (${md(i.cid)} names no part: a ${md(i.state)} instance has no state to carry, RFC 4662 §5.2)`
						: md(i.cid),
			]);
		}
	}
	const out = [head];
	out.push(
		rows.length ? table(['resource', 'instance', 'presence', 'body part'], rows) : 'No resources.',
	);
	const problems = [...bodyProblems, ...list.problems];
	if (problems.length) out.push(`⚠ ${md(problems.join('; '))}`);
	parts.forEach((p, i) => {
		if (i === list.rootPart) return;
		const whose = owner.get(i);
		out.push(
			`---\n\n**Part ${i + 1}**${whose ? ` ${md(whose)}` : ''} (${md(p.contentType)}${p.contentId ? `, Content-ID \`${p.contentId.replace(/`/g, "'")}\`` : ''})\n\n${render(p.decoded) ?? ''}`,
		);
	});
	return out.join('\n\n');
}

/**
 * For a resource list NOTIFY: the document before it in the subscription and whether the version
 * follows it by one (RFC 4662 §5.2), and for each resource whose presence this one carries, what
 * changed since the last NOTIFY of the subscription that carried it.
 */
function listSequence(
	analysis: TraceAnalysis,
	message: SipMessage,
	list: ResourceListBody,
	lineOf: LineOf,
): string | null {
	const out: string[] = [];
	const found = previousListNotify(analysis, message);
	if (found && list.version !== null && found.list.version !== null) {
		const was = found.list.version;
		const at = `version ${was} (line ${lineOf(found.message.index)})`;
		if (list.version === was + 1) out.push(`Follows ${at}.`);
		else if (list.version > was + 1)
			out.push(
				`⚠ Follows ${at}: version${list.version - was > 2 ? `s ${was + 1} to ${list.version - 1}` : ` ${was + 1}`} lost${list.full === true ? '' : '; the subscriber should refresh its subscription to get the full state'} (RFC 4662 §5.2).`,
			);
		else out.push(`⚠ Not above ${at}: out of date (RFC 4662 §5.2).`);
	}
	const notifies = analysis.index.subscriptionOf(message.index)?.notifies ?? [];
	const from = notifies.indexOf(message.index);
	for (const res of list.resources) {
		// A resource whose part is a <pidf-diff>: the state its watcher then holds (RFC 5263 §3).
		if (res.uri && res.instances.some((i) => i.changes !== null)) {
			const state = listPartialStateAt(analysis, message.index, res.uri);
			if (state) out.push(`${md(resourceLabel(res))}: ${partialStateLine(state, lineOf)}`);
		}
		const now = res.instances.find((i) => i.presence)?.presence;
		if (!now || !res.uri) continue;
		for (let k = from - 1; k >= Math.max(0, from - lookBack); k--) {
			const prev = analysis.messages[notifies[k]!]!;
			if (prev.cseq && prev.cseq.seq === message.cseq?.seq) continue;
			const before = resourceListOfMessage(analysis, prev)
				?.resources.find((r) => r.uri === res.uri)
				?.instances.find((i) => i.presence)?.presence;
			if (!before) continue;
			const changes = diffPresence(before, now);
			out.push(
				changes.length
					? `${md(resourceLabel(res))}: **changed** since the NOTIFY at line ${lineOf(prev.index)}: ${md(changes.join('; '))}`
					: `${md(resourceLabel(res))}: no change since the NOTIFY at line ${lineOf(prev.index)}.`,
			);
			break;
		}
	}
	return out.length ? out.join('\n\n') : null;
}
