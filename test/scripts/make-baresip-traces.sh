#!/usr/bin/env bash
# Regenerates test/fixtures/real/baresip-presence.*: a presence story played by baresip on
# loopback, each baresip printing its own SIP trace (`baresip -s`).
#
#   Kamailio (kamailio.cfg: registrar, presence + presence_xml, 407 on PUBLISH)   127.0.0.1:15060
#   baresip watchers andrew, bob (contact linda;presence=p2p)                    127.0.0.1:15071, 15073
#   baresip presentity linda (pubint, auth_pass)                                 127.0.0.1:15075
#
# (baresip also listens for TCP on its SIP port and for TLS on the next one: hence odd ports.)
#
# Each baresip has a config directory of its own and is driven through its `cons` module (UDP
# console: the keys of a command sent as one datagram). tshark captures the story on lo;
# expected-links.mjs computes the expected links of each baresip log from tshark's fields,
# independently of the analyser.
#
# Needs (Debian): baresip kamailio kamailio-presence-modules kamailio-xml-modules tshark nodejs.
# Usage: bash test/scripts/make-baresip-traces.sh   (about 10 seconds)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/test/fixtures/real"
name=baresip-presence

for tool in baresip kamailio tshark node; do
	command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work="$(mktemp -d /tmp/sip-baresip-traces.XXXXXX)"
pids=()

# On failure baresip may be waiting for answers that will not come (it unsubscribes on SIGTERM
# and retransmits for half a minute): what has not ended 3 s after SIGTERM gets SIGKILL.
stop_all() {
	local pid
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for _ in $(seq 30); do
		local alive=0
		for pid in "${pids[@]}"; do
			kill -0 "$pid" 2>/dev/null && alive=1
		done
		((alive)) || break
		sleep 0.1
	done
	for pid in "${pids[@]}"; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	pids=()
}
cleanup() {
	stop_all
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# wait_for FILE REGEX COUNT [TENTHS]: until FILE has COUNT lines matching REGEX (at most 10 s);
# fails the run otherwise.
wait_for() {
	seen "$@" && return 0
	echo "timed out waiting for $3 x '$2' in $1" >&2
	tail -n 40 "$1" >&2
	exit 1
}
# seen FILE REGEX COUNT [TENTHS]: whether FILE gets COUNT lines matching REGEX in time.
seen() {
	local n
	for _ in $(seq "${4:-100}"); do
		n="$(grep -c -E "$2" "$1" 2>/dev/null || true)"
		((${n:-0} >= $3)) && return 0
		sleep 0.1
	done
	return 1
}

# --- Kamailio: a fresh run dir (db_text tables, sipdump folder) per attempt -------------------
kamailio_rundir() {
	local dir="$1" table
	mkdir -p "$dir/db" "$dir/sipdump"
	for table in version presentity active_watchers watchers xcap pua; do
		cp "/usr/share/kamailio/dbtext/kamailio/$table" "$dir/db/"
	done
	sed "s#@RUNDIR@#$dir#g" "$here/kamailio.cfg" >"$dir/kamailio.cfg"
	kamailio -f "$dir/kamailio.cfg" -c >"$dir/kamailio-check.log" 2>&1 ||
		{ cat "$dir/kamailio-check.log" >&2; exit 1; }
}

# --- baresip agents: agent USER SIP_PORT CONS_PORT ACCOUNT_PARAMS CONTACTS [MODULE] ----------
# Only the modules presence needs: account (accounts file), contact (contacts file and its
# /message command), presence (publisher, subscriber, notifier) and cons (the console the script
# types into); linda also menu, which accepts MESSAGE (without it baresip answers 501). No audio.
agent() {
	local user="$1" port="$2" cons="$3" params="$4" contacts="$5" extra="${6:-}" dir="$work/$1"
	mkdir -p "$dir"
	cat >"$dir/config" <<-EOF
		poll_method		epoll
		sip_listen		127.0.0.1:$port
		module_path		/usr/lib/baresip/modules
		module			cons.so
		module_tmp		account.so
		module_app		contact.so
		module_app		presence.so
		cons_listen		127.0.0.1:$cons
	EOF
	[[ -z "$extra" ]] || printf 'module_app\t\t%s\n' "$extra" >>"$dir/config"
	printf '"%s" <sip:%s@127.0.0.1>;outbound="sip:127.0.0.1:15060"%s\n' \
		"${user^}" "$user" "$params" >"$dir/accounts"
	printf '%s' "$contacts" >"$dir/contacts"
}
linda_contact=$'"Linda" <sip:linda@127.0.0.1>;presence=p2p\n'
agent andrew 15071 15171 '' "$linda_contact"
agent bob 15073 15173 '' "$linda_contact"
agent linda 15075 15175 ';auth_pass=linda-secret;pubint=600' '' menu.so

declare -A agent_pid cons_port=([andrew]=15171 [bob]=15173 [linda]=15175)
# start USER: baresip -s (SIP trace) in its config dir, stdout and stderr into one log.
start() {
	baresip -s -f "$work/$1" >"$run/$1.log" 2>&1 &
	agent_pid[$1]=$!
	pids+=("$!")
}
# cmd USER COMMAND: one line typed on USER's console.
cmd() {
	log "$1: $2"
	printf '%s\n' "$2" >"/dev/udp/127.0.0.1/${cons_port[$1]}"
}
# quit USER: /quit, then wait for baresip to end its subscriptions and registration and exit.
quit() {
	cmd "$1" /quit
	local pid="${agent_pid[$1]}"
	for _ in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "$1 did not quit" >&2
		exit 1
	fi
	wait "$pid" || { echo "$1 exited with $?" >&2; exit 1; }
}

# --- the story under a capture: story RUN_DIR, in a subshell of its own -----------------------
# Exits 3 when linda's removal did not reach the server (see step 7), to be played again.
story() {
	local run="$1"
	kamailio_rundir "$run"
	trap stop_all EXIT
	trap 'exit 130' INT TERM
	log "capture starts"
	tshark -i lo -f "udp port 15060" -w "$run/trace.pcapng" >"$run/tshark.log" 2>&1 &
	tshark_pid=$!
	pids+=("$tshark_pid")
	for _ in $(seq 100); do
		grep -q 'Capturing on' "$run/tshark.log" 2>/dev/null && break
		sleep 0.1
	done
	grep -q 'Capturing on' "$run/tshark.log" || { cat "$run/tshark.log" >&2; exit 1; }
	sleep 0.5

	kamailio -f "$run/kamailio.cfg" -P "$run/kamailio.pid" -DD -E >"$run/kamailio.log" 2>&1 &
	kamailio_pid=$!
	pids+=("$kamailio_pid")
	sleep 1.5
	kill -0 "$kamailio_pid" || { cat "$run/kamailio.log" >&2; exit 1; }

	notify='^NOTIFY sip:'
	# 1. andrew and bob register and subscribe to linda: 200, and a NOTIFY (linda has published
	#    nothing yet).
	log "andrew and bob subscribe to linda"
	start andrew
	start bob
	wait_for "$run/andrew.log" "$notify" 1
	wait_for "$run/bob.log" "$notify" 1
	sleep 0.3
	# 2. linda registers and publishes `open`: 407, again with Proxy-Authorization, 200 with a
	#    SIP-ETag; a NOTIFY to each watcher.
	log "linda starts"
	start linda
	wait_for "$run/andrew.log" "$notify" 2
	wait_for "$run/bob.log" "$notify" 2
	sleep 0.3
	# 3. andrew sends linda a text message (his current contact): MESSAGE through Kamailio to her
	#    registered contact, 200 from her baresip. Its body does not end with a line end.
	cmd andrew '/message Are you free?'
	wait_for "$run/andrew.log" '^CSeq: [0-9]+ MESSAGE' 2
	sleep 0.3
	# 4. linda goes offline: PUBLISH `closed` with SIP-IF-Match (challenged again); NOTIFYs.
	cmd linda /presence_offline
	wait_for "$run/andrew.log" "$notify" 3
	wait_for "$run/bob.log" "$notify" 3
	sleep 0.3
	# 5. and online again.
	cmd linda /presence_online
	wait_for "$run/andrew.log" "$notify" 4
	wait_for "$run/bob.log" "$notify" 4
	sleep 0.3
	# 6. andrew quits: SUBSCRIBE Expires: 0, a `terminated` NOTIFY; REGISTER Expires: 0.
	quit andrew
	sleep 0.3
	# 7. linda quits: PUBLISH Expires: 0 and REGISTER Expires: 0 at once. The PUBLISH is challenged
	#    too, and baresip exits as soon as its registration is gone: when the 200 to the REGISTER
	#    comes before the 407, it never sends the PUBLISH again, her publication just expires, and
	#    bob gets no NOTIFY. That attempt is played again.
	quit linda
	if ! seen "$run/bob.log" "$notify" 5 30; then
		log "linda's removal did not reach the server: again"
		exit 3
	fi
	sleep 0.3
	# 8. bob writes to linda, who is gone: Kamailio answers 404.
	cmd bob '/message Still there?'
	wait_for "$run/bob.log" '^SIP/2.0 404 ' 1
	sleep 0.3
	# 9. bob quits.
	quit bob
	sleep 0.5

	log "stopping kamailio and tshark"
	kill "$kamailio_pid"
	wait "$kamailio_pid" 2>/dev/null || true
	kill -INT "$tshark_pid"
	wait "$tshark_pid" 2>/dev/null || true
	pids=()
}

attempts=0
while :; do
	attempts=$((attempts + 1))
	status=0
	(story "$work/run$attempts") || status=$?
	((status == 0)) && break
	((status == 3 && attempts < 5)) || exit 1
done
run="$work/run$attempts"

# --- outputs -------------------------------------------------------------------------------------
pcap="$run/trace.pcapng"
tshark -r "$pcap" -Y sip -T fields -E header=y -E separator=/t -E occurrence=f \
	-e frame.number -e frame.time_epoch -e sip.Method -e sip.r-uri -e sip.Status-Code \
	-e sip.Call-ID -e sip.CSeq.seq -e sip.CSeq.method -e sip.from.addr -e sip.from.tag \
	-e sip.to.addr -e sip.to.tag -e sip.Via.branch -e sip.Event -e sip.Expires -e sip.ETag \
	-e sip.If_Match -e sip.Subscription-State -e sip.Proxy-Authorization \
	-e sip.Proxy-Authenticate -e sip.Content-Length -e sip.resend -e udp.payload \
	-e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e udp.srcport -e udp.dstport \
	>"$run/fields.tsv"

mkdir -p "$out"
rm -f "$out/$name".*
cp "$pcap" "$out/$name.pcapng"
pairs=()
for user in andrew bob linda; do
	cp "$run/$user.log" "$out/$name.$user.log"
	pairs+=("$out/$name.$user.log" baresip)
done
chmod 644 "$out/$name".*
node "$here/expected-links.mjs" "$run/fields.tsv" "${pairs[@]}"

log "wrote $(find "$out" -name "$name.*" -type f | wc -l) files into $out"
