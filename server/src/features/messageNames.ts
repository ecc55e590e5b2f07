import { aorOf, methodOf, userOf } from '../core/query';
import type { SipMessage, TraceAnalysis } from '../core/model';
import { presenceOf } from './presence';

/** `NOTIFY active (busy)`, `200 OK`, `PUBLISH presence (busy: "In a meeting")`: how a message reads in the outline. */
export function messageTitle(analysis: TraceAnalysis, message: SipMessage): string {
	if (message.kind === 'response') {
		return (
			`${message.status ?? '?'} ${message.reason ?? ''}`.trim() + ` (${methodOf(message) ?? '?'})`
		);
	}
	if (message.kind === 'invalid') return 'unparsed message';
	const method = message.method ?? '?';
	const parts: string[] = [method];
	if (method === 'NOTIFY' && message.subscriptionState) parts.push(message.subscriptionState.state);
	if ((method === 'PUBLISH' || method === 'SUBSCRIBE') && message.event)
		parts.push(message.event.package);
	if (method === 'SUBSCRIBE' || method === 'PUBLISH') {
		if (message.expires === 0) parts.push('(remove)');
	}
	const presence =
		method === 'NOTIFY' || method === 'PUBLISH' ? presenceOf(analysis, message) : null;
	if (presence) parts.push(`(${presence})`);
	return parts.join(' ');
}

/** `presence andrew -> linda` for a subscription creator. */
export function subscriptionTitle(
	event: string,
	watcher: string | null,
	resource: string | null,
): string {
	return `SUBSCRIBE ${event} ${userOf(aorOf(watcher)) ?? '?'} -> ${userOf(aorOf(resource)) ?? '?'}`;
}
