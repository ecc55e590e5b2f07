import type {
	Dialog,
	Problem,
	Publication,
	SipMessage,
	Subscription,
	TraceIndex,
	Transaction,
} from '../model';
import { Presentities } from './addresses';
import { buildAuthRetries } from './authRetries';
import { buildDialogs } from './dialogs';
import { chronological, secondStream } from './order';
import { problem } from '../parser/problems';
import { buildPublications, etagProblems, type EtagNote } from './publications';
import { buildReplaces, movedReplaces, type ReplacesIndex } from './replaces';
import { endSubscriptionDialogs } from './subscriptionDialogs';
import { buildSubscriptions } from './subscriptions';
import { buildTransactions } from './transactions';
import { buildFanOut, noFanOut, type FanOut } from './fanOut';
import { messageFacts, responseBit } from './messageFacts';
import { compactLinks, type Links } from './links';

const none: readonly number[] = [];
const orNull = (v: number): number | null => (v < 0 ? null : v);

/**
 * Correlates the messages of a trace: transactions, dialogs, subscriptions, publications,
 * authentication retries, which NOTIFYs carried the state of which PUBLISHes, and which dialog an
 * INVITE's (or a REFER's Refer-To's) Replaces names. Linear in the
 * number of messages (maps keyed by identifiers; one pass per concern, in chronological order).
 */
export function buildIndex(
	text: string,
	messages: readonly SipMessage[],
	problems: Problem[],
): TraceIndex {
	const order = chronological(messages);
	const facts = messageFacts(messages, order);
	const tx = buildTransactions(messages, order, facts);
	const codes = facts.method;
	const requestOf = (i: number): number | null => {
		const t = tx.transactionOf[i];
		return t === undefined || t < 0 || (codes[i]! & responseBit) === 0
			? null
			: tx.transactions[t]!.request;
	};
	const isRetransmission = (i: number): boolean => tx.originalOf[i]! >= 0;

	const auth = buildAuthRetries(messages, facts, requestOf, isRetransmission, text, tx.originalOf);
	const dialogIndex = buildDialogs(messages, facts, requestOf, tx.forwardedFrom);
	const addresses = new Presentities(messages);
	const subs = buildSubscriptions(messages, facts, requestOf, isRetransmission, addresses, text);
	const notes: EtagNote[] = [];
	const pubs = buildPublications(
		messages,
		facts,
		requestOf,
		(retry) => {
			const c = auth.challengeOf[retry]!;
			return c < 0 ? null : requestOf(c);
		},
		isRetransmission,
		notes,
		addresses,
		tx.originalOf,
		tx.forwardedFrom,
	);
	// Which NOTIFY carried which PUBLISH is a matter of time order, across the streams of the
	// publisher and of each watcher: where the trace keeps those apart and gives no time, it
	// cannot be told, and is not guessed from the file's order.
	const apart = secondStream(messages);
	const fanOut = apart
		? noFanOut(messages.length)
		: buildFanOut(
				text,
				messages,
				facts,
				isRetransmission,
				subs,
				pubs,
				addresses,
				tx.originalOf,
				tx.forwardedFrom,
			);
	if (apart) problems.push(streamsApart(apart));
	const dialogs = endSubscriptionDialogs(
		messages,
		dialogIndex.dialogs,
		dialogIndex.dialogOf,
		subs.subscriptions,
	);
	const replaces = buildReplaces(text, messages, facts.method, dialogs);
	const responsesOf = (i: number): readonly number[] | undefined => {
		const t = tx.transactionOf[i]!;
		return t >= 0 ? tx.transactions[t]!.responses : undefined;
	};
	for (const note of notes) etagProblems(messages, note, responsesOf, problems);
	return kept(messages, notes, {
		transactions: tx.transactions,
		dialogs,
		subscriptions: subs.subscriptions,
		publications: pubs.publications,
		transactionOf: tx.transactionOf,
		dialogOf: dialogIndex.dialogOf,
		subscriptionOf: subs.subscriptionOf,
		publicationOf: compactLinks(pubs.publicationOf),
		originalOf: compactLinks(tx.originalOf),
		forwardedFrom: compactLinks(tx.forwardedFrom),
		reusedBranchOf: compactLinks(tx.reusedBranchOf),
		refreshed: compactLinks(pubs.refreshed),
		challengeOf: compactLinks(auth.challengeOf),
		retryOf: compactLinks(auth.retryOf),
		fanOut,
		replaces,
	});
}

/** Said once, at the first message of a second stream of tshark's stream follower. */
function streamsApart(m: SipMessage): Problem {
	const f = m.frame;
	return problem(
		'trace.streams-apart',
		f.meta ?? { start: f.sip.start, end: f.sip.start },
		"tshark's stream follower prints each stream on its own and gives no time, so the order of messages of different streams is not known: which NOTIFY carried which PUBLISH is not shown. A capture printed with its times (tshark -V, sngrep's export) tells it.",
		'information',
	);
}

/**
 * `previous` (built from `before`) for `messages`, another version of the same trace whose
 * messages each give the index what the one of the same number in `before` gave it (the same
 * count, and `sameCorrelationFacts` of each message read again; the others kept or moved):
 * every transaction, dialog, subscription, publication and link is taken over as it is. What
 * stands at a place in the text is read again where `messages` have it: a Replaces' span, and the
 * problems the index adds (pushed to `problems`). Null when `previous` was not built here, or a
 * Replaces does not read as before.
 */
export function movedIndex(
	previous: TraceIndex,
	before: readonly SipMessage[],
	text: string,
	messages: readonly SipMessage[],
	problems: Problem[],
): TraceIndex | null {
	const parts = built.get(previous);
	if (!parts || before.length !== messages.length) return null;
	const replaces = movedReplaces(parts.built.replaces, before, text, messages);
	if (!replaces) return null;
	const { transactions, transactionOf } = parts.built;
	const responsesOf = (i: number): readonly number[] | undefined => {
		const t = transactionOf[i]!;
		return t >= 0 ? transactions[t]!.responses : undefined;
	};
	for (const note of parts.notes) etagProblems(messages, note, responsesOf, problems);
	return kept(
		messages,
		parts.notes,
		replaces === parts.built.replaces ? parts.built : { ...parts.built, replaces },
	);
}

/** What an index was built from, for {@link movedIndex}: no message nor text is kept there. */
const built = new WeakMap<TraceIndex, { built: Built; notes: readonly EtagNote[] }>();

/** The answers of `b` for `messages`, kept for a later version's {@link movedIndex}. */
function kept(messages: readonly SipMessage[], notes: readonly EtagNote[], b: Built): TraceIndex {
	const index = answers(messages, b);
	built.set(index, { built: b, notes });
	return index;
}

/** What the index answers from, once built. */
interface Built {
	readonly transactions: readonly Transaction[];
	readonly dialogs: readonly Dialog[];
	readonly subscriptions: readonly Subscription[];
	readonly publications: readonly Publication[];
	readonly transactionOf: Int32Array;
	readonly dialogOf: Int32Array;
	readonly subscriptionOf: Int32Array;
	readonly publicationOf: Links;
	readonly originalOf: Links;
	readonly forwardedFrom: Links;
	readonly reusedBranchOf: Links;
	readonly refreshed: Links;
	readonly challengeOf: Links;
	readonly retryOf: Links;
	readonly fanOut: FanOut;
	readonly replaces: ReplacesIndex;
}

/**
 * The answers, made apart from the build: closures made there would keep every builder's
 * working arrays alive for as long as the index.
 */
function answers(messages: readonly SipMessage[], b: Built): TraceIndex {
	const { transactions, dialogs, subscriptions, publications, fanOut, replaces } = b;
	const transactionOf = (i: number): Transaction | null => {
		const t = b.transactionOf[i];
		return t === undefined || t < 0 ? null : transactions[t]!;
	};
	return {
		transactions,
		dialogs,
		subscriptions,
		publications,
		requestOf: (i) =>
			messages[i]?.kind === 'response' ? (transactionOf(i)?.request ?? null) : null,
		responsesOf: (i) =>
			messages[i]?.kind === 'request' && transactionOf(i)?.request === i
				? transactionOf(i)!.responses
				: none,
		transactionOf,
		dialogOf: (i) => {
			const d = b.dialogOf[i];
			return d === undefined || d < 0 ? null : dialogs[d]!;
		},
		originalOf: (i) => orNull(b.originalOf.get(i)),
		forwardedFrom: (i) => orNull(b.forwardedFrom.get(i)),
		reusedBranchOf: (i) => orNull(b.reusedBranchOf.get(i)),
		subscriptionOf: (i) => {
			const s = b.subscriptionOf[i];
			return s === undefined || s < 0 ? null : subscriptions[s]!;
		},
		publicationOf: (i) => {
			const p = b.publicationOf.get(i);
			return p < 0 ? null : publications[p]!;
		},
		publishRefreshed: (i) => orNull(b.refreshed.get(i)),
		challengeOf: (i) => orNull(b.challengeOf.get(i)),
		retryOf: (i) => orNull(b.retryOf.get(i)),
		notifiesOf: (i) => fanOut.notifiesOf(i) ?? none,
		publishOf: (i) => orNull(fanOut.publishOf[i] ?? -1),
		publishesOf: (i) => fanOut.publishesOf(i) ?? none,
		replacesOf: (i) => replaces.refs.get(i) ?? null,
		replacedDialog: (i) => {
			const d = replaces.dialogOf.get(i);
			return d === undefined ? null : dialogs[d]!;
		},
		replacedBy: (i) => {
			const d = b.dialogOf[i];
			return d === undefined || d < 0 ? none : (replaces.byDialog.get(d) ?? none);
		},
	};
}
