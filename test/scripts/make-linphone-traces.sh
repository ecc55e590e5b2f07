#!/usr/bin/env bash
# Regenerates test/fixtures/real/linphone-presence.*: a presence story played by two Linphone
# 5.1 user agents on loopback, each writing Linphone's own log (belle-sip's SIP messages in it).
#
#   Kamailio (kamailio.cfg on port 33060: registrar, presence + presence_xml, 407 on PUBLISH)
#                                                                           127.0.0.1:33060
#   presentity linda: liblinphone driven by linphone-presentity.py        127.0.0.1:33061
#   watcher andrew: linphonec, commands typed on its stdin                 127.0.0.1:33062
#
# linphonec 5.1 has no command that changes the user's presence, so linda is liblinphone itself
# (the library linphonec is a console for) through its C API; her log is liblinphone's file log.
# andrew's is linphonec's `-d 6 -l FILE`. tshark captures the story on lo; expected-links.mjs
# computes the expected links of each log from tshark's fields, independently of the analyser.
#
# Needs (Debian): linphone-cli kamailio kamailio-presence-modules kamailio-xml-modules tshark
# nodejs python3.
# Usage: bash test/scripts/make-linphone-traces.sh   (about 20 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=linphone-presence

require_tools linphonec kamailio tshark node python3
make_workdir linphone

# --- Kamailio: kamailio.cfg on this story's port, IPv4 only, in a run dir of its own ------------
# Its registrar's GRUU support off: Linphone asks for a GRUU (RFC 5627) and puts it in its
# SUBSCRIBE's Contact, which this Kamailio does not route back (its NOTIFYs would go to port 5060).
mkdir -p "$dir/sipdump"
kamailio_tables version presentity active_watchers watchers xcap pua
kamailio_config "$here/kamailio.cfg" -e 's#^listen=udp:\[::1\]:15060$##' -e 's#15060#33060#g' \
	-e 's#^modparam("auth", "secret"#modparam("registrar", "gruu_enabled", 0)\n&#'

# --- the two user agents: a config file and a home (friends and call database) each ----------
# No TCP or TLS listener, no IPv6, no video; there is no sound card here, which only matters to
# calls. linda publishes her presence (with the password Kamailio challenges PUBLISH for);
# andrew only registers, and subscribes to the friends he adds.
agent() {
	local user="$1" port="$2" publish="$3" dir="$work/$1"
	mkdir -p "$dir/home/.local/share/linphone"
	cat >"$dir/linphonerc" <<-EOF2
		[sip]
		sip_port=$port
		sip_tcp_port=-1
		sip_tls_port=-1
		use_ipv6=0
		default_proxy=0
		[rtp]
		audio_rtp_port=$((port + 4))
		video_rtp_port=$((port + 6))
		[video]
		enabled=0
		capture=0
		display=0
		[proxy_0]
		reg_proxy=<sip:127.0.0.1:33060;transport=udp>
		reg_identity="${user^}" <sip:$user@127.0.0.1>
		reg_expires=600
		reg_sendregister=1
		publish=$publish
		[auth_info_0]
		username=$user
		passwd=$user-secret
		realm=127.0.0.1
	EOF2
}
agent linda 33061 1
agent andrew 33062 0

# Each agent reads its commands from a FIFO that the script keeps open for writing.
mkfifo "$work/linda/in" "$work/andrew/in"
# start_linda / start_andrew: the agent in its home, stdout into a console file.
start_linda() {
	HOME="$work/linda/home" python3 "$here/linphone-presentity.py" "$work/linda/linphonerc" \
		"$work/linda" linda.log <"$work/linda/in" >"$work/linda/console" 2>&1 &
	linda_pid=$!
	pids+=("$linda_pid")
	exec {linda_in}>"$work/linda/in"
}
start_andrew() {
	HOME="$work/andrew/home" linphonec -c "$work/andrew/linphonerc" -d 6 -l "$work/andrew/andrew.log" \
		<"$work/andrew/in" >"$work/andrew/console" 2>&1 &
	andrew_pid=$!
	pids+=("$andrew_pid")
	exec {andrew_in}>"$work/andrew/in"
}
# type USER LINE: one command line to USER's agent.
type_to() {
	log "$1: $2"
	if [[ "$1" == linda ]]; then printf '%s\n' "$2" >&"$linda_in"; else printf '%s\n' "$2" >&"$andrew_in"; fi
}
# finish USER PID: wait (at most 20 s) for the agent to unregister and exit.
finish() { await_exit "$1" "$2" 200; }

start_capture "udp port 33060"
start_kamailio

# Each log holds the messages belle-sip sent and received, after its channel lines.
ok='^SIP/2\.0 200 '
notify='^NOTIFY sip:'
# 1. linda registers, then publishes her presence (PIDF `open`, liblinphone's own `online`
#    element): 407, again with Proxy-Authorization, 200 with a SIP-ETag.
log "linda starts"
start_linda
wait_for_lines "$work/linda/linda.log" "$ok" 2
sleep 0.5
# 2. andrew registers.
log "andrew starts"
start_andrew
wait_for_lines "$work/andrew/andrew.log" "$ok" 1
sleep 0.5
# 3. andrew adds linda as a friend: SUBSCRIBE (Event: presence, no Content-Length), 200, and a
#    NOTIFY with her PIDF, which andrew's linphonec answers 200.
type_to andrew 'friend add linda sip:linda@127.0.0.1'
wait_for_lines "$work/andrew/andrew.log" "$notify" 1
wait_for_lines "$work/andrew/andrew.log" "$ok" 3
sleep 0.5
# 4. linda is busy: PUBLISH with SIP-If-Match, a PIDF with the RPID activity busy and a note
#    (liblinphone reuses the nonce: no second challenge); 200, a NOTIFY to andrew.
type_to linda busy
wait_for_lines "$work/andrew/andrew.log" "$notify" 2
wait_for_lines "$work/andrew/andrew.log" "$ok" 4
sleep 0.5
# 5. and online again.
type_to linda online
wait_for_lines "$work/andrew/andrew.log" "$notify" 3
wait_for_lines "$work/andrew/andrew.log" "$ok" 5
sleep 0.5
# 6. andrew quits: SUBSCRIBE Expires: 0 in the dialog and REGISTER Expires: 0 at once, a 200 to
#    each. linphonec exits once its registration is gone, before Kamailio's `terminated` NOTIFY
#    comes (sent right after the 200 to the SUBSCRIBE): Kamailio re-sends that NOTIFY to a closed
#    port until the capture ends. (linphonec's `friend delete` does not unsubscribe.)
type_to andrew quit
finish andrew "$andrew_pid"
sleep 0.5
# 7. linda quits: PUBLISH Expires: 0 and REGISTER Expires: 0 at once. liblinphone sends that
#    PUBLISH without Content-Length (it has no body; over UDP the header may be left out, RFC 3261
#    §18.3), and Kamailio's presence module answers it 400: her publication is left to expire.
type_to linda quit
finish linda "$linda_pid"
sleep 0.5

stop_capture

# --- outputs -------------------------------------------------------------------------------------
# The addresses too: each Linphone log gives the remote address of every message.
extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport)
tshark_fields
export_raw
cp "$work/linda/linda.log" "$dir/$name.linda.log"
cp "$work/andrew/andrew.log" "$dir/$name.andrew.log"
publish --retransmissions sip=raw linda.log=bellesip andrew.log=bellesip
