#!/usr/bin/env bash
# Regenerates test/fixtures/real/winfo-story.*: watcher information (RFC 3857 presence.winfo,
# RFC 3858 application/watcherinfo+xml) played by real SIP software on loopback (see
# test/fixtures/README.md, "Who watches linda").
#
#   Kamailio presence server (kamailio-winfo.cfg)                    udp 127.0.0.1:29060
#   Kamailio's integrated XCAP server (xcap_server over xhttp)       tcp 127.0.0.1:29065
#   SIPp linda watching her watchers (sipp/winfo-linda.xml)          port 29061
#   SIPp andrew, a presence watcher (sipp/winfo-watcher.xml)         port 29062
#   SIPp bob, a presence watcher (sipp/winfo-watcher.xml)            port 29063
#   SIPp linda publishing her presence (sipp/winfo-publisher.xml)    port 29064
#
# linda subscribes to presence.winfo of her own AoR (NOTIFY: a full document, no watcher yet) and
# publishes her presence. andrew, then bob subscribe to her presence: no rule authorises them, so
# each subscription is pending (200, NOTIFY pending) and linda is told of each new pending watcher.
# linda then PUTs a pres-rules document (RFC 5025) allowing bob to the XCAP server with curl: bob
# becomes active and gets her presence (Kamailio tells linda nothing of it yet). andrew gives up
# (unsubscribes): linda gets the full list, andrew `waiting` and bob `active`. linda unsubscribes
# from presence.winfo (a last full document), then bob from presence.
# The story is captured with tshark on lo and exported: bare messages decoded from the capture,
# tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), and the SIPp -trace_msg
# log of each SIPp run. expected-links.mjs computes the expected links of every exported file
# from tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio kamailio-presence-modules kamailio-xml-modules sip-tester tshark sngrep
# tmux curl nodejs. Usage: bash test/scripts/make-winfo-traces.sh   (about 15 seconds)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/test/fixtures/real"
name=winfo-story
ports="udp portrange 29060-29064"
server=127.0.0.1:29060
xcap=http://127.0.0.1:29065/xcap-root

for tool in kamailio sipp tshark sngrep tmux curl node; do
	command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work="$(mktemp -d /tmp/sip-winfo-traces.XXXXXX)"
pids=()
tmux_session="sngrep-winfo-$$"
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
# db_text tables the presence modules and the XCAP server open; `version` tells them the schema
# versions.
for table in version presentity active_watchers watchers xcap pua; do
	cp "/usr/share/kamailio/dbtext/kamailio/$table" "$dir/db/"
done
sed "s#@RUNDIR@#$dir#g" "$here/kamailio-winfo.cfg" >"$dir/kamailio.cfg"
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

# NOTIFYs to linda's winfo subscription: the initial one, andrew pending, bob pending, andrew
# gone; then the one that ends it.
log "linda subscribes to presence.winfo"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/winfo-linda.xml" -set notifies "${LINDA_NOTIFIES:-4}" \
	-set linger 600 -p 29061 "${common[@]}" -message_file linda-winfo.log \
	-error_file linda-winfo.err "$server" >linda-winfo.out 2>&1) &
pids+=("$!")
agent_pids+=("$!")
sleep 0.4

log "linda publishes"
(cd "$dir/sipp" && sipp -sf "$here/sipp/winfo-publisher.xml" -p 29064 "${common[@]}" \
	-message_file linda-publish.log -error_file linda-publish.err "$server" \
	>linda-publish.out 2>&1) || fail "linda's PUBLISH failed"
sleep 0.3

# andrew: one NOTIFY (pending), then he gives up; bob: pending, then active once approved.
log "andrew and bob subscribe to linda's presence"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/winfo-watcher.xml" -key user andrew \
	-set notifies 1 -set linger 2200 -p 29062 "${common[@]}" -message_file andrew.log \
	-error_file andrew.err "$server" >andrew.out 2>&1) &
pids+=("$!")
agent_pids+=("$!")
sleep 0.5
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/winfo-watcher.xml" -key user bob \
	-set notifies 2 -set linger 2500 -p 29063 "${common[@]}" -message_file bob.log \
	-error_file bob.err "$server" >bob.out 2>&1) &
pids+=("$!")
agent_pids+=("$!")
sleep 0.8

log "linda allows bob (pres-rules over XCAP)"
cat >"$dir/pres-rules.xml" <<'RULES'
<?xml version="1.0" encoding="UTF-8"?>
<cr:ruleset xmlns="urn:ietf:params:xml:ns:pres-rules" xmlns:cr="urn:ietf:params:xml:ns:common-policy">
  <cr:rule id="allow-bob">
    <cr:conditions>
      <cr:identity><cr:one id="sip:bob@127.0.0.1"/></cr:identity>
    </cr:conditions>
    <cr:actions><sub-handling>allow</sub-handling></cr:actions>
    <cr:transformations/>
  </cr:rule>
</cr:ruleset>
RULES
curl -sS -o "$dir/xcap-put.out" -w '%{http_code}\n' -X PUT \
	-H 'Content-Type: application/auth-policy+xml' --data-binary "@$dir/pres-rules.xml" \
	"$xcap/pres-rules/users/sip:linda@127.0.0.1/index" >"$dir/xcap-put.code" ||
	fail "XCAP PUT failed"
[[ "$(cat "$dir/xcap-put.code")" == 20[01] ]] || fail "XCAP PUT: $(cat "$dir/xcap-put.code")"

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
notified() {
	awk -F'\t' -v who="$1" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$col["sip.Method"] == "NOTIFY" && $col["sip.r-uri"] ~ ("^sip:" who "@") {
			state = $col["sip.Subscription-State"]; sub(/;.*/, "", state)
			printf "%s %s, ", $col["sip.Event"], state
		}' "$dir/fields.tsv"
}
for check in \
	"linda:presence.winfo active, presence.winfo active, presence.winfo active, presence.winfo active, presence.winfo terminated, " \
	"andrew:presence pending, presence terminated, " \
	"bob:presence pending, presence active, presence terminated, "; do
	got="$(notified "${check%%:*}")"
	[[ "$got" == "${check#*:}" ]] || fail "NOTIFYs to ${check%%:*}: $got"
done

mkdir -p "$out"
rm -f "$out/$name".*
node "$here/pcapToRaw.mjs" "$dir/fields.tsv" >"$out/$name.sip"
cp "$dir/$name.tshark.txt" "$sngrep_txt" "$out/"
logs=()
for agent in linda-winfo linda-publish andrew bob; do
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
