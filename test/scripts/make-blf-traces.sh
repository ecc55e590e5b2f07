#!/usr/bin/env bash
# Regenerates test/fixtures/real/blf-call.*: a busy lamp field (RFC 4235 dialog event package over
# RFC 6665) as a small PBX does it, played by real SIP software on loopback (see
# test/fixtures/README.md, "A busy lamp field").
#
#   Kamailio proxy + presence server (kamailio-blf.cfg: dialog, pua, pua_dialoginfo, presence,
#   presence_dialoginfo)                                            127.0.0.1:28060
#   SIPp alice, the caller (sipp/blf-caller.xml)                    port 28061
#   SIPp bob, the callee (sipp/blf-callee.xml)                      port 28062
#   SIPp reception, the watcher (sipp/blf-watcher.xml)              port 28063
#
# The receptionist's phone SUBSCRIBEs to bob with Event: dialog (200, the initial NOTIFY: no
# dialog). alice calls bob through Kamailio; as the call is tried, rings, is answered and ends,
# pua_dialoginfo PUBLISHes its state for alice and for bob to the presence server's address (the
# same Kamailio, through the network: the PUBLISHes and their 200s are in the capture), and
# presence_dialoginfo NOTIFYs the receptionist of each change of bob's state. Once no NOTIFY has
# come for 2.5 s, the receptionist unsubscribes (Expires: 0, the final NOTIFY, terminated).
# The call is captured with tshark on lo and exported: bare messages decoded from the capture,
# tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), and the SIPp -trace_msg
# log of each agent. expected-links.mjs computes the expected links of every exported file from
# tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio kamailio-presence-modules kamailio-xml-modules sip-tester tshark sngrep
# tmux nodejs. Usage: bash test/scripts/make-blf-traces.sh   (about 15 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=blf-call
proxy=127.0.0.1:28060

require_tools kamailio sipp tshark sngrep tmux node
# After the config, the db_text tables the presence and pua modules open.
start_story blf "udp portrange 28060-28063" "$here/kamailio-blf.cfg" \
	version presentity active_watchers watchers xcap pua

common=(-t u1 -m 1 -nostdin -timeout 20s -timeout_error -trace_err -i 127.0.0.1)

log "reception subscribes to bob's dialogs"
sipp_start reception -sf "$here/sipp/blf-watcher.xml" -key domain 127.0.0.1 \
	-p 28063 "${common[@]}" -trace_msg "$proxy"
sipp_start bob -sf "$here/sipp/blf-callee.xml" -set ring 800 \
	-p 28062 "${common[@]}" -trace_msg
sleep 1

log "alice calls bob"
sipp_start alice -sf "$here/sipp/blf-caller.xml" -key domain 127.0.0.1 \
	-set talk 1200 -p 28061 "${common[@]}" -trace_msg "$proxy"
wait_agents "an agent"
end_story

# The story as captured: no retransmission.
no_retransmissions
# bob's PUBLISHes (trying, early, confirmed, terminated), each answered 200 before the NOTIFY
# that carries it to the receptionist: P(ublish), A(ccepted), N(otify), after the initial NOTIFY
# and before the final one.
order="$(awk -F'\t' 'NR > 1 {
		if ($3 == "PUBLISH" && $4 ~ /^sip:bob@/) { bob[$6] = 1; print "P" }
		else if ($5 == 200 && $8 == "PUBLISH" && bob[$6]) print "A"
		else if ($3 == "NOTIFY") print "N"
	}' "$dir/fields.tsv" | tr -d '\n')"
[[ "$order" == NPANPANPANPANN ]] || fail "unexpected order: $order"
# One publication per party: pua_dialoginfo sends each later state with the SIP-If-Match of the
# last one. A state change that reaches a pua process before the 200 to the first PUBLISH does is
# published as a second initial PUBLISH (a publication of its own, never removed): bob's phone
# waits 300 ms before ringing, so that the first exchange is over by then.
initial="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sip.If_Match") c = i; next }
	$3 == "PUBLISH" && $c == ""' "$dir/fields.tsv" | wc -l)"
((initial == 2)) || fail "$initial initial PUBLISHes (2 wanted: alice's, bob's): run again"

publish sip=raw sngrep.txt=sngrep tshark.txt=tshark sipp:reception sipp:alice sipp:bob
