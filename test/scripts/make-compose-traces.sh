#!/usr/bin/env bash
# Regenerates test/fixtures/real/compose-story.*: one presentity, two publications (RFC 3903)
# composed into each NOTIFY (RFC 3903 §4, RFC 4479 §3.3), played by real SIP software on loopback
# (see test/fixtures/README.md, "Linda on two devices").
#
#   Kamailio presence server (kamailio-compose.cfg)                  udp 127.0.0.1:31060
#   SIPp andrew, a presence watcher (sipp/watcher.xml)               port 31061
#   SIPp linda's desk phone, publication A (sipp/compose-desk.xml)   port 31062
#   SIPp linda's soft client, publication B (sipp/compose-soft.xml)  port 31063
#
# andrew subscribes to linda's presence first (NOTIFY: no publication yet). Then the desk phone
# publishes busy with a note (A initial), the soft client publishes open and available
# (B initial), the desk phone modifies its publication (A modify, SIP-If-Match and a new body),
# the soft client removes its own (B removal, Expires: 0) and the desk phone refreshes (A refresh,
# no body). Each of the two publishers has its own Call-ID and entity-tags. Kamailio's
# presence_xml composes every live publication of linda into each NOTIFY: the NOTIFYs after B's
# initial PUBLISH and after A's modification carry both tuples, t-desk and t-soft; the one after
# B's removal t-desk and t-soft shown closed (Kamailio's rendering of a removed publication); the
# refresh changes no state, yet Kamailio notifies it with the composed state, t-desk alone. andrew
# then unsubscribes (a last NOTIFY, terminated, with linda's composed state).
# The story is captured with tshark on lo and exported: bare messages decoded from the capture,
# tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), and the SIPp -trace_msg
# log of each SIPp run. expected-links.mjs computes the expected links of every exported file
# from tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio kamailio-presence-modules kamailio-xml-modules sip-tester tshark sngrep
# tmux nodejs. Usage: bash test/scripts/make-compose-traces.sh   (about 15 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=compose-story
server=127.0.0.1:31060

require_tools kamailio sipp tshark sngrep tmux node
# After the config, the db_text tables the presence modules open.
start_story compose "udp portrange 31060-31063" "$here/kamailio-compose.cfg" \
	version presentity active_watchers watchers xcap

common=(-t u1 -m 1 -nostdin -timeout 30s -timeout_error -trace_err -trace_msg -i 127.0.0.1
	-key domain 127.0.0.1)

# andrew's NOTIFYs: the initial one, then A initial, B initial, A modify, B removal and A refresh
# (Kamailio notifies a refresh too, with the same composed state); then the one that ends the
# subscription.
log "andrew subscribes to linda's presence"
sipp_start andrew -sf "$here/sipp/watcher.xml" -key user andrew \
	-set notifies "${ANDREW_NOTIFIES:-6}" -set linger 800 -p 31061 "${common[@]}" "$server"
sleep 0.5

# Desk phone: initial at 0 s, modify at 1.5 s, refresh at 3.5 s. Soft client, started 0.7 s
# later: initial at 0.7 s, removal at 2.7 s.
log "the desk phone publishes"
sipp_start desk -sf "$here/sipp/compose-desk.xml" -set settle 1500 -set linger 2000 \
	-p 31062 "${common[@]}" "$server"
sleep 0.7
log "the soft client publishes"
sipp_start soft -sf "$here/sipp/compose-soft.xml" -set linger 2000 \
	-p 31063 "${common[@]}" "$server"

wait_agents "an agent"
end_story

# The story as captured: no retransmission, and the NOTIFYs each agent got, in order (a NOTIFY to
# linda and one to a watcher may leave the server in either order).
no_retransmissions
# PUBLISHes in the order of the story (publisher by From tag, If-Match or not, Expires).
publishes="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["sip.Method"] == "PUBLISH" {
		tag = $col["sip.from.tag"]; sub(/^.*-/, "", tag)
		kind = $col["sip.If_Match"] == "" ? "initial" : $col["sip.Expires"] == 0 ? "removal" : \
			$col["sip.Content-Length"] > 0 ? "modify" : "refresh"
		printf "%s %s, ", tag, kind
	}' "$dir/fields.tsv")"
[[ "$publishes" == "desk initial, soft initial, desk modify, soft removal, desk refresh, " ]] ||
	fail "PUBLISHes: $publishes"
# andrew's NOTIFYs: each one after the 2xx of the change it reports (a NOTIFY between a change
# and the next 2xx), and the subscription states.
story="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["sip.Status-Code"] ~ /^2/ && $col["sip.CSeq.method"] == "PUBLISH" { printf "2xx, " }
	$col["sip.Method"] == "NOTIFY" {
		state = $col["sip.Subscription-State"]; sub(/;.*/, "", state)
		printf "NOTIFY %s, ", state
	}' "$dir/fields.tsv")"
expected="NOTIFY active, 2xx, NOTIFY active, 2xx, NOTIFY active, 2xx, NOTIFY active, 2xx, "
expected+="NOTIFY active, 2xx, NOTIFY active, NOTIFY terminated, "
[[ "$story" == "$expected" ]] || fail "unexpected order: $story"

publish sip=raw sngrep.txt=sngrep tshark.txt=tshark sipp:andrew sipp:desk sipp:soft
