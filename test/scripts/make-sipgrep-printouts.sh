#!/usr/bin/env bash
# sipgrep (sipcapture's SIP sniffer) reading the captures the story scripts published, as people
# run it with its output in a file: its colours stay in it (the method, the status, branch, tags
# and Call-ID wrapped in terminal escapes, mid-line), each CR of the payload printed as a trailing
# `.`, a `U date time a:p -> b:p` line before each packet. The presence story (PUBLISH with a
# 407 challenge, NOTIFY fan-out) and the RLS story (multipart bodies that mix CRLF and bare LF).
# expected-links.mjs computes each file's expected messages and links from tshark's fields of the
# same capture. Run after the story's own script (whose publish replaces all of its files).
#
# Needs (Debian): sipgrep tshark nodejs. Usage: bash test/scripts/make-sipgrep-printouts.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/story.sh"
require_tools sipgrep tshark node
make_workdir sipgrep-printouts
extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport)
for name in presence-story rls-story; do
	cp "$out/$name.pcapng" "$dir/trace.pcapng"
	tshark_fields
	# The stories run on ports of their own, outside sipgrep's default 5060-5061. sipgrep prints
	# the file name it reads: the published one, as the story scripts do.
	(cd "$out" && sipgrep -I "$name.pcapng" -P 1-65535 >"$name.sipgrep.txt" 2>/dev/null)
	chmod 644 "$out/$name.sipgrep.txt"
	node "$scripts/expected-links.mjs" "$dir/fields.tsv" "$out/$name.sipgrep.txt" sipgrep
	log "wrote sipgrep's printout of $name"
done
