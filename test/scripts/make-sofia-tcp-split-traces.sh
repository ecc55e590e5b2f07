#!/usr/bin/env bash
# Regenerates test/fixtures/real/sofia-tcp-split.*: sofia-sip's TPORT_DUMP file and TPORT_LOG
# output for a message that reached it over TCP in three reads, written by the real library
# (Debian's sofia-sip 1.12.11).
#
# sofia-listen.c (built here against libsofia-sip-ua-dev) listens on 127.0.0.1:35066 over TCP; a
# client (node, below) connects from 127.0.0.1 and sends linda's PUBLISH with credentials of the
# presence story (test/fixtures/real/presence-story.sip, its Via's transport made TCP and its
# sent-by the client's) in three writes, 300 ms apart: cut inside its Call-ID line, then inside
# its PIDF body. sofia-sip reads the socket each time data comes (tport_recv_event), logs the
# message once it has it whole (TPORT_LOG: one record, `recv 1112 bytes from tcp/[...]`) and
# dumps each read as it came (TPORT_DUMP: three records, their counts adding up to the message's),
# then answers over the same connection. The client then sends the presence story's first
# SUBSCRIBE in one write, which is one record in both.
#
# Outputs: $name.stderr.log (TPORT_LOG), $name.dump.log (TPORT_DUMP), unedited.
#
# Needs (Debian): sofia-sip-bin libsofia-sip-ua-dev gcc pkg-config nodejs.
# Usage: bash test/scripts/make-sofia-tcp-split-traces.sh (about 5 seconds). OUT=DIR writes the
# files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=sofia-tcp-split

require_tools node gcc pkg-config
make_workdir sofia-tcp-split
# pkg-config's flags are words of their own.
# shellcheck disable=SC2046
gcc -O2 -Wall -Wextra -Werror -o "$dir/sofia-listen" "$here/sofia-listen.c" \
	$(pkg-config --cflags --libs sofia-sip-ua)
log "sofia-sip listens on TCP 35066; a PUBLISH comes in three pieces"
TZ=UTC TPORT_LOG=1 TPORT_DUMP="$dir/$name.dump.log" "$dir/sofia-listen" \
	"sip:127.0.0.1:35066;transport=tcp" 4000 2>"$dir/$name.stderr.log" &
listener=$!
pids+=("$listener")
sleep 0.8
node - "$here/../fixtures/real/presence-story.sip" <<'NODE'
const { readFileSync } = require('node:fs');
const net = require('node:net');
const text = readFileSync(process.argv[2], 'latin1');
/** The message starting at the `n`th line that starts with `start`, as it went (CRLF). */
function message(start, n) {
	let at = -1;
	for (let k = 0; k <= n; k++) at = text.indexOf(`\r\n${start}`, at + 1);
	at += 2;
	const blank = text.indexOf('\r\n\r\n', at) + 4;
	const length = Number(/^Content-Length: *(\d+)/im.exec(text.slice(at, blank))[1]);
	return text.slice(at, blank + length);
}
const tcp = (m) => m.replace(/^Via: SIP\/2\.0\/UDP 127\.0\.0\.1:\d+/m, 'Via: SIP/2.0/TCP 127.0.0.1:35067');
// The PUBLISH with credentials (the second PUBLISH of the story) and the first SUBSCRIBE.
const publish = Buffer.from(tcp(message('PUBLISH ', 1)), 'latin1');
const subscribe = Buffer.from(tcp(text.slice(0, text.indexOf('\r\n\r\n') + 4)), 'latin1');
const cuts = [publish.indexOf('Call-ID: ') + 12, publish.indexOf('<tuple') + 3];
const socket = net.connect({ host: '127.0.0.1', port: 35066, localAddress: '127.0.0.1' });
socket.setNoDelay(true);
const pause = (ms) => new Promise((done) => setTimeout(done, ms));
socket.on('connect', async () => {
	socket.write(publish.subarray(0, cuts[0]));
	await pause(300);
	socket.write(publish.subarray(cuts[0], cuts[1]));
	await pause(300);
	socket.write(publish.subarray(cuts[1]));
	await pause(500);
	socket.write(subscribe);
	await pause(700);
	socket.end();
});
socket.on('data', () => {});
socket.on('error', (e) => { console.error(e.message); process.exit(1); });
NODE
wait "$listener" || fail "sofia-listen did not end well"
reads=$(grep -c '^recv [0-9]* bytes from tcp/' "$dir/$name.dump.log" || true)
((reads == 4)) || fail "sofia-sip dumped $reads reads, not the PUBLISH's three and the SUBSCRIBE"
logged=$(grep -c '^recv [0-9]* bytes from tcp/' "$dir/$name.stderr.log" || true)
((logged == 2)) || fail "sofia-sip logged $logged messages received, not 2"
mkdir -p "$out"
for suffix in dump.log stderr.log; do
	cp "$dir/$name.$suffix" "$out/$name.$suffix"
	chmod 644 "$out/$name.$suffix"
done
log "wrote $name.dump.log and $name.stderr.log into $out"
