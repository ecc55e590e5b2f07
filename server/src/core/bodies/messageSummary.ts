/**
 * An application/simple-message-summary body (RFC 3842 §5.2), the state of a mailbox in the
 * message-summary event package: a status line, an optional account, one count line per message
 * context class (RFC 3458 §6.2), then optionally, after an empty line, the headers of individual
 * messages:
 *
 *     Messages-Waiting: yes
 *     Message-Account: sip:alice@vmail.example.com
 *     Voice-Message: 2/8 (0/2)
 */
export interface MessageSummary {
	/** `Messages-Waiting`: true for yes, false for no, null when missing or neither. */
	readonly waiting: boolean | null;
	/** `Message-Account`, the mailbox's URI, as written. */
	readonly account: string | null;
	/** The count lines, in order. */
	readonly counts: readonly MessageCounts[];
	/** The headers of each message described after the summary (`opt-msg-headers`), in order. */
	readonly messages: readonly (readonly (readonly [string, string])[])[];
}

/** One msg-summary-line: `Voice-Message: new/old (urgent new/urgent old)`. */
export interface MessageCounts {
	/** The class as RFC 3458 names it (voice, fax, pager, multimedia, text, none), or the name as written. */
	readonly messageClass: string;
	readonly newCount: number;
	readonly oldCount: number;
	/** The urgent counts in parentheses, null when the line has none. */
	readonly urgentNew: number | null;
	readonly urgentOld: number | null;
}

/** The message-context-class lines RFC 3842 §5.2 takes from RFC 3458 §6.2, by lower-case name. */
const classes: Readonly<Record<string, string>> = {
	'voice-message': 'voice',
	'fax-message': 'fax',
	'pager-message': 'pager',
	'multimedia-message': 'multimedia',
	'text-message': 'text',
	none: 'none',
};

// newmsgs SLASH oldmsgs [ LPAREN new-urgentmsgs SLASH old-urgentmsgs RPAREN ], SWS allowed around
// the separators (RFC 3261 §25.1).
const countsValue =
	/^(\d{1,12})[ \t]{0,20}\/[ \t]{0,20}(\d{1,12})(?:[ \t]{0,20}\([ \t]{0,20}(\d{1,12})[ \t]{0,20}\/[ \t]{0,20}(\d{1,12})[ \t]{0,20}\))?$/;
const headerName = /^[!-9;-~]{1,100}$/;
/** msgcount MUST NOT exceed 2^32-1 (RFC 3842 §5.2). */
const maxCount = 4294967295;

const maxProblems = 5;
const quote = (line: string): string => `"${line.slice(0, 80)}"`;

/** Reads a message-summary body; problems say what does not fit RFC 3842 §5.2. Never throws. */
export function decodeMessageSummary(body: string): {
	summary: MessageSummary;
	problems: string[];
} {
	const lines = unfold(body.split('\n').map((l) => l.replace(/\r$/, '')));
	const problems: string[] = [];
	let waiting: boolean | null = null;
	let account: string | null = null;
	let sawStatus = false;
	const counts: MessageCounts[] = [];
	let i = 0;
	while (i < lines.length && lines[i]!.trim() === '') i++;
	for (let first = true; i < lines.length && lines[i]!.trim() !== ''; i++, first = false) {
		const line = lines[i]!;
		const colon = line.indexOf(':');
		const name = colon < 0 ? '' : line.slice(0, colon).trim();
		const value = colon < 0 ? '' : line.slice(colon + 1).trim();
		if (!headerName.test(name)) {
			problems.push(`${quote(line)} is not a summary line (RFC 3842 §5.2)`);
			continue;
		}
		const key = name.toLowerCase();
		if (key === 'messages-waiting') {
			if (sawStatus) {
				problems.push('Messages-Waiting appears more than once (RFC 3842 §5.2)');
				continue;
			}
			sawStatus = true;
			if (!first) problems.push('Messages-Waiting is not the first line (RFC 3842 §5.2)');
			const status = value.toLowerCase();
			if (status === 'yes' || status === 'no') waiting = status === 'yes';
			else
				problems.push(`Messages-Waiting is "${value.slice(0, 40)}", not yes or no (RFC 3842 §5.2)`);
		} else if (key === 'message-account') {
			if (account !== null) problems.push('Message-Account appears more than once (RFC 3842 §5.2)');
			else if (!value) problems.push('Message-Account without a URI (RFC 3842 §5.2)');
			else account = value;
		} else {
			const c = countsValue.exec(value);
			const known = classes[key];
			if (!c) {
				problems.push(
					known
						? `${quote(line)}: the count is not new/old or new/old (urgent new/urgent old) (RFC 3842 §5.2)`
						: `${quote(line)} is not a summary line (RFC 3842 §5.2)`,
				);
				continue;
			}
			const numbers = c.slice(1).map((n) => (n === undefined ? null : Number(n)));
			if (numbers.some((n) => n !== null && n > maxCount))
				problems.push(`${quote(line)}: a count exceeds 2^32-1 (RFC 3842 §5.2)`);
			if (!known)
				problems.push(`${name} is not a message context class (RFC 3458 §6.2, RFC 3842 §5.2)`);
			counts.push({
				messageClass: known ?? name,
				newCount: numbers[0]!,
				oldCount: numbers[1]!,
				urgentNew: numbers[2] ?? null,
				urgentOld: numbers[3] ?? null,
			});
		}
	}
	if (!sawStatus) problems.push('no Messages-Waiting line (RFC 3842 §5.2)');
	// opt-msg-headers: after an empty line, the headers of each message, one block per message.
	const messages: (readonly [string, string])[][] = [];
	let current: [string, string][] = [];
	for (; i < lines.length; i++) {
		const line = lines[i]!;
		if (line.trim() === '') {
			if (current.length) messages.push(current);
			current = [];
			continue;
		}
		const colon = line.indexOf(':');
		const name = colon < 0 ? '' : line.slice(0, colon).trim();
		if (headerName.test(name)) current.push([name, line.slice(colon + 1).trim()]);
		else problems.push(`${quote(line)} is not a message header (RFC 3842 §5.2)`);
	}
	if (current.length) messages.push(current);
	// A body of junk has a problem per line: the first few say enough.
	if (problems.length > maxProblems)
		problems.splice(maxProblems, Infinity, `${problems.length - maxProblems} more problems`);
	return { summary: { waiting, account, counts, messages }, problems };
}

/** Joins folded lines (a line starting with white space continues the one before, RFC 3261 §7.3.1). */
function unfold(lines: string[]): string[] {
	const out: string[] = [];
	for (const line of lines) {
		const last = out.length ? out[out.length - 1]! : '';
		if (/^[ \t]/.test(line) && line.trim() !== '' && last.trim() !== '')
			out[out.length - 1] = `${last} ${line.trim()}`;
		else out.push(line);
	}
	return out;
}

/**
 * The new messages a summary counts, per class with any: `2 new`, `3 new, 1 urgent; 1 new fax`
 * (voice, the class a lamp stands for, unnamed); `0 new` when no class has any; null without
 * count lines.
 */
export function newMessages(summary: MessageSummary): string | null {
	if (!summary.counts.length) return null;
	const parts = summary.counts
		.filter((c) => c.newCount > 0)
		.map((c) => {
			const what = c.messageClass === 'voice' ? '' : ` ${c.messageClass}`;
			const urgent = c.urgentNew ? `, ${c.urgentNew} urgent` : '';
			return `${c.newCount} new${what}${urgent}`;
		});
	return parts.length ? parts.join('; ') : '0 new';
}

/** What changed from one summary to the next, in words: `waiting no → yes`, `voice new 2 → 3`. */
export function diffMessageSummaries(before: MessageSummary, after: MessageSummary): string[] {
	const yesNo = (w: boolean | null): string => (w === null ? '?' : w ? 'yes' : 'no');
	const out: string[] = [];
	if (before.waiting !== after.waiting)
		out.push(`waiting ${yesNo(before.waiting)} → ${yesNo(after.waiting)}`);
	if (before.account !== after.account)
		out.push(`account ${before.account ?? 'none'} → ${after.account ?? 'none'}`);
	const names = [...new Set([...before.counts, ...after.counts].map((c) => c.messageClass))];
	for (const name of names) {
		const was = before.counts.find((c) => c.messageClass === name);
		const now = after.counts.find((c) => c.messageClass === name);
		if (!now) {
			out.push(`${name} no longer counted`);
			continue;
		}
		const fields: [string, number | null, number | null][] = [
			['new', was?.newCount ?? 0, now.newCount],
			['old', was?.oldCount ?? 0, now.oldCount],
			['urgent new', was?.urgentNew ?? 0, now.urgentNew ?? 0],
			['urgent old', was?.urgentOld ?? 0, now.urgentOld ?? 0],
		];
		const changed = fields.filter(([, a, b]) => a !== b).map(([f, a, b]) => `${f} ${a} → ${b}`);
		if (changed.length) out.push(`${name} ${changed.join(', ')}`);
	}
	if (before.messages.length !== after.messages.length)
		out.push(`messages described ${before.messages.length} → ${after.messages.length}`);
	return out;
}
