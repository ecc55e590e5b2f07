import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { nameCodeOf } from '../../parser/headerNames';
import { lintProblem } from '../codes';

const sessionExpiresCode = nameCodeOf('session-expires');
const minSeCode = nameCodeOf('min-se');
const requireCode = nameCodeOf('require');
const rseqCode = nameCodeOf('rseq');

/** The smallest session interval RFC 4028 allows, and Min-SE's value where none is given (§5). */
const floor = 90;

/**
 * Session timers (RFC 4028): a request's Session-Expires is at least 90 seconds, its absolute
 * minimum (§4), and at least its own Min-SE (§7.1), or the UAS or a proxy answers 422 (§6); a 422 says the interval it takes in
 * Min-SE (§6), without which the UAC cannot retry; a 2xx that makes the UAC the refresher requires
 * the extension (§9), so the UAC cannot ignore it. Read from the header rows: most messages have
 * neither header, and are passed over after a look at their names.
 */
export function checkSessionTimer(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.cutShort) return;
	let expiresRow = -1;
	let minRow = -1;
	let requiresTimer = false;
	const text = analysis.text;
	for (let i = 0, n = m.headerCount; i < n; i++) {
		const code = m.headerCode(i);
		if (code === sessionExpiresCode || code === minSeCode || code === rseqCode)
			checkNumberValue(text, m, i, code, out);
		if (code === sessionExpiresCode && expiresRow < 0) expiresRow = i;
		else if (code === minSeCode && minRow < 0) minRow = i;
		else if (code === requireCode && !requiresTimer)
			requiresTimer = namesTimer(text, m.headerValueStart(i), m.headerValueEnd(i));
	}
	if (m.kind === 'response') {
		if (
			expiresRow >= 0 &&
			!requiresTimer &&
			m.status !== null &&
			m.status >= 200 &&
			m.status < 300 &&
			(m.cseq?.method === 'INVITE' || m.cseq?.method === 'UPDATE') &&
			refresherIsUac(text, m.headerValueStart(expiresRow), m.headerValueEnd(expiresRow))
		)
			out.push(
				lintProblem(
					'session-expires.uac-refresher-without-require',
					{ start: m.headerValueStart(expiresRow), end: m.headerValueEnd(expiresRow) },
					`This ${m.status} makes the UAC the refresher (\`refresher=uac\`) without \`Require: timer\`: RFC 4028 §9 asks for it, so that a UAC cannot pass over the session timer it must now refresh; without it the session may expire unrefreshed.`,
				),
			);
		if (m.status === 422 && minRow < 0)
			out.push(
				lintProblem(
					'422.missing-min-se',
					m.startLine,
					'422 Session Interval Too Small must say the smallest interval it takes in Min-SE (RFC 4028 §6): the UAC retries with it.',
				),
			);
		return;
	}
	if (expiresRow < 0) return;
	const interval = leadingNumber(
		text,
		m.headerValueStart(expiresRow),
		m.headerValueEnd(expiresRow),
	);
	if (interval === null) return;
	const min =
		minRow < 0 ? null : leadingNumber(text, m.headerValueStart(minRow), m.headerValueEnd(minRow));
	const least = Math.max(floor, min ?? floor);
	if (interval >= least) return;
	out.push(
		lintProblem(
			'session-expires.too-small',
			{ start: m.headerValueStart(expiresRow), end: m.headerValueEnd(expiresRow) },
			min !== null && min > floor
				? `Session-Expires ${interval} is below this request's own Min-SE ${min} (RFC 4028 §7.1): the UAS answers 422 Session Interval Too Small.`
				: `Session-Expires ${interval} is below 90 seconds, the absolute minimum (RFC 4028 §4): the UAS or a proxy answers 422 Session Interval Too Small.`,
		),
	);
}

/**
 * Session-Expires and Min-SE are a number of seconds and parameters (RFC 4028 §4, §5: delta-seconds
 * *(SEMI param)), RSeq a number from 1 to 2^31-1 alone (RFC 3262 §7.1): a value that is not (a
 * word, another header glued on) is one the peer cannot read, and answers 400. A value left out
 * (`...`) is not judged.
 */
function checkNumberValue(
	text: string,
	m: SipMessage,
	row: number,
	code: number,
	out: Problem[],
): void {
	let s = m.headerValueStart(row);
	let e = m.headerValueEnd(row);
	while (s < e && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
	while (e > s && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	if (e === s) return;
	let i = s;
	while (i < e && i - s <= 10 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
	const digits = i - s;
	let rest = i;
	while (rest < e && (text.charCodeAt(rest) === 32 || text.charCodeAt(rest) === 9)) rest++;
	const rseq = code === rseqCode;
	const fits =
		digits > 0 &&
		digits <= 10 &&
		(rseq
			? rest === e && Number(text.slice(s, i)) >= 1 && Number(text.slice(s, i)) <= 2147483647
			: rest === e || text.charCodeAt(rest) === 59);
	if (fits) return;
	const value = text.slice(s, e);
	if (value === '...' || value === '…') return;
	const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
	out.push(
		rseq
			? lintProblem(
					'rseq.bad-value',
					{ start: s, end: e },
					`RSeq is "${shown}": it must be a number from 1 to 2^31-1 (RFC 3262 §7.1), which the PRACK's RAck repeats; a UAC that cannot read it cannot acknowledge the response.`,
				)
			: lintProblem(
					'session-expires.bad-value',
					{ start: s, end: e },
					`${code === minSeCode ? 'Min-SE' : 'Session-Expires'} is "${shown}": it must be a number of seconds, then parameters after \`;\` (RFC 4028 ${code === minSeCode ? '§5' : '§4'}); a peer that cannot read it answers 400.`,
				),
	);
}

/** The whole number [start, end) opens with (`60;refresher=uac`), or null. */
function leadingNumber(text: string, start: number, end: number): number | null {
	let i = start;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	let n = 0;
	const digits = i;
	for (; i < end && i - digits < 10; i++) {
		const d = text.charCodeAt(i) - 48;
		if (d < 0 || d > 9) break;
		n = n * 10 + d;
	}
	return i === digits ? null : n;
}

/** Does the Require value [start, end) name the `timer` option tag (RFC 4028 §3)? */
function namesTimer(text: string, start: number, end: number): boolean {
	return /(?:^|[\s,])timer(?:$|[\s,])/i.test(text.slice(start, Math.min(end, start + 400)));
}

/** Does the Session-Expires value [start, end) carry `refresher=uac`? */
function refresherIsUac(text: string, start: number, end: number): boolean {
	return /;\s*refresher\s*=\s*uac\b/i.test(text.slice(start, Math.min(end, start + 200)));
}
