#!/usr/bin/env bash
# Regenerates test/fixtures/real/rls-story.*: a resource list server (RFC 4662 event lists,
# RFC 4826 rls-services) played by real SIP software on loopback (see test/fixtures/README.md,
# "andrew's buddy list").
#
#   Kamailio RLS + presence server (kamailio-rls.cfg)                udp 127.0.0.1:32060
#   Kamailio's integrated XCAP server (xcap_server over xhttp)       tcp 127.0.0.1:32065
#   SIPp andrew, subscribing to his list (sipp/rls-andrew.xml)       port 32061
#   SIPp linda publishing her presence (sipp/rls-linda.xml)          port 32062
#   SIPp bob publishing his presence (sipp/rls-bob.xml)              port 32063
#
# andrew PUTs his buddy list (a resource-lists document: linda and bob) and an rls-services
# document whose service sip:andrew-buddies@127.0.0.1 points to it to the XCAP server with curl.
# bob publishes his presence (open, "Available"); linda hers (open, but busy: "In a meeting until
# 3"). andrew subscribes to andrew-buddies (Supported: eventlist): the RLS answers 200 and
# notifies the list's full state at once (RLMI only: it knows no resource's state yet), then
# subscribes to linda and to bob on its own (back-end SUBSCRIBEs, sent through the network to the
# same server), gets their NOTIFYs and sends andrew the full state again with both resources and
# their PIDF (multipart/related, RLMI version 2). linda then changes her presence (modify PUBLISH,
# "Back at my desk"): the presence server notifies the RLS's back-end subscription, and the RLS
# andrew (version 3, linda alone). andrew unsubscribes: the RLS ends the back-end subscriptions and
# sends him the terminated NOTIFY.
# The story is captured with tshark on lo and exported: bare messages decoded from the capture,
# tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in tmux), and the SIPp -trace_msg
# log of each SIPp run. expected-links.mjs computes the expected links of every exported file
# from tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio kamailio-presence-modules kamailio-xml-modules sip-tester tshark sngrep
# tmux curl nodejs. Usage: bash test/scripts/make-rls-traces.sh   (about 15 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=rls-story
server=127.0.0.1:32060
xcap=http://127.0.0.1:32065/xcap-root

require_tools kamailio sipp tshark sngrep tmux curl node
# After the config, the db_text tables the presence modules, the RLS and the XCAP server open.
start_story rls "udp portrange 32060-32064" "$here/kamailio-rls.cfg" \
	version presentity active_watchers watchers xcap pua rls_watchers rls_presentity

common=(-t u1 -m 1 -nostdin -timeout 30s -timeout_error -trace_err -trace_msg -i 127.0.0.1
	-key domain 127.0.0.1)

log "andrew stores his buddy list (XCAP)"
cat >"$dir/resource-lists.xml" <<'LISTS'
<?xml version="1.0" encoding="UTF-8"?>
<resource-lists xmlns="urn:ietf:params:xml:ns:resource-lists">
  <list name="buddies">
    <entry uri="sip:linda@127.0.0.1"><display-name>Linda</display-name></entry>
    <entry uri="sip:bob@127.0.0.1"><display-name>Bob</display-name></entry>
  </list>
</resource-lists>
LISTS
# RFC 4826 §4: the service's list by reference, an XCAP node selector into the document above.
cat >"$dir/rls-services.xml" <<SERVICES
<?xml version="1.0" encoding="UTF-8"?>
<rls-services xmlns="urn:ietf:params:xml:ns:rls-services">
  <service uri="sip:andrew-buddies@127.0.0.1">
    <resource-list>$xcap/resource-lists/users/sip:andrew@127.0.0.1/index/~~/resource-lists/list%5b@name=%22buddies%22%5d</resource-list>
    <packages><package>presence</package></packages>
  </service>
</rls-services>
SERVICES
put() {
	curl -sS -o "$dir/xcap-put.out" -w '%{http_code}\n' -X PUT -H "Content-Type: $1" \
		--data-binary "@$2" "$xcap/$3/users/sip:andrew@127.0.0.1/index" >"$dir/xcap-put.code" ||
		fail "XCAP PUT $3 failed"
	[[ "$(cat "$dir/xcap-put.code")" == 20[01] ]] || fail "XCAP PUT $3: $(cat "$dir/xcap-put.code")"
}
put application/resource-lists+xml "$dir/resource-lists.xml" resource-lists
put application/rls-services+xml "$dir/rls-services.xml" rls-services

log "bob and linda publish"
sipp_run bob -sf "$here/sipp/rls-bob.xml" -p 32063 "${common[@]}" "$server" ||
	fail "bob's PUBLISH failed"
# linda's modify PUBLISH comes [linger] ms after her first, once andrew has the list's state.
sipp_start linda -sf "$here/sipp/rls-linda.xml" -set linger 3500 -p 32062 \
	"${common[@]}" "$server"
sleep 0.5

# NOTIFYs to andrew: the list's full state (no instance yet), both resources, linda's change; then
# the one that ends it.
log "andrew subscribes to his list"
sipp_start andrew -sf "$here/sipp/rls-andrew.xml" -set notifies "${ANDREW_NOTIFIES:-3}" \
	-p 32061 "${common[@]}" "$server"

wait_agents "an agent"
end_story

# The story as captured: no retransmission, and the NOTIFYs andrew and the RLS (its back-end
# subscriptions to linda and bob) got, in order.
no_retransmissions
active="presence active, presence active, presence active"
for check in \
	"andrew:$active, presence terminated, " \
	"rls:$active, presence terminated, presence terminated, "; do
	got="$(notified "${check%%:*}")"
	[[ "$got" == "${check#*:}" ]] || fail "NOTIFYs to ${check%%:*}: $got"
done
# andrew's bodies: RLMI version and fullState, and the resources that have a PIDF part: the list
# with no state yet, both resources, linda's change, no body.
# shellcheck disable=SC2016 # JavaScript in single quotes, not shell
bodies="$(node -e '
	const [head, ...rows] = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
	const col = Object.fromEntries(head.split("\t").map((n, i) => [n, i]));
	const out = [];
	for (const cells of rows.map((r) => r.split("\t"))) {
		const uri = cells[col["sip.r-uri"]];
		if (cells[col["sip.Method"]] !== "NOTIFY" || !uri.startsWith("sip:andrew@")) continue;
		const hex = cells[col["udp.payload"]].replace(/:/g, "");
		const text = Buffer.from(hex, "hex").toString("utf8");
		const list = /<list [^>]*version="(\d+)"[^>]*fullState="(\w+)"/.exec(text);
		// Each PIDF part by the presentity it names.
		const pidf = /Content-Type: application\/pidf\+xml\r?\n\r?\n[\s\S]*?entity="sip:(\w+)@/g;
		const who = [...text.matchAll(pidf)].map((m) => m[1]).sort().join(" ");
		out.push(list ? `${list[1]} ${list[2]} [${who}]` : "-");
	}
	console.log(out.join(", "));
' "$dir/fields.tsv")"
[[ "$bodies" == "1 true [], 2 true [bob linda], 3 false [linda], -" ]] ||
	fail "andrew's NOTIFY bodies: $bodies (run again)"

publish sip=raw sngrep.txt=sngrep tshark.txt=tshark sipp:andrew sipp:linda sipp:bob
