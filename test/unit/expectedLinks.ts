// The expectations test/scripts/expected-links.mjs writes (`*.expected.json`, computed from tshark's
// dissection of a capture), and the same links read from an analysis, as the CLI's --json gives them.
import assert from 'node:assert/strict';
import type { TraceAnalysis } from '../../server/src/core';
import { subscribeOfNotify } from '../../server/src/core/query';

export interface ExpectedLinks {
	request: number | null;
	subscription: number | null;
	publication: number | null;
	/** For a NOTIFY: the PUBLISHes whose state it carries (one per live publication). */
	publications: number[];
	challenge: number | null;
	notifies: number[];
	/** For the traces whose field dump has Replaces and Refer-To: the replaced dialog's creator. */
	replaces?: number | null;
}
export interface ExpectedMessage {
	index: number;
	line: number | null;
	method: string | null;
	status: number | null;
	callId: string;
	/**
	 * The frame's UDP addresses in the capture, for the traces that print them (baresip's both,
	 * belle-sip's the remote one: the local side is null).
	 */
	src?: string | null;
	dst?: string | null;
	/** For the per-agent logs that say it (belle-sip's): which way the message went, and when
	 * the capture saw it (ISO, UTC). */
	direction?: 'in' | 'out';
	time?: string;
	/** For the logs that name it (sofia's): the transport, as the capture saw it. */
	transport?: 'UDP' | 'TCP';
	links: ExpectedLinks;
}
export interface Expected {
	format: string;
	messages: ExpectedMessage[];
}

/**
 * The links of message `i` as the CLI's `--json` defines them, read from the index; `replaces`
 * only when the expectations have it (their field dump had the Replaces columns).
 */
export function linksOf(analysis: TraceAnalysis, i: number, withReplaces: boolean): ExpectedLinks {
	const { index } = analysis;
	const message = analysis.messages[i]!;
	const method = message.method;
	let publication: number | null = null;
	if (method === 'PUBLISH') publication = index.publishRefreshed(i);
	if (method === 'NOTIFY') publication = index.publishOf(i);
	return {
		request: message.kind === 'response' ? index.requestOf(i) : null,
		subscription: method === 'NOTIFY' ? subscribeOfNotify(analysis, i) : null,
		publication,
		publications: method === 'NOTIFY' ? [...index.publishesOf(i)] : [],
		challenge: message.kind === 'request' ? index.challengeOf(i) : null,
		notifies: method === 'PUBLISH' ? [...index.notifiesOf(i)].sort((a, b) => a - b) : [],
		...(withReplaces ? { replaces: index.replacedDialog(i)?.creator ?? null } : {}),
	};
}

/** Every expected message found, by method, status and Call-ID, with every expected link. */
export function assertExpected(analysis: TraceAnalysis, expected: Expected, what = ''): void {
	assert.equal(analysis.format, expected.format, what);
	assert.equal(analysis.messages.length, expected.messages.length, what);
	for (const want of expected.messages) {
		const m = analysis.messages[want.index]!;
		assert.deepEqual(
			{ method: m.method, status: m.status, callId: m.callId },
			{ method: want.method, status: want.status, callId: want.callId },
			`${what} message ${want.index}`,
		);
		assert.deepEqual(
			linksOf(analysis, want.index, 'replaces' in want.links),
			want.links,
			`${what} links of ${want.index}`,
		);
	}
}
