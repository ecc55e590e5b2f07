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
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=baresip-presence

require_tools baresip kamailio tshark node
make_workdir baresip

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

declare -A baresip_pid cons_port=([andrew]=15171 [bob]=15173 [linda]=15175)
# start USER: baresip -s (SIP trace) in its config dir, stdout and stderr into one log.
start() {
	baresip -s -f "$work/$1" >"$run/$1.log" 2>&1 &
	baresip_pid[$1]=$!
	pids+=("$!")
}
# cmd USER COMMAND: one line typed on USER's console.
cmd() {
	log "$1: $2"
	printf '%s\n' "$2" >"/dev/udp/127.0.0.1/${cons_port[$1]}"
}
# quit USER: /quit, then wait (at most 10 s) for baresip to end its subscriptions and registration
# and exit.
quit() {
	cmd "$1" /quit
	await_exit "$1" "${baresip_pid[$1]}" 100
}

# --- the story under a capture: story RUN_DIR, in a subshell of its own -----------------------
# Exits 3 when linda's removal did not reach the server (see step 7), to be played again.
story() {
	local run="$1"
	# A fresh run dir (db_text tables, sipdump folder) per attempt.
	dir="$run"
	mkdir -p "$dir/sipdump"
	kamailio_tables version presentity active_watchers watchers xcap pua
	kamailio_config "$here/kamailio.cfg"
	trap stop_all EXIT
	trap 'exit 130' INT TERM
	start_capture "udp port 15060"
	start_kamailio

	notify='^NOTIFY sip:'
	# 1. andrew and bob register and subscribe to linda: 200, and a NOTIFY (linda has published
	#    nothing yet).
	log "andrew and bob subscribe to linda"
	start andrew
	start bob
	wait_for_lines "$run/andrew.log" "$notify" 1
	wait_for_lines "$run/bob.log" "$notify" 1
	sleep 0.3
	# 2. linda registers and publishes `open`: 407, again with Proxy-Authorization, 200 with a
	#    SIP-ETag; a NOTIFY to each watcher.
	log "linda starts"
	start linda
	wait_for_lines "$run/andrew.log" "$notify" 2
	wait_for_lines "$run/bob.log" "$notify" 2
	sleep 0.3
	# 3. andrew sends linda a text message (his current contact): MESSAGE through Kamailio to her
	#    registered contact, 200 from her baresip. Its body does not end with a line end.
	cmd andrew '/message Are you free?'
	wait_for_lines "$run/andrew.log" '^CSeq: [0-9]+ MESSAGE' 2
	sleep 0.3
	# 4. linda goes offline: PUBLISH `closed` with SIP-IF-Match (challenged again); NOTIFYs.
	cmd linda /presence_offline
	wait_for_lines "$run/andrew.log" "$notify" 3
	wait_for_lines "$run/bob.log" "$notify" 3
	sleep 0.3
	# 5. and online again.
	cmd linda /presence_online
	wait_for_lines "$run/andrew.log" "$notify" 4
	wait_for_lines "$run/bob.log" "$notify" 4
	sleep 0.3
	# 6. andrew quits: SUBSCRIBE Expires: 0, a `terminated` NOTIFY; REGISTER Expires: 0.
	quit andrew
	sleep 0.3
	# 7. linda quits: PUBLISH Expires: 0 and REGISTER Expires: 0 at once. The PUBLISH is challenged
	#    too, and baresip exits as soon as its registration is gone: when the 200 to the REGISTER
	#    comes before the 407, it never sends the PUBLISH again, her publication just expires, and
	#    bob gets no NOTIFY. That attempt is played again.
	quit linda
	if ! lines_seen "$run/bob.log" "$notify" 5 30; then
		log "linda's removal did not reach the server: again"
		exit 3
	fi
	sleep 0.3
	# 8. bob writes to linda, who is gone: Kamailio answers 404.
	cmd bob '/message Still there?'
	wait_for_lines "$run/bob.log" '^SIP/2.0 404 ' 1
	sleep 0.3
	# 9. bob quits.
	quit bob
	sleep 0.5
	stop_capture
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
dir="$run"

# --- outputs -------------------------------------------------------------------------------------
# The addresses too: each baresip log gives the remote address of every message.
extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport)
tshark_fields
logs=()
for user in andrew bob linda; do
	cp "$run/$user.log" "$dir/$name.$user.log"
	logs+=("$user.log=baresip")
done
publish "${logs[@]}"
