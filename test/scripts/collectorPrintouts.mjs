// Helpers of make-collector-printouts.sh: a log as a container runtime prints it, a log cut into
// the records a program hands to syslog(3), and the expected messages of a collector's printout,
// taken from those of the log it printed.
//
//   node collectorPrintouts.mjs container docker|compose|kubectl|docker-json LOG OUT
//     `docker logs -t` (each line after its RFC 3339 stamp, nanoseconds, `Z`), `docker compose
//     logs` (`kamailio-1  | `), `kubectl logs --prefix --timestamps` (`[pod/pbx-0/baresip] ` and
//     the stamp); docker-json: the file Docker's json-file driver writes
//     (`{"log":"...\r\n","stream":"stdout","time":"..."}`, Go's escapes). The stamps go up by a
//     millisecond a line from 2026-12-04T18:00:00Z.
//   node collectorPrintouts.mjs records LOG
//     Kamailio's log cut into its records (a record starts at ` 2(16092) INFO: `; the message an
//     xlog call logged is in the record), each written with a NUL after it, as Kamailio hands it
//     to syslog(3): without the process number and id before it.
//   node collectorPrintouts.mjs cloudwatch detailed|short PRINTOUT OUT [SERVICE=STREAM ...]
//     `aws logs tail` (`--format detailed`, its default, or `short`) of the log PRINTOUT, sent to
//     CloudWatch Logs by Docker's awslogs driver (ECS): an event a line, none for an empty line
//     (the driver sends none), each printed as aws-cli's formatter prints it, the white space at
//     its end stripped (its `rstrip()`); `detailed`: the time in UTC with microseconds and
//     `+00:00`, then the log stream; `short`: the time to the second. With SERVICE=STREAM pairs,
//     PRINTOUT is a Compose printout (above) and each service's lines are a log stream of that
//     name. The events' times go up by a millisecond a line (CloudWatch keeps milliseconds) from
//     2026-12-04T18:00:00Z. OUT.expected.json: PRINTOUT's, each message at its line in OUT.
//   node collectorPrintouts.mjs kubetail PRINTOUT OUT SERVICE=POD ...
//     kubetail's printout (`kubetail pod-a,pod-b`, its default colours) of a Compose printout's
//     services (above), each service's lines a pod's: first `Will tail N logs...` and each pod's
//     name in its colour, then each line as its `while read line; do echo "[pod] $line "` writes
//     it, in the pod's colour (`tput setaf N`, N from 1) up to `tput sgr0` (`ESC ( B ESC [ m`)
//     after that space; bash's `read` takes the white space off the line's ends, and each
//     backslash off the character after it. OUT.expected.json: PRINTOUT's, each message at its
//     line in OUT.
//   node collectorPrintouts.mjs expected LOG OUT
//     OUT.expected.json from LOG.expected.json: the same messages and links, each at the line of
//     OUT that ends with its start line (found in order; terminal colours and CRs aside), without
//     the capture's time (a collector dates a line when it took it in).
import { readFileSync, writeFileSync } from 'node:fs';

const [mode, ...args] = process.argv.slice(2);

const lines = (text) => text.split('\n');
// eslint-disable-next-line no-control-regex -- terminal colours are what is left out
const plain = (line) => line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r$/, '');

function stamp(i) {
	const ms = Date.UTC(2026, 11, 4, 18, 0, 0) + i;
	// Docker's RFC3339NanoFixed: nine fraction digits.
	return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, f) => `.${f}000000Z`);
}

/** A JSON string as Go's encoding/json writes it (its HTML-safe default: `<`, `>`, `&` escaped). */
function goString(value) {
	let out = '"';
	for (const c of value) {
		const code = c.codePointAt(0);
		if (c === '"' || c === '\\') out += `\\${c}`;
		else if (c === '\n') out += '\\n';
		else if (c === '\r') out += '\\r';
		else if (c === '\t') out += '\\t';
		else if (code < 0x20 || '<>&\u2028\u2029'.includes(c))
			out += `\\u${code.toString(16).padStart(4, '0')}`;
		else out += c;
	}
	return `${out}"`;
}

if (mode === 'container') {
	const [kind, log, out] = args;
	const text = readFileSync(log, 'utf8');
	// A log that ends with a line end has no line after it.
	const body = text.endsWith('\n') ? text.slice(0, -1) : text;
	if (kind === 'docker-json') {
		// The json-file driver: a line of output (its LF kept) an object, the time RFC 3339 with
		// nanoseconds, trailing zeros left out (Go's time.RFC3339Nano).
		const objects = body.split('\n').map((l, i, all) => {
			const log = `${l}${i < all.length - 1 || text.endsWith('\n') ? '\n' : ''}`;
			const stream = i % 5 ? 'stdout' : 'stderr';
			const time = stamp(i).replace(/\.?0+Z$/, 'Z');
			return `{"log":${goString(log)},"stream":"${stream}","time":"${time}"}`;
		});
		writeFileSync(out, `${objects.join('\n')}\n`);
		process.exit(0);
	}
	const column = {
		docker: (i) => `${stamp(i)} `,
		compose: () => 'kamailio-1  | ',
		kubectl: (i) => `[pod/pbx-0/baresip] ${stamp(i)} `,
	}[kind];
	if (!column) throw new Error(`unknown kind ${kind}`);
	writeFileSync(
		out,
		`${lines(body)
			.map((l, i) => column(i) + l)
			.join('\n')}\n`,
	);
} else if (mode === 'interleaved') {
	// Two services' logs as `docker compose logs` prints them while both write: each line after
	// its service's column (the names padded to the longest one and a space, Compose's
	// `%-*s | `), the two services' lines taking turns a few lines at a time, as the two
	// containers' streams were read.
	const [log1, name1, log2, name2, out] = args;
	const width = Math.max(name1.length, name2.length) + 1;
	const of = (log, name) => {
		const text = readFileSync(log, 'utf8');
		return lines(text.endsWith('\n') ? text.slice(0, -1) : text).map(
			(l) => `${name.padEnd(width)} | ${l}`,
		);
	};
	const streams = [of(log1, name1), of(log2, name2)];
	const at = [0, 0];
	const printed = [];
	// Runs of 1 to 4 lines, from a fixed seed: the same printout each time.
	let seed = 7;
	for (let turn = 0; at[0] < streams[0].length || at[1] < streams[1].length; turn ^= 1) {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		const run = 1 + ((seed >> 16) % 4);
		const s = streams[turn];
		for (let k = 0; k < run && at[turn] < s.length; k++) printed.push(s[at[turn]++]);
	}
	writeFileSync(out, `${printed.join('\n')}\n`);
} else if (mode === 'cloudwatch') {
	const [format, printout, out, ...pairs] = args;
	const streams = new Map(pairs.map((p) => p.split('=')));
	const text = readFileSync(printout, 'utf8');
	const source = lines(text.endsWith('\n') ? text.slice(0, -1) : text);
	const printed = [];
	// Each line of PRINTOUT's place in OUT (-1: no event).
	const placed = source.map((line) => {
		let stream = 'kamailio';
		let message = line;
		if (streams.size > 0) {
			const m = /^(\S+) +\| ([^]*)$/.exec(line);
			if (!m || !streams.has(m[1])) throw new Error(`no service's line: ${line}`);
			stream = streams.get(m[1]);
			message = m[2];
		}
		if (message.length === 0) return -1;
		const ms = Date.UTC(2026, 11, 4, 18, 0, 0) + printed.length;
		const iso = new Date(ms).toISOString();
		// Python's datetime.isoformat(timespec='microseconds') of a UTC time; strftime's seconds.
		const event =
			format === 'detailed'
				? `${iso.replace(/Z$/, '000+00:00')} ${stream} ${message}`
				: `${iso.slice(0, 19)} ${message}`;
		printed.push(event.trimEnd());
		return printed.length - 1;
	});
	writeFileSync(out, `${printed.join('\n')}\n`);
	const expected = JSON.parse(readFileSync(`${printout}.expected.json`, 'utf8'));
	for (const message of expected.messages) {
		message.line = placed[message.line];
		if (message.line < 0) throw new Error(`message ${message.index}: its start line is empty`);
		delete message.time;
	}
	writeFileSync(`${out}.expected.json`, `${JSON.stringify(expected, null, '\t')}\n`);
} else if (mode === 'kubetail') {
	const [printout, out, ...pairs] = args;
	const pods = new Map(pairs.map((p) => p.split('=')));
	const reset = '\x1b(B\x1b[m';
	const colour = new Map([...pods.values()].map((pod, i) => [pod, `\x1b[3${i + 1}m`]));
	const text = readFileSync(printout, 'utf8');
	const source = lines(text.endsWith('\n') ? text.slice(0, -1) : text);
	const printed = [`Will tail ${pods.size} logs...`];
	for (const pod of pods.values()) printed.push(`${colour.get(pod)}${pod}${reset}`);
	const placed = source.map((line) => {
		const m = /^(\S+) +\| ([^]*)$/.exec(line);
		if (!m || !pods.has(m[1])) throw new Error(`no service's line: ${line}`);
		const pod = pods.get(m[1]);
		// `read line`: IFS's white space (space, tab) off both ends, `\x` read as `x`.
		const read = m[2].replace(/^[ \t]+|[ \t]+$/g, '').replace(/\\(.)/g, '$1');
		printed.push(`${colour.get(pod)}[${pod}] ${read} ${reset}`);
		return printed.length - 1;
	});
	writeFileSync(out, `${printed.join('\n')}\n`);
	const expected = JSON.parse(readFileSync(`${printout}.expected.json`, 'utf8'));
	for (const message of expected.messages) {
		message.line = placed[message.line];
		delete message.time;
	}
	writeFileSync(`${out}.expected.json`, `${JSON.stringify(expected, null, '\t')}\n`);
} else if (mode === 'records') {
	const [log] = args;
	const records = [];
	for (const line of lines(readFileSync(log, 'utf8'))) {
		// Kamailio writes its process number and id before a line on stderr only: syslog's
		// record names the process itself (`kamailio[812]: INFO: <script>: ...`).
		const head = /^ *\d+\(\d+\) (?=[A-Z]+: )/.exec(line);
		if (head || records.length === 0) records.push([line.slice(head?.[0].length ?? 0)]);
		else records[records.length - 1].push(line);
	}
	process.stdout.write(records.map((r) => `${r.join('\n')}\0`).join(''));
} else if (mode === 'expected') {
	const [log, out] = args;
	const source = lines(readFileSync(log, 'utf8'));
	// Docker's log file: each line's string, as JSON reads it; the journal's JSON: each record's
	// MESSAGE (its octets read as UTF-8 where it is an array), a message of a record of several
	// lines at the line of its object.
	// Each printed line's own lines (a journal record's several). The journal shown field by
	// field (`-o verbose`): the MESSAGE's lines only, not another field's (SYSLOG_RAW repeats it).
	let field = '';
	const printed = lines(readFileSync(out, 'utf8')).map((line) => {
		const named = /^ {4}([A-Z0-9_]+)=/.exec(line);
		if (named) field = named[1];
		else if (!line.startsWith('     ')) field = '';
		if (field !== '' && field !== 'MESSAGE') return [];
		if (line.startsWith('{"log":"')) return [plain(JSON.parse(line).log.replace(/\n$/, ''))];
		if (!/^\{.*"MESSAGE":/.test(line)) return [plain(line)];
		const text = JSON.parse(line).MESSAGE;
		const record = Array.isArray(text) ? Buffer.from(text).toString('utf8') : (text ?? '');
		return record.split('\n').map(plain);
	});
	const expected = JSON.parse(readFileSync(`${log}.expected.json`, 'utf8'));
	let from = 0;
	for (const message of expected.messages) {
		const start = plain(source[message.line]);
		if (!start) throw new Error(`no start line for message ${message.index}`);
		let at = from;
		while (at < printed.length && !printed[at].some((l) => l.endsWith(start))) at++;
		if (at === printed.length) throw new Error(`message ${message.index} not printed: ${start}`);
		message.line = at;
		delete message.time;
		from = at + 1;
	}
	writeFileSync(`${out}.expected.json`, `${JSON.stringify(expected, null, '\t')}\n`);
} else if (mode === 'expected-interleaved') {
	// OUT.expected.json of an interleaved printout (above): both logs' messages, each at the line of
	// OUT with its service's column that ends with its start line, in the order of those lines,
	// their links renumbered.
	const [log1, name1, log2, name2, out] = args;
	const printed = lines(readFileSync(out, 'utf8'));
	const placed = [];
	for (const [log, name] of [
		[log1, name1],
		[log2, name2],
	]) {
		const source = lines(readFileSync(log, 'utf8'));
		const expected = JSON.parse(readFileSync(`${log}.expected.json`, 'utf8'));
		const column = new RegExp(`^${name} +\\| `);
		let from = 0;
		const mine = expected.messages.map((message) => {
			const start = plain(source[message.line]);
			let at = from;
			while (
				at < printed.length &&
				!(column.test(printed[at]) && plain(printed[at]).endsWith(start))
			)
				at++;
			if (at === printed.length) throw new Error(`${name} ${message.index} not printed: ${start}`);
			from = at + 1;
			const placed = { ...message, line: at };
			delete placed.time;
			return placed;
		});
		placed.push({ format: expected.format, messages: mine });
	}
	// Each log's indexes, renumbered in the order of the printed lines.
	const all = placed.flatMap((p, log) => p.messages.map((m) => ({ m, log })));
	all.sort((a, b) => a.m.line - b.m.line);
	const renumber = placed.map(() => new Map());
	all.forEach(({ m, log }, i) => renumber[log].set(m.index, i));
	const messages = all.map(({ m, log }, i) => {
		const r = (n) => (n === null ? null : renumber[log].get(n));
		const links = Object.fromEntries(
			Object.entries(m.links).map(([k, v]) => [k, Array.isArray(v) ? v.map(r) : r(v)]),
		);
		return { ...m, index: i, links };
	});
	// The format most of its messages are in; where as many, the first message's.
	const [a, b] = placed;
	const format =
		a.messages.length === b.messages.length
			? placed[all[0].log].format
			: a.messages.length > b.messages.length
				? a.format
				: b.format;
	writeFileSync(`${out}.expected.json`, `${JSON.stringify({ format, messages }, null, '\t')}\n`);
} else {
	throw new Error(
		'usage: collectorPrintouts.mjs container|interleaved|cloudwatch|kubetail|records|expected ...',
	);
}
