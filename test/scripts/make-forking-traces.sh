#!/usr/bin/env bash
# Regenerates test/fixtures/real/forking-call.*: a call forked in parallel by a stateful proxy,
# played by real SIP software on loopback (see test/fixtures/README.md, "A forked call").
#
#   Kamailio registrar + forking proxy (kamailio-forking.cfg)   127.0.0.1:15160
#   SIPp caller alice (sipp/forking-caller.xml)                 port 15161
#   SIPp bob's phone "desk" (sipp/forking-callee-answer.xml)    port 15162  answers
#   SIPp bob's phone "mobile" (sipp/forking-callee-ring.xml)    port 15163  rings, is cancelled
#
# Both phones REGISTER as bob (sipp/forking-register.xml, from the port they then answer on).
# alice INVITEs bob@127.0.0.1; the proxy forks to both contacts; both ring (two early dialogs);
# desk answers after a while, so the proxy CANCELs mobile's branch (200 to the CANCEL, 487 to the
# INVITE, the proxy's ACK for the 487); alice ACKs the 200 late (so desk sends it again, and the
# proxy forwards the copy), re-INVITEs, and hangs up.
# The call is captured with tshark on lo and exported: bare messages decoded from the capture,
# tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), and the SIPp -trace_msg
# log of each agent. expected-links.mjs computes the expected links of every exported file from
# tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio sip-tester tshark sngrep tmux nodejs.
# Usage: bash test/scripts/make-forking-traces.sh   (about 15 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=forking-call
proxy=127.0.0.1:15160

require_tools kamailio sipp tshark sngrep tmux node
start_story forking "udp portrange 15160-15163" "$here/kamailio-forking.cfg"

common=(-t u1 -m 1 -nostdin -timeout 20s -timeout_error -trace_err -i 127.0.0.1)

# bob's two phones register, each from the port it then answers on.
for spec in desk/15162 mobile/15163; do
	phone="${spec%/*}" port="${spec#*/}"
	log "bob's $phone registers"
	sipp_run "register-$phone" -sf "$here/sipp/forking-register.xml" -key domain 127.0.0.1 \
		-key phone "$phone" -p "$port" "${common[@]}" "$proxy" || fail "REGISTER of $phone failed"
done

log "bob's phones wait for the call"
sipp_start bob-desk -sf "$here/sipp/forking-callee-answer.xml" -key phone desk \
	-set ring 1200 -p 15162 "${common[@]}" -trace_msg
sipp_start bob-mobile -sf "$here/sipp/forking-callee-ring.xml" -key phone mobile \
	-p 15163 "${common[@]}" -trace_msg
sleep 0.5

log "alice calls bob"
sipp_run alice -sf "$here/sipp/forking-caller.xml" -key domain 127.0.0.1 \
	-set talk 800 -p 15161 "${common[@]}" -trace_msg "$proxy" || fail "alice's call failed"
wait_agents "a phone of bob"
end_story

# Retransmissions: the 200 OK that alice ACKs late, on each hop; none other.
resent="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sip.resend") c = i; next }
	$c == 1 { print $5 " " $8 }' "$dir/fields.tsv" | sort | uniq -c | tr -s ' ')"
[[ "$resent" == " 2 200 INVITE" ]] || fail "unexpected retransmissions: ${resent:-none}"

publish --retransmissions sip=raw sngrep.txt=sngrep tshark.txt=tshark \
	sipp:alice sipp:bob-desk sipp:bob-mobile
