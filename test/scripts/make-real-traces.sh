#!/usr/bin/env bash
# Regenerates test/fixtures/real/: a presence story played by real SIP software on loopback.
#
#   Kamailio (presence + presence_xml + auth, sipdump on)   127.0.0.1:15060
#   SIPp watchers andrew, bob, carol                         127.0.0.1:15061..15063
#   SIPp publisher linda                                     127.0.0.1:15064
#
# Captured with tshark on lo, then exported by the tools themselves: raw messages decoded from
# the capture, tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), SIPp's
# -trace_msg logs and Kamailio's sipdump text. expected-links.mjs computes the expected links of
# every exported file from tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio kamailio-presence-modules kamailio-xml-modules sip-tester tshark
# sngrep tmux nodejs. Usage: bash test/scripts/make-real-traces.sh   (about 20 seconds)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/test/fixtures/real"
name="presence-story"
ports="udp portrange 15060-15064"

for tool in kamailio sipp tshark sngrep tmux node; do
	command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work="$(mktemp -d /tmp/sip-real-traces.XXXXXX)"
pids=()
tmux_session="sngrep-export-$$"

cleanup() {
	local pid
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	tmux kill-session -t "$tmux_session" 2>/dev/null || true
	if [[ -f "$work/kamailio.pid" ]]; then
		kill "$(cat "$work/kamailio.pid")" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- Kamailio -------------------------------------------------------------------------------
mkdir -p "$work/db" "$work/sipdump" "$work/sipp"
# db_text tables the presence modules open; `version` tells them the schema versions.
for table in version presentity active_watchers watchers xcap pua; do
	cp "/usr/share/kamailio/dbtext/kamailio/$table" "$work/db/"
done
sed "s#@RUNDIR@#$work#g" "$here/kamailio.cfg" >"$work/kamailio.cfg"
kamailio -f "$work/kamailio.cfg" -c >"$work/kamailio-check.log" 2>&1 ||
	{ cat "$work/kamailio-check.log" >&2; exit 1; }

# --- capture --------------------------------------------------------------------------------
tshark -i lo -f "$ports" -w "$work/trace.pcapng" >"$work/tshark.log" 2>&1 &
tshark_pid=$!
pids+=("$tshark_pid")
for _ in $(seq 100); do
	grep -q 'Capturing on' "$work/tshark.log" 2>/dev/null && break
	sleep 0.1
done
grep -q 'Capturing on' "$work/tshark.log" || { cat "$work/tshark.log" >&2; exit 1; }
sleep 0.5

log "starting kamailio"
kamailio -f "$work/kamailio.cfg" -P "$work/kamailio.pid" -DD -E >"$work/kamailio.log" 2>&1 &
kamailio_pid=$!
pids+=("$kamailio_pid")
for _ in $(seq 50); do
	[[ -f "$work/kamailio.pid" ]] && break
	sleep 0.1
done
sleep 1

# --- the story ------------------------------------------------------------------------------
# Each watcher answers `notifies` NOTIFYs (initial, busy, refresh, away[, removal]), lingers,
# then unsubscribes. andrew leaves before linda removes her publication; bob and carol stay.
sipp_common=(-i 127.0.0.1 -t u1 -m 1 -nostdin -timeout 30s -timeout_error -trace_msg -trace_err)
watcher() {
	local user="$1" port="$2" notifies="$3" linger="$4"
	(cd "$work/sipp" && exec sipp -sf "$here/sipp/watcher.xml" -key user "$user" \
		-set notifies "$notifies" -set linger "$linger" -p "$port" "${sipp_common[@]}" \
		-message_file "$user.log" -error_file "$user.err" 127.0.0.1:15060 >"$user.out" 2>&1) &
	pids+=("$!")
	watcher_pids+=("$!")
}
watcher_pids=()
log "watchers subscribe"
watcher andrew 15061 4 800
sleep 0.2
watcher bob 15062 5 1500
sleep 0.2
watcher carol 15063 5 1800
sleep 0.6

log "linda publishes"
(cd "$work/sipp" && sipp -sf "$here/sipp/publisher.xml" -p 15064 "${sipp_common[@]}" \
	-message_file linda.log -error_file linda.err 127.0.0.1:15060 >linda.out 2>&1) ||
	{ tail -n 30 "$work/sipp/linda.out" "$work/sipp/linda.err" >&2; exit 1; }
status=0
for pid in "${watcher_pids[@]}"; do
	wait "$pid" || status=1
done
if ((status)); then
	tail -n 30 "$work"/sipp/*.err "$work/kamailio.log" >&2 || true
	exit 1
fi
sleep 0.5

log "stopping kamailio and tshark"
kill "$kamailio_pid"
wait "$kamailio_pid" 2>/dev/null || true
kill -INT "$tshark_pid"
wait "$tshark_pid" 2>/dev/null || true
pids=()

# --- exports --------------------------------------------------------------------------------
pcap="$work/trace.pcapng"
tshark -r "$pcap" -Y sip -V -O sip >"$work/$name.tshark.txt"
# Fields for the expected links; first occurrence of each field (the top Via).
tshark -r "$pcap" -Y sip -T fields -E header=y -E separator=/t -E occurrence=f \
	-e frame.number -e frame.time_epoch -e ip.src -e udp.srcport -e ip.dst -e udp.dstport \
	-e sip.Method -e sip.r-uri -e sip.Status-Code -e sip.Call-ID -e sip.CSeq.seq \
	-e sip.CSeq.method -e sip.from.addr -e sip.from.tag -e sip.to.addr -e sip.to.tag \
	-e sip.Via.branch -e sip.Event -e sip.Expires -e sip.ETag -e sip.If_Match \
	-e sip.Subscription-State -e sip.Proxy-Authorization -e sip.Proxy-Authenticate \
	-e sip.Content-Length -e sip.resend -e udp.payload >"$work/fields.tsv"

# sngrep has no command-line text export: open the capture in its UI, select all dialogs and
# save them with its own "Save as .txt" dialog (F2), driven through tmux.
log "sngrep export"
sngrep_txt="$work/$name.sngrep.txt"
tmux new-session -d -s "$tmux_session" -c "$work" -x 200 -y 50 "sngrep -I $pcap"
sleep 1.5
# F2 opens "Save capture" with the cursor in Filename (Path is the working directory); a name
# ending in .txt selects the text format and Enter saves all dialogs.
tmux send-keys -t "$tmux_session" F2
sleep 0.5
tmux send-keys -t "$tmux_session" "$name.sngrep.txt"
sleep 0.3
tmux send-keys -t "$tmux_session" Enter
for _ in $(seq 30); do
	[[ -s "$sngrep_txt" ]] && break
	sleep 0.2
done
tmux kill-session -t "$tmux_session" 2>/dev/null || true
[[ -s "$sngrep_txt" ]] || { echo "sngrep export failed" >&2; exit 1; }

mkdir -p "$out"
rm -f "$out/$name".*
node "$here/pcapToRaw.mjs" "$work/fields.tsv" >"$out/$name.sip"
cp "$work/$name.tshark.txt" "$out/$name.tshark.txt"
cp "$sngrep_txt" "$out/$name.sngrep.txt"
cp "$work"/sipdump/*.data "$out/$name.sipdump.txt"
for user in andrew bob carol linda; do
	cp "$work/sipp/$user.log" "$out/$name.sipp-$user.log"
done
cp "$pcap" "$out/$name.pcapng"
chmod 644 "$out/$name".*

node "$here/expected-links.mjs" "$work/fields.tsv" \
	"$out/$name.sip" raw \
	"$out/$name.sngrep.txt" sngrep \
	"$out/$name.tshark.txt" tshark \
	"$out/$name.sipdump.txt" sipdump \
	"$out/$name.sipp-andrew.log" sipp \
	"$out/$name.sipp-bob.log" sipp \
	"$out/$name.sipp-carol.log" sipp \
	"$out/$name.sipp-linda.log" sipp

log "wrote $(ls "$out" | wc -l) files, $(du -sk "$out" | cut -f1) KB, into $out"
