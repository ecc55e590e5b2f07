#!/usr/bin/env bash
# Regenerates test/fixtures/real/refer-call.*: a blind call transfer (RFC 3515 REFER, RFC 5589),
# played by real SIP software on loopback (see test/fixtures/README.md, "A transferred call").
#
#   Kamailio record-routing proxy (kamailio-refer.cfg)              127.0.0.1:15260
#   SIPp alice, the transferee (sipp/refer-alice.xml)               port 15261
#   SIPp bob, the transferor (sipp/refer-bob.xml)                   port 15262
#   SIPp carol, the transfer target (sipp/refer-carol.xml)          port 15263
#   SIPp alice's calls to the transfer targets (sipp/refer-alice-transfer.xml)   port 15264
#
# alice calls bob; bob REFERs her to dave inside the call (202; NOTIFYs "100 Trying" and, once
# the proxy has answered her INVITE to dave 404, "404 Not Found", terminated; no id parameter, as
# RFC 3515 §2.4.6 allows for a dialog's first REFER), then to carol (202; NOTIFYs with
# Event: refer;id=2: "100 Trying", and "200 OK" once carol has answered); bob hangs up, and so,
# later, does alice on carol. SIPp holds one Call-ID per scenario, so alice's calls to dave and
# carol are separate SIPp runs (from port 15264), each started when alice's main scenario writes
# the file transfer-N into its working directory (exec action).
# The call is captured with tshark on lo and exported: bare messages decoded from the capture,
# tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), and the SIPp -trace_msg
# log of each SIPp run. expected-links.mjs computes the expected links of every exported file
# from tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio sip-tester tshark sngrep tmux nodejs.
# Usage: bash test/scripts/make-refer-traces.sh   (about 15 seconds)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/test/fixtures/real"
name=refer-call
ports="udp portrange 15260-15264"
proxy=127.0.0.1:15260

for tool in kamailio sipp tshark sngrep tmux node; do
	command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work="$(mktemp -d /tmp/sip-refer-traces.XXXXXX)"
pids=()
tmux_session="sngrep-refer-$$"
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
sed "s#@RUNDIR@#$dir#g" "$here/kamailio-refer.cfg" >"$dir/kamailio.cfg"
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

log "bob and carol wait for calls"
agent_pids=()
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/refer-bob.xml" -key domain 127.0.0.1 \
	-p 15262 "${common[@]}" -trace_msg -message_file bob.log -error_file bob.err \
	>bob.out 2>&1) &
pids+=("$!")
agent_pids+=("$!")
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/refer-carol.xml" \
	-p 15263 "${common[@]}" -trace_msg -message_file carol.log -error_file carol.err \
	>carol.out 2>&1) &
pids+=("$!")
agent_pids+=("$!")
sleep 0.5

log "alice calls bob"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/refer-alice.xml" -key domain 127.0.0.1 \
	-p 15261 "${common[@]}" -trace_msg -message_file alice.log -error_file alice.err \
	"$proxy" >alice.out 2>&1) &
alice_pid=$!
pids+=("$alice_pid")
agent_pids+=("$alice_pid")

# alice's calls to the transfer targets, each when her scenario asks for it.
n=0
for target in dave carol; do
	n=$((n + 1))
	for _ in $(seq 100); do
		[[ -e "$dir/sipp/transfer-$n" ]] && break
		kill -0 "$alice_pid" 2>/dev/null || fail "alice stopped before transfer $n"
		sleep 0.05
	done
	[[ -e "$dir/sipp/transfer-$n" ]] || fail "no transfer $n"
	log "alice calls $target (transfer $n)"
	(cd "$dir/sipp" && exec sipp -sf "$here/sipp/refer-alice-transfer.xml" -key domain 127.0.0.1 \
		-s "$target" -set talk 1500 -p 15264 "${common[@]}" -trace_msg \
		-message_file "alice-to-$target.log" -error_file "alice-to-$target.err" \
		"$proxy" >"alice-to-$target.out" 2>&1) &
	pids+=("$!")
	agent_pids+=("$!")
	# The next run binds the same port: wait for this one (dave's ends with the ACK).
	if [[ $target == dave ]]; then
		wait "$!" || fail "alice's call to dave failed"
	fi
done
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

# The story as captured: no retransmission, and the NOTIFYs after what they report on (each
# final NOTIFY after the final response to alice's INVITE to the target).
resent="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sip.resend") c = i; next }
	$c == 1' "$dir/fields.tsv" | wc -l)"
((resent == 0)) || fail "$resent retransmissions: run again"
order="$(awk -F'\t' 'NR > 1 {
		if ($3 == "REFER" && !referred[$7]++) print "REFER"
		else if ($3 == "INVITE" && $4 ~ /dave|carol/ && !seen[$4]++) print "INVITE " $4
		else if ($3 == "NOTIFY" && !notified[$7]++) print "NOTIFY " $7
		else if ($5 ~ /^(200|404)$/ && $8 == "INVITE" && $11 ~ /dave|carol/ && !answered[$11]++) print $5
	}' "$dir/fields.tsv" | tr '\n' ' ')"
expected="REFER NOTIFY 2 INVITE sip:dave@127.0.0.1 404 NOTIFY 3 REFER NOTIFY 4 INVITE sip:carol@127.0.0.1 200 NOTIFY 5 "
[[ "$order" == "$expected" ]] || fail "unexpected order: $order"

mkdir -p "$out"
rm -f "$out/$name".*
node "$here/pcapToRaw.mjs" "$dir/fields.tsv" >"$out/$name.sip"
cp "$dir/$name.tshark.txt" "$sngrep_txt" "$out/"
logs=()
for agent in alice bob carol alice-to-dave alice-to-carol; do
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
