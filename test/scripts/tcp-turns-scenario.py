#!/usr/bin/env python3
# SIPp scenarios of make-tcp-turns-traces.sh, printed on stdout:
#   tcp-turns-scenario.py pub SIZE SIZE2   a publisher: PUBLISH with a PIDF of about SIZE octets (tuples
#     with long notes, a person busy), a modify of SIZE2 octets through SIP-If-Match, then removal
#   tcp-turns-scenario.py watcher [WAIT]    a watcher: SUBSCRIBE, answer every NOTIFY until WAIT ms
#     pass without one, then un-SUBSCRIBE
import sys
WORDS = ("in a meeting with the network operations team about the migration of the "
         "presence cluster, back at four, call my mobile if it is urgent, otherwise "
         "leave a message and I will get back to you as soon as possible ").split()
def note(n, seed):
    out = []; i = seed
    while len(" ".join(out)) < n:
        out.append(WORDS[i % len(WORDS)]); i += 7
    return " ".join(out)[:n]
def pidf(size, seed, basic="open"):
    # several tuples, each with a long note, until total ~ size
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<presence xmlns="urn:ietf:params:xml:ns:pidf" '
            'xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" '
            'xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:[presentity]@127.0.0.1">\n')
    tail = '</presence>\n'
    tuples = []; k = 0
    per = 700
    while len(head) + sum(map(len, tuples)) + len(tail) + per + 200 < size:
        tuples.append('  <tuple id="t%d-[call_number]">\n    <status><basic>%s</basic></status>\n'
                      '    <contact priority="0.%d">sip:[presentity]@127.0.0.1:[local_port]</contact>\n'
                      '    <note xml:lang="en">%s</note>\n  </tuple>\n' % (k, basic, 9-k, note(per, seed+k)))
        k += 1
    rest = size - (len(head) + sum(map(len, tuples)) + len(tail)) - 230
    tuples.append('  <dm:person id="p-[call_number]">\n    <rpid:activities><rpid:busy/></rpid:activities>\n'
                  '    <dm:note>%s</dm:note>\n  </dm:person>\n' % note(max(rest, 40), seed+50))
    return head + "".join(tuples) + tail

def publisher(size, size2, expires=60, remove=True, pause=400):
    return f'''<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="publisher">
  <send retrans="500">
    <![CDATA[
      PUBLISH sip:[presentity]@127.0.0.1:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      Max-Forwards: 70
      From: <sip:[presentity]@127.0.0.1>;tag=[pid]P[call_number]
      To: <sip:[presentity]@127.0.0.1>
      Call-ID: [call_id]
      CSeq: 1 PUBLISH
      Contact: <sip:[presentity]@[local_ip]:[local_port];transport=tcp>
      Event: presence
      Expires: {expires}
      User-Agent: sipp-publisher
      Content-Type: application/pidf+xml
      Content-Length: [len]

{pidf(size, 3)}
    ]]>
  </send>
  <recv response="200">
    <action><ereg regexp="[^ \\r\\n]+" search_in="hdr" header="SIP-ETag:" check_it="true" assign_to="etag"/></action>
  </recv>
  <pause milliseconds="{pause}"/>
  <send retrans="500">
    <![CDATA[
      PUBLISH sip:[presentity]@127.0.0.1:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      Max-Forwards: 70
      From: <sip:[presentity]@127.0.0.1>;tag=[pid]P[call_number]
      To: <sip:[presentity]@127.0.0.1>
      Call-ID: [call_id]
      CSeq: 2 PUBLISH
      SIP-If-Match: [$etag]
      Event: presence
      Expires: {expires}
      User-Agent: sipp-publisher
      Content-Type: application/pidf+xml
      Content-Length: [len]

{pidf(size2, 11, "closed")}
    ]]>
  </send>
  <recv response="200">
    <action><ereg regexp="[^ \\r\\n]+" search_in="hdr" header="SIP-ETag:" check_it="true" assign_to="etag"/></action>
  </recv>
''' + (f'''  <pause milliseconds="{pause}"/>
  <send retrans="500">
    <![CDATA[
      PUBLISH sip:[presentity]@127.0.0.1:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      Max-Forwards: 70
      From: <sip:[presentity]@127.0.0.1>;tag=[pid]P[call_number]
      To: <sip:[presentity]@127.0.0.1>
      Call-ID: [call_id]
      CSeq: 3 PUBLISH
      SIP-If-Match: [$etag]
      Event: presence
      Expires: 0
      User-Agent: sipp-publisher
      Content-Length: 0

    ]]>
  </send>
  <recv response="200"/>
''' if remove else '') + '''  <ResponseTimeRepartition value="100"/>
</scenario>
'''

def watcher(wait=2500):
    return f'''<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="watcher">
  <send retrans="500">
    <![CDATA[
      SUBSCRIBE sip:[presentity]@127.0.0.1:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      Max-Forwards: 70
      From: <sip:watcher[call_number]-[pid]@127.0.0.1>;tag=[pid]W[call_number]
      To: <sip:[presentity]@127.0.0.1>
      Call-ID: [call_id]
      CSeq: 1 SUBSCRIBE
      Contact: <sip:watcher[call_number]@[local_ip]:[local_port];transport=tcp>
      Event: presence
      Accept: application/pidf+xml
      Expires: 60
      User-Agent: sipp-watcher
      Content-Length: 0

    ]]>
  </send>
  <recv response="202" optional="true" rrs="true"/>
  <recv response="200" rrs="true"/>
  <label id="1"/>
  <recv request="NOTIFY" timeout="{wait}" ontimeout="2" rrs="true"/>
  <send next="1">
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:watcher[call_number]@[local_ip]:[local_port];transport=tcp>
      Content-Length: 0

    ]]>
  </send>
  <label id="2"/>
  <send retrans="500">
    <![CDATA[
      SUBSCRIBE [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      Max-Forwards: 70
      From: <sip:watcher[call_number]-[pid]@127.0.0.1>;tag=[pid]W[call_number]
      To: <sip:[presentity]@127.0.0.1>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 SUBSCRIBE
      Contact: <sip:watcher[call_number]@[local_ip]:[local_port];transport=tcp>
      Event: presence
      Expires: 0
      Content-Length: 0

    ]]>
  </send>
  <recv response="200"/>
  <recv request="NOTIFY"/>
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]>
  </send>
</scenario>
'''
if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "pub":
        size, size2 = int(sys.argv[2]), int(sys.argv[3])
        remove = (sys.argv[4] == "1") if len(sys.argv) > 4 else True
        print(publisher(size, size2, remove=remove))
    else:
        print(watcher(int(sys.argv[2]) if len(sys.argv) > 2 else 2500))
