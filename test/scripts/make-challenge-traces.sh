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
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=challenged-call
proxy=127.0.0.1:15360

require_tools kamailio sipp tshark sngrep tmux node
start_story challenge "udp portrange 15360-15362" "$here/kamailio-challenge.cfg"

common=(-t u1 -m 1 -nostdin -timeout 20s -timeout_error -trace_err -i 127.0.0.1)

log "bob's phone waits for the calls"
sipp_start bob -sf "$here/sipp/challenge-callee.xml" -p 15362 \
	-t u1 -m 2 -nostdin -timeout 30s -timeout_error -trace_err -i 127.0.0.1 -trace_msg
sleep 0.5

for call in 1 2; do
	log "alice calls bob ($call)"
	sipp_run "alice-$call" -sf "$here/sipp/challenge-caller.xml" -key domain 127.0.0.1 \
		-set talk 800 -p 15361 "${common[@]}" -trace_msg "$proxy" || fail "alice's call $call failed"
	sleep 0.5
done
wait_agents "bob's phone"
end_story
# No retransmissions: every message of the story once on each hop.
no_retransmissions

publish sip=raw sngrep.txt=sngrep tshark.txt=tshark sipp:alice-1 sipp:alice-2 sipp:bob
