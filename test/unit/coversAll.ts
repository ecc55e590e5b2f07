// The framing invariant every format must keep: each offset of the text lies in exactly one
// frame or one noise span (nothing lost, nothing read twice).
import assert from 'node:assert/strict';

export function coversAll(
	text: string,
	a: {
		frames: readonly { span: { start: number; end: number } }[];
		noise: readonly { start: number; end: number }[];
	},
): void {
	const pieces = [...a.frames.map((f) => f.span), ...a.noise].sort((x, y) => x.start - y.start);
	let at = 0;
	for (const p of pieces) {
		assert.equal(p.start, at, 'no gap, no overlap');
		at = p.end;
	}
	assert.equal(at, text.length);
}
