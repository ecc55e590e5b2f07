#!/usr/bin/env bash
# Regenerates test/fixtures/real/blf-call.*: a busy lamp field (RFC 4235 dialog event package over
# RFC 6665) as a small PBX does it, played by real SIP software on loopback (see
# test/fixtures/README.md, "A busy lamp field").
#
#   Kamailio proxy + presence server (kamailio-blf.cfg: dialog, pua, pua_dialoginfo, presence,
#   presence_dialoginfo)                                            127.0.0.1:28060
#   SIPp alice, the caller (sipp/blf-caller.xml)                    port 28061
#   SIPp bob, the callee (sipp/blf-callee.xml)                      port 28062
#   SIPp reception, the watcher (sipp/blf-watcher.xml)              port 28063
#
# The receptionist's phone SUBSCRIBEs to bob with Event: dialog (200, the initial NOTIFY: no
# dialog). alice calls bob through Kamailio; as the call is tried, rings, is answered and ends,
# pua_dialoginfo PUBLISHes its state for alice and for bob to the presence server's address (the
# same Kamailio, through the network: the PUBLISHes and their 200s are in the capture), and
# presence_dialoginfo NOTIFYs the receptionist of each change of bob's state. Once no NOTIFY has
# come for 2.5 s, the receptionist unsubscribes (Expires: 0, the final NOTIFY, terminated).
# The call is captured with tshark on lo and exported: bare messages decoded from the capture,
# tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), and the SIPp -trace_msg
# log of each agent. expected-links.mjs computes the expected links of every exported file from
# tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio kamailio-presence-modules kamailio-xml-modules sip-tester tshark sngrep
# tmux nodejs. Usage: bash test/scripts/make-blf-traces.sh   (about 15 seconds)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/test/fixtures/real"
name=blf-call
ports="udp portrange 28060-28063"
proxy=127.0.0.1:28060

for tool in kamailio sipp tshark sngrep tmux node; do
	command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work="$(mktemp -d /tmp/sip-blf-traces.XXXXXX)"
pids=()
tmux_session="sngrep-blf-$$"
sngrep_pid=""

stop_all() {
	local pid
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	pids=()
}
# sngrep runs in a tmux pane, not as our child; without its terminal it would spin, so stop it
# by its pid before closing the session.
stop_sngrep() {
	if [[ -n "$sngrep_pid" ]]; then
		kill "$sngrep_pid" 2>/dev/null || true
		for _ in $(seq 20); do
			kill -0 "$sngrep_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$sngrep_pid" 2>/dev/null || true
		sngrep_pid=""
	fi
	tmux kill-session -t "$tmux_session" 2>/dev/null || true
}
cleanup() {
	stop_all
	stop_sngrep
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail() {
	echo "$*" >&2
	tail -n 30 "$work"/sipp/*.err "$work"/sipp/*.out "$work/kamailio.log" >&2 2>/dev/null || true
	exit 1
}

dir="$work"
mkdir -p "$dir/sipp" "$dir/db"
# db_text tables the presence and pua modules open; `version` tells them the schema versions.
for table in version presentity active_watchers watchers xcap pua; do
	cp "/usr/share/kamailio/dbtext/kamailio/$table" "$dir/db/"
done
sed "s#@RUNDIR@#$dir#g" "$here/kamailio-blf.cfg" >"$dir/kamailio.cfg"
kamailio -f "$dir/kamailio.cfg" -c >"$dir/kamailio-check.log" 2>&1 ||
	{ cat "$dir/kamailio-check.log" >&2; exit 1; }

log "capture starts"
tshark -i lo -f "$ports" -w "$dir/trace.pcapng" >"$dir/tshark.log" 2>&1 &
tshark_pid=$!
pids+=("$tshark_pid")
for _ in $(seq 100); do
	grep -q 'Capturing on' "$dir/tshark.log" 2>/dev/null && break
	sleep 0.1
done
grep -q 'Capturing on' "$dir/tshark.log" || { cat "$dir/tshark.log" >&2; exit 1; }
sleep 0.5

kamailio -f "$dir/kamailio.cfg" -P "$dir/kamailio.pid" -DD -E >"$dir/kamailio.log" 2>&1 &
kamailio_pid=$!
pids+=("$kamailio_pid")
sleep 1.5
kill -0 "$kamailio_pid" || { cat "$dir/kamailio.log" >&2; exit 1; }

common=(-t u1 -m 1 -nostdin -timeout 20s -timeout_error -trace_err -i 127.0.0.1)

log "reception subscribes to bob's dialogs"
agent_pids=()
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/blf-watcher.xml" -key domain 127.0.0.1 \
	-p 28063 "${common[@]}" -trace_msg -message_file reception.log -error_file reception.err \
	"$proxy" >reception.out 2>&1) &
pids+=("$!")
agent_pids+=("$!")
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/blf-callee.xml" -set ring 800 \
	-p 28062 "${common[@]}" -trace_msg -message_file bob.log -error_file bob.err \
	>bob.out 2>&1) &
pids+=("$!")
agent_pids+=("$!")
sleep 1

log "alice calls bob"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/blf-caller.xml" -key domain 127.0.0.1 \
	-set talk 1200 -p 28061 "${common[@]}" -trace_msg -message_file alice.log \
	-error_file alice.err "$proxy" >alice.out 2>&1) &
pids+=("$!")
agent_pids+=("$!")
status=0
for pid in "${agent_pids[@]}"; do
	wait "$pid" 2>/dev/null || status=1
done
((status == 0)) || fail "an agent failed"
sleep 0.5

log "stopping kamailio and tshark"
kill "$kamailio_pid"
wait "$kamailio_pid" 2>/dev/null || true
kill -INT "$tshark_pid"
wait "$tshark_pid" 2>/dev/null || true
pids=()

# --- exports ------------------------------------------------------------------------------------
pcap="$dir/trace.pcapng"
tshark -r "$pcap" -Y sip -V -O sip >"$dir/$name.tshark.txt"
# Fields for the expected links; first occurrence of each field (the top Via).
tshark -r "$pcap" -Y sip -T fields -E header=y -E separator=/t -E occurrence=f \
	-e frame.number -e frame.time_epoch -e sip.Method -e sip.r-uri -e sip.Status-Code \
	-e sip.Call-ID -e sip.CSeq.seq -e sip.CSeq.method -e sip.from.addr -e sip.from.tag \
	-e sip.to.addr -e sip.to.tag -e sip.Via.branch -e sip.Event -e sip.Expires -e sip.ETag \
	-e sip.If_Match -e sip.Subscription-State -e sip.Proxy-Authorization \
	-e sip.Proxy-Authenticate -e sip.Content-Length -e sip.resend -e udp.payload \
	>"$dir/fields.tsv"

# sngrep has no command-line text export: open the capture in its UI and use its own save
# dialog. F2 opens "Save capture" with the cursor in Filename (Path is the working directory);
# a name ending in .txt selects the text format, and Enter saves all dialogs.
log "sngrep export"
sngrep_txt="$dir/$name.sngrep.txt"
tmux new-session -d -s "$tmux_session" -c "$dir" -x 200 -y 50 "exec sngrep -I $pcap"
sngrep_pid="$(tmux display-message -p -t "$tmux_session" '#{pane_pid}')"
sleep 1.5
tmux send-keys -t "$tmux_session" F2
sleep 0.5
tmux send-keys -t "$tmux_session" "$name.sngrep.txt"
sleep 0.3
tmux send-keys -t "$tmux_session" Enter
for _ in $(seq 30); do
	[[ -s "$sngrep_txt" ]] && break
	sleep 0.2
done
sleep 0.3
stop_sngrep
[[ -s "$sngrep_txt" ]] || { echo "sngrep export failed" >&2; exit 1; }

# The story as captured: no retransmission.
resent="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sip.resend") c = i; next }
	$c == 1' "$dir/fields.tsv" | wc -l)"
((resent == 0)) || fail "$resent retransmissions: run again"
# bob's PUBLISHes (trying, early, confirmed, terminated), each answered 200 before the NOTIFY
# that carries it to the receptionist: P(ublish), A(ccepted), N(otify), after the initial NOTIFY
# and before the final one.
order="$(awk -F'\t' 'NR > 1 {
		if ($3 == "PUBLISH" && $4 ~ /^sip:bob@/) { bob[$6] = 1; print "P" }
		else if ($5 == 200 && $8 == "PUBLISH" && bob[$6]) print "A"
		else if ($3 == "NOTIFY") print "N"
	}' "$dir/fields.tsv" | tr -d '\n')"
[[ "$order" == NPANPANPANPANN ]] || fail "unexpected order: $order"
# One publication per party: pua_dialoginfo sends each later state with the SIP-If-Match of the
# last one. A state change that reaches a pua process before the 200 to the first PUBLISH does is
# published as a second initial PUBLISH (a publication of its own, never removed): bob's phone
# waits 300 ms before ringing, so that the first exchange is over by then.
initial="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sip.If_Match") c = i; next }
	$3 == "PUBLISH" && $c == ""' "$dir/fields.tsv" | wc -l)"
((initial == 2)) || fail "$initial initial PUBLISHes (2 wanted: alice's, bob's): run again"

mkdir -p "$out"
rm -f "$out/$name".*
node "$here/pcapToRaw.mjs" "$dir/fields.tsv" >"$out/$name.sip"
cp "$dir/$name.tshark.txt" "$sngrep_txt" "$out/"
logs=()
for agent in reception alice bob; do
	cp "$dir/sipp/$agent.log" "$out/$name.sipp-$agent.log"
	logs+=("$out/$name.sipp-$agent.log" sipp)
done
cp "$pcap" "$out/$name.pcapng"
chmod 644 "$out/$name".*

node "$here/expected-links.mjs" "$dir/fields.tsv" \
	"$out/$name.sip" raw \
	"$out/$name.sngrep.txt" sngrep \
	"$out/$name.tshark.txt" tshark \
	"${logs[@]}"

log "wrote $(find "$out" -name "$name.*" -type f | wc -l) files into $out"
