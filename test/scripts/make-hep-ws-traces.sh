#!/usr/bin/env bash
# Regenerates test/fixtures/real/hep-story.* and ws-story.*: SIP inside HEP (a HOMER collector's
# capture) and SIP over WebSocket (RFC 7118), made by real SIP software on loopback (see
# test/fixtures/README.md, "SIP inside HEP and over WebSocket").
#
#   Kamailio presence + presence_mwi, websocket, siptrace (kamailio-hep-ws.cfg)
#                                   udp:127.0.0.1:37060, ws://127.0.0.1:37061
#   SIPp phone 1000 over UDP, the subscriber (sipp/mwi-phone.xml)          port 37062
#   voicemail server over WebSocket, the publisher (ws-voicemail.mjs: Node's own WebSocket client)
#   HEP collector's address, where nothing listens                        udp:127.0.0.1:37069
#
# The phone SUBSCRIBEs to message-summary for its mailbox and gets the initial NOTIFY; the
# voicemail server opens a WebSocket to Kamailio (HTTP Upgrade, subprotocol sip) and PUBLISHes the
# mailbox's state three times; Kamailio NOTIFYs the phone each time; the phone unsubscribes and
# gets the terminating NOTIFY. Kamailio's siptrace sends every message it receives or sends as HEP3
# (its addresses, transport and time in chunks) to the collector's address.
# One tshark capture on lo holds it all; it is cut into:
#   hep-story.pcapng   the HEP packets alone (udp port 37069): what a collector captures
#   ws-story.pcapng    the WebSocket connection alone (tcp port 37061)
# and exported:
#   hep-story.sngrep.txt, ws-story.sngrep.txt   sngrep's own text export (-E: sngrep decodes HEP;
#                                               it follows WebSocket itself): times and addresses
#   hep-story.wire.json   tshark's fields of every SIP message on the wire (UDP 37060 and the
#                         WebSocket, dissected by tshark): the messages HEP must carry
#   ws-story.wire.json    the same of the WebSocket capture alone: each SIP message with its
#                         frame, time, addresses and whether its frame was masked
# tshark 4.0 has no HEP dissector, hence sngrep for HEP's own times and addresses.
#
# Needs (Debian): kamailio kamailio-presence-modules kamailio-websocket-modules sip-tester tshark
# sngrep tmux nodejs (20 or later: its WebSocket client). Usage: bash test/scripts/make-hep-ws-traces.sh
# (about 15 seconds). OUT=DIR writes the files into DIR instead of test/fixtures/real;
# KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=hep-story
server=127.0.0.1:37060

require_tools kamailio sipp tshark sngrep tmux node
[[ -e /usr/lib/x86_64-linux-gnu/kamailio/modules/websocket.so ]] ||
	{ echo "missing: kamailio-websocket-modules" >&2; exit 1; }
start_story hepws "udp port 37069 or udp portrange 37060-37062 or tcp port 37061" \
	"$here/kamailio-hep-ws.cfg" version presentity active_watchers watchers

log "the phone subscribes to its mailbox"
sipp_start phone -sf "$here/sipp/mwi-phone.xml" -set notifies 4 -set linger 800 \
	-p 37062 -t u1 -m 1 -nostdin -timeout 30s -timeout_error -trace_msg -trace_err -i 127.0.0.1 \
	-key user 1000 -key domain 127.0.0.1 "$server"
phone_pid=$agent_pid
for _ in $(seq 100); do
	grep -q '^NOTIFY ' "$dir/sipp/phone.log" 2>/dev/null && break
	kill -0 "$phone_pid" 2>/dev/null || fail "the phone stopped"
	sleep 0.05
done
sleep 0.3

log "the voicemail server publishes over WebSocket"
node --experimental-websocket --no-warnings "$here/ws-voicemail.mjs" ws://127.0.0.1:37061 \
	1000@127.0.0.1 800 >"$dir/sipp/voicemail.out" 2>&1 || fail "the voicemail server failed"
wait_agents "the phone"
sleep 0.5
stop_capture

log "cutting and dissecting the capture"
tshark -r "$dir/trace.pcapng" -Y "udp.dstport == 37069" -w "$dir/hep.pcapng"
tshark -r "$dir/trace.pcapng" -Y "tcp.port == 37061" -w "$dir/ws.pcapng"

# wire_fields FILE FILTER: tshark's fields of each SIP message in FILE (a JSON array), the
# WebSocket dissected on its port (tshark finds the SIP in it by the sip subprotocol).
# shellcheck disable=SC2016 # the single quotes hold JavaScript, not shell
wire_fields() {
	tshark -r "$1" -d tcp.port==37061,http -Y "$2" -T fields -E header=y -E separator=/t \
		-E occurrence=f -e frame.number -e frame.time_epoch -e ip.src -e udp.srcport -e tcp.srcport \
		-e ip.dst -e udp.dstport -e tcp.dstport -e sip.Method -e sip.Status-Code -e sip.Call-ID \
		-e sip.CSeq -e websocket.mask |
		node -e '
			const [head, ...rows] = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
			const names = head.split("\t");
			const out = rows.map((r) => {
				const f = Object.fromEntries(r.split("\t").map((v, i) => [names[i], v]));
				const tcp = f["tcp.srcport"] !== "";
				return {
					frame: Number(f["frame.number"]),
					epoch: f["frame.time_epoch"],
					src: `${f["ip.src"]}:${tcp ? f["tcp.srcport"] : f["udp.srcport"]}`,
					dst: `${f["ip.dst"]}:${tcp ? f["tcp.dstport"] : f["udp.dstport"]}`,
					transport: tcp ? "WS" : "UDP",
					method: f["sip.Method"] || null,
					status: f["sip.Status-Code"] ? Number(f["sip.Status-Code"]) : null,
					callId: f["sip.Call-ID"],
					cseq: f["sip.CSeq"],
					...(tcp ? { masked: f["websocket.mask"] === "1" || f["websocket.mask"] === "True" } : {}),
				};
			});
			process.stdout.write(JSON.stringify(out, null, "\t") + "\n");
		'
}
wire_fields "$dir/trace.pcapng" "sip && !(udp.port == 37069)" >"$dir/$name.wire.json"
wire_fields "$dir/ws.pcapng" "sip" >"$dir/ws-story.wire.json"

# -E: sngrep decodes HEP (EEP).
save_with_sngrep "$dir/hep.pcapng" "$dir/$name.sngrep.txt" -E
save_with_sngrep "$dir/ws.pcapng" "$dir/ws-story.sngrep.txt"

# The story as played: 5 NOTIFYs to the phone, 3 PUBLISHes over WebSocket each answered 200 on
# it, the client's frames masked and Kamailio's not (RFC 6455 §5.1).
node -e '
	const wire = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
	const ws = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
	const count = (l, f) => l.filter(f).length;
	const problems = [];
	if (count(wire, (m) => m.method === "NOTIFY") !== 5) problems.push("not 5 NOTIFYs");
	if (count(ws, (m) => m.method === "PUBLISH" && m.masked) !== 3) problems.push("not 3 masked PUBLISHes");
	if (count(ws, (m) => m.status === 200 && !m.masked) !== 3) problems.push("not 3 unmasked 200s");
	if (problems.length) { console.error(problems.join(", ")); process.exit(1); }
' "$dir/$name.wire.json" "$dir/ws-story.wire.json" || fail "unexpected story"
hep_frames="$(tshark -r "$dir/hep.pcapng" | wc -l)"
wire_messages="$(grep -c '"frame"' "$dir/$name.wire.json")"
# siptrace sends one HEP packet for each message Kamailio receives or sends: as many as on the wire.
((hep_frames == wire_messages)) || fail "$hep_frames HEP packets for $wire_messages messages"
log "HEP packets: $hep_frames, SIP messages on the wire: $wire_messages"

mkdir -p "$out"
rm -f "$out/$name".* "$out"/ws-story.*
cp "$dir/hep.pcapng" "$out/$name.pcapng"
cp "$dir/ws.pcapng" "$out/ws-story.pcapng"
cp "$dir/$name.sngrep.txt" "$dir/$name.wire.json" "$out/"
cp "$dir/ws-story.sngrep.txt" "$dir/ws-story.wire.json" "$out/"
chmod 644 "$out/$name".* "$out"/ws-story.*
log "wrote $(find "$out" \( -name "$name.*" -o -name 'ws-story.*' \) -type f | wc -l) files into $out"
