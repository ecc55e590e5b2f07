#!/usr/bin/env bash
# Regenerates test/fixtures/real/attended-transfer.*: an attended (consultative) transfer
# (RFC 5589 §7: REFER with Replaces, RFC 3891), played by real SIP software on loopback (see
# test/fixtures/README.md, "An attended transfer").
#
#   Kamailio record-routing proxy (kamailio-attended.cfg)                         127.0.0.1:27060
#   SIPp alice, the transferee (sipp/attended-alice.xml)                          port 27061
#   SIPp bob, the transferor (sipp/attended-bob.xml)                              port 27062
#   SIPp carol, the transfer target, both her calls (sipp/attended-carol.xml)     port 27063
#   SIPp bob's consultation call to carol (sipp/attended-bob-consult.xml)         port 27064
#   SIPp alice's INVITE with Replaces to carol (sipp/attended-alice-transfer.xml) port 27065
#
# alice calls bob; bob puts her on hold (re-INVITE, a=sendonly) and calls carol (consultation);
# bob REFERs alice with Refer-To: <sip:carol@...?Replaces=...> naming the consultation's dialog
# (its Call-ID, carol's tag as to-tag, bob's as from-tag, URI-escaped); alice accepts (202, NOTIFY
# "100 Trying"), INVITEs carol with Replaces (a new call), carol answers 200 and ends the
# consultation call with BYE; alice NOTIFYs bob "200 OK" (terminated); bob hangs up; alice later
# hangs up on carol. SIPp holds one Call-ID per scenario, so bob's consultation and alice's call
# to carol are SIPp runs of their own: the first started when bob's scenario writes the file
# consult, with its Call-ID (-cid_str) and bob's tag (-set btag) chosen here and given to bob's
# scenario too (with carol's tag, made of her SIPp's pid), which writes them into the Refer-To;
# the second started when alice's scenario writes the Replaces= part of the Refer-To she received
# into refer-to-replaces, which this script unescapes into her Replaces header.
# The call is captured with tshark on lo and exported: bare messages decoded from the capture,
# tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), and the SIPp -trace_msg
# log of each SIPp run. expected-links.mjs computes the expected links of every exported file,
# the replaced dialogs included, from tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio sip-tester tshark sngrep tmux nodejs.
# Usage: bash test/scripts/make-attended-transfer-traces.sh   (about 15 seconds)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/test/fixtures/real"
name=attended-transfer
ports="udp portrange 27060-27065"
proxy=127.0.0.1:27060

for tool in kamailio sipp tshark sngrep tmux node; do
	command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work="$(mktemp -d /tmp/sip-attended-traces.XXXXXX)"
pids=()
tmux_session="sngrep-attended-$$"
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
sed "s#@RUNDIR@#$dir#g" "$here/kamailio-attended.cfg" >"$dir/kamailio.cfg"
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

kamailio -f "$dir/kamailio.cfg" -Y "$dir" -P "$dir/kamailio.pid" -DD -E >"$dir/kamailio.log" 2>&1 &
kamailio_pid=$!
pids+=("$kamailio_pid")
sleep 1.5
kill -0 "$kamailio_pid" || { cat "$dir/kamailio.log" >&2; exit 1; }

common=(-t u1 -nostdin -timeout 20s -timeout_error -trace_err -i 127.0.0.1)
# The consultation's identifiers, for bob's REFER: its Call-ID and bob's tag, chosen here.
consult_cid="1-$$-consult@127.0.0.1"
bob_consult_tag="$$-bob-consult"

wait_for() { # FILE WHO: wait until a scenario writes FILE
	for _ in $(seq 100); do
		[[ -e "$dir/sipp/$1" ]] && return 0
		kill -0 "$2" 2>/dev/null || fail "an agent stopped before writing $1"
		sleep 0.05
	done
	fail "no $1"
}

log "carol waits for calls"
agent_pids=()
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/attended-carol.xml" -key domain 127.0.0.1 -m 2 -set hold 3000 \
	-p 27063 "${common[@]}" -trace_msg -message_file carol.log -error_file carol.err \
	>carol.out 2>&1) &
carol_pid=$!
pids+=("$carol_pid")
agent_pids+=("$carol_pid")
log "bob waits for calls"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/attended-bob.xml" -key domain 127.0.0.1 -m 1 \
	-set ccid "${consult_cid//@/%40}" -set ctag "$carol_pid-carol-1" -set btag "$bob_consult_tag" \
	-p 27062 "${common[@]}" -trace_msg -message_file bob.log -error_file bob.err \
	>bob.out 2>&1) &
bob_pid=$!
pids+=("$bob_pid")
agent_pids+=("$bob_pid")
sleep 0.5

log "alice calls bob"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/attended-alice.xml" -key domain 127.0.0.1 -m 1 \
	-p 27061 "${common[@]}" -trace_msg -message_file alice.log -error_file alice.err \
	"$proxy" >alice.out 2>&1) &
alice_pid=$!
pids+=("$alice_pid")
agent_pids+=("$alice_pid")

wait_for consult "$bob_pid"
log "bob consults carol"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/attended-bob-consult.xml" -key domain 127.0.0.1 \
	-m 1 -s carol -cid_str "${consult_cid%@127.0.0.1}@%s" -set btag "$bob_consult_tag" \
	-p 27064 "${common[@]}" -trace_msg -message_file bob-consult.log -error_file bob-consult.err \
	"$proxy" >bob-consult.out 2>&1) &
pids+=("$!")
agent_pids+=("$!")

wait_for refer-to-replaces "$alice_pid"
# `Replaces=<callid>%3Bto-tag%3D...`, as the Refer-To URI's header carries it: unescaped, it is
# the Replaces header of alice's INVITE (RFC 3891 §7, RFC 3261 §19.1.1).
escaped="$(tr -d '\n' <"$dir/sipp/refer-to-replaces")"
escaped="${escaped#Replaces=}"
replaces="$(printf '%b' "${escaped//%/\\x}")"
[[ "$replaces" == "$consult_cid;to-tag=$carol_pid-carol-1;from-tag=$bob_consult_tag" ]] ||
	fail "unexpected Replaces: $replaces"
log "alice calls carol with Replaces: $replaces"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/attended-alice-transfer.xml" -key domain 127.0.0.1 \
	-m 1 -s carol -set replaces "$replaces" -set talk 2500 \
	-p 27065 "${common[@]}" -trace_msg -message_file alice-to-carol.log \
	-error_file alice-to-carol.err "$proxy" >alice-to-carol.out 2>&1) &
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
	-e sip.Proxy-Authenticate -e sip.Content-Length -e sip.resend -e sip.Replaces \
	-e sip.Refer-To -e udp.payload \
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

# The story as captured: no retransmission, and each step after the one it waits for (the first
# copy of each message, through the proxy): carol answers the consultation before bob's REFER;
# alice's INVITE with Replaces after her first NOTIFY; carol's BYE of the consultation after she
# has answered that INVITE; the final NOTIFY after both; bob's BYE last.
resent="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sip.resend") c = i; next }
	$c == 1' "$dir/fields.tsv" | wc -l)"
((resent == 0)) || fail "$resent retransmissions: run again"
order="$(awk -F'\t' -v consult="$consult_cid" '
	NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sip.Replaces") r = i; next }
	{
		if ($3 == "INVITE" && $r != "") replacing = $6
		call = $6 == consult ? "consult" : $6 == replacing ? "replacing" : "first"
		what = $3 != "" ? $3 : $5 " " $8
		if (what ~ /^(REFER|NOTIFY|BYE|INVITE|200 INVITE)$/ && !seen[call " " what " " $7 " " $10]++)
			print call " " what " " $7
	}' "$dir/fields.tsv" | tr '\n' ',')"
expected="first INVITE 1,first 200 INVITE 1,first INVITE 1,first 200 INVITE 1,consult INVITE 1,consult 200 INVITE 1,first REFER 2,first NOTIFY 2,replacing INVITE 1,replacing 200 INVITE 1,consult BYE 1,first NOTIFY 3,first BYE 3,replacing BYE 2,"
[[ "$order" == "$expected" ]] || fail "unexpected order: $order"

mkdir -p "$out"
rm -f "$out/$name".*
node "$here/pcapToRaw.mjs" "$dir/fields.tsv" >"$out/$name.sip"
cp "$dir/$name.tshark.txt" "$sngrep_txt" "$out/"
logs=()
for agent in alice bob bob-consult carol alice-to-carol; do
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
