#!/usr/bin/env bash
# Regenerates test/fixtures/real/twinkle-presence.*: a presence story played by Twinkle
# (twinkle-console) on loopback, each Twinkle writing its own log (~/.twinkle/twinkle.log, with
# its SIP messages: log_show_sip).
#
#   Kamailio (kamailio.cfg: registrar, presence + presence_xml, 407 on PUBLISH)   127.0.0.1:15060
#   Twinkle andrew, bob: watch linda; every request through the proxy     127.0.0.1:15081, 15083
#   Twinkle linda: publishes her presence at start-up (password linda-secret)     127.0.0.1:15085
#   Twinkle carol: watches ghost@unresolvable.invalid; no outbound proxy          127.0.0.1:15087
#
# carol has no outbound proxy: her SUBSCRIBE to ghost, whose domain has no address, never leaves.
# Twinkle logs it after `Cannot resolve destination for:`, then the 404 it makes for itself after
# `Send internal:`. (Twinkle looks the domain up in its transaction thread: where the name server
# does not answer, carol hears nothing for seconds; alone in her log, that delays no one else.)
#
# andrew also sends linda a text of 1,315 characters: Twinkle logs at most 1,024 characters of a
# message, so both logs hold its first part and `<cut off>`.
#
# Each Twinkle has a home directory of its own (HOME), with its system settings (twinkle.sys),
# profile (<user>.cfg) and buddy list (<user>.bud), and reads its commands from a FIFO. tshark
# captures the story on lo; expected-links.mjs computes the expected links of each Twinkle log
# from tshark's fields, independently of the analyser.
#
# Needs (Debian): twinkle-console kamailio kamailio-presence-modules kamailio-xml-modules tshark
# nodejs.
# Usage: bash test/scripts/make-twinkle-traces.sh   (about 30 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=twinkle-presence

require_tools twinkle-console kamailio tshark node
make_workdir twinkle

# --- Twinkle agents: agent USER PORT PASSWORD PROXY PUBLISH BUDDIES ------------------------------
# PROXY: yes sends every request to Kamailio, no only the REGISTER (to the registrar). PUBLISH:
# whether Twinkle publishes its presence at start-up. BUDDIES: the buddy list's lines,
# `name|sip-address|y` (y: subscribe to the buddy's presence).
agent() {
	local user="$1" port="$2" pass="$3" proxy="$4" publish="$5" buddies="$6" home="$work/$1"
	mkdir -p "$home/.twinkle"
	cat >"$home/.twinkle/twinkle.sys" <<-EOF
		log_max_size=50
		log_show_sip=yes
		log_show_stun=no
		log_show_memory=no
		log_show_debug=no
		sip_port=$port
		rtp_port=$((port + 1000))
		start_user_profiles=$user
	EOF
	cat >"$home/.twinkle/$user.cfg" <<-EOF
		user_name=$user
		user_domain=127.0.0.1
		user_display=${user^}
		auth_realm=127.0.0.1
		auth_name=$user
		auth_pass=$pass
		registrar=127.0.0.1:15060
		register_at_startup=yes
		registration_time=600
		sip_transport=udp
		pres_subscription_time=600
		pres_publication_time=600
		pres_publish_startup=$publish
	EOF
	if [[ "$proxy" == yes ]]; then
		printf 'outbound_proxy=127.0.0.1:15060\nall_requests_to_proxy=yes\n' >>"$home/.twinkle/$user.cfg"
	fi
	printf '%s' "$buddies" >"$home/.twinkle/$user.bud"
}
agent andrew 15081 andrew-secret yes no $'Linda|sip:linda@127.0.0.1|y\n'
agent bob 15083 bob-secret yes no $'Linda|sip:linda@127.0.0.1|y\n'
agent linda 15085 linda-secret yes yes ''
agent carol 15087 carol-secret no no $'Ghost|sip:ghost@unresolvable.invalid|y\n'

declare -A twinkle_pid
# start USER: twinkle-console with USER's home, reading commands from USER's FIFO (held open by a
# sleeping writer, so that each command's own writer closing it is no end of input). Twinkle seeds
# its random numbers with the time in seconds: two started in the same second make the same
# Call-IDs and branches, and the proxy takes the second one's SUBSCRIBE for a retransmission of
# the first's. The story starts each a second after the last.
start() {
	local home="$work/$1"
	rm -f "$home/$1.in"
	mkfifo "$home/$1.in"
	sleep 600 >"$home/$1.in" &
	pids+=("$!")
	HOME="$home" twinkle-console "$1.cfg" <"$home/$1.in" >"$run/$1.out" 2>&1 &
	twinkle_pid[$1]=$!
	pids+=("$!")
}
# cmd USER COMMAND: one line typed at USER's Twinkle prompt.
cmd() {
	log "$1: $2"
	printf '%s\n' "$2" >"$work/$1/$1.in"
}
# quit USER: `quit`, then wait (at most 10 s) for Twinkle to end its subscriptions, publication
# and registration and exit.
quit() {
	cmd "$1" quit
	await_exit "$1" "${twinkle_pid[$1]}" 100
}
tlog() { printf '%s' "$work/$1/.twinkle/twinkle.log"; }
# A text longer than Twinkle logs of a message (no quote in it: it is typed in double quotes).
long_text="$(for i in $(seq 28); do printf 'Line %02d of a long note, to be cut in the log. ' "$i"; done)"
long_text="${long_text% }"

story() {
	run="$1"
	dir="$run"
	mkdir -p "$dir/sipdump"
	kamailio_tables version presentity active_watchers watchers xcap pua
	kamailio_config "$here/kamailio.cfg"
	trap stop_all EXIT
	trap 'exit 130' INT TERM
	start_capture "udp port 15060"
	start_kamailio

	notify='^NOTIFY sip:'
	# 1. andrew and bob register and subscribe to linda: 200 and a NOTIFY (she has published
	#    nothing yet). carol registers; her SUBSCRIBE to ghost finds no address: Twinkle answers
	#    it a 404 itself (within 30 s: the name server may not answer).
	log "andrew and bob subscribe to linda, carol to ghost"
	start andrew
	sleep 1.1
	start bob
	sleep 1.1
	start carol
	wait_for_lines "$(tlog andrew)" "$notify" 1
	wait_for_lines "$(tlog bob)" "$notify" 1
	wait_for_lines "$(tlog carol)" '^Send internal:' 1 300
	sleep 0.3
	# 2. linda registers and publishes `open`: 407, again with Proxy-Authorization, 200 with a
	#    SIP-ETag; a NOTIFY to each watcher.
	log "linda starts"
	start linda
	wait_for_lines "$(tlog andrew)" "$notify" 2
	wait_for_lines "$(tlog bob)" "$notify" 2
	sleep 0.3
	# 3. andrew sends linda a text of 1,400 characters: MESSAGE through Kamailio to her registered
	#    contact, 200 from her Twinkle. Twinkle logs at most 1,024 characters of a message: both
	#    logs hold its first 1,024 and `<cut off>`.
	cmd andrew "message sip:linda@127.0.0.1 \"$long_text\""
	wait_for_lines "$(tlog linda)" '^MESSAGE sip:' 1
	wait_for_lines "$(tlog andrew)" '^CSeq: [0-9]+ MESSAGE' 2
	sleep 0.3
	# 4. linda goes offline: PUBLISH `closed` with SIP-If-Match (challenged again); NOTIFYs.
	cmd linda 'presence -b offline'
	wait_for_lines "$(tlog andrew)" "$notify" 3
	wait_for_lines "$(tlog bob)" "$notify" 3
	sleep 0.3
	# 5. and online again.
	cmd linda 'presence -b online'
	wait_for_lines "$(tlog andrew)" "$notify" 4
	wait_for_lines "$(tlog bob)" "$notify" 4
	sleep 0.3
	# 6. andrew quits: SUBSCRIBE Expires: 0, a `terminated` NOTIFY; REGISTER Expires: 0.
	quit andrew
	sleep 0.3
	# 7. linda quits: PUBLISH Expires: 0 (challenged) and REGISTER Expires: 0; bob is notified.
	quit linda
	wait_for_lines "$(tlog bob)" "$notify" 5
	sleep 0.3
	# 8. bob and carol quit.
	quit bob
	quit carol
	sleep 0.5
	stop_capture
}

run="$work/run"
(story "$run")
dir="$run"

# --- outputs -------------------------------------------------------------------------------------
# The addresses too: each Twinkle log names the other end of every message.
extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport)
tshark_fields
logs=()
for user in andrew bob carol linda; do
	cp "$(tlog "$user")" "$dir/$name.$user.log"
	logs+=("$user.log=twinkle")
done
publish "${logs[@]}"
