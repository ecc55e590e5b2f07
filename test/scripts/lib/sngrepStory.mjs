// The messages of a real story as sngrep exported them (test/fixtures/real/*.sngrep.txt), for
// the scripts that render them in another producer's record shape (render-*-variants.mjs).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const real = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'real');

/**
 * A story's sngrep export: a header line (`2026/11/24 22:42:05.356310 a:p -> b:p`) per message,
 * the message with CRLF line ends, its body as long as its Content-Length. `micros` is the six
 * digits sngrep wrote; `epochMicros` the capture time in microseconds since the epoch (UTC).
 */
export function sngrepMessages(file) {
	const sngrep = readFileSync(join(real, file), 'utf8');
	const heading = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d:\d\d:\d\d)\.(\d{6}) (\S+) -> (\S+)$/gm;
	const heads = [...sngrep.matchAll(heading)];
	return heads.map((m, i) => {
		const from = m.index + m[0].length + 1;
		const to = i + 1 < heads.length ? heads[i + 1].index : sngrep.length;
		const text = sngrep.slice(from, to);
		const headEnd = text.indexOf('\r\n\r\n');
		const length = Number(/^Content-Length: *(\d+)/im.exec(text.slice(0, headEnd))[1]);
		const [h, mi, s] = m[4].split(':').map(Number);
		return {
			id: i,
			date: `${m[1]}-${m[2]}-${m[3]}`,
			time: m[4],
			micros: m[5],
			epochMicros:
				Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), h, mi, s) * 1000 + Number(m[5]),
			src: m[6],
			dst: m[7],
			raw: text.slice(0, headEnd + 4 + length),
		};
	});
}

/**
 * Andrew's subscription and Linda's publications, in time order: SUBSCRIBE, 200, NOTIFY (no state
 * yet), 200, PUBLISH, 407, PUBLISH with credentials, 200 with SIP-ETag, the NOTIFY carrying it,
 * 200, the refresh PUBLISH with SIP-If-Match, 200; `ids` gives their positions in the export, in
 * that order. The links are the story's, by those positions: a response's request, a NOTIFY's
 * SUBSCRIBE, the retry's 407, a NOTIFY's last accepted PUBLISH of the presentity and a refresh
 * PUBLISH's PUBLISH whose 2xx gave its SIP-If-Match.
 */
export function presenceStory(file, ids) {
	const all = sngrepMessages(file);
	const [subscribe, ok1, notify, ok2, publish, challenge, retry, ok3, state, ok4, refresh, ok5] =
		ids;
	return {
		messages: ids.map((i) => all[i]).sort((a, b) => a.epochMicros - b.epochMicros),
		answers: {
			[ok1]: subscribe,
			[ok2]: notify,
			[challenge]: publish,
			[ok3]: retry,
			[ok4]: state,
			[ok5]: refresh,
		},
		subscriptionOf: { [notify]: subscribe, [state]: subscribe },
		challengeOf: { [retry]: challenge },
		publicationOf: { [state]: retry, [refresh]: retry },
	};
}

/** A message's start line, and whether it is a response. */
export const startLine = (raw) => raw.slice(0, raw.indexOf('\r\n'));
export const isResponse = (raw) => raw.startsWith('SIP/2.0 ');

/**
 * What a producer's record said of story message `m` (its printf: time, peer, transport, direction),
 * and its links in the story, by the `position` (index in the rendered file) of each message
 * rendered so far. A record that names both ends (`src`, `dst`) or its direction says so itself;
 * else the peer is the source of what the logging host received (`inbound`) and the destination of
 * what it sent. `copy`, `cut` and `faults` are passed on for the tests.
 */
export function storyExpectation(
	m,
	inbound,
	record,
	line,
	{ answers, subscriptionOf, publicationOf, challengeOf },
	position,
) {
	const at = (table) => (m.id in table ? position.get(table[m.id]) : null);
	const start = startLine(m.raw);
	return {
		line,
		start,
		method: isResponse(m.raw) ? null : start.split(' ')[0],
		status: isResponse(m.raw) ? Number(start.split(' ')[1]) : null,
		time: record.time,
		src: 'src' in record ? record.src : inbound ? record.peer : null,
		dst: 'dst' in record ? record.dst : inbound ? null : record.peer,
		direction: 'direction' in record ? record.direction : inbound ? 'in' : 'out',
		transport: record.transport,
		links: {
			request: at(answers),
			subscription: at(subscriptionOf),
			publication: at(publicationOf),
			challenge: at(challengeOf),
		},
		...(record.copy ? { copy: true } : {}),
		...(record.cut ? { cut: true } : {}),
		...(record.faults ? { faults: record.faults } : {}),
	};
}
