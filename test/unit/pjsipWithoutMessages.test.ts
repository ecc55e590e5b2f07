// A pjsip log written below level 4, or with message logging off: it names each message it
// handles (`Request msg PUBLISH/cseq=32835 (rdata005F126C)`) but holds none. The warning says
// where the messages are, as it does for SIPp's and tshark's logs without them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

// pjsip 2.7's log on Windows (a presence server's issue): the names have no `0x`.
const windows = [
	'15:23:01.690 os_core_win32. !pjlib 2.7.1 for win32 initialized',
	'15:23:01.691 sip_endpoint.c  Module "mod-msg-print" registered',
	'15:23:10.121 sip_endpoint.c  Processing incoming message: Request msg PUBLISH/cseq=32835 (rdata005F126C)',
	'15:23:10.122    tsx005F3C0C  ..Transaction created for Request msg PUBLISH/cseq=32835 (rdata005F126C)',
	'15:23:10.124    tsx005F3C0C  ..Sending Response msg 200/PUBLISH/cseq=32835 (tdta005F4A90) in state Trying',
	'',
].join('\n');
// An iOS app's log (os_log's prefix), the names with `0x`.
const ios = [
	'2019-02-11 10:45:15.072892-0500 MyApp[19050:6469780] PJSIP(5): inv0x12e0ecea8  ..Sending Request msg INVITE/cseq=24042 (tdta0x1318bc600)',
	'2019-02-11 10:45:15.073190-0500 MyApp[19050:6469780] PJSIP(5): tsx0x13003cca8  ....Transaction created for Request msg INVITE/cseq=24041 (tdta0x1318bc600)',
	'',
].join('\n');

void test("pjsip's log without message text: no message, and the warning says how pjsip writes them", () => {
	for (const text of [windows, ios]) {
		const a = analyzeTrace(text);
		assert.equal(a.messages.length, 0);
		const warning = a.problems.find((p) => p.code === 'framing.no-messages');
		assert.match(warning?.message ?? '', /pjsip's log names its messages .* log level 4 and up/);
	}
	// One such name in a post's prose is not taken for the log.
	const one = analyzeTrace(windows.split('\n').slice(2, 3).join('\n'));
	assert.doesNotMatch(
		one.problems.find((p) => p.code === 'framing.no-messages')?.message ?? '',
		/pjsip/,
	);
});
