#!/usr/bin/env bash
# ngrep and tcpdump reading the captures the story scripts published, for the stories whose
# servers and clients write bodies with bare LF line ends (Kamailio's composed PIDF, its RLMI
# multipart, a message summary with message-context headers, Linphone's, baresip's and
# sofia-sip's PIDF with an attribute a line): ngrep `-W byline` as people run it, with its `#` per
# packet read (no -q) and without it (-q), and ngrep's default output (-q, the payload wrapped,
# CRLF as `..`); tcpdump -A (which leaves out every CR) and -X (a hex dump).
# expected-links.mjs computes each file's expected messages and links from tshark's fields of the
# same capture. Run after the story's own script (whose publish replaces all of its files).
#
# Needs (Debian): tshark ngrep tcpdump nodejs. Usage: bash test/scripts/make-bare-lf-printouts.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/story.sh"
require_tools tshark ngrep tcpdump node
make_workdir bare-lf-printouts
extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport)
for name in compose-story rls-story mwi-story linphone-presence baresip-presence sofia-presence; do
	cp "$out/$name.pcapng" "$dir/trace.pcapng"
	tshark_fields
	# ngrep prints the file name it reads: the published one, as the story scripts do.
	(cd "$out" && ngrep -I "$name.pcapng" -W byline -q '' udp >"$name.ngrep.txt")
	(cd "$out" && ngrep -I "$name.pcapng" -W byline '' udp >"$name.ngrep-marks.txt")
	(cd "$out" && ngrep -I "$name.pcapng" -q '' udp >"$name.ngrep-single.txt")
	tcpdump -r "$out/$name.pcapng" -nn -A udp >"$out/$name.tcpdump.txt" 2>/dev/null
	tcpdump -r "$out/$name.pcapng" -nn -X udp >"$out/$name.tcpdump-X.txt" 2>/dev/null
	chmod 644 "$out/$name".ngrep*.txt "$out/$name".tcpdump*.txt
	node "$scripts/expected-links.mjs" "$dir/fields.tsv" \
		"$out/$name.ngrep.txt" ngrep "$out/$name.ngrep-marks.txt" ngrep \
		"$out/$name.ngrep-single.txt" ngrep-single \
		"$out/$name.tcpdump.txt" tcpdump "$out/$name.tcpdump-X.txt" tcpdump-hex
	log "wrote the ngrep and tcpdump printouts of $name"
done
