#!/usr/bin/env bash
# Regenerates test/fixtures/real/winfo-story.*: watcher information (RFC 3857 presence.winfo,
# RFC 3858 application/watcherinfo+xml) played by real SIP software on loopback (see
# test/fixtures/README.md, "Who watches linda").
#
#   Kamailio presence server (kamailio-winfo.cfg)                    udp 127.0.0.1:29060
#   Kamailio's integrated XCAP server (xcap_server over xhttp)       tcp 127.0.0.1:29065
#   SIPp linda watching her watchers (sipp/winfo-linda.xml)          port 29061
#   SIPp andrew, a presence watcher (sipp/winfo-watcher.xml)         port 29062
#   SIPp bob, a presence watcher (sipp/winfo-watcher.xml)            port 29063
#   SIPp linda publishing her presence (sipp/winfo-publisher.xml)    port 29064
#
# linda subscribes to presence.winfo of her own AoR (NOTIFY: a full document, no watcher yet) and
# publishes her presence. andrew, then bob subscribe to her presence: no rule authorises them, so
# each subscription is pending (200, NOTIFY pending) and linda is told of each new pending watcher.
# linda then PUTs a pres-rules document (RFC 5025) allowing bob to the XCAP server with curl: bob
# becomes active and gets her presence (Kamailio tells linda nothing of it yet). andrew gives up
# (unsubscribes): linda gets the full list, andrew `waiting` and bob `active`. linda unsubscribes
# from presence.winfo (a last full document), then bob from presence.
# The story is captured with tshark on lo and exported: bare messages decoded from the capture,
# tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), and the SIPp -trace_msg
# log of each SIPp run. expected-links.mjs computes the expected links of every exported file
# from tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio kamailio-presence-modules kamailio-xml-modules sip-tester tshark sngrep
# tmux curl nodejs. Usage: bash test/scripts/make-winfo-traces.sh   (about 15 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=winfo-story
server=127.0.0.1:29060
xcap=http://127.0.0.1:29065/xcap-root

require_tools kamailio sipp tshark sngrep tmux curl node
# After the config, the db_text tables the presence modules and the XCAP server open.
start_story winfo "udp portrange 29060-29064" "$here/kamailio-winfo.cfg" \
	version presentity active_watchers watchers xcap pua

common=(-t u1 -m 1 -nostdin -timeout 30s -timeout_error -trace_err -trace_msg -i 127.0.0.1
	-key domain 127.0.0.1)

# NOTIFYs to linda's winfo subscription: the initial one, andrew pending, bob pending, andrew
# gone; then the one that ends it.
log "linda subscribes to presence.winfo"
sipp_start linda-winfo -sf "$here/sipp/winfo-linda.xml" -set notifies "${LINDA_NOTIFIES:-4}" \
	-set linger 600 -p 29061 "${common[@]}" "$server"
sleep 0.4

log "linda publishes"
sipp_run linda-publish -sf "$here/sipp/winfo-publisher.xml" -p 29064 "${common[@]}" "$server" ||
	fail "linda's PUBLISH failed"
sleep 0.3

# andrew: one NOTIFY (pending), then he gives up; bob: pending, then active once approved.
log "andrew and bob subscribe to linda's presence"
sipp_start andrew -sf "$here/sipp/winfo-watcher.xml" -key user andrew \
	-set notifies 1 -set linger 2200 -p 29062 "${common[@]}" "$server"
sleep 0.5
sipp_start bob -sf "$here/sipp/winfo-watcher.xml" -key user bob \
	-set notifies 2 -set linger 2500 -p 29063 "${common[@]}" "$server"
sleep 0.8

log "linda allows bob (pres-rules over XCAP)"
cat >"$dir/pres-rules.xml" <<'RULES'
<?xml version="1.0" encoding="UTF-8"?>
<cr:ruleset xmlns="urn:ietf:params:xml:ns:pres-rules" xmlns:cr="urn:ietf:params:xml:ns:common-policy">
  <cr:rule id="allow-bob">
    <cr:conditions>
      <cr:identity><cr:one id="sip:bob@127.0.0.1"/></cr:identity>
    </cr:conditions>
    <cr:actions><sub-handling>allow</sub-handling></cr:actions>
    <cr:transformations/>
  </cr:rule>
</cr:ruleset>
RULES
curl -sS -o "$dir/xcap-put.out" -w '%{http_code}\n' -X PUT \
	-H 'Content-Type: application/auth-policy+xml' --data-binary "@$dir/pres-rules.xml" \
	"$xcap/pres-rules/users/sip:linda@127.0.0.1/index" >"$dir/xcap-put.code" ||
	fail "XCAP PUT failed"
[[ "$(cat "$dir/xcap-put.code")" == 20[01] ]] || fail "XCAP PUT: $(cat "$dir/xcap-put.code")"

wait_agents "an agent"
end_story

# The story as captured: no retransmission, and the NOTIFYs each agent got, in order (a NOTIFY to
# linda and one to a watcher may leave the server in either order).
no_retransmissions
for check in \
	"linda:presence.winfo active, presence.winfo active, presence.winfo active, presence.winfo active, presence.winfo terminated, " \
	"andrew:presence pending, presence terminated, " \
	"bob:presence pending, presence active, presence terminated, "; do
	got="$(notified "${check%%:*}")"
	[[ "$got" == "${check#*:}" ]] || fail "NOTIFYs to ${check%%:*}: $got"
done

publish sip=raw sngrep.txt=sngrep tshark.txt=tshark \
	sipp:linda-winfo sipp:linda-publish sipp:andrew sipp:bob
