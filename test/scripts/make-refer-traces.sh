#!/usr/bin/env bash
# Regenerates test/fixtures/real/refer-call.*: a blind call transfer (RFC 3515 REFER, RFC 5589),
# played by real SIP software on loopback (see test/fixtures/README.md, "A transferred call").
#
#   Kamailio record-routing proxy (kamailio-refer.cfg)              127.0.0.1:15260
#   SIPp alice, the transferee (sipp/refer-alice.xml)               port 15261
#   SIPp bob, the transferor (sipp/refer-bob.xml)                   port 15262
#   SIPp carol, the transfer target (sipp/refer-carol.xml)          port 15263
#   SIPp alice's calls to the transfer targets (sipp/refer-alice-transfer.xml)   port 15264
#
# alice calls bob; bob REFERs her to dave inside the call (202; NOTIFYs "100 Trying" and, once
# the proxy has answered her INVITE to dave 404, "404 Not Found", terminated; no id parameter, as
# RFC 3515 §2.4.6 allows for a dialog's first REFER), then to carol (202; NOTIFYs with
# Event: refer;id=2: "100 Trying", and "200 OK" once carol has answered); bob hangs up, and so,
# later, does alice on carol. SIPp holds one Call-ID per scenario, so alice's calls to dave and
# carol are separate SIPp runs (from port 15264), each started when alice's main scenario writes
# the file transfer-N into its working directory (exec action).
# The call is captured with tshark on lo and exported: bare messages decoded from the capture,
# tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), and the SIPp -trace_msg
# log of each SIPp run. expected-links.mjs computes the expected links of every exported file
# from tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio sip-tester tshark sngrep tmux nodejs.
# Usage: bash test/scripts/make-refer-traces.sh   (about 15 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=refer-call
proxy=127.0.0.1:15260

require_tools kamailio sipp tshark sngrep tmux node
start_story refer "udp portrange 15260-15264" "$here/kamailio-refer.cfg"

common=(-t u1 -m 1 -nostdin -timeout 20s -timeout_error -trace_err -i 127.0.0.1)

log "bob and carol wait for calls"
sipp_start bob -sf "$here/sipp/refer-bob.xml" -key domain 127.0.0.1 \
	-p 15262 "${common[@]}" -trace_msg
sipp_start carol -sf "$here/sipp/refer-carol.xml" \
	-p 15263 "${common[@]}" -trace_msg
sleep 0.5

log "alice calls bob"
sipp_start alice -sf "$here/sipp/refer-alice.xml" -key domain 127.0.0.1 \
	-p 15261 "${common[@]}" -trace_msg "$proxy"
alice_pid=$agent_pid

# alice's calls to the transfer targets, each when her scenario asks for it.
n=0
for target in dave carol; do
	n=$((n + 1))
	wait_for_file "transfer-$n" "$alice_pid"
	log "alice calls $target (transfer $n)"
	sipp_start "alice-to-$target" -sf "$here/sipp/refer-alice-transfer.xml" \
		-key domain 127.0.0.1 -s "$target" -set talk 1500 -p 15264 "${common[@]}" -trace_msg \
		"$proxy"
	# The next run binds the same port: wait for this one (dave's ends with the ACK).
	if [[ $target == dave ]]; then
		wait "$agent_pid" || fail "alice's call to dave failed"
	fi
done
wait_agents "an agent"
# The frames' addresses: they tell each hop's copy of a REFER (a NOTIFY's subscription is the
# copy on its own hop).
extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport)
end_story

# The story as captured: no retransmission, and the NOTIFYs after what they report on (each
# final NOTIFY after the final response to alice's INVITE to the target).
no_retransmissions
order="$(awk -F'\t' 'NR > 1 {
		if ($3 == "REFER" && !referred[$7]++) print "REFER"
		else if ($3 == "INVITE" && $4 ~ /dave|carol/ && !seen[$4]++) print "INVITE " $4
		else if ($3 == "NOTIFY" && !notified[$7]++) print "NOTIFY " $7
		else if ($5 ~ /^(200|404)$/ && $8 == "INVITE" && $11 ~ /dave|carol/ && !answered[$11]++) print $5
	}' "$dir/fields.tsv" | tr '\n' ' ')"
expected="REFER NOTIFY 2 INVITE sip:dave@127.0.0.1 404 NOTIFY 3 REFER NOTIFY 4 INVITE sip:carol@127.0.0.1 200 NOTIFY 5 "
[[ "$order" == "$expected" ]] || fail "unexpected order: $order"

publish sip=raw sngrep.txt=sngrep tshark.txt=tshark \
	sipp:alice sipp:bob sipp:carol sipp:alice-to-dave sipp:alice-to-carol
sipp_links_without_addresses alice bob carol alice-to-dave alice-to-carol
