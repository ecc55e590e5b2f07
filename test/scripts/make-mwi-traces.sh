#!/usr/bin/env bash
# Regenerates test/fixtures/real/mwi-story.*: a voicemail lamp (RFC 3842 message waiting
# indication) played by real SIP software on loopback (see test/fixtures/README.md, "A message
# waiting indication").
#
#   Kamailio presence + presence_mwi (kamailio-mwi.cfg)              127.0.0.1:25060
#   SIPp phone 1000, the subscriber (sipp/mwi-phone.xml)             port 25061
#   SIPp voicemail server, the publisher (sipp/mwi-voicemail.xml)    port 25062
#
# The phone SUBSCRIBEs to message-summary for its mailbox sip:1000@127.0.0.1 and gets the initial
# NOTIFY (no publication yet: no body). The voicemail server then PUBLISHes the mailbox's state as
# application/simple-message-summary three times, a second apart: messages waiting (2 new, 8 old),
# a change (3 new, 1 of them urgent, and a fax; the new messages' headers after the summary), and
# none waiting; Kamailio NOTIFYs the phone each time. The phone then unsubscribes (Expires: 0) and
# gets the terminating NOTIFY.
# The story is captured with tshark on lo and exported: bare messages decoded from the capture,
# tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), and the SIPp -trace_msg
# log of each agent. expected-links.mjs computes the expected links of every exported file from
# tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio kamailio-presence-modules sip-tester tshark sngrep tmux nodejs.
# Usage: bash test/scripts/make-mwi-traces.sh   (about 15 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=mwi-story
server=127.0.0.1:25060

require_tools kamailio sipp tshark sngrep tmux node
# After the config, the db_text tables the presence module opens.
start_story mwi "udp portrange 25060-25062" "$here/kamailio-mwi.cfg" \
	version presentity active_watchers watchers

common=(-t u1 -m 1 -nostdin -timeout 30s -timeout_error -trace_msg -trace_err -i 127.0.0.1
	-key user 1000 -key domain 127.0.0.1)

log "the phone subscribes to its mailbox"
sipp_start phone -sf "$here/sipp/mwi-phone.xml" -set notifies 4 -set linger 800 \
	-p 25061 "${common[@]}" "$server"
phone_pid=$agent_pid
# The initial NOTIFY (no publication yet) before the voicemail server's first PUBLISH.
for _ in $(seq 100); do
	grep -q '^NOTIFY ' "$dir/sipp/phone.log" 2>/dev/null && break
	kill -0 "$phone_pid" 2>/dev/null || fail "the phone stopped"
	sleep 0.05
done
sleep 0.3

log "the voicemail server publishes"
sipp_run voicemail -sf "$here/sipp/mwi-voicemail.xml" -set gap 1000 \
	-p 25062 "${common[@]}" "$server" || fail "the voicemail server failed"
wait_agents "the phone"
end_story

# The story as captured: no retransmission; five NOTIFYs (initial without a body, one per
# PUBLISH, the terminating one), each PUBLISH accepted before the NOTIFY that carries it.
no_retransmissions
order="$(awk -F'\t' 'NR > 1 {
		if ($3 == "SUBSCRIBE") print "SUBSCRIBE"
		else if ($3 == "NOTIFY") print "NOTIFY"
		else if ($5 == 200 && $8 == "PUBLISH") print "PUBLISHED"
	}' "$dir/fields.tsv" | tr '\n' ' ')"
expected="SUBSCRIBE NOTIFY PUBLISHED NOTIFY PUBLISHED NOTIFY PUBLISHED NOTIFY SUBSCRIBE NOTIFY "
[[ "$order" == "$expected" ]] || fail "unexpected order: $order"

publish sip=raw sngrep.txt=sngrep tshark.txt=tshark sipp:phone sipp:voicemail
