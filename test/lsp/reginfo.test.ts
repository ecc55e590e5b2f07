// The language server over stdio on test/fixtures/real/reginfo-alice.sip, where Kamailio NOTIFYs
// alice's registration state (RFC 3680): the hover on a NOTIFY's reginfo body, and the version
// warning as a diagnostic with its RFC link. Expected values are read from the fixture's text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveFixture } from './lspClient';

const { client, uri, lines } = serveFixture('test/fixtures/real/reginfo-alice.sip');

/** The first NOTIFY whose document lists two contacts: its `<registration>` line and contacts. */
function notifyWithTwoContacts() {
	for (let i = 0; i < lines.length; i++) {
		if (!lines[i]!.startsWith('NOTIFY ')) continue;
		let j = i + 1;
		while (lines[j] !== '') j++;
		let k = j + 1;
		const contacts: { uri: string; event: string; q: string }[] = [];
		let registration = -1;
		for (; k < lines.length && !/^(?:[A-Z]+ \S+ SIP\/2\.0|SIP\/2\.0 )/.test(lines[k]!); k++) {
			if (lines[k]!.includes('<registration ')) registration = k;
			const c = /<contact [^>]*event="([^"]*)"[^>]*\sq="([^"]*)"/.exec(lines[k]!);
			const u = /<uri>([^<]*)<\/uri>/.exec(lines[k + 1] ?? '');
			if (c && u) contacts.push({ event: c[1]!, q: c[2]!, uri: u[1]! });
		}
		if (contacts.length === 2) return { registration, contacts };
	}
	throw new Error('no NOTIFY with two contacts');
}

test('hover on a reg NOTIFY body shows the registration and a row per contact', async () => {
	const { registration, contacts } = notifyWithTwoContacts();
	const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
		textDocument: { uri },
		position: { line: registration, character: 4 },
	});
	assert.ok(hover, 'a hover');
	const value = hover.contents.value;
	assert.match(value, /\*\*Registration state\*\* \(version 0, full\)/);
	assert.match(value, /`sip:alice@127\.0\.0\.1`: \*\*active\*\*/);
	for (const c of contacts) {
		const row = value.split('\n').find((l) => l.startsWith(`| ${c.uri} |`));
		assert.ok(row, `a row for ${c.uri}: ${value}`);
		assert.match(
			row,
			new RegExp(`\\| active \\| ${c.event} \\| \\d+ \\| ${c.q.replace('.', '\\.')} \\|`),
		);
	}
});

test('a NOTIFY whose reginfo version does not go up is a warning linked to RFC 3680 §5.2', async () => {
	const diagnostics = await client.diagnostics(uri);
	const late = diagnostics.filter((d) => d.code === 'reginfo.version-not-increasing');
	assert.ok(late.length > 0, diagnostics.map((d) => d.code).join(', '));
	for (const d of late) {
		assert.equal(d.severity, 2); // Warning
		assert.equal(d.codeDescription?.href, 'https://www.rfc-editor.org/rfc/rfc3680#section-5.2');
		assert.match(lines[d.range.start.line]!, /^<reginfo .*version="0"/);
	}
});
