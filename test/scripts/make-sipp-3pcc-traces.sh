#!/usr/bin/env bash
# Regenerates test/fixtures/real/sipp-3pcc.*: a call set up by third-party call control (RFC 3725
# §4.1, flow I), played by SIPp's own 3PCC scenarios on loopback (see test/fixtures/README.md,
# "A call set up by a controller"). Its point is the controllers' -trace_msg logs: between the SIP
# messages they hold the records of SIPp's control channel (`TCP control message sent (213
# bytes):`, then the SDP passed on with a Call-ID but no start line), which are not SIP messages.
#
#   SIPp user agent A (built-in scenario 3pcc-A)                         port 42090
#   SIPp user agent B (3pcc-B)                                           port 42091
#   SIPp controller, A's side (3pcc-C-A), its control channel to C-B     port 42092, TCP 42095
#   SIPp controller, B's side (3pcc-C-B), listening on that channel      port 42093, TCP 42095
#
# C-A INVITEs A without SDP and takes A's offer from its 200; it passes the offer to C-B over the
# control channel; C-B INVITEs B with it, ACKs B's 200 and passes B's answer back; C-A ACKs A's
# 200 with the answer. A second later both sides are hung up (BYE, 200).
# The SIP messages are captured with tshark on lo (UDP only: the control channel is SIPp's own
# TCP) and exported as bare messages; expected-links.mjs computes the messages and links of the
# export and of each agent's log from tshark's fields, independently of the analyser.
#
# Needs (Debian): sip-tester tshark nodejs.
# Usage: bash test/scripts/make-sipp-3pcc-traces.sh   (about 5 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=sipp-3pcc

require_tools sipp tshark node
make_workdir sipp-3pcc
start_capture "udp portrange 42090-42093"

common=(-m 1 -nostdin -timeout 20s -timeout_error -trace_msg -trace_err -i 127.0.0.1)
log "A and B wait for calls"
sipp_start a -sn 3pcc-A -p 42090 "${common[@]}"
sipp_start b -sn 3pcc-B -p 42091 "${common[@]}"
sleep 0.5
log "the controller's B side listens on the control channel"
sipp_start controller-b -sn 3pcc-C-B -p 42093 -3pcc 127.0.0.1:42095 "${common[@]}" 127.0.0.1:42091
sleep 0.7
log "the controller calls A, then B"
sipp_run controller-a -sn 3pcc-C-A -p 42092 -3pcc 127.0.0.1:42095 "${common[@]}" 127.0.0.1:42090 ||
	fail "the controller's A side failed"
wait_agents "A, B or the controller's B side"
sleep 0.5
stop_capture
dissect
export_raw
no_retransmissions
# Each controller's log holds two records of the control channel, which tshark did not see.
for side in a b; do
	n="$(grep -c '^TCP control message ' "$dir/sipp/controller-$side.log" || true)"
	((n == 2)) || fail "controller-$side: expected two control records, found $n"
done
publish sip=raw sipp:controller-a sipp:controller-b sipp:a sipp:b
