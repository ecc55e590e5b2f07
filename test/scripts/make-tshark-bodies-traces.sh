#!/usr/bin/env bash
# Regenerates test/fixtures/real/tshark-bodies.*: bodies tshark prints as trees of its own (a
# multipart/related resource list NOTIFY, a line too long for tshark, a text/plain MESSAGE),
# played by real SIP software on loopback (see test/fixtures/README.md, "Bodies in tshark's text").
#
#   SIPp list server for sip:friends@127.0.0.1 (sipp/bodies-list-server.xml)   127.0.0.1:30061
#   SIPp watcher andrew (sipp/bodies-watcher.xml)                          port 30060
#
# andrew SUBSCRIBEs to the list (Supported: eventlist) and gets 200 and two NOTIFYs, each a
# multipart/related body (RFC 4662): the RLMI document, then a PIDF part for alice and one for
# bob. In the second, alice's note is longer than the 240 characters tshark prints of an item.
# Then andrew sends the list server a text/plain MESSAGE, answered 200.
# The story is captured with tshark on lo and exported: bare messages decoded from the capture
# and tshark's text (-V -O sip). expected-links.mjs computes the expected links of both from
# tshark's fields, independently of the analyser.
#
# Needs (Debian): sip-tester tshark nodejs.
# Usage: bash test/scripts/make-tshark-bodies-traces.sh   (about 5 seconds)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/test/fixtures/real"
name=tshark-bodies
ports="udp portrange 30060-30061"
server=127.0.0.1:30061

for tool in sipp tshark node; do
	command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work="$(mktemp -d /tmp/sip-tshark-bodies.XXXXXX)"
pids=()

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
cleanup() {
	stop_all
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail() {
	echo "$*" >&2
	tail -n 30 "$work"/sipp/*.err "$work"/sipp/*.out >&2 2>/dev/null || true
	exit 1
}

dir="$work"
mkdir -p "$dir/sipp"

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

common=(-t u1 -nostdin -timeout 20s -timeout_error -trace_msg -trace_err -i 127.0.0.1
	-key domain 127.0.0.1)

log "the list server listens"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/bodies-list-server.xml" -m 2 -p 30061 "${common[@]}" \
	-message_file server.log -error_file server.err >server.out 2>&1) &
server_pid=$!
pids+=("$server_pid")
sleep 0.5

log "andrew subscribes to his list"
(cd "$dir/sipp" && sipp -sf "$here/sipp/bodies-watcher.xml" -m 1 -p 30060 "${common[@]}" \
	-message_file watcher.log -error_file watcher.err "$server" >watcher.out 2>&1) ||
	fail "the watcher failed"
wait "$server_pid" || fail "the list server failed"
sleep 0.5

log "stopping tshark"
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

# The story as captured: no retransmission; SUBSCRIBE, 200, two NOTIFYs and their 200s, MESSAGE, 200.
resent="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sip.resend") c = i; next }
	$c == 1' "$dir/fields.tsv" | wc -l)"
((resent == 0)) || fail "$resent retransmissions: run again"
order="$(awk -F'\t' 'NR > 1 { print ($3 != "" ? $3 : $5 " " $8) }' "$dir/fields.tsv" | tr '\n' ',')"
expected="SUBSCRIBE,200 SUBSCRIBE,NOTIFY,200 NOTIFY,NOTIFY,200 NOTIFY,MESSAGE,200 MESSAGE,"
[[ "$order" == "$expected" ]] || fail "unexpected order: $order"
# tshark cut alice's long note in the second NOTIFY, and only there.
cut="$(grep -c '\[truncated\]' "$dir/$name.tshark.txt" || true)"
((cut == 1)) || fail "expected one line tshark cuts, found $cut"

mkdir -p "$out"
rm -f "$out/$name".*
node "$here/pcapToRaw.mjs" "$dir/fields.tsv" >"$out/$name.sip"
cp "$dir/$name.tshark.txt" "$out/"
cp "$pcap" "$out/$name.pcapng"
chmod 644 "$out/$name".*

node "$here/expected-links.mjs" "$dir/fields.tsv" \
	"$out/$name.sip" raw \
	"$out/$name.tshark.txt" tshark

log "wrote $(find "$out" -name "$name.*" -type f | wc -l) files into $out"
