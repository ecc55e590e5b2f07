#!/usr/bin/env bash
# Regenerates test/fixtures/real/reginfo-alice.*: the registration state of an AoR reported with
# the reg event package (RFC 3680), played by real SIP software on loopback (see
# test/fixtures/README.md, "Registration state").
#
#   Kamailio registrar and reg-event server (kamailio-reginfo.cfg)   127.0.0.1:26060
#   SIPp watcher, a P-CSCF of sorts (sipp/reg-watcher.xml)           port 26061
#   SIPp alice (sipp/reg-alice.xml)                                  port 26062
#   (alice's second phone, 127.0.0.1:26063, is only a contact URI: nothing is sent to it)
#
# The watcher SUBSCRIBEs to Event: reg for sip:alice@127.0.0.1; alice REGISTERs two contacts,
# refreshes them, removes the second (expires=0), then all (Contact: *). On every change of a
# binding Kamailio's pua_reginfo PUBLISHes alice's reginfo document (Event: reg) to Kamailio itself,
# and presence (presence_reginfo) NOTIFYs the watcher with it. Once no NOTIFY has come for 3 s the
# watcher unsubscribes. The story is captured with tshark on lo and exported: bare messages
# decoded from the capture, tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in
# tmux), and the SIPp -trace_msg log of each agent. expected-links.mjs computes the expected links
# of every exported file from tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio kamailio-presence-modules sip-tester tshark sngrep tmux nodejs.
# Usage: bash test/scripts/make-reginfo-traces.sh   (about 20 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=reginfo-alice
server=127.0.0.1:26060

require_tools kamailio sipp tshark sngrep tmux node
# After the config, the db_text tables presence and pua open.
start_story reginfo "udp portrange 26060-26063" "$here/kamailio-reginfo.cfg" \
	version presentity active_watchers watchers xcap pua

common=(-t u1 -m 1 -nostdin -timeout 30s -timeout_error -trace_err -trace_msg -i 127.0.0.1)

log "the watcher subscribes to alice's registration state"
sipp_start watcher -sf "$here/sipp/reg-watcher.xml" -key domain 127.0.0.1 \
	-p 26061 "${common[@]}" "$server"
sleep 1

log "alice registers, refreshes, unregisters"
sipp_run alice -sf "$here/sipp/reg-alice.xml" -key domain 127.0.0.1 \
	-key phone2 127.0.0.1:26063 -set gap 1500 -p 26062 "${common[@]}" "$server" ||
	fail "alice failed"
wait_agents "the watcher"
end_story

# The story as captured: no retransmission, and reg NOTIFYs carrying alice's state.
no_retransmissions
grep -c 'application/reginfo+xml' "$dir/$name.tshark.txt" >/dev/null ||
	fail "no reginfo body in the capture"

publish sip=raw sngrep.txt=sngrep tshark.txt=tshark sipp:watcher sipp:alice
