#!/usr/bin/env bash
# Regenerates test/fixtures/real/challenged-call.*: calls through a proxy that asks for credentials
# (RFC 3261 §22.3), played by real SIP software on loopback (see test/fixtures/README.md, "Calls
# challenged by a proxy").
#
#   Kamailio authenticating, record-routing proxy (kamailio-challenge.cfg)   127.0.0.1:15360
#   SIPp caller alice (sipp/challenge-caller.xml), one run per call           port 15361
#   SIPp bob's phone (sipp/challenge-callee.xml), both calls                 port 15362
#
# alice INVITEs bob; the proxy answers 407 with a Digest challenge, alice ACKs it and sends the
# INVITE again with Proxy-Authorization (CSeq 2); the proxy relays it to bob, who rings, answers,
# and takes the BYE after a short talk. alice calls again (a new Call-ID, so a new challenge);
# this time bob answers 486 Busy Here, which the proxy ACKs on its hop and relays to alice, who
# ACKs it on hers.
# The calls are captured with tshark on lo and exported: bare messages decoded from the capture,
# tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), and the SIPp
# -trace_msg log of each run. expected-links.mjs computes the expected links of every exported
# file from tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio sip-tester tshark sngrep tmux nodejs.
# Usage: bash test/scripts/make-challenge-traces.sh   (about 15 seconds)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/test/fixtures/real"
name=challenged-call
ports="udp portrange 15360-15362"
proxy=127.0.0.1:15360

for tool in kamailio sipp tshark sngrep tmux node; do
	command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work="$(mktemp -d /tmp/sip-challenge-traces.XXXXXX)"
pids=()
tmux_session="sngrep-challenge-$$"
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
mkdir -p "$dir/sipp"
sed "s#@RUNDIR@#$dir#g" "$here/kamailio-challenge.cfg" >"$dir/kamailio.cfg"
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

log "bob's phone waits for the calls"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/challenge-callee.xml" -p 15362 \
	-t u1 -m 2 -nostdin -timeout 30s -timeout_error -trace_err -i 127.0.0.1 \
	-trace_msg -message_file bob.log -error_file bob.err >bob.out 2>&1) &
bob_pid=$!
pids+=("$bob_pid")
sleep 0.5

for call in 1 2; do
	log "alice calls bob ($call)"
	(cd "$dir/sipp" && sipp -sf "$here/sipp/challenge-caller.xml" -key domain 127.0.0.1 \
		-set talk 800 -p 15361 "${common[@]}" -trace_msg -message_file "alice-$call.log" \
		-error_file "alice-$call.err" "$proxy" >"alice-$call.out" 2>&1) || fail "alice's call $call failed"
	sleep 0.5
done
wait "$bob_pid" || fail "bob's phone failed"
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

mkdir -p "$out"
rm -f "$out/$name".*
node "$here/pcapToRaw.mjs" "$dir/fields.tsv" >"$out/$name.sip"
cp "$dir/$name.tshark.txt" "$sngrep_txt" "$out/"
logs=()
for agent in alice-1 alice-2 bob; do
	cp "$dir/sipp/$agent.log" "$out/$name.sipp-$agent.log"
	logs+=("$out/$name.sipp-$agent.log" sipp)
done
cp "$pcap" "$out/$name.pcapng"
chmod 644 "$out/$name".*

# No retransmissions: every message of the story once on each hop.
resent="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sip.resend") c = i; next }
	$c == 1' "$dir/fields.tsv" | wc -l)"
((resent == 0)) || fail "unexpected retransmissions: $resent"

node "$here/expected-links.mjs" "$dir/fields.tsv" \
	"$out/$name.sip" raw \
	"$out/$name.sngrep.txt" sngrep \
	"$out/$name.tshark.txt" tshark \
	"${logs[@]}"

log "wrote $(find "$out" -name "$name.*" -type f | wc -l) files into $out"
