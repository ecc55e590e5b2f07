#!/usr/bin/env bash
# Regenerates test/fixtures/real/sipsak-options.*: what sipsak prints with -vvv, the output people
# paste when a SIP server does not answer its health check, made by real sipsak against SIPp on
# loopback, each run in a log of its own:
#
#   ok.log          sipsak pings a server (SIPp, sipp/options-server.xml): OPTIONS, 200
#   challenge.log   the same through a proxy that challenges it (sipp/options-proxy-challenge.xml):
#                   OPTIONS, 407, OPTIONS with credentials (-a), 200
#   unanswered.log  a server that never answers (sipp/options-silent.xml): the OPTIONS sent again
#                   and again until sipsak gives up (T1 of 50 ms, -Z, so that it does soon)
#   ok-vv.log       the ping of ok.log with -vv: only the reply, after `message received:`
#   refused.log     a proxy that challenges the credentials again (sipp/options-refuse.xml): the
#                   error's dump on stderr (the request again after `request:`, the reply after
#                   `response:`), above the rest as the output is redirected to a file
#   traceroute.log  traceroute mode (-T): an OPTIONS with Max-Forwards 0, answered at once, and the
#                   hop's line (`0: '...' (0.3 ms) SIP/2.0 200 OK`)
#
# sipsak prints each request twice (as made, after `New message with Via-Line:`, and as sent,
# after `request:`), each reply after `message received` and `received from: UDP:a:p`, and a
# summary. tshark captures the runs on lo; expected-links.mjs computes the expected messages and
# links of each log from tshark's fields, independently of the analyser.
#
# Needs (Debian): sipsak sip-tester tshark nodejs.
# Usage: bash test/scripts/make-sipsak-traces.sh   (about 15 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=sipsak-options

require_tools sipsak sipp tshark node
make_workdir sipsak

start_capture "udp portrange 46060-46071"
# The addresses of each frame: which way each message of a log went (expected-links.mjs).
extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport)

# run SCENARIO SERVER_PORT LOG [SIPSAK_ARGS...]: SIPp serves one call while sipsak runs.
run() {
	local scenario=$1 port=$2 log=$3
	shift 3
	sipp -sf "$here/sipp/$scenario" -i 127.0.0.1 -p "$port" -m 1 -bg -nostdin \
		>"$dir/sipp/$scenario.out" 2>&1 || true
	sleep 0.5
	# sipsak exits 3 when nothing answers: its output is what is wanted.
	sipsak "${VERBOSITY:--vvv}" -s "sip:alice@127.0.0.1:$port" "$@" >"$dir/$name.$log" 2>&1 || true
	pkill -f "sipp -sf $here/sipp/$scenario" 2>/dev/null || true
	log "$log: $(grep -c '^request:' "$dir/$name.$log") requests sent"
}
run options-server.xml 46060 ok.log -l 46061
run options-proxy-challenge.xml 46062 challenge.log -l 46063 -u alice -a alice-secret
run options-silent.xml 46064 unanswered.log -l 46065 -Z 50
VERBOSITY=-vv run options-server.xml 46066 ok-vv.log -l 46067
run options-refuse.xml 46068 refused.log -l 46069 -u alice -a wrong-secret
run options-server.xml 46070 traceroute.log -l 46071 -T
sleep 1
stop_capture

grep -q '^SIP/2.0 200 OK' "$dir/$name.ok.log" || fail "ok.log: no 200"
grep -q '^SIP/2.0 407 ' "$dir/$name.challenge.log" || fail "challenge.log: no 407"
grep -q '^Proxy-Authorization: Digest ' "$dir/$name.challenge.log" ||
	fail "challenge.log: no request with credentials"
[[ "$(grep -c '^request:' "$dir/$name.unanswered.log")" -ge 3 ]] ||
	fail "unanswered.log: the OPTIONS was not sent again"

grep -q '^message received:$' "$dir/$name.ok-vv.log" || fail "ok-vv.log: no reply"
grep -q '^response:$' "$dir/$name.refused.log" || fail "refused.log: no error dump"
grep -q "^0: .* SIP/2.0 200 OK" "$dir/$name.traceroute.log" || fail "traceroute.log: no hop line"

tshark_fields
publish --retransmissions ok.log=sipsak challenge.log=sipsak unanswered.log=sipsak \
	ok-vv.log=sipsak refused.log=sipsak traceroute.log=sipsak
