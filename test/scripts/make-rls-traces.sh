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
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/test/fixtures/real"
name=rls-story
ports="udp portrange 32060-32064"
server=127.0.0.1:32060
xcap=http://127.0.0.1:32065/xcap-root

for tool in kamailio sipp tshark sngrep tmux curl node; do
	command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work="$(mktemp -d /tmp/sip-rls-traces.XXXXXX)"
pids=()
tmux_session="sngrep-rls-$$"
sngrep_pid=""

stop_all() {
	local pid
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	pids=()
}
# sngrep runs in a tmux pane, not as our child; without its terminal it would spin, so stop it
# by its pid before closing the session.
stop_sngrep() {
	if [[ -n "$sngrep_pid" ]]; then
		kill "$sngrep_pid" 2>/dev/null || true
		for _ in $(seq 20); do
			kill -0 "$sngrep_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$sngrep_pid" 2>/dev/null || true
		sngrep_pid=""
	fi
	tmux kill-session -t "$tmux_session" 2>/dev/null || true
}
cleanup() {
	stop_all
	stop_sngrep
	[[ -n "${KEEP_WORK:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail() {
	echo "$*" >&2
	tail -n 30 "$work"/sipp/*.err "$work"/sipp/*.out "$work/kamailio.log" >&2 2>/dev/null || true
	exit 1
}

dir="$work"
mkdir -p "$dir/db" "$dir/sipp"
# db_text tables the presence modules, the RLS and the XCAP server open; `version` tells them the
# schema versions.
for table in version presentity active_watchers watchers xcap pua rls_watchers rls_presentity; do
	cp "/usr/share/kamailio/dbtext/kamailio/$table" "$dir/db/"
done
sed "s#@RUNDIR@#$dir#g" "$here/kamailio-rls.cfg" >"$dir/kamailio.cfg"
kamailio -f "$dir/kamailio.cfg" -c >"$dir/kamailio-check.log" 2>&1 ||
	{ cat "$dir/kamailio-check.log" >&2; exit 1; }

log "capture starts"
tshark -i lo -f "$ports" -w "$dir/trace.pcapng" >"$dir/tshark.log" 2>&1 &
tshark_pid=$!
pids+=("$tshark_pid")
for _ in $(seq 100); do
	grep -q 'Capturing on' "$dir/tshark.log" 2>/dev/null && break
	sleep 0.1
done
grep -q 'Capturing on' "$dir/tshark.log" || { cat "$dir/tshark.log" >&2; exit 1; }
sleep 0.5

kamailio -f "$dir/kamailio.cfg" -P "$dir/kamailio.pid" -Y "$dir" -DD -E >"$dir/kamailio.log" 2>&1 &
kamailio_pid=$!
pids+=("$kamailio_pid")
sleep 1.5
kill -0 "$kamailio_pid" || { cat "$dir/kamailio.log" >&2; exit 1; }

common=(-t u1 -m 1 -nostdin -timeout 30s -timeout_error -trace_err -trace_msg -i 127.0.0.1
	-key domain 127.0.0.1)
agent_pids=()

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
(cd "$dir/sipp" && sipp -sf "$here/sipp/rls-bob.xml" -p 32063 "${common[@]}" \
	-message_file bob.log -error_file bob.err "$server" >bob.out 2>&1) || fail "bob's PUBLISH failed"
# linda's modify PUBLISH comes [linger] ms after her first, once andrew has the list's state.
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/rls-linda.xml" -set linger 3500 -p 32062 \
	"${common[@]}" -message_file linda.log -error_file linda.err "$server" >linda.out 2>&1) &
pids+=("$!")
agent_pids+=("$!")
sleep 0.5

# NOTIFYs to andrew: the list's full state (no instance yet), both resources, linda's change; then
# the one that ends it.
log "andrew subscribes to his list"
(cd "$dir/sipp" && exec sipp -sf "$here/sipp/rls-andrew.xml" -set notifies "${ANDREW_NOTIFIES:-3}" \
	-p 32061 "${common[@]}" -message_file andrew.log -error_file andrew.err "$server" \
	>andrew.out 2>&1) &
pids+=("$!")
agent_pids+=("$!")

status=0
for pid in "${agent_pids[@]}"; do
	wait "$pid" 2>/dev/null || status=1
done
((status == 0)) || fail "an agent failed"
sleep 0.5

log "stopping kamailio and tshark"
kill "$kamailio_pid"
wait "$kamailio_pid" 2>/dev/null || true
kill -INT "$tshark_pid"
wait "$tshark_pid" 2>/dev/null || true
pids=()

# --- exports ------------------------------------------------------------------------------------
pcap="$dir/trace.pcapng"
tshark -r "$pcap" -Y sip -V -O sip >"$dir/$name.tshark.txt"
# Fields for the expected links; first occurrence of each field (the top Via).
tshark -r "$pcap" -Y sip -T fields -E header=y -E separator=/t -E occurrence=f \
	-e frame.number -e frame.time_epoch -e sip.Method -e sip.r-uri -e sip.Status-Code \
	-e sip.Call-ID -e sip.CSeq.seq -e sip.CSeq.method -e sip.from.addr -e sip.from.tag \
	-e sip.to.addr -e sip.to.tag -e sip.Via.branch -e sip.Event -e sip.Expires -e sip.ETag \
	-e sip.If_Match -e sip.Subscription-State -e sip.Proxy-Authorization \
	-e sip.Proxy-Authenticate -e sip.Content-Length -e sip.resend -e udp.payload \
	>"$dir/fields.tsv"

# sngrep has no command-line text export: open the capture in its UI and use its own save
# dialog. F2 opens "Save capture" with the cursor in Filename (Path is the working directory);
# a name ending in .txt selects the text format, and Enter saves all dialogs.
log "sngrep export"
sngrep_txt="$dir/$name.sngrep.txt"
tmux new-session -d -s "$tmux_session" -c "$dir" -x 200 -y 50 "exec sngrep -I $pcap"
sngrep_pid="$(tmux display-message -p -t "$tmux_session" '#{pane_pid}')"
sleep 1.5
tmux send-keys -t "$tmux_session" F2
sleep 0.5
tmux send-keys -t "$tmux_session" "$name.sngrep.txt"
sleep 0.3
tmux send-keys -t "$tmux_session" Enter
for _ in $(seq 30); do
	[[ -s "$sngrep_txt" ]] && break
	sleep 0.2
done
sleep 0.3
stop_sngrep
[[ -s "$sngrep_txt" ]] || { echo "sngrep export failed" >&2; exit 1; }

# The story as captured: no retransmission, and the NOTIFYs andrew and the RLS (its back-end
# subscriptions to linda and bob) got, in order.
resent="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sip.resend") c = i; next }
	$c == 1' "$dir/fields.tsv" | wc -l)"
((resent == 0)) || fail "$resent retransmissions: run again"
notified() {
	awk -F'\t' -v who="$1" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$col["sip.Method"] == "NOTIFY" && $col["sip.r-uri"] ~ ("^sip:" who "@") {
			state = $col["sip.Subscription-State"]; sub(/;.*/, "", state)
			printf "%s %s, ", $col["sip.Event"], state
		}' "$dir/fields.tsv"
}
active="presence active, presence active, presence active"
for check in \
	"andrew:$active, presence terminated, " \
	"rls:$active, presence terminated, presence terminated, "; do
	got="$(notified "${check%%:*}")"
	[[ "$got" == "${check#*:}" ]] || fail "NOTIFYs to ${check%%:*}: $got"
done
# andrew's bodies: RLMI version and fullState, and the resources that have a PIDF part: the list
# with no state yet, both resources, linda's change, no body.
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

mkdir -p "$out"
rm -f "$out/$name".*
node "$here/pcapToRaw.mjs" "$dir/fields.tsv" >"$out/$name.sip"
cp "$dir/$name.tshark.txt" "$sngrep_txt" "$out/"
logs=()
for agent in andrew linda bob; do
	cp "$dir/sipp/$agent.log" "$out/$name.sipp-$agent.log"
	logs+=("$out/$name.sipp-$agent.log" sipp)
done
cp "$pcap" "$out/$name.pcapng"
chmod 644 "$out/$name".*

node "$here/expected-links.mjs" "$dir/fields.tsv" \
	"$out/$name.sip" raw \
	"$out/$name.sngrep.txt" sngrep \
	"$out/$name.tshark.txt" tshark \
	"${logs[@]}"

log "wrote $(find "$out" -name "$name.*" -type f | wc -l) files into $out"
