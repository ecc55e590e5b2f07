#!/usr/bin/env bash
# Regenerates test/fixtures/real/kamailio-*.log: Kamailio's own logs of the presence story, as an
# admin debugging presence makes Kamailio log the SIP messages it receives and sends (see
# test/fixtures/README.md, "Kamailio's own logs").
#
#   Kamailio presence server logging its messages (kamailio-log.cfg)   127.0.0.1:25060
#   SIPp watchers andrew and bob (sipp/watcher.xml)                     ports 25061, 25062
#   SIPp publisher linda (sipp/publisher.xml)                           port 25064
#   SIPp bob's phone (sipp/challenge-callee.xml)                        port 25063
#   SIPp caller alice (sipp/challenge-caller.xml)                       port 25065
#
# The story is make-real-traces.sh's with two watchers: andrew and bob SUBSCRIBE to linda; linda
# PUBLISHes busy, is challenged with 407 and re-sends with credentials, refreshes, modifies (away),
# removes her state and tries a stale entity-tag (412); the watchers unsubscribe. Then Kamailio is
# a proxy (make-challenge-traces.sh's first call): alice INVITEs bob, is challenged with 407, ACKs
# it and re-sends with credentials; Kamailio record-routes and relays the INVITE to bob, who rings
# and answers; the ACK and, after a short talk, alice's BYE follow the Route set. What it relays it
# logs twice: as received and as sent.
# It is played once for each way of logging, each run with its own capture:
#   kamailio-xlog      `kamailio -DD -E` (foreground, log on stderr): xlog() of $mb in
#                      request_route and reply_route, of $snd(buf) in onsend_route (with
#                      onsend_route_reply) and of the NOTIFYs in event_route[tm:local-request]
#   kamailio-syslog    the same through syslog: Kamailio's log_facility LOG_LOCAL0, log_name
#                      kamailio-presence, to an rsyslogd of our own (its own config, socket, work
#                      dir and pid file in the temp dir) writing a file with Debian's defaults:
#                      RSYSLOG_FileFormat (RFC 3339 times) and control characters escaped (#015#012)
#                      Kamailio runs in a mount namespace of its own whose /dev holds /dev/log as
#                      a link to that socket (and null, zero, random, urandom): the machine's
#                      /dev/log and syslog are not touched. Needs root for unshare and mount.
#   kamailio-dbg       `kamailio -DD -E` with the debugger module's dbg_sip_msg() in request_route
#                      and reply_route (what it receives)
#   kamailio-siptrace  `kamailio -DD -E` with siptrace's trace_mode (core events for the data in
#                      and out) and event_route[siptrace:msg] logging each message with xlog
#   kamailio-colour    kamailio-xlog's run with log_color=yes: each log line in its level's
#                      terminal colours, the escapes written to the file
# expected-links.mjs computes the expected messages and links of each log from tshark's fields of
# its run's capture (FORMAT kamailio), independently of the analyser.
#
# Needs (Debian): kamailio kamailio-presence-modules kamailio-extra-modules sip-tester tshark
# rsyslog util-linux nodejs.
# Usage: bash test/scripts/make-kamailio-log-traces.sh   (about a minute)
#        STORIES="kamailio-colour" bash test/scripts/make-kamailio-log-traces.sh   (those runs only)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
server=127.0.0.1:25060
rsyslog_pid=""

# STORIES="kamailio-colour ..." plays only those.
wanted() { [[ -z "${STORIES:-}" || " $STORIES " == *" $1 "* ]]; }
require_tools kamailio sipp tshark node
if wanted kamailio-syslog; then require_tools rsyslogd unshare; fi
make_workdir kamlog

# rsyslogd in the foreground with our own config: an imuxsock socket in $dir, local0 into $1.
start_rsyslog() {
	mkdir -p "$dir/rsyslog"
	cat >"$dir/rsyslog.conf" <<CONF
global(workDirectory="$dir/rsyslog")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="$dir/log.sock")
local0.* action(type="omfile" file="$1")
CONF
	rsyslogd -n -f "$dir/rsyslog.conf" -i "$dir/rsyslogd.pid" >"$dir/rsyslogd.out" 2>&1 &
	rsyslog_pid=$!
	pids+=("$rsyslog_pid")
	for _ in $(seq 50); do
		[[ -S "$dir/log.sock" ]] && return 0
		sleep 0.1
	done
	cat "$dir/rsyslogd.out" >&2
	fail "rsyslogd did not start"
}

# start_logging_kamailio DEFINE... : Kamailio with the config's defines (-A), in the foreground
# (-DD); logging to stderr (-E) unless WITH_SYSLOG is among them.
start_logging_kamailio() {
	local defines=() d
	for d in "$@"; do
		defines+=(-A "$d")
	done
	local cmd=(kamailio -f "$dir/kamailio.cfg" -P "$dir/kamailio.pid" -Y "$dir" -DD "${defines[@]}")
	if [[ " $* " == *" WITH_SYSLOG "* ]]; then
		# A private /dev: a tmpfs with the devices Kamailio opens, and log -> our socket.
		mkdir -p "$dir/hostdev"
		unshare -m --propagation private sh -c '
			dir="$1"; shift
			mount --bind /dev "$dir/hostdev" && mount -t tmpfs tmpfs /dev || exit 1
			for d in null zero random urandom; do
				touch "/dev/$d" && mount --bind "$dir/hostdev/$d" "/dev/$d" || exit 1
			done
			ln -s "$dir/log.sock" /dev/log
			exec "$@"' sh "$dir" "${cmd[@]}" >"$dir/kamailio.log" 2>&1 &
	else
		"${cmd[@]}" -E >"$dir/kamailio.log" 2>&1 &
	fi
	kamailio_pid=$!
	pids+=("$kamailio_pid")
	sleep 1.5
	kill -0 "$kamailio_pid" || { cat "$dir/kamailio.log" >&2; exit 1; }
}

# The addresses of every frame, for the logs that name the other end of each message.
extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport)

# story NAME FORMAT DEFINE...: the presence story under a capture, Kamailio logging as DEFINEs
# say; the log is published as $name.log, read as FORMAT by expected-links.mjs.
story() {
	local name="$1" format="$2"
	shift 2
	local dir="$work/$name"
	mkdir -p "$dir/sipp"
	kamailio_tables version presentity active_watchers watchers xcap pua
	kamailio_config "$here/kamailio-log.cfg"
	[[ " $* " == *" WITH_SYSLOG "* ]] && start_rsyslog "$dir/$name.log"
	log "$name: the story starts"
	# Not siptrace's HEP copies (to port 25069).
	start_capture "udp portrange 25060-25065 and not udp port 25069"
	start_logging_kamailio "$@"

	local common=(-t u1 -m 1 -nostdin -timeout 30s -timeout_error -trace_err -i 127.0.0.1)
	sipp_start andrew -sf "$here/sipp/watcher.xml" -key user andrew -key domain 127.0.0.1 \
		-set notifies 4 -set linger 800 -p 25061 "${common[@]}" "$server"
	sleep 0.2
	sipp_start bob -sf "$here/sipp/watcher.xml" -key user bob -key domain 127.0.0.1 \
		-set notifies 5 -set linger 1500 -p 25062 "${common[@]}" "$server"
	sleep 0.6
	log "$name: linda publishes"
	sipp_run linda -sf "$here/sipp/publisher.xml" -key domain 127.0.0.1 -p 25064 \
		"${common[@]}" "$server" || fail "$name: linda failed"
	wait_agents "$name: a watcher"
	log "$name: alice calls bob through the proxy"
	sipp_start bob -sf "$here/sipp/challenge-callee.xml" -p 25063 "${common[@]}" -trace_msg
	sleep 0.5
	sipp_run alice -sf "$here/sipp/challenge-caller.xml" -key domain 127.0.0.1 -set talk 500 \
		-p 25065 "${common[@]}" "$server" || fail "$name: alice's call failed"
	wait_agents "$name: bob's phone"
	sleep 0.5
	stop_capture
	if [[ -n "$rsyslog_pid" ]]; then
		# rsyslogd writes out what it holds on SIGTERM.
		kill "$rsyslog_pid"
		wait "$rsyslog_pid" 2>/dev/null || true
		rsyslog_pid=""
	else
		cp "$dir/kamailio.log" "$dir/$name.log"
	fi
	tshark_fields
	no_retransmissions
	# The temp dir's name is in Kamailio's start-up lines: the fixture names no run.
	sed -i "s#$work#/tmp/kamlog#g" "$dir/$name.log"
	publish "log=$format"
}

wanted kamailio-xlog && story kamailio-xlog kamailio-xlog WITH_XLOG
wanted kamailio-syslog && story kamailio-syslog kamailio-syslog WITH_XLOG WITH_SYSLOG
wanted kamailio-dbg && story kamailio-dbg kamailio WITH_DBG
wanted kamailio-siptrace && story kamailio-siptrace kamailio WITH_SIPTRACE
wanted kamailio-colour && story kamailio-colour kamailio-xlog-colour WITH_XLOG WITH_COLOUR
