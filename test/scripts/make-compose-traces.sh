#!/usr/bin/env bash
# Regenerates test/fixtures/real/compose-story.*: one presentity, two publications (RFC 3903)
# composed into each NOTIFY (RFC 3903 §4, RFC 4479 §3.3), played by real SIP software on loopback
# (see test/fixtures/README.md, "Linda on two devices").
#
#   Kamailio presence server (kamailio-compose.cfg)                  udp 127.0.0.1:31060
#   SIPp andrew, a presence watcher (sipp/watcher.xml)               port 31061
#   SIPp linda's desk phone, publication A (sipp/compose-desk.xml)   port 31062
#   SIPp linda's soft client, publication B (sipp/compose-soft.xml)  port 31063
#
# andrew subscribes to linda's presence first (NOTIFY: no publication yet). Then the desk phone
# publishes busy with a note (A initial), the soft client publishes open and available
# (B initial), the desk phone modifies its publication (A modify, SIP-If-Match and a new body),
# the soft client removes its own (B removal, Expires: 0) and the desk phone refreshes (A refresh,
# no body). Each of the two publishers has its own Call-ID and entity-tags. Kamailio's
# presence_xml composes every live publication of linda into each NOTIFY: the NOTIFYs after B's
# initial PUBLISH and after A's modification carry both tuples, t-desk and t-soft; the one after
# B's removal t-desk and t-soft shown closed (Kamailio's rendering of a removed publication); the
# refresh changes no state, yet Kamailio notifies it with the composed state, t-desk alone. andrew
# then unsubscribes (a last NOTIFY, terminated, with linda's composed state).
# The story is captured with tshark on lo and exported: bare messages decoded from the capture,
# tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), and the SIPp -trace_msg
# log of each SIPp run. expected-links.mjs computes the expected links of every exported file
# from tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio kamailio-presence-modules kamailio-xml-modules sip-tester tshark sngrep
# tmux nodejs. Usage: bash test/scripts/make-compose-traces.sh   (about 15 seconds)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/test/fixtures/real"
name=compose-story
ports="udp portrange 31060-31063"
server=127.0.0.1:31060

for tool in kamailio sipp tshark sngrep tmux node; do
	command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work="$(mktemp -d /tmp/sip-compose-traces.XXXXXX)"
pids=()
tmux_session="sngrep-compose-$$"
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
	[[ -n "${KEEP_WORK:-}" ]] || rm -rf "$work"
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
# db_text tables the presence modules open; `version` tells them the schema versions.
for table in version presentity active_watchers watchers xcap; do
	cp "/usr/share/kamailio/dbtext/kamailio/$table" "$dir/db/"
done
sed "s#@RUNDIR@#$dir#g" "$here/kamailio-compose.cfg" >"$dir/kamailio.cfg"
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

common=(-t u1 -m 1 -nostdin -timeout 30s -timeout_error -trace_err -trace_msg -i 127.0.0.1
	-key domain 127.0.0.1)
agent_pids=()

# andrew's NOTIFYs: the initial one, then A initial, B initial, A modify, B removal and A refresh
# (Kamailio notifies a refresh too, with the same composed state); then the one that ends the
# subscription.
log "andrew subscribes to linda's presence"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/watcher.xml" -key user andrew \
	-set notifies "${ANDREW_NOTIFIES:-6}" -set linger 800 -p 31061 "${common[@]}" \
	-message_file andrew.log -error_file andrew.err "$server" >andrew.out 2>&1) &
pids+=("$!")
agent_pids+=("$!")
sleep 0.5

# Desk phone: initial at 0 s, modify at 1.5 s, refresh at 3.5 s. Soft client, started 0.7 s
# later: initial at 0.7 s, removal at 2.7 s.
log "the desk phone publishes"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/compose-desk.xml" -set settle 1500 -set linger 2000 \
	-p 31062 "${common[@]}" -message_file desk.log -error_file desk.err "$server" \
	>desk.out 2>&1) &
pids+=("$!")
agent_pids+=("$!")
sleep 0.7
log "the soft client publishes"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/compose-soft.xml" -set linger 2000 \
	-p 31063 "${common[@]}" -message_file soft.log -error_file soft.err "$server" \
	>soft.out 2>&1) &
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

# The story as captured: no retransmission, and the NOTIFYs each agent got, in order (a NOTIFY to
# linda and one to a watcher may leave the server in either order).
resent="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sip.resend") c = i; next }
	$c == 1' "$dir/fields.tsv" | wc -l)"
((resent == 0)) || fail "$resent retransmissions: run again"
# PUBLISHes in the order of the story (publisher by From tag, If-Match or not, Expires).
publishes="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["sip.Method"] == "PUBLISH" {
		tag = $col["sip.from.tag"]; sub(/^.*-/, "", tag)
		kind = $col["sip.If_Match"] == "" ? "initial" : $col["sip.Expires"] == 0 ? "removal" : \
			$col["sip.Content-Length"] > 0 ? "modify" : "refresh"
		printf "%s %s, ", tag, kind
	}' "$dir/fields.tsv")"
[[ "$publishes" == "desk initial, soft initial, desk modify, soft removal, desk refresh, " ]] ||
	fail "PUBLISHes: $publishes"
# andrew's NOTIFYs: each one after the 2xx of the change it reports (a NOTIFY between a change
# and the next 2xx), and the subscription states.
story="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["sip.Status-Code"] ~ /^2/ && $col["sip.CSeq.method"] == "PUBLISH" { printf "2xx, " }
	$col["sip.Method"] == "NOTIFY" {
		state = $col["sip.Subscription-State"]; sub(/;.*/, "", state)
		printf "NOTIFY %s, ", state
	}' "$dir/fields.tsv")"
expected="NOTIFY active, 2xx, NOTIFY active, 2xx, NOTIFY active, 2xx, NOTIFY active, 2xx, "
expected+="NOTIFY active, 2xx, NOTIFY active, NOTIFY terminated, "
[[ "$story" == "$expected" ]] || fail "unexpected order: $story"

mkdir -p "$out"
rm -f "$out/$name".*
node "$here/pcapToRaw.mjs" "$dir/fields.tsv" >"$out/$name.sip"
cp "$dir/$name.tshark.txt" "$sngrep_txt" "$out/"
logs=()
for agent in andrew desk soft; do
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
