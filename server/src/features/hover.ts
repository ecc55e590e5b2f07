import type { Hover, Position } from 'vscode-languageserver';
import { headerDoc, rfcUrl } from '../core/reference/headers';
import {
	contains,
	dialogCreator,
	headerAt,
	messageAt,
	methodOf,
	onBody,
	onSipText,
} from '../core/query';
import type { Dialog, Header, SipMessage, TraceAnalysis } from '../core/model';
import type { TraceDocument } from '../traceDocument';
import { ackHover } from './ackHover';
import { bodyHover } from './bodyHover';
import { startLineHover } from './startLineHover';
import { replacesHover } from './replacesHover';
import { toOffset, toRange } from './convert';
import { clockOf } from '../core/text/clock';
import { formatClock, formatMicros, formatSeconds } from './timeFormat';
import { messagesWithCallId } from '../core/byCallId';
import { notifyCount } from './notifyCount';
import { code, md } from './markdown';

/** Hover text by what is under the cursor: body, header name, header value, status code, start line. */
export function provideHover(doc: TraceDocument, position: Position): Hover | null {
	const offset = toOffset(doc, position);
	const { analysis } = doc;
	const message = messageAt(analysis, offset);
	// Between the pieces of a message read a packet at a time: a packet line, as the first one is.
	if (!message || !onSipText(message, offset, analysis.text)) return null;
	const lineOf = (i: number): number => doc.lines.lineAt(analysis.messages[i]!.startLine.start) + 1;
	let markdown: string | null = null;
	let span = message.startLine;
	if (onBody(message, offset, analysis.text) && message.body!.end > message.body!.start) {
		markdown = bodyHover(analysis, message, lineOf);
		span = message.body!;
	} else if (contains(message.startLine, offset)) {
		markdown =
			message.method === 'ACK'
				? ackHover(analysis, message, lineOf)
				: startLineHover(analysis, message, lineOf);
	} else {
		const header = headerAt(message, offset, analysis.text);
		if (header) {
			const onName = offset <= header.name.end;
			markdown = onName
				? headerNameHover(header)
				: headerValueHover(analysis, message, header, lineOf);
			// Between the name and the value (the white space around the colon) the hover is the
			// value's, for the header as a whole: its range is the header, which holds the cursor.
			span = onName
				? header.name
				: offset < header.value.start
					? { start: header.name.start, end: header.value.end }
					: header.value;
		}
	}
	return markdown
		? { contents: { kind: 'markdown', value: markdown }, range: toRange(doc, span) }
		: null;
}

function headerNameHover(header: Header): string | null {
	const d = headerDoc(header.key);
	if (!d) return null;
	const label = `RFC ${d.rfc}${d.section ? ` §${d.section}` : ''}`;
	return `**${d.name}**${header.compact ? ' (compact form)' : ''}\n\n${d.summary}\n\n[${label}](${rfcUrl(d.rfc, d.section || undefined)})`;
}

function headerValueHover(
	analysis: TraceAnalysis,
	message: SipMessage,
	header: Header,
	lineOf: (message: number) => number,
): string | null {
	// An absolute time with the date; on a trace without one, the time of day.
	const clock = clockOf(message.frame);
	const at = (micros: number): string =>
		clock!.kind === 'epoch' ? formatMicros(micros) : formatClock(micros);
	const time = clock?.micros ?? null;
	switch (header.key) {
		case 'expires': {
			const seconds = message.expires;
			if (seconds == null || Number.isNaN(seconds)) return headerNameHover(header);
			if (seconds === 0) return `**Expires: 0**: ${removalMeaning(message)}`;
			return `**Expires ${seconds} s**${long(seconds)}${time != null ? `: until ${at(time + seconds * 1e6)}` : ''}${largest(seconds)}`;
		}
		case 'subscription-state': {
			const s = message.subscriptionState;
			if (!s) return headerNameHover(header);
			const lines = [`**Subscription ${s.state}**`];
			if (s.expires != null)
				lines.push(
					`expires in ${s.expires} s${long(s.expires)}${time != null ? ` (at ${at(time + s.expires * 1e6)})` : ''}${largest(s.expires)}`,
				);
			if (s.reason) lines.push(`reason: ${md(s.reason)}`);
			if (s.retryAfter != null) lines.push(`retry after ${s.retryAfter} s`);
			return lines.join('\n\n');
		}
		case 'call-id':
			return callIdHover(analysis, message, lineOf);
		case 'event':
			return eventHover(analysis, message, lineOf) ?? headerNameHover(header);
		case 'replaces':
		case 'refer-to':
			return replacesHover(analysis, message, lineOf) ?? headerNameHover(header);
		default:
			return headerNameHover(header);
	}
}

/** ` (1 h)` beside a count of seconds a person would not read at a glance. */
function long(seconds: number): string {
	const read = formatSeconds(seconds);
	return read === `${seconds} s` ? '' : ` (${read})`;
}

/** RFC 3261 §20.19: delta-seconds run to 2^32-1; some servers use that for "no expiry". */
const maxDeltaSeconds = 4294967295;

function largest(seconds: number): string {
	return seconds === maxDeltaSeconds
		? `\n\nThe largest value an expiry may take ([RFC 3261 §20.19](${rfcUrl('3261', '20.19')})).`
		: '';
}

function removalMeaning(message: SipMessage): string {
	const method = methodOf(message);
	// In a response it is the server's word that the thing asked to end has ended.
	if (message.kind === 'response') {
		if (method === 'SUBSCRIBE')
			return 'the subscription ends now, the unsubscribe accepted (RFC 6665 §4.1.2.3).';
		if (method === 'PUBLISH') return 'the published state is removed (RFC 3903 §4.5).';
	}
	if (method === 'SUBSCRIBE') return 'unsubscribe (RFC 6665 §4.1.2.3).';
	if (method === 'PUBLISH') return 'removes the published state (RFC 3903 §4.5).';
	if (method === 'REGISTER') return 'removes the binding (RFC 3261 §10.2.2).';
	return 'expires at once.';
}

function callIdHover(
	analysis: TraceAnalysis,
	message: SipMessage,
	lineOf: (message: number) => number,
): string {
	const dialog = analysis.index.dialogOf(message.index);
	const same = messagesWithCallId(analysis, message.callId);
	const lines = [
		`**Call-ID** ${code(message.callId ?? '')}: ${same.length} message${same.length === 1 ? '' : 's'} in this trace`,
	];
	if (dialog) {
		const method = dialogCreator(analysis.messages, dialog);
		const count = `${dialog.messages.length} message${dialog.messages.length === 1 ? '' : 's'}`;
		const state = subscriptionEnd(analysis, dialog, method, lineOf) ?? dialog.state;
		lines.push(
			method
				? `dialog created by the ${md(method)} at line ${lineOf(dialog.creator)}, ${state}, ${count}`
				: `dialog whose creating request is not in the trace (first seen at line ${lineOf(dialog.creator)}), ${state}, ${count}`,
		);
	}
	return lines.join('\n\n');
}

/**
 * A dialog a SUBSCRIBE, a REFER (or its NOTIFY) created ends with its subscriptions (RFC 6665
 * §4.4.1), which the core marks terminated: which NOTIFY said the last one was.
 */
function subscriptionEnd(
	analysis: TraceAnalysis,
	dialog: Dialog,
	method: string | null,
	lineOf: (message: number) => number,
): string | null {
	if (dialog.state !== 'terminated' || method === 'INVITE') return null;
	const own = new Set(dialog.messages);
	const subscriptions = analysis.index.subscriptions.filter((s) => {
		const anchor = s.creator ?? s.notifies[0] ?? s.subscribes[0];
		return anchor !== undefined && own.has(anchor);
	});
	if (!subscriptions.length || subscriptions.some((s) => s.terminatedBy === null)) return null;
	const last = Math.max(...subscriptions.map((s) => s.terminatedBy!));
	return `ended with its subscription (the NOTIFY at line ${lineOf(last)} says terminated, RFC 6665 §4.4.1)`;
}

// Event packages (RFC 6665 §7.1, their IANA registry): what each reports, and the RFC that
// defines it.
const packages: Readonly<Record<string, readonly [string, string]>> = {
	presence: ['the presence of a user: PIDF documents', '3856'],
	dialog: ['the dialogs of a user, as a busy lamp field shows them', '4235'],
	reg: ['the registration state of an address of record', '3680'],
	'message-summary': ['message waiting: the voice mail a mailbox holds', '3842'],
	refer: ['how the request a REFER asked for is doing: sipfrag status lines', '3515'],
	conference: ['the state of a conference: its users and their media', '4575'],
	kpml: ['the digits a user presses, matched against a dial plan', '4730'],
	'ua-profile': ['the configuration profile of a user agent', '6080'],
	'xcap-diff': ['changes to XCAP documents', '5875'],
};

/**
 * On an Event value: what the package reports (RFC 6665 §7.1) and, in a SUBSCRIBE or NOTIFY, the
 * subscription it belongs to: its creating request and how it stands at the end of the trace.
 */
function eventHover(
	analysis: TraceAnalysis,
	message: SipMessage,
	lineOf: (message: number) => number,
): string | null {
	const event = message.event;
	if (!event) return null;
	const name = event.package.toLowerCase();
	// A template package (RFC 6665 §4.4.5): presence.winfo is watcher information on presence.
	const winfo = name.endsWith('.winfo') ? name.slice(0, -'.winfo'.length) : null;
	const known = packages[name];
	const lines = [
		winfo !== null
			? `**Event** ${code(event.package)}: who watches the ${winfo} state of the resource, watcher information (RFC 3857)`
			: known
				? `**Event** ${code(event.package)}: ${known[0]} (RFC ${known[1]})`
				: `**Event** ${code(event.package)}: a package that none of the RFCs known here defines`,
	];
	if (event.id !== null)
		lines.push(`id ${code(event.id)}: tells apart subscriptions in one dialog`);
	const s = analysis.index.subscriptionOf(message.index);
	if (s) {
		const from =
			s.creator !== null
				? `subscription created by the ${md(analysis.messages[s.creator]?.method ?? 'request')} at line ${lineOf(s.creator)}`
				: 'subscription created before the trace';
		const state =
			s.terminatedBy !== null
				? `terminated by the NOTIFY at line ${lineOf(s.terminatedBy)}${s.terminationReason ? ` (${s.terminationReason})` : ''}`
				: 'not terminated in the trace';
		lines.push(`${from}; ${notifyCount(analysis.index, s)}; ${state}`);
	}
	lines.push('[RFC 6665 §8.2.1](' + rfcUrl('6665', '8.2.1') + ')');
	return lines.join('\n\n');
}
