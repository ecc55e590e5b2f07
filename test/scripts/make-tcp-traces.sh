#!/usr/bin/env bash
# Regenerates test/fixtures/real/tcp-*: SIP over TCP between SIPp agents, over an Ethernet MTU,
# printed by tcpdump -A (see test/fixtures/README.md, "SIP over TCP").
#
# Each story runs in a network namespace of its own (unshare -n), whose loopback gets an MTU of
# 1500 and no segmentation offload (so the capture holds the segments TCP really sent, at most
# 1448 octets of payload each, instead of one large offloaded packet). Nothing outside the
# namespace is touched.
#
#   SIPp server (sipp/tcp-server.xml)            port 15060
#   publishers linda and carol, at the same time  ports 15061 and 15064  (3 KB PUBLISH each)
#   watcher linda (sipp/tcp-watcher.xml)          port 15062  (200 OK + NOTIFY written together)
#   caller linda (sipp/tcp-caller.xml)            port 15063  (INVITE of 1.7 KB; 100 + 200 together)
#
# tcp-story: IPv4, captured on lo, printed with `tcpdump -nn -A` and `tcpdump -nn -X`.
# tcp-ipv6: the same over ::1, run until the two publishers' segments take turns in the capture,
# captured on `any` (`lo In` in each packet line), printed with `tcpdump -nn -tttt -A` and `-XX`.
# The expected messages and links come from tshark's dissection of each capture, which
# reassembles TCP (tsharkSipJson.mjs, then expected-links.mjs).
#
# Needs (Debian): sip-tester tshark tcpdump iproute2 ethtool util-linux nodejs; root (for the
# namespace). Usage: bash test/scripts/make-tcp-traces.sh   (about 10 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"

require_tools sipp tshark tcpdump ip ethtool unshare node

# --- inside the namespace: one story ---------------------------------------------------------
# --in-namespace DIR IP IFACE
if [[ "${1:-}" == --in-namespace ]]; then
	dir="$2" ip="$3" iface="$4"
	ip link set lo up
	ip link set lo mtu 1500
	ethtool -K lo tso off gso off gro off >/dev/null
	server="$ip:15060"
	domain="$ip"
	if [[ "$ip" == *:* ]]; then
		server="[$ip]:15060"
		domain="[$ip]"
	fi
	cd "$dir"
	pids=()
	trap stop_all EXIT
	tcpdump -i "$iface" -U -w trace.pcap 'tcp portrange 15060-15064' 2>tcpdump.log &
	tcpdump_pid=$!
	pids+=("$tcpdump_pid")
	for _ in $(seq 50); do
		grep -q 'listening on' tcpdump.log 2>/dev/null && break
		sleep 0.1
	done
	common=(-t t1 -m 1 -nostdin -timeout 20s -timeout_error -trace_err -i "$ip")
	# Four calls: two PUBLISHes, the SUBSCRIBE, the INVITE. The server does not wait for the
	# watcher's 200 OK to its NOTIFY (see tcp-server.xml), so that call ends as aborted.
	sipp -sf "$here/sipp/tcp-server.xml" -t t1 -i "$ip" -p 15060 -key domain "$domain" -m 4 \
		-nostdin -timeout 30s -trace_err -error_file server.err >server.out 2>&1 &
	server_pid=$!
	pids+=("$server_pid")
	sleep 0.5
	# Both publishers at once: their segments interleave in the capture.
	sipp -sf "$here/sipp/tcp-publisher.xml" -key user linda -key domain "$domain" -p 15061 \
		"${common[@]}" -error_file linda-publish.err "$server" >linda-publish.out 2>&1 &
	pub1=$!
	sipp -sf "$here/sipp/tcp-publisher.xml" -key user carol -key domain "$domain" -p 15064 \
		"${common[@]}" -error_file carol-publish.err "$server" >carol-publish.out 2>&1 &
	pub2=$!
	wait "$pub1"
	wait "$pub2"
	sleep 0.3
	sipp -sf "$here/sipp/tcp-watcher.xml" -key domain "$domain" -p 15062 "${common[@]}" \
		-error_file watcher.err "$server" >watcher.out 2>&1
	sleep 0.3
	sipp -sf "$here/sipp/tcp-caller.xml" -key domain "$domain" -p 15063 "${common[@]}" \
		-error_file caller.err "$server" >caller.out 2>&1
	wait "$server_pid" || true
	sleep 0.5
	kill -INT "$tcpdump_pid"
	wait "$tcpdump_pid" || true
	pids=()
	exit 0
fi

# --- outside: run each story in a fresh namespace, then export ------------------------------
make_workdir tcp

# Do the two publishers' segments take turns in the capture? (The first three segments with
# data do not all come from one of them.)
interleaved() {
	local ports
	ports=$(tcpdump -nn -r "$1" 2>/dev/null | grep -v 'length 0$' | grep -oE '\.1506[14] > ' | head -3 | sort -u | wc -l)
	[[ "$ports" -gt 1 ]]
}

# story NAME IP IFACE INTERLEAVED TCPDUMP-OPTIONS...
# INTERLEAVED: yes (run again until the publishers' segments take turns), no (until they do
# not), or '' (as it comes). Whether they do is up to the scheduler; a few runs are enough.
story() {
	local name="$1" ip="$2" iface="$3" want="$4"
	shift 4
	local dir="$work/$name"
	local pcap="$dir/trace.pcap" try
	for try in $(seq 12); do
		rm -rf "$dir"
		mkdir -p "$dir"
		log "$name: SIPp over TCP on $ip, captured on $iface (run $try)"
		unshare -n bash "$here/make-tcp-traces.sh" --in-namespace "$dir" "$ip" "$iface"
		case "$want" in
		yes) interleaved "$pcap" && break ;;
		no) interleaved "$pcap" || break ;;
		*) break ;;
		esac
		((try < 12)) || { echo "$name: no run came out as wanted" >&2; exit 1; }
	done
	tshark -r "$pcap" -Y sip -T json --no-duplicate-keys >"$dir/dissection.json" 2>/dev/null
	node "$here/tsharkSipJson.mjs" "$dir/dissection.json" "$dir/messages.json" >"$dir/fields.tsv"
	local count
	count=$(($(wc -l <"$dir/fields.tsv") - 1))
	[[ "$count" == 14 ]] || { echo "$name: tshark sees $count SIP messages, not 14" >&2; exit 1; }
	mkdir -p "$out"
	rm -f "$out/$name".*
	cp "$pcap" "$out/$name.pcap"
	cp "$dir/messages.json" "$out/$name.messages.json"
	(cd "$out" && TZ=UTC tcpdump -nn "$@" -A -r "$name.pcap" >"$name.tcpdump.txt" 2>/dev/null)
	# The same as hex dumps: -X (from the IP header) for IPv4, -XX (with the link-layer header:
	# Linux cooked v2 on `any`) for IPv6.
	local hex=-X
	[[ "$name" == tcp-ipv6 ]] && hex=-XX
	(cd "$out" && TZ=UTC tcpdump -nn "$@" "$hex" -r "$name.pcap" >"$name.tcpdump$hex.txt" 2>/dev/null)
	chmod 644 "$out/$name".*
	node "$here/expected-links.mjs" "$dir/fields.tsv" "$out/$name.tcpdump.txt" tcpdump \
		"$out/$name.tcpdump$hex.txt" tcpdump-hex
}

# IPv4: each PUBLISH's three segments follow one another.
story tcp-story 127.0.0.1 lo no
# IPv6: the two PUBLISHes' segments take turns.
story tcp-ipv6 ::1 any yes -tttt

log "wrote $(find "$out" -name 'tcp-*' -type f | wc -l) files into $out"
