// Trace statistics on traces made by real software (test/fixtures/README.md), checked against
// figures counted here from what test/scripts/expected-links.mjs read from tshark's dissection
// (each message's method, status and links) and from the trace's own header lines and times,
// never from the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { durations, traceStatistics, type TraceStatistics } from '../../server/src/core/statistics';
import { isCollectorPrintout } from './collectorPrintouts';
import { statisticsText } from '../../server/src/features/statistics';

const dir = join(__dirname, '..', 'fixtures', 'real');

interface ExpectedMessage {
	index: number;
	line: number;
	method: string | null;
	status: number | null;
	links: {
		request: number | null;
		subscription: number | null;
		challenge: number | null;
		publication: number | null;
	};
}

/** A message as counted here: what tshark said of it, and the headers its trace text shows. */
interface Seen extends ExpectedMessage {
	headers: Map<string, string>;
	cseqMethod: string;
	/** Later copy of a message already seen: same transaction key, same status and To tag. */
	copy: boolean;
	/** Microseconds on the trace's clock, where the format prints one before the message. */
	micros: number | null;
	/**
	 * A request a proxy forwarded: its second Via is the top Via of a request of the trace with
	 * its Call-ID and CSeq (RFC 3261 §16.6 step 8), the copy the proxy received.
	 */
	forwarded: boolean;
}

const compact: Record<string, string> = {
	v: 'via',
	i: 'call-id',
	t: 'to',
	l: 'content-length',
	o: 'event',
};

/** The header block after the start line at `line`: long names, lower-case; the first of each. */
function headersAt(lines: readonly string[], line: number): Map<string, string> {
	const out = new Map<string, string>();
	for (let i = line + 1; i < lines.length && lines[i] !== ''; i++) {
		const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(lines[i]!);
		if (!m) continue;
		const name = compact[m[1]!.toLowerCase()] ?? m[1]!.toLowerCase();
		if (!out.has(name)) out.set(name, m[2]!.trim());
	}
	return out;
}

/** Every Via value of the header block after `line`, top first: `sent-by;branch`, lower-case. */
function viasAt(lines: readonly string[], line: number): string[] {
	const out: string[] = [];
	for (let i = line + 1; i < lines.length && lines[i] !== ''; i++) {
		const m = /^(?:via|v)\s*:\s*(.*)$/i.exec(lines[i]!);
		if (!m) continue;
		for (const via of m[1]!.split(',')) {
			const sentBy = via.split(';')[0]!.trim().split(/\s+/)[1] ?? '';
			const branch = /;\s*branch=([^;\s]+)/i.exec(via)?.[1] ?? '';
			out.push(`${sentBy};${branch}`.toLowerCase());
		}
	}
	return out;
}

/** sngrep's header line before each message: `2026/11/24 19:33:07.319727 a:p -> b:p`, UTC. */
function sngrepMicros(line: string | undefined): number | null {
	const m = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6}) /.exec(line ?? '');
	if (!m) return null;
	const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [
		number,
		number,
		number,
		number,
		number,
		number,
	];
	return Date.UTC(y, mo - 1, d, h, mi, s) * 1000 + Number(m[7]);
}

function read(file: string): { seen: Seen[]; text: string } {
	const text = readFileSync(join(dir, file), 'utf8');
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const expected = JSON.parse(readFileSync(join(dir, `${file}.expected.json`), 'utf8')) as {
		format: string;
		messages: ExpectedMessage[];
	};
	const keys = new Set<string>();
	const seen = expected.messages.map((e): Seen => {
		const headers = headersAt(lines, e.line);
		const via = (headers.get('via') ?? '').split(',')[0]!;
		const sentBy = via.split(';')[0]!.trim().toLowerCase();
		const branch = /;\s*branch=([^;\s]+)/i.exec(via)?.[1] ?? '';
		const cseq = (headers.get('cseq') ?? '').split(/\s+/);
		const toTag = /;\s*tag=([^;\s]+)/i.exec(headers.get('to') ?? '')?.[1] ?? '';
		const key = [
			e.method ?? e.status,
			headers.get('call-id'),
			...cseq,
			sentBy,
			branch,
			e.method ? '' : toTag,
		].join(' ');
		const copy = keys.has(key);
		keys.add(key);
		return {
			...e,
			headers,
			cseqMethod: (cseq[1] ?? '?').toUpperCase(),
			copy,
			micros: expected.format === 'sngrep' ? sngrepMicros(lines[e.line - 1]) : null,
			forwarded: false,
		};
	});
	const hop = (m: Seen, via: string | undefined) =>
		`${via} ${m.headers.get('call-id')} ${m.headers.get('cseq')}`;
	const vias = seen.map((m) => viasAt(lines, m.line));
	const received = new Set(seen.flatMap((m, i) => (m.method ? [hop(m, vias[i]![0])] : [])));
	for (const [i, m] of seen.entries())
		m.forwarded = m.method !== null && vias[i]!.length > 1 && received.has(hop(m, vias[i]![1]));
	return { seen, text };
}

/**
 * The traces whose expected `line` is the message's start line, its headers on the lines after
 * at the margin (a collector's printout has its column before them; its messages are its log's).
 */
const fixtures = readdirSync(dir)
	.filter((f) => f.endsWith('.expected.json'))
	.map((f) => f.slice(0, -'.expected.json'.length))
	.filter((f) => !isCollectorPrintout(f))
	.filter((f) => {
		const { format } = JSON.parse(readFileSync(join(dir, `${f}.expected.json`), 'utf8')) as {
			format: string;
		};
		return ['raw', 'sngrep', 'sipp', 'sipdump', 'baresip', 'bellesip'].includes(format);
	});

test('the fixtures checked here cover every story, and some keep retransmissions', () => {
	const stories = new Set(fixtures.map((f) => f.split('.')[0]));
	assert.ok(stories.size >= 14, [...stories].join(', '));
	assert.ok(
		fixtures.some((f) => read(f).seen.some((m) => m.copy)),
		'a fixture with a retransmission',
	);
});

const count = <T>(list: readonly T[], key: (t: T) => string | null): Map<string, number> => {
	const out = new Map<string, number>();
	for (const t of list) {
		const k = key(t);
		if (k !== null) out.set(k, (out.get(k) ?? 0) + 1);
	}
	return out;
};

/** The statistics' own figures in the shapes counted here. */
function byMethod(stats: TraceStatistics) {
	const requests = new Map<string, number>();
	const resent = new Map<string, number>();
	const responses = new Map<string, number>();
	const responsesResent = new Map<string, number>();
	for (const m of stats.methods) {
		if (m.requests) requests.set(m.method, m.requests);
		if (m.retransmissions) resent.set(m.method, m.retransmissions);
		for (const r of m.responses) {
			if (r.count) responses.set(`${m.method} ${r.status}`, r.count);
			if (r.retransmissions) responsesResent.set(`${m.method} ${r.status}`, r.retransmissions);
		}
	}
	return { requests, resent, responses, responsesResent };
}

for (const file of fixtures)
	test(`requests by method and responses by status, copies apart: ${file}`, () => {
		const { seen, text } = read(file);
		const stats = traceStatistics(analyzeTrace(text));
		assert.equal(stats.messages.total, seen.length);
		assert.equal(stats.messages.retransmissions, seen.filter((m) => m.copy).length);
		const got = byMethod(stats);
		const requests = seen.filter((m) => m.method !== null);
		const responses = seen.filter((m) => m.method === null);
		assert.deepEqual(
			got.requests,
			count(requests, (m) => (m.copy ? null : m.method)),
		);
		assert.deepEqual(
			got.resent,
			count(requests, (m) => (m.copy ? m.method : null)),
		);
		assert.deepEqual(
			got.responses,
			count(responses, (m) => (m.copy ? null : `${m.cseqMethod} ${m.status}`)),
		);
		assert.deepEqual(
			got.responsesResent,
			count(responses, (m) => (m.copy ? `${m.cseqMethod} ${m.status}` : null)),
		);
	});

/** The first final response to each distinct request, by the trace's time where it has one. */
function finals(seen: readonly Seen[]): Map<number, Seen> {
	const out = new Map<number, Seen>();
	for (const r of seen) {
		if (r.method !== null || r.copy || (r.status ?? 0) < 200 || r.links.request === null) continue;
		const before = out.get(r.links.request);
		if (!before || (r.micros !== null && before.micros !== null && r.micros < before.micros))
			out.set(r.links.request, r);
	}
	return out;
}

for (const file of fixtures.filter((f) => f.endsWith('.sngrep.txt')))
	test(`answered requests and response times from sngrep's own times: ${file}`, () => {
		const { seen, text } = read(file);
		const stats = traceStatistics(analyzeTrace(text));
		const final = finals(seen);
		const requests = seen.filter((m) => m.method !== null && m.method !== 'ACK' && !m.copy);
		for (const method of new Set(requests.map((m) => m.method!))) {
			const mine = requests.filter((m) => m.method === method);
			const delays = mine.flatMap((m) => {
				const f = final.get(m.index);
				return f ? [f.micros! - m.micros!] : [];
			});
			const got = stats.methods.find((m) => m.method === method)!;
			assert.equal(got.answered, delays.length, method);
			assert.equal(got.unanswered, mine.length - delays.length, method);
			const sorted = [...delays].sort((a, b) => a - b);
			const half = sorted.length / 2;
			const median =
				sorted.length % 2 ? sorted[Math.floor(half)]! : (sorted[half - 1]! + sorted[half]!) / 2;
			assert.deepEqual(
				got.responseTime && [
					got.responseTime.samples,
					got.responseTime.min,
					got.responseTime.median,
					got.responseTime.max,
				],
				[delays.length, sorted[0], median, sorted.at(-1)],
				method,
			);
			// Nearest rank: the smallest delay with at least 95% of them at or under it.
			const p95 = sorted.find((d) => sorted.filter((e) => e <= d).length >= 0.95 * sorted.length);
			assert.equal(got.responseTime?.p95 ?? null, sorted.length >= 20 ? p95 : null, method);
		}
		const times = seen.map((m) => m.micros!);
		assert.equal(stats.span?.durationMicros, Math.max(...times) - Math.min(...times));
		assert.equal(stats.methods.find((m) => m.method === 'ACK')?.answered ?? null, null);
	});

test('a 95th percentile from 20 samples on, by nearest rank', () => {
	const samples = Array.from({ length: 40 }, (_, i) => (i * 37) % 40);
	assert.equal(durations(samples)?.p95, 37); // the 38th of 0..39
	assert.equal(durations(samples.slice(0, 19))?.p95, null);
	assert.equal(durations([]), null);
});

const packageOf = (m: Seen): string =>
	(m.headers.get('event') ?? '').split(';')[0]!.trim().toLowerCase();

for (const file of fixtures)
	test(`subscriptions, publications and challenges: ${file}`, () => {
		const { seen, text } = read(file);
		const stats = traceStatistics(analyzeTrace(text));
		const first = seen.filter((m) => !m.copy);

		// NOTIFYs per subscription, terminations and their reasons, from the Subscription-State
		// of the first terminated NOTIFY of each.
		// A NOTIFY whose SUBSCRIBE is not in the trace (a log of what an agent received) belongs to
		// a subscription that predates it, known by its dialog and event (RFC 6665 §4.4.1).
		const notifies = first.filter((m) => m.method === 'NOTIFY');
		const bySubscription = new Map<string, Seen[]>();
		const tag = (value: string | undefined) => /;\s*tag=([^;\s]+)/i.exec(value ?? '')?.[1] ?? '';
		// A request seen at two hops (a proxy's copy has the same Call-ID, From tag and CSeq): one
		// subscription, whichever hop's copy a NOTIFY names.
		const requestKey = (i: number): string => {
			const m = seen.find((q) => q.index === i)!;
			return [m.headers.get('call-id'), tag(m.headers.get('from')), m.headers.get('cseq')].join(
				' ',
			);
		};
		for (const n of notifies) {
			const key =
				n.links.subscription !== null
					? `subscribe ${requestKey(n.links.subscription)}`
					: [
							n.headers.get('call-id'),
							tag(n.headers.get('from')),
							tag(n.headers.get('to')),
							n.headers.get('event'),
						].join(' ');
			bySubscription.set(key, [...(bySubscription.get(key) ?? []), n]);
		}
		// A log of what the notifier received alone (Kamailio's dbg_sip_msg() in request_route and
		// reply_route) holds the SUBSCRIBEs and the 200s to its NOTIFYs, not the NOTIFYs: each
		// initial SUBSCRIBE (no To tag) that no final error answered is a subscription, none seen
		// to end.
		if (notifies.length === 0) {
			const initial = first.filter(
				(m) =>
					m.method === 'SUBSCRIBE' &&
					!/;\s*tag=/i.test(m.headers.get('to') ?? '') &&
					!first.some((r) => r.links.request === m.index && (r.status ?? 0) >= 300),
			);
			const want = new Map<string, number>();
			for (const m of initial) want.set(packageOf(m), (want.get(packageOf(m)) ?? 0) + 1);
			assert.deepEqual(new Map(stats.subscriptions.map((s) => [s.event, s.subscriptions])), want);
			for (const s of stats.subscriptions)
				assert.deepEqual([s.notifies, s.terminated], [0, 0], s.event);
		}
		for (const s of notifies.length === 0 ? [] : stats.subscriptions) {
			const mine = [...bySubscription.values()].filter((list) => packageOf(list[0]!) === s.event);
			// A notifier sends a NOTIFY at once for each subscription it accepts (RFC 6665 §4.2.1).
			assert.equal(s.subscriptions, mine.length, s.event);
			// Counted as the notifier sent them; a proxy's forwarded copies apart.
			const sent = mine.map((list) => list.filter((n) => !n.forwarded).length);
			assert.equal(
				s.notifies,
				sent.reduce((n, k) => n + k, 0),
				s.event,
			);
			assert.equal(s.maxNotifies, Math.max(0, ...sent), s.event);
			assert.equal(
				s.forwarded,
				mine.reduce((n, list) => n + list.filter((m) => m.forwarded).length, 0),
				s.event,
			);
			const reasons = mine.flatMap((list) => {
				const end = list.find((n) =>
					/^terminated\b/i.test(n.headers.get('subscription-state') ?? ''),
				);
				return end
					? [
							/;\s*reason=([^;\s]+)/i
								.exec(end.headers.get('subscription-state')!)?.[1]
								?.toLowerCase() ?? null,
						]
					: [];
			});
			assert.equal(s.terminated, reasons.length, s.event);
			const want = new Map<string | null, number>();
			for (const r of reasons) want.set(r, (want.get(r) ?? 0) + 1);
			assert.deepEqual(new Map(s.reasons.map((r) => [r.reason, r.count])), want, s.event);
		}
		if (notifies.length > 0)
			assert.deepEqual(
				new Set(stats.subscriptions.map((s) => s.event)),
				new Set([...bySubscription.values()].map((list) => packageOf(list[0]!))),
			);

		// PUBLISH: what each asked (RFC 3903 §4.1) and its final response.
		const publishes = first.filter((m) => m.method === 'PUBLISH' && !m.forwarded);
		const final = finals(seen);
		const events = new Set(publishes.map((p) => packageOf(p) || 'presence'));
		assert.deepEqual(new Set(stats.publications.map((p) => p.event)), events);
		for (const event of events) {
			const mine = publishes.filter((p) => (packageOf(p) || 'presence') === event);
			const got = stats.publications.find((p) => p.event === event)!;
			const length = (p: Seen) => Number(p.headers.get('content-length') ?? 0);
			const removal = (p: Seen) => p.headers.get('expires') === '0';
			const ifMatch = (p: Seen) => p.headers.has('sip-if-match');
			const status = (p: Seen) => final.get(p.index)?.status ?? null;
			const accepted = (p: Seen) => (status(p) ?? 0) >= 200 && status(p)! < 300;
			assert.deepEqual(
				[got.publishes, got.removed, got.initial, got.modified, got.refreshed],
				[
					mine.length,
					mine.filter(removal).length,
					mine.filter((p) => !removal(p) && !ifMatch(p)).length,
					mine.filter((p) => !removal(p) && ifMatch(p) && length(p) > 0).length,
					mine.filter((p) => !removal(p) && ifMatch(p) && length(p) === 0).length,
				],
				event,
			);
			assert.deepEqual(
				[got.accepted, got.conditionFailed, got.challenged, got.unanswered, got.refused],
				[
					mine.filter(accepted).length,
					mine.filter((p) => status(p) === 412).length,
					mine.filter((p) => status(p) === 401 || status(p) === 407).length,
					mine.filter((p) => status(p) === null).length,
					mine.filter((p) => (status(p) ?? 0) >= 300 && ![401, 407, 412].includes(status(p)!))
						.length,
				],
				event,
			);
			// A publication starts with an accepted PUBLISH that names no entity-tag of the trace.
			const started = mine.filter(
				(p) => accepted(p) && !removal(p) && (!ifMatch(p) || p.links.publication === null),
			);
			assert.equal(got.publications, started.length, event);
		}

		// Challenges, and those a request re-sent with credentials answers.
		// A challenge to a forwarded request is counted once, as the proxy relays it upstream.
		const challenges = first.filter(
			(m) =>
				(m.status === 401 || m.status === 407) &&
				!(m.links.request !== null && seen[m.links.request]?.forwarded),
		);
		const answered = new Set(seen.map((m) => m.links.challenge).filter((c) => c !== null));
		assert.deepEqual(
			stats.challenges.map((c) => [c.status, c.count, c.answered]),
			[401, 407].flatMap((status) => {
				const mine = challenges.filter((c) => c.status === status);
				return mine.length
					? [[status, mine.length, mine.filter((c) => answered.has(c.index)).length]]
					: [];
			}),
		);
	});

// A REGISTER and its 200, each under a header line stamped `a` and `b`.
const registerMessage = (first: string, rest: string[]) =>
	[first, ...rest, 'Content-Length: 0', '', ''].join('\r\n');
const registerHeaders = (tag: string) => [
	'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-r1',
	'From: <sip:alice@example.com>;tag=a1',
	`To: <sip:alice@example.com>${tag}`,
	'Call-ID: r1@192.0.2.1',
	'CSeq: 1 REGISTER',
];
const trace = (a: string, b: string) =>
	`${a} 192.0.2.1:5060 -> 192.0.2.2:5060\n${registerMessage('REGISTER sip:example.com SIP/2.0', [...registerHeaders(''), 'Max-Forwards: 70', 'Contact: <sip:alice@192.0.2.1>'])}` +
	`${b} 192.0.2.2:5060 -> 192.0.2.1:5060\n${registerMessage('SIP/2.0 200 OK', [...registerHeaders(';tag=r'), 'Contact: <sip:alice@192.0.2.1>;expires=60'])}`;

test('response times between times written to the second: a delay under the second is said `< 1 s`, not 0.00 ms', () => {
	// Asterisk's full log stamps its lines `[Nov 15 16:39:57]`: the REGISTER and its 200 both.
	const timed = (a: string, b: string) =>
		traceStatistics(analyzeTrace(trace(a, b))).methods.find((m) => m.method === 'REGISTER')!
			.responseTime!;
	const seconds = timed('2026-11-15 16:39:57', '2026-11-15 16:39:57');
	assert.deepEqual([seconds.max, seconds.tick], [0, 1_000_000]);
	const text = statisticsText(
		traceStatistics(analyzeTrace(trace('2026-11-15 16:39:57', '2026-11-15 16:39:57'))),
	);
	assert.match(text, /REGISTER +1 +< 1 s +< 1 s +- +< 1 s/);
	// Microseconds: the delay as measured.
	const fine = timed('2026-11-15 16:39:57.000100', '2026-11-15 16:39:57.000450');
	assert.deepEqual([fine.max, fine.tick], [350, 1]);
	assert.match(
		statisticsText(
			traceStatistics(
				analyzeTrace(trace('2026-11-15 16:39:57.000100', '2026-11-15 16:39:57.000450')),
			),
		),
		/REGISTER +1 +0\.35 ms/,
	);
});

test('the summary counts in words that agree with the figures: one request, one response', () => {
	const text = statisticsText(
		traceStatistics(analyzeTrace(trace('2026-11-15 16:39:57', '2026-11-15 16:39:58'))),
	);
	assert.match(text, /^2 messages: 1 request, 1 response; 0 of them retransmissions or copies/);
});
