// A Contact with a display name is a name-addr, its URI in `<>` (RFC 3261 §25.1): a Lync
// manual's `Contact: "Alice" sip:alice@...`. On Kamailio's real presence story
// (test/fixtures/README.md), its SUBSCRIBE's Contact so edited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const story = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'), 'utf8');
const original = 'Contact: <sip:andrew@127.0.0.1:15061>';
const said = (t: string) =>
	analyzeTrace(t)
		.problems.filter((p) => p.code === 'contact.name-without-brackets')
		.map((p) => [p.severity, t.slice(p.span.start, p.span.end)]);

test('a display name before a URI without <>: an error on the Contact', () => {
	assert.ok(story.includes(original));
	assert.deepEqual(said(story), []);
	const edited = story.replace(original, 'Contact: "Andrew" sip:andrew@127.0.0.1:15061');
	assert.deepEqual(said(edited), [['error', '"Andrew" sip:andrew@127.0.0.1:15061']]);
});

test('not said: the name-addr in <>, a bare URI, a quote inside a parameter', () => {
	for (const contact of [
		'"Andrew" <sip:andrew@127.0.0.1:15061>',
		'sip:andrew@127.0.0.1:15061',
		'<sip:andrew@127.0.0.1:15061>;+sip.instance="<urn:uuid:1>"',
	])
		assert.deepEqual(said(story.replace(original, `Contact: ${contact}`)), [], contact);
});
