#!/usr/bin/env bash
# Regenerates test/fixtures/real/mwi-story.*: a voicemail lamp (RFC 3842 message waiting
# indication) played by real SIP software on loopback (see test/fixtures/README.md, "A message
# waiting indication").
#
#   Kamailio presence + presence_mwi (kamailio-mwi.cfg)              127.0.0.1:25060
#   SIPp phone 1000, the subscriber (sipp/mwi-phone.xml)             port 25061
#   SIPp voicemail server, the publisher (sipp/mwi-voicemail.xml)    port 25062
#
# The phone SUBSCRIBEs to message-summary for its mailbox sip:1000@127.0.0.1 and gets the initial
# NOTIFY (no publication yet: no body). The voicemail server then PUBLISHes the mailbox's state as
# application/simple-message-summary three times, a second apart: messages waiting (2 new, 8 old),
# a change (3 new, 1 of them urgent, and a fax; the new messages' headers after the summary), and
# none waiting; Kamailio NOTIFYs the phone each time. The phone then unsubscribes (Expires: 0) and
# gets the terminating NOTIFY.
# The story is captured with tshark on lo and exported: bare messages decoded from the capture,
# tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), and the SIPp -trace_msg
# log of each agent. expected-links.mjs computes the expected links of every exported file from
# tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio kamailio-presence-modules sip-tester tshark sngrep tmux nodejs.
# Usage: bash test/scripts/make-mwi-traces.sh   (about 15 seconds)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/test/fixtures/real"
name=mwi-story
ports="udp portrange 25060-25062"
server=127.0.0.1:25060

for tool in kamailio sipp tshark sngrep tmux node; do
	command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work="$(mktemp -d /tmp/sip-mwi-traces.XXXXXX)"
pids=()
tmux_session="sngrep-mwi-$$"
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
mkdir -p "$dir/db" "$dir/sipp"
# db_text tables the presence module opens; `version` tells it the schema versions.
for table in version presentity active_watchers watchers; do
	cp "/usr/share/kamailio/dbtext/kamailio/$table" "$dir/db/"
done
sed "s#@RUNDIR@#$dir#g" "$here/kamailio-mwi.cfg" >"$dir/kamailio.cfg"
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

kamailio -f "$dir/kamailio.cfg" -P "$dir/kamailio.pid" -Y "$dir" -DD -E >"$dir/kamailio.log" 2>&1 &
kamailio_pid=$!
pids+=("$kamailio_pid")
sleep 1.5
kill -0 "$kamailio_pid" || { cat "$dir/kamailio.log" >&2; exit 1; }

common=(-t u1 -m 1 -nostdin -timeout 30s -timeout_error -trace_msg -trace_err -i 127.0.0.1
	-key user 1000 -key domain 127.0.0.1)

log "the phone subscribes to its mailbox"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/mwi-phone.xml" -set notifies 4 -set linger 800 \
	-p 25061 "${common[@]}" -message_file phone.log -error_file phone.err \
	"$server" >phone.out 2>&1) &
phone_pid=$!
pids+=("$phone_pid")
# The initial NOTIFY (no publication yet) before the voicemail server's first PUBLISH.
for _ in $(seq 100); do
	grep -q '^NOTIFY ' "$dir/sipp/phone.log" 2>/dev/null && break
	kill -0 "$phone_pid" 2>/dev/null || fail "the phone stopped"
	sleep 0.05
done
sleep 0.3

log "the voicemail server publishes"
(cd "$dir/sipp" && sipp -sf "$here/sipp/mwi-voicemail.xml" -set gap 1000 \
	-p 25062 "${common[@]}" -message_file voicemail.log -error_file voicemail.err \
	"$server" >voicemail.out 2>&1) || fail "the voicemail server failed"
wait "$phone_pid" || fail "the phone failed"
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

# The story as captured: no retransmission; five NOTIFYs (initial without a body, one per
# PUBLISH, the terminating one), each PUBLISH accepted before the NOTIFY that carries it.
resent="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sip.resend") c = i; next }
	$c == 1' "$dir/fields.tsv" | wc -l)"
((resent == 0)) || fail "$resent retransmissions: run again"
order="$(awk -F'\t' 'NR > 1 {
		if ($3 == "SUBSCRIBE") print "SUBSCRIBE"
		else if ($3 == "NOTIFY") print "NOTIFY"
		else if ($5 == 200 && $8 == "PUBLISH") print "PUBLISHED"
	}' "$dir/fields.tsv" | tr '\n' ' ')"
expected="SUBSCRIBE NOTIFY PUBLISHED NOTIFY PUBLISHED NOTIFY PUBLISHED NOTIFY SUBSCRIBE NOTIFY "
[[ "$order" == "$expected" ]] || fail "unexpected order: $order"

mkdir -p "$out"
rm -f "$out/$name".*
node "$here/pcapToRaw.mjs" "$dir/fields.tsv" >"$out/$name.sip"
cp "$dir/$name.tshark.txt" "$sngrep_txt" "$out/"
logs=()
for agent in phone voicemail; do
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
