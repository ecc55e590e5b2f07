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
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=attended-transfer
proxy=127.0.0.1:27060

require_tools kamailio sipp tshark sngrep tmux node
start_story attended "udp portrange 27060-27065" "$here/kamailio-attended.cfg"

common=(-t u1 -nostdin -timeout 20s -timeout_error -trace_err -i 127.0.0.1)
# The consultation's identifiers, for bob's REFER: its Call-ID and bob's tag, chosen here.
consult_cid="1-$$-consult@127.0.0.1"
bob_consult_tag="$$-bob-consult"

log "carol waits for calls"
sipp_start carol -sf "$here/sipp/attended-carol.xml" -key domain 127.0.0.1 -m 2 -set hold 3000 \
	-p 27063 "${common[@]}" -trace_msg
carol_pid=$agent_pid
log "bob waits for calls"
sipp_start bob -sf "$here/sipp/attended-bob.xml" -key domain 127.0.0.1 -m 1 \
	-set ccid "${consult_cid//@/%40}" -set ctag "$carol_pid-carol-1" -set btag "$bob_consult_tag" \
	-p 27062 "${common[@]}" -trace_msg
bob_pid=$agent_pid
sleep 0.5

log "alice calls bob"
sipp_start alice -sf "$here/sipp/attended-alice.xml" -key domain 127.0.0.1 -m 1 \
	-p 27061 "${common[@]}" -trace_msg "$proxy"
alice_pid=$agent_pid

wait_for_file consult "$bob_pid"
log "bob consults carol"
sipp_start bob-consult -sf "$here/sipp/attended-bob-consult.xml" -key domain 127.0.0.1 \
	-m 1 -s carol -cid_str "${consult_cid%@127.0.0.1}@%s" -set btag "$bob_consult_tag" \
	-p 27064 "${common[@]}" -trace_msg "$proxy"

wait_for_file refer-to-replaces "$alice_pid"
# `Replaces=<callid>%3Bto-tag%3D...`, as the Refer-To URI's header carries it: unescaped, it is
# the Replaces header of alice's INVITE (RFC 3891 §7, RFC 3261 §19.1.1).
escaped="$(tr -d '\n' <"$dir/sipp/refer-to-replaces")"
escaped="${escaped#Replaces=}"
replaces="$(printf '%b' "${escaped//%/\\x}")"
[[ "$replaces" == "$consult_cid;to-tag=$carol_pid-carol-1;from-tag=$bob_consult_tag" ]] ||
	fail "unexpected Replaces: $replaces"
log "alice calls carol with Replaces: $replaces"
sipp_start alice-to-carol -sf "$here/sipp/attended-alice-transfer.xml" -key domain 127.0.0.1 \
	-m 1 -s carol -set replaces "$replaces" -set talk 2500 \
	-p 27065 "${common[@]}" -trace_msg "$proxy"

wait_agents "an agent"
# The Replaces headers and Refer-To URIs too: the order check and the replaced dialogs read them;
# and the frames' addresses, which tell each hop's copy of a REFER (a NOTIFY's subscription is
# the copy on its own hop).
extra_fields=(sip.Replaces sip.Refer-To ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport)
end_story

# The story as captured: no retransmission, and each step after the one it waits for (the first
# copy of each message, through the proxy): carol answers the consultation before bob's REFER;
# alice's INVITE with Replaces after her first NOTIFY; carol's BYE of the consultation after she
# has answered that INVITE; the final NOTIFY after both; bob's BYE last.
no_retransmissions
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

publish sip=raw sngrep.txt=sngrep tshark.txt=tshark \
	sipp:alice sipp:bob sipp:bob-consult sipp:carol sipp:alice-to-carol
sipp_links_without_addresses alice bob bob-consult carol alice-to-carol
