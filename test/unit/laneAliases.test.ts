// Lane names chosen by the user: a rename relabels a lane, two lanes with one name merge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renameLane, withAliases } from '../../media/src/laneAliases';
import { analyzeTrace } from '../../server/src/core/analyze';
import { buildLadder } from '../../server/src/features/ladder';

const text = readFileSync(
	join(__dirname, '..', 'fixtures', 'real', 'presence-story.sngrep.txt'),
	'utf8',
);
const model = buildLadder(analyzeTrace(text), 'file:///t', 1, 'network', () => 0);

test('a renamed lane keeps its arrows under the new name', () => {
	const aliases = renameLane({}, '127.0.0.1:15060', 'Kamailio');
	const renamed = withAliases(model, aliases);
	assert.equal(renamed.lanes.length, model.lanes.length);
	const kamailio = renamed.lanes.find((l) => l.label === 'Kamailio')!;
	assert.equal(
		renamed.arrows.filter((a) => a.from === kamailio.id || a.to === kamailio.id).length,
		model.arrows.filter((a) => a.from === '127.0.0.1:15060' || a.to === '127.0.0.1:15060').length,
	);
});

test('two lanes given one name become one lane; renaming it again renames both; empty resets', () => {
	let aliases = renameLane({}, '127.0.0.1:15061', 'watchers');
	aliases = renameLane(aliases, '127.0.0.1:15062', 'watchers');
	const merged = withAliases(model, aliases);
	assert.equal(merged.lanes.length, model.lanes.length - 1);
	const id = merged.lanes.find((l) => l.label === 'watchers')!.id;
	aliases = renameLane(aliases, id, 'andrew+bob');
	assert.deepEqual(aliases, { '127.0.0.1:15061': 'andrew+bob', '127.0.0.1:15062': 'andrew+bob' });
	assert.deepEqual(renameLane(aliases, `alias:andrew+bob`, ''), {});
});
