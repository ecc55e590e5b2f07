import type {
	Dialog,
	Problem,
	Publication,
	SipMessage,
	Subscription,
	TraceIndex,
	Transaction,
} from '../model';
import { buildAuthRetries } from './authRetries';
import { buildDialogs } from './dialogs';
import { chronological } from './order';
import { buildPublications } from './publications';
import { buildReplaces } from './replaces';
import { buildSubscriptions } from './subscriptions';
import { buildTransactions } from './transactions';
import { buildFanOut } from './fanOut';

const none: readonly number[] = [];
const orNull = (v: number | undefined): number | null => (v === undefined || v < 0 ? null : v);

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
	const count = messages.length;
	const order = chronological(messages);
	const tx = buildTransactions(messages, order);
	const transactionOf = (i: number): Transaction | null =>
		orNull(tx.transactionOf[i]) === null ? null : tx.transactions[tx.transactionOf[i]!]!;
	const requestOf = (i: number): number | null =>
		messages[i]?.kind === 'response' ? (transactionOf(i)?.request ?? null) : null;
	const isRetransmission = (i: number): boolean => tx.originalOf[i]! >= 0;

	const auth = buildAuthRetries(messages, order, requestOf, isRetransmission);
	const challengeOf = (i: number): number | null => orNull(auth.challengeOf[i]);
	const dialogIndex = buildDialogs(order, count, requestOf, tx.forwardedFrom);
	const subs = buildSubscriptions(order, count, requestOf, isRetransmission);
	const pubs = buildPublications(
		messages,
		order,
		requestOf,
		(retry) => {
			const c = challengeOf(retry);
			return c === null ? null : requestOf(c);
		},
		isRetransmission,
		problems,
	);

	const fanOut = buildFanOut(messages, order, requestOf, isRetransmission, subs, pubs);
	const dialogs: readonly Dialog[] = dialogIndex.dialogs;
	const replaces = buildReplaces(text, messages, dialogs);
	const subscriptions: readonly Subscription[] = subs.subscriptions;
	const publications: readonly Publication[] = pubs.publications;
	return {
		transactions: tx.transactions,
		dialogs,
		subscriptions,
		publications,
		requestOf,
		responsesOf: (i) =>
			messages[i]?.kind === 'request' && transactionOf(i)?.request === i
				? transactionOf(i)!.responses
				: none,
		transactionOf,
		dialogOf: (i) =>
			orNull(dialogIndex.dialogOf[i]) === null ? null : dialogs[dialogIndex.dialogOf[i]!]!,
		originalOf: (i) => orNull(tx.originalOf[i]),
		forwardedFrom: (i) => orNull(tx.forwardedFrom[i]),
		subscriptionOf: (i) =>
			orNull(subs.subscriptionOf[i]) === null ? null : subscriptions[subs.subscriptionOf[i]!]!,
		publicationOf: (i) =>
			orNull(pubs.publicationOf[i]) === null ? null : publications[pubs.publicationOf[i]!]!,
		publishRefreshed: (i) => orNull(pubs.refreshed[i]),
		challengeOf,
		retryOf: (i) => orNull(auth.retryOf[i]),
		notifiesOf: (i) => fanOut.notifiesOf(i) ?? none,
		publishOf: (i) => orNull(fanOut.publishOf[i]),
		publishesOf: (i) => fanOut.publishesOf(i) ?? none,
		replacesOf: (i) => replaces.refs.get(i) ?? null,
		replacedDialog: (i) => {
			const d = replaces.dialogOf.get(i);
			return d === undefined ? null : dialogs[d]!;
		},
		replacedBy: (i) => {
			const d = dialogIndex.dialogOf[i];
			return d === undefined || d < 0 ? none : (replaces.byDialog.get(d) ?? none);
		},
	};
}
