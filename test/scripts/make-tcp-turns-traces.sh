#!/usr/bin/env bash
# Regenerates test/fixtures/real/tcp-turns.*: a presence server's NOTIFYs over TCP, several
# connections at once, printed by ngrep (see test/fixtures/README.md, "TCP connections taking
# turns").
#
# Kamailio's presence server (kamailio-tcp-turns.cfg) on 127.0.0.1:15420 over TCP; four SIPp
# watchers (two of alice, two of bob, ports 15421-15424) SUBSCRIBE, then two SIPp publishers
# (alice 15427, bob 15428) PUBLISH PIDF documents of 2 to 3.5 KB, modify them through
# SIP-If-Match and remove them (scenarios from tcp-turns-scenario.py). The story runs in a network
# namespace of its own whose loopback has an MTU of 600, no segmentation offload, a 4 Mbit/s
# token bucket and 4 KB receive buffers: each NOTIFY goes out in several segments while the
# server writes to the other watchers, so the connections' segments take turns in the capture,
# and a segment TCP sends again now and then. Nothing outside the namespace is touched.
#
# tcp-turns.pcap: tcpdump's capture (`-i lo -U -w`); tcp-turns.ngrep.txt: `ngrep -I tcp-turns.pcap
# -q -W byline '' tcp`, which prints each segment as it came, with no reassembly.
# The expected messages and links come from tshark's dissection of the capture, which
# reassembles TCP (tsharkSipJson.mjs: tcp-turns.messages.json, then expected-links.mjs).
#
# Needs (Debian): kamailio kamailio-presence-modules sip-tester tshark tcpdump ngrep iproute2
# ethtool util-linux python3 nodejs; root (for the namespace).
# Usage: bash test/scripts/make-tcp-turns-traces.sh   (about 15 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"

require_tools kamailio sipp tshark tcpdump ngrep ip ethtool tc unshare python3 node

# --- inside the namespace: the story -----------------------------------------------------------
# --in-namespace DIR
if [[ "${1:-}" == --in-namespace ]]; then
	dir="$2"
	cd "$dir"
	ip link set lo up
	ip link set lo mtu 600
	ethtool -K lo tso off gso off >/dev/null 2>&1 || true
	tc qdisc add dev lo root tbf rate 4mbit burst 1600 latency 500ms
	sysctl -q -w net.ipv4.tcp_rmem="4096 4096 4096"
	pids=()
	trap stop_all EXIT
	tcpdump -i lo -s0 -U -w trace.pcap 'tcp port 15420' 2>tcpdump.log &
	tcpdump_pid=$!
	pids+=("$tcpdump_pid")
	for _ in $(seq 50); do
		grep -q 'listening on' tcpdump.log 2>/dev/null && break
		sleep 0.1
	done
	kamailio -f kamailio.cfg -P kamailio.pid -Y "$dir" -DD -E >kamailio.log 2>&1 &
	kamailio_pid=$!
	pids+=("$kamailio_pid")
	sleep 1.5
	python3 "$here/tcp-turns-scenario.py" watcher >watcher.xml
	python3 "$here/tcp-turns-scenario.py" pub 2000 3500 >pub-alice.xml
	python3 "$here/tcp-turns-scenario.py" pub 3000 1800 >pub-bob.xml
	common=(-t t1 -m 1 -r 10 -nostdin -timeout 40s -timeout_error -trace_err)
	agents=()
	port=15421
	for presentity in alice alice bob bob; do
		sipp 127.0.0.1:15420 -sf watcher.xml -key presentity "$presentity" -p "$port" \
			-buff_size 2048 "${common[@]}" -error_file "watcher-$port.err" >"watcher-$port.out" 2>&1 &
		agents+=($!)
		port=$((port + 1))
	done
	sleep 0.5
	sipp 127.0.0.1:15420 -sf pub-alice.xml -key presentity alice -p 15427 "${common[@]}" \
		-error_file pub-alice.err >pub-alice.out 2>&1 &
	agents+=($!)
	sipp 127.0.0.1:15420 -sf pub-bob.xml -key presentity bob -p 15428 "${common[@]}" \
		-error_file pub-bob.err >pub-bob.out 2>&1 &
	agents+=($!)
	for agent in "${agents[@]}"; do
		wait "$agent" || true
	done
	sleep 1
	kill "$kamailio_pid"
	wait "$kamailio_pid" 2>/dev/null || true
	sleep 0.5
	kill -INT "$tcpdump_pid"
	wait "$tcpdump_pid" || true
	pids=()
	exit 0
fi

# --- outside: run the story in a fresh namespace, then export ---------------------------------
make_workdir tcp-turns
kamailio_tables version presentity active_watchers watchers xcap
kamailio_config "$here/kamailio-tcp-turns.cfg"
pcap="$dir/trace.pcap"
# Run again until ngrep prints each message once: TCP may send a whole message again, which
# ngrep prints twice and tshark dissects once (the analyser reads both copies, as a SIP
# retransmission would be read; the expectations have one frame for each message printed).
for try in $(seq 12); do
	rm -f "$pcap"
	log "tcp-turns: the presence story over TCP (run $try)"
	unshare -n bash "$here/make-tcp-turns-traces.sh" --in-namespace "$dir"
	tshark -r "$pcap" -Y sip -T json --no-duplicate-keys >"$dir/dissection.json" 2>/dev/null
	node "$here/tsharkSipJson.mjs" "$dir/dissection.json" "$dir/messages.json" >"$dir/fields.tsv"
	ngrep -I "$pcap" -q -W byline '' tcp >"$dir/printed.txt"
	dissected=$(($(wc -l <"$dir/fields.tsv") - 1))
	printed=$(grep -cE '^(SUBSCRIBE|PUBLISH|NOTIFY) sip:|^SIP/2\.0 [0-9]{3} ' "$dir/printed.txt" || true)
	[[ "$printed" == "$dissected" ]] && break
	((try < 12)) || { echo "tcp-turns: every run had a message TCP sent twice" >&2; exit 1; }
done
name=tcp-turns
mkdir -p "$out"
rm -f "$out/$name".*
cp "$pcap" "$out/$name.pcap"
cp "$dir/messages.json" "$out/$name.messages.json"
(cd "$out" && ngrep -I "$name.pcap" -q -W byline '' tcp >"$name.ngrep.txt")
chmod 644 "$out/$name".*
node "$here/expected-links.mjs" "$dir/fields.tsv" "$out/$name.ngrep.txt" ngrep
log "wrote $(find "$out" -name "$name.*" -type f | wc -l) files into $out"
