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
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=tshark-bodies
server=127.0.0.1:30061

require_tools sipp tshark node
make_workdir tshark-bodies
start_capture "udp portrange 30060-30061"

common=(-t u1 -nostdin -timeout 20s -timeout_error -trace_msg -trace_err -i 127.0.0.1
	-key domain 127.0.0.1)

log "the list server listens"
sipp_start server -sf "$here/sipp/bodies-list-server.xml" -m 2 -p 30061 "${common[@]}"
sleep 0.5

log "andrew subscribes to his list"
sipp_run watcher -sf "$here/sipp/bodies-watcher.xml" -m 1 -p 30060 "${common[@]}" "$server" ||
	fail "the watcher failed"
wait_agents "the list server"
sleep 0.5
stop_capture

dissect
export_raw

# The story as captured: no retransmission; SUBSCRIBE, 200, two NOTIFYs and their 200s, MESSAGE, 200.
no_retransmissions
order="$(awk -F'\t' 'NR > 1 { print ($3 != "" ? $3 : $5 " " $8) }' "$dir/fields.tsv" | tr '\n' ',')"
expected="SUBSCRIBE,200 SUBSCRIBE,NOTIFY,200 NOTIFY,NOTIFY,200 NOTIFY,MESSAGE,200 MESSAGE,"
[[ "$order" == "$expected" ]] || fail "unexpected order: $order"
# tshark cut alice's long note in the second NOTIFY, and only there.
cut="$(grep -c '\[truncated\]' "$dir/$name.tshark.txt" || true)"
((cut == 1)) || fail "expected one line tshark cuts, found $cut"

publish sip=raw tshark.txt=tshark
