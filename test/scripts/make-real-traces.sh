#!/usr/bin/env bash
# Regenerates test/fixtures/real/: presence stories played by real SIP software on loopback.
#
#   Kamailio (presence + presence_xml + auth, sipdump on)   127.0.0.1:15060 and [::1]:15060
#   SIPp watchers                                            ports 15061..15063
#   SIPp publisher linda                                     port 15064
#
# Each story is captured with tshark on lo, then exported by the tools themselves: raw messages
# decoded from the capture, tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in
# tmux), ngrep -W byline reading the capture (without -t) and ngrep's default output, tcpdump -A
# and -X/-XX, SIPp's
# -trace_msg logs and Kamailio's sipdump text. expected-links.mjs computes the
# expected links of every exported file from tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio kamailio-presence-modules kamailio-xml-modules sip-tester tshark
# sngrep ngrep tcpdump tmux nodejs. Usage: bash test/scripts/make-real-traces.sh   (about 30 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"

require_tools kamailio sipp tshark sngrep ngrep tcpdump tmux node
make_workdir real

# --- one story: Kamailio + SIPp agents under a tshark capture, then the exports --------------
# story NAME LINDA_IP LINDA_DOMAIN WATCHER... where WATCHER is user/ip/domain/port/notifies/linger.
# A watcher answers `notifies` NOTIFYs (the initial one included), lingers `linger` ms, then
# unsubscribes; it subscribes to linda@domain, from ip.
story() {
	local name="$1" linda_ip="$2" linda_domain="$3"
	shift 3
	local dir="$work/$name"
	mkdir -p "$dir/sipdump" "$dir/sipp"
	# db_text tables the presence modules open.
	kamailio_tables version presentity active_watchers watchers xcap pua
	kamailio_config "$here/kamailio.cfg"
	log "$name: the story starts"
	start_capture "udp portrange 15060-15064"
	start_kamailio

	local sipp_common=(-t u1 -m 1 -nostdin -timeout 30s -timeout_error -trace_msg -trace_err)
	local spec user ip domain port notifies linger server
	for spec in "$@"; do
		IFS=/ read -r user ip domain port notifies linger <<<"$spec"
		server="$ip:15060"
		[[ "$ip" == *:* ]] && server="[$ip]:15060"
		log "$name: $user subscribes to linda@$domain"
		sipp_start "$user" -sf "$here/sipp/watcher.xml" -key user "$user" \
			-key domain "$domain" -set notifies "$notifies" -set linger "$linger" \
			-i "$ip" -p "$port" "${sipp_common[@]}" "$server"
		sleep 0.2
	done
	sleep 0.4

	log "$name: linda publishes to linda@$linda_domain"
	server="$linda_ip:15060"
	[[ "$linda_ip" == *:* ]] && server="[$linda_ip]:15060"
	sipp_run linda -sf "$here/sipp/publisher.xml" -key domain "$linda_domain" \
		-i "$linda_ip" -p 15064 "${sipp_common[@]}" "$server" || fail "$name: linda failed"
	wait_agents "$name: a watcher"
	sleep 0.5
	stop_capture

	dissect
	export_raw
	export_sngrep
	cp "$dir"/sipdump/*.data "$dir/$name.sipdump.txt"
	# ngrep and tcpdump read the capture under its published name, which ngrep prints.
	cp "$dir/trace.pcapng" "$dir/$name.pcapng"
	# ngrep as people run it on a SIP port: -W byline, no -t (so no time), CR printed as '.'.
	(cd "$dir" && ngrep -I "$name.pcapng" -W byline -q '' udp >"$name.ngrep.txt")
	# ngrep's default output (no -W byline): the payload wrapped at a fixed width, CR and LF as '.';
	# the IPv6 story with -t (date and time). Not on a terminal, ngrep wraps at 70 characters.
	local ngrep_time=()
	[[ "$name" == presence-ipv6 ]] && ngrep_time=(-t)
	(cd "$dir" && ngrep -I "$name.pcapng" -q "${ngrep_time[@]}" '' udp \
		>"$name.ngrep-single.txt")
	# ngrep -W single: each packet on one line, CR and LF as '.'.
	(cd "$dir" && ngrep -I "$name.pcapng" -W single -q "${ngrep_time[@]}" '' udp \
		>"$name.ngrep-oneline.txt")
	# tcpdump -A as pasted into issues: no name resolution; the IPv6 story with -tttt (dates).
	# Times are printed in the local zone: UTC, as the other exports.
	local tcpdump_time=()
	[[ "$name" == presence-ipv6 ]] && tcpdump_time=(-tttt)
	(cd "$dir" && TZ=UTC tcpdump -nn "${tcpdump_time[@]}" -A -r "$name.pcapng" \
		>"$name.tcpdump.txt" 2>/dev/null)
	# The same with -v (IPv4) / -vv (IPv6): the IP header's fields in parentheses, and for IPv4 the
	# addresses on a line of their own.
	local verbose=-v
	[[ "$name" == presence-ipv6 ]] && verbose=-vv
	(cd "$dir" && TZ=UTC tcpdump -nn "$verbose" "${tcpdump_time[@]}" -A -r "$name.pcapng" \
		>"$name.tcpdump$verbose.txt" 2>/dev/null)
	# The packets as hex dumps with their ASCII column: -X from the IP header on (IPv4), -XX with
	# the link-layer header too (IPv6).
	local hex=-X
	[[ "$name" == presence-ipv6 ]] && hex=-XX
	(cd "$dir" && TZ=UTC tcpdump -nn "$hex" "${tcpdump_time[@]}" -r "$name.pcapng" \
		>"$name.tcpdump$hex.txt" 2>/dev/null)

	local logs=()
	for spec in "$@" linda; do
		logs+=("sipp:${spec%%/*}")
	done
	publish sip=raw sngrep.txt=sngrep tshark.txt=tshark ngrep.txt=ngrep \
		ngrep-single.txt=ngrep-single ngrep-oneline.txt=ngrep-oneline tcpdump.txt=tcpdump "tcpdump$verbose.txt=tcpdump" \
		"tcpdump$hex.txt=tcpdump-hex" sipdump.txt=sipdump "${logs[@]}"
}

# The presence story over IPv4: andrew leaves before linda removes her publication, bob and
# carol stay to the end (NOTIFYs: initial, busy, refresh, away[, removal]).
story presence-story 127.0.0.1 127.0.0.1 \
	andrew/127.0.0.1/127.0.0.1/15061/4/800 \
	bob/127.0.0.1/127.0.0.1/15062/5/1500 \
	carol/127.0.0.1/127.0.0.1/15063/5/1800

# The same over IPv6, plus erin who watches linda@127.0.0.1 over IPv4: a different presentity
# for the presence server, so she sees none of linda@[::1]'s changes.
story presence-ipv6 ::1 '[::1]' \
	'andrew/::1/[::1]/15061/4/800' \
	'bob/::1/[::1]/15062/5/1500' \
	erin/127.0.0.1/127.0.0.1/15063/1/6500
