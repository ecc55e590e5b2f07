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
	// Each printed line's own lines (a journal record's several).
	const printed = lines(readFileSync(out, 'utf8')).map((line) => {
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
} else {
	throw new Error('usage: collectorPrintouts.mjs container|records|expected ...');
}
