#!/usr/bin/env bash
# A capture cut by its snapshot length, as `tcpdump -s 300` writes one: presence-story's capture
# with each packet cut to its first 300 octets by editcap (the original lengths kept in the
# records, as a capture tool keeps them), and tshark's `-V -O sip` text of it, which prints
# `Frame N: 451 bytes on wire (...), 300 bytes captured (...)` and the headers up to the cut.
# Run after make-real-traces.sh (whose publish replaces presence-story's files).
#
# Needs (Debian): wireshark-common (editcap) tshark.
# Usage: bash test/scripts/make-snaplen-printouts.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
require_tools editcap tshark

editcap -F pcap -s 300 "$out/presence-story.pcapng" "$out/presence-story.snap300.pcap"
tshark -r "$out/presence-story.snap300.pcap" -V -O sip >"$out/presence-story.snap300.tshark.txt" 2>/dev/null
