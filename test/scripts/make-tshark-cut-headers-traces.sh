#!/usr/bin/env bash
# Regenerates test/fixtures/real/tshark-cut-headers.*: a call with header lines longer than the
# 240 characters tshark prints of an item, which its text (-V -O sip) prints cut, played by real
# SIP software on loopback (see test/fixtures/README.md, "Header lines tshark cuts").
#
#   Kamailio authenticating, record-routing proxy (kamailio-challenge.cfg)   127.0.0.1:42060
#   SIPp caller alice (sipp/cut-headers-caller.xml)                          port 42061
#   SIPp bob's phone (sipp/challenge-callee.xml, its first call: answered)   port 42062
#
# alice calls a number (`sip:+49...;phone-context=...;user=phone`) with a Contact that carries
# RFC 8599 push parameters and her instance; the proxy answers 407, she ACKs it and sends the
# INVITE again with Proxy-Authorization, which quotes the Request-URI; the proxy takes the
# credentials off and relays the INVITE to bob, who rings and answers; ACK, BYE, 200. tshark's
# text cuts the Contact of each INVITE and the Proxy-Authorization (` [truncated]Contact: ...`).
# The call is captured with tshark on lo and exported: bare messages decoded from the capture and
# tshark's text. expected-links.mjs computes the expected links of both from tshark's fields;
# `tshark-cut-headers.fields.json` keeps, for each SIP frame, tshark's own fields of the long
# headers (whole, as on the wire), independently of the analyser.
#
# Needs (Debian): kamailio sip-tester tshark nodejs.
# Usage: bash test/scripts/make-tshark-cut-headers-traces.sh   (about 10 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=tshark-cut-headers
proxy=127.0.0.1:42060

require_tools kamailio sipp tshark node
make_workdir tshark-cut-headers
# The challenging proxy of make-challenge-traces.sh, on ports of its own, asking for qop=auth
# (flag 1: the credentials then carry cnonce, nc and qop, RFC 2617 §3.2.2).
kamailio_config "$here/kamailio-challenge.cfg" -e 's/:15360/:42060/' -e 's/:15362/:42062/' \
	-e 's/proxy_challenge("127.0.0.1", "0")/proxy_challenge("127.0.0.1", "1")/'
start_capture "udp portrange 42060-42062"
start_kamailio

common=(-t u1 -m 1 -nostdin -timeout 20s -timeout_error -trace_err -i 127.0.0.1)
log "bob's phone waits for the call"
sipp_start bob -sf "$here/sipp/challenge-callee.xml" -p 42062 "${common[@]}"
sleep 0.5
log "alice calls a number"
sipp_run alice -sf "$here/sipp/cut-headers-caller.xml" -key domain 127.0.0.1 -set talk 500 \
	-p 42061 "${common[@]}" "$proxy" || fail "alice's call failed"
wait_agents "bob's phone"
sleep 0.5
stop_capture
# sip.Proxy-Authorization is one of tshark_fields' own (tshark fills only one of two equal columns).
extra_fields=(sip.Contact)
dissect
export_raw
no_retransmissions
order="$(awk -F'\t' 'NR > 1 { print ($3 != "" ? $3 : $5 " " $8) }' "$dir/fields.tsv" | tr '\n' ',')"
expected="INVITE,407 INVITE,ACK,INVITE,100 INVITE,INVITE,180 INVITE,180 INVITE,200 INVITE,200 INVITE,ACK,ACK,BYE,BYE,200 BYE,200 BYE,"
[[ "$order" == "$expected" ]] || fail "unexpected order: $order"
# tshark cut the Contact of each INVITE (alice's two attempts, then the one relayed to bob) and
# the Proxy-Authorization of her second attempt, and nothing else.
cut="$(grep -c '^         \[truncated\]' "$dir/$name.tshark.txt" || true)"
auth="$(grep -c '^         \[truncated\]Proxy-Authorization: ' "$dir/$name.tshark.txt" || true)"
((cut == 4 && auth == 1)) || fail "expected four header lines tshark cuts, one Proxy-Authorization; found $cut, $auth"
publish sip=raw tshark.txt=tshark
# tshark's fields of the long headers, frame by frame, whole (a field is not cut as its label is).
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{ print $col["sip.Contact"] "\t" $col["sip.Proxy-Authorization"] }' "$dir/fields.tsv" |
	node -e '
		const rows = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
		const frames = rows.map((r) => {
			const [contact, auth] = r.split("\t");
			return { contact: contact || null, proxyAuthorization: auth || null };
		});
		process.stdout.write(JSON.stringify({ source: "tshark -T fields -e sip.Contact -e sip.Proxy-Authorization", frames }, null, "\t") + "\n");
	' >"$out/$name.fields.json"
chmod 644 "$out/$name.fields.json"
log "wrote $out/$name.fields.json"
