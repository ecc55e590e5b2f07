// Prints real messages with the installed ngrep (1.47 in Debian bookworm) in the shapes of its
// `dump_packet` (ngrep.c) that other runs give: `-N` (the IP protocol's number after the letter,
// `U(17) `), and a datagram larger than the link's MTU, which reaches ngrep as IP fragments that it
// does not reassemble: it prints each fragment as a packet of its own, the first with the UDP
// ports, the next ones without (no UDP header) and with `+id@offset:length`:
//   printf("\n%c", ident); if (show_proto) printf("(%u)", proto); printf(" "); print_time(h);
//   printf("%s:%u -> %s:%u", ...) or, without ports, printf("%s -> %s", ip_src, ip_dst);
//   if (frag) printf(" %s%u@%u:%u", frag_offset ? "+" : "", frag_id, frag_offset, len);
//   Debian's 1.47 adds " #%u", the packet's number;
// then `-W byline` prints the payload (each CR as `.`) and a line end, so a fragment that ends
// inside a line leaves that line cut in two, with a blank line and the next packet line between.
// Without `-q` ngrep prints a `#` for every packet it reads, before the packet's line end.
//
// The messages are the real ones of test/fixtures/real/presence-story.sngrep.txt (sngrep's own
// export of the capture: time, addresses and payload, CRLF as sent), put in time order in a pcap
// (Ethernet, IPv4, UDP; fragmented at the given MTU as a sender's IP layer would), read by ngrep
// with TZ=UTC. Writes test/fixtures/formats/source/ngrep-<variant>.txt and <file>.expected.json:
// each message's 0-based start line (the line after its first fragment's packet line), time,
// addresses, method or status, the links of the story, computed from the messages' own headers
// (not by the analyser), and the body as sent.
// Usage: node test/scripts/render-ngrep-variants.mjs   (needs ngrep)
import { readFileSync, writeFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'test', 'fixtures', 'formats', 'source');
const exported = readFileSync(
	join(root, 'test', 'fixtures', 'real', 'presence-story.sngrep.txt'),
	'latin1',
);

// sngrep's records: `%s %s %s -> %s\n%s\n\n` (date, time, source, destination, payload).
const recordLine =
	/^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6}) (\S+):(\d+) -> (\S+):(\d+)$/gm;
const heads = [...exported.matchAll(recordLine)];
const messages = heads
	.map((m, i) => {
		const from = m.index + m[0].length + 1;
		const to = i + 1 < heads.length ? heads[i + 1].index : exported.length;
		const payload = exported.slice(from, to).replace(/\n\n$/, '');
		const seconds = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000;
		return {
			seconds,
			micros: +m[7],
			time: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}`,
			src: `${m[8]}:${m[9]}`,
			dst: `${m[10]}:${m[11]}`,
			srcIp: m[8],
			dstIp: m[10],
			srcPort: +m[9],
			dstPort: +m[11],
			payload: Buffer.from(payload, 'latin1'),
		};
	})
	.sort((a, b) => a.seconds - b.seconds || a.micros - b.micros);

// --- the capture -----------------------------------------------------------------------------
const le32 = (n) => {
	const b = Buffer.alloc(4);
	b.writeUInt32LE(n >>> 0);
	return b;
};
function checksum(header) {
	let sum = 0;
	for (let i = 0; i < header.length; i += 2) sum += header.readUInt16BE(i);
	while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
	return ~sum & 0xffff;
}
/** The pcap, and per message the number of the packet that carries its first octets (from 1). */
function capture(mtu) {
	const parts = [Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex')];
	const first = [];
	let packet = 0;
	let id = 4700;
	for (const m of messages) {
		const udp = Buffer.alloc(8);
		udp.writeUInt16BE(m.srcPort, 0);
		udp.writeUInt16BE(m.dstPort, 2);
		udp.writeUInt16BE(8 + m.payload.length, 4);
		const datagram = Buffer.concat([udp, m.payload]);
		const step = Math.floor((mtu - 20) / 8) * 8;
		id++;
		first.push(packet + 1);
		for (let off = 0; off < datagram.length; off += step) {
			const piece = datagram.subarray(off, off + step);
			const more = off + step < datagram.length;
			const ip = Buffer.alloc(20);
			ip.writeUInt8(0x45, 0);
			ip.writeUInt16BE(20 + piece.length, 2);
			ip.writeUInt16BE(id, 4);
			ip.writeUInt16BE((more ? 0x2000 : 0) | (off / 8), 6);
			ip.writeUInt8(64, 8);
			ip.writeUInt8(17, 9);
			Buffer.from(m.srcIp.split('.').map(Number)).copy(ip, 12);
			Buffer.from(m.dstIp.split('.').map(Number)).copy(ip, 16);
			ip.writeUInt16BE(checksum(ip), 10);
			const frame = Buffer.concat([Buffer.alloc(12), Buffer.from([8, 0]), ip, piece]);
			parts.push(le32(m.seconds), le32(m.micros), le32(frame.length), le32(frame.length), frame);
			packet++;
		}
	}
	return { pcap: Buffer.concat(parts), first };
}

// --- the story's links, from the messages' headers --------------------------------------------
const header = (payload, name) => {
	const m = new RegExp(`^${name}:[ \\t]*(.*?)\\r?$`, 'mi').exec(payload.toString('latin1'));
	return m ? m[1] : null;
};
function story(payloads) {
	const read = payloads.map((payload) => {
		const m = { payload };
		const text = m.payload.toString('latin1');
		const start = text.slice(0, text.indexOf('\r\n'));
		const status = start.startsWith('SIP/2.0 ') ? Number(start.split(' ')[1]) : null;
		const [cseq, cseqMethod] = (header(m.payload, 'CSeq') ?? '').split(/\s+/);
		return {
			method: status === null ? start.split(' ')[0] : null,
			status,
			callId: header(m.payload, 'Call-ID'),
			cseq: `${cseq} ${cseqMethod}`,
			branch: /branch=([^;\s]+)/.exec(header(m.payload, 'Via') ?? '')?.[1] ?? null,
			etag: header(m.payload, 'SIP-ETag'),
			ifMatch: header(m.payload, 'SIP-If-Match'),
			credentials: header(m.payload, 'Proxy-Authorization') !== null,
		};
	});
	return read.map((r, i) => {
		const links = {};
		if (r.status !== null) {
			// The request of the same transaction (top Via branch and CSeq), the latest before it.
			for (let k = i - 1; k >= 0; k--)
				if (read[k].method !== null && read[k].branch === r.branch && read[k].cseq === r.cseq) {
					links.request = k;
					break;
				}
		}
		if (r.method === 'NOTIFY')
			links.subscription = read.findIndex((s) => s.method === 'SUBSCRIBE' && s.callId === r.callId);
		// The request re-sent with credentials after a 407: the first such request of its call
		// and method after the challenge (later ones reuse the credentials, answering none).
		if (r.credentials)
			for (let k = i - 1; k >= 0; k--)
				if (read[k].status === 407 && read[k].callId === r.callId) {
					const retry = read.findIndex(
						(q, j) => j > k && q.credentials && q.callId === r.callId && q.method === r.method,
					);
					if (retry === i) links.challenge = k;
					break;
				}
		if (r.method === 'PUBLISH' && r.ifMatch) {
			// The PUBLISH whose 2xx issued the entity-tag it names.
			for (let k = i - 1; k >= 0; k--)
				if (read[k].etag === r.ifMatch && read[k].status === 200) {
					const request = read.findLastIndex(
						(q, j) => j < k && q.method === 'PUBLISH' && q.branch === read[k].branch,
					);
					links.publication = request;
					break;
				}
		}
		return { method: r.method, status: r.status, links };
	});
}

/** The body as sent, where there is one. */
function body(payload) {
	const text = payload.toString('latin1');
	const at = text.indexOf('\r\n\r\n');
	return at >= 0 && at + 4 < text.length ? { body: text.slice(at + 4) } : {};
}

// --- ngrep -----------------------------------------------------------------------------------
function render(name, mtu, args) {
	const { pcap, first } = capture(mtu);
	const dir = mkdtempSync(join(tmpdir(), 'ngrep-variants-'));
	try {
		writeFileSync(join(dir, 'presence-story.pcap'), pcap);
		const text = execFileSync('ngrep', ['-I', 'presence-story.pcap', ...args, '', 'udp'], {
			cwd: dir,
			env: { ...process.env, TZ: 'UTC' },
			encoding: 'latin1',
		});
		const lines = text.split('\n');
		const links = story(messages.map((m) => m.payload));
		const expected = messages.map((m, i) => {
			const packetLine = lines.findIndex((l) => /^[UT]/.test(l) && l.endsWith(` #${first[i]}`));
			if (packetLine < 0) throw new Error(`no packet line #${first[i]} in ${name}`);
			return {
				line: packetLine + 1,
				time: args.includes('-t') ? m.time : null,
				src: m.src,
				dst: m.dst,
				transport: 'UDP',
				...links[i],
				...body(m.payload),
			};
		});
		mkdirSync(out, { recursive: true });
		writeFileSync(join(out, name), text, 'latin1');
		writeFileSync(
			join(out, `${name}.expected.json`),
			`${JSON.stringify({ format: 'ngrep', messages: expected }, null, '\t')}\n`,
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * The real capture of SIP over TCP (test/fixtures/real/tcp-story.pcap: PUBLISHes in three
 * segments, a 200 and the start of a NOTIFY in one segment, a 100 and a 200 in another) as
 * ngrep prints it, a segment at a time: with `-W byline -q -t`, or its default output (`-q -t`,
 * the payload wrapped, CR and LF as `.`). The messages, their frames and bodies are tshark's own
 * reassembly of the capture (tcp-story.messages.json).
 */
function renderTcp(name, wrapped = false) {
	const dir = mkdtempSync(join(tmpdir(), 'ngrep-variants-'));
	try {
		const real = join(root, 'test', 'fixtures', 'real');
		writeFileSync(join(dir, 'tcp-story.pcap'), readFileSync(join(real, 'tcp-story.pcap')));
		const text = execFileSync(
			'ngrep',
			['-I', 'tcp-story.pcap', ...(wrapped ? [] : ['-W', 'byline']), '-q', '-t', '', 'tcp'],
			{
				cwd: dir,
				env: { ...process.env, TZ: 'UTC' },
				encoding: 'latin1',
			},
		);
		const dissected = JSON.parse(readFileSync(join(real, 'tcp-story.messages.json'), 'utf8'));
		const payloads = dissected.map((m) =>
			Buffer.from(
				`${m.startLine}\r\n${m.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${m.body ?? ''}`,
				'latin1',
			),
		);
		const links = story(payloads);
		const lines = text.split('\n');
		const find = wrapped
			? wrappedStartLines(lines)
			: (startLine, from) => lines.indexOf(`${startLine}.`, from);
		let from = 0;
		const expected = dissected.map((m, i) => {
			// The message's start line (ngrep prints its CR as `.`), in file order, and the packet
			// line of the segment it starts in: the last one above it (tshark's frame is the one
			// that completes the message).
			const at = find(m.startLine, from);
			const packetLine = at < 0 ? -1 : lines.findLastIndex((l, k) => k < at && /^T /.test(l));
			if (packetLine < 0) throw new Error(`no start line for frame ${m.frame} in ${name}`);
			from = at + 1;
			const packet = /^T (\S+) (\S+) (\S+) -> (\S+) /.exec(lines[packetLine]);
			return {
				line: at,
				time: `${packet[1].replace(/\//g, '-')}T${packet[2]}`,
				src: packet[3],
				dst: packet[4],
				transport: 'TCP',
				...links[i],
				...(m.body ? { body: m.body } : {}),
			};
		});
		writeFileSync(join(out, name), text, 'latin1');
		writeFileSync(
			join(out, `${name}.expected.json`),
			`${JSON.stringify({ format: 'ngrep', messages: expected }, null, '\t')}\n`,
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Where ngrep's default output prints a start line (`INVITE ...` then `..` for its CRLF), the
 * payload lines of each packet joined (ngrep pads a packet's last line with spaces): the line its
 * first character is printed on, at or after line `from`; -1 if none.
 */
function wrappedStartLines(lines) {
	let joined = '';
	const starts = [];
	for (let k = 0; k < lines.length; k++) {
		if (!/^ {2}\S|^ {3}/.test(lines[k])) continue;
		const last = !/^ {2}/.test(lines[k + 1] ?? '');
		starts.push([joined.length, k]);
		joined += last ? lines[k].slice(2).replace(/ +$/, '') : lines[k].slice(2);
	}
	return (startLine, from) => {
		const first = starts.find(([, k]) => k >= from);
		const at = first ? joined.indexOf(`${startLine}..`, first[0]) : -1;
		return at < 0 ? -1 : starts.findLast(([offset]) => offset <= at)[1];
	};
}

// -N: `U(17) 2026/11/24 22:42:05.356310 127.0.0.1:15061 -> 127.0.0.1:15060 #1`.
render('ngrep-byline-proto-number.txt', 1500, ['-W', 'byline', '-q', '-t', '-N']);
// The PUBLISHes and NOTIFYs with a PIDF body, over a 576-octet MTU: two or three fragments each.
render('ngrep-byline-fragments.txt', 576, ['-W', 'byline', '-q', '-t']);
// The same without -q: a `#` for every packet read, on the line before each packet line.
render('ngrep-byline-fragments-hashes.txt', 576, ['-W', 'byline']);
// ngrep's default output (no -W byline: the payload wrapped at 70 columns, CR and LF as `.`), the
// same fragments.
render('ngrep-normal-fragments.txt', 576, ['-q', '-t']);
// SIP over TCP, a segment at a time.
renderTcp('ngrep-byline-tcp-segments.txt');
// The same in ngrep's default output, the wrapped payload of a segment holding two messages.
renderTcp('ngrep-normal-tcp-segments.txt', true);
