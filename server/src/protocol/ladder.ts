/**
 * The sequence-diagram model: computed by the language server from the core's index, drawn by the
 * webview, no trace parsing needed on the drawing side. These are its objects; it is built, sent
 * and drawn in columns (`ladderColumns.ts`), which make an object only for an arrow drawn.
 */

/** A lane: one endpoint in the network view, or one SIP identity in the entity view. */
export interface LadderLane {
	/** Stable key: `ip:port` in the network view, an AoR (`sip:alice@example.com`) in the entity view. */
	readonly id: string;
	readonly label: string;
	/** What the lane is, when the server can tell (watcher, presentity, proxy, presence server...). */
	readonly role: string | null;
}

/** The kind of an arrow, for colour and filtering. */
export type ArrowKind =
	'subscribe' | 'notify' | 'publish' | 'invite' | 'register' | 'options' | 'other';

/** Presence carried by a PUBLISH or NOTIFY, summarised for a badge. */
export interface PresenceBadge {
	/** open / closed from PIDF basic, or null. */
	readonly basic: string | null;
	/** RPID activities (busy, away, on-the-phone...). */
	readonly activities: readonly string[];
	/** The first note, if any. */
	readonly note: string | null;
}

/** One message as an arrow. */
export interface LadderArrow {
	/** The message's index in file order, as the CLI's `--json` counts (the `data-message-index`). */
	readonly index: number;
	/** 0-based line of the message's start line. */
	readonly line: number;
	readonly from: string; // lane id
	readonly to: string; // lane id
	/** Method for a request, `407 Proxy Authentication Required` for a response. */
	readonly label: string;
	readonly isRequest: boolean;
	readonly kind: ArrowKind;
	readonly method: string | null;
	/** The transaction's method: a request's own, a response's from its CSeq (for the method filter). */
	readonly cseqMethod: string | null;
	readonly status: number | null;
	readonly callId: string | null;
	readonly time: string | null;
	/** Microseconds since the first message, when times are known. */
	readonly offsetMicros: number | null;
	/** Indexes of retransmitted copies folded into this arrow. */
	readonly retransmissions: readonly number[];
	/** True for a refresh (SUBSCRIBE/PUBLISH refresh) so the view can hide refreshes. */
	readonly isRefresh: boolean;
	/** The presentity (AoR) the message is about, for PUBLISH / SUBSCRIBE / NOTIFY. */
	readonly presentity: string | null;
	readonly presence: PresenceBadge | null;
	/** Related messages to highlight together: a PUBLISH's NOTIFYs, a NOTIFY's PUBLISH, challenge and retry, request and responses. */
	readonly related: readonly number[];
	/** For a request answered with 401/407 and then re-sent: the retry; for a retry: the challenge. */
	readonly authPair: number | null;
}

/** A subscription's lifetime, drawn as a bar along the watcher's lane. */
export interface LadderSubscription {
	readonly id: number;
	readonly watcherLane: string;
	readonly event: string;
	readonly resource: string | null;
	/** From this message (200 or first active NOTIFY) ... */
	readonly fromIndex: number;
	/** ... to this one (terminated NOTIFY, unsubscribe) or null while still active at the end of the trace. */
	readonly toIndex: number | null;
	readonly state: string;
}

/** One Call-ID (a dialog, or a transaction outside any dialog), for the dialog filter. */
export interface LadderDialog {
	readonly callId: string;
	/** A short description from its first message: method and AoRs, `SUBSCRIBE andrew@host → linda@host`. */
	readonly label: string;
	/** Position of its first arrow, in time order (not a message's index in the file). */
	readonly first: number;
	/** How many arrows carry this Call-ID. */
	readonly arrows: number;
}

export type LadderView = 'network' | 'entities';

export interface LadderModel {
	readonly uri: string;
	readonly version: number;
	readonly view: LadderView;
	readonly lanes: readonly LadderLane[];
	readonly arrows: readonly LadderArrow[];
	readonly subscriptions: readonly LadderSubscription[];
	/** Every Call-ID in the trace, in order of first appearance. */
	readonly dialogs: readonly LadderDialog[];
}
