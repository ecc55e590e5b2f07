/**
 * Room for the numbers of parsed messages (offsets, deltas, lengths), {@link width} to a message,
 * side by side in shared blocks rather than as fields of each message. A trace keeps one message
 * object per message, and every one of them is copied by the collector while the trace is read:
 * eleven numbers as fields are 88 bytes of it (a field takes eight), in a block they are 44
 * bytes that no collection copies or visits.
 *
 * A block is never grown or moved, so a message keeps its block and its place in it. A block lives
 * as long as any message placed in it: blocks are small, so a trace dropped after an edit keeps
 * little of the block its last messages share with the next one's.
 */

/** Numbers per message (see `ParsedMessage`). */
export const width = 11;

const blockMessages = 1024;
// Empty until the first message takes room: the first call makes a block, so the path that makes
// one has run before `takeNumbers` (and the message constructor it is inlined into) is optimised,
// which otherwise drops its optimised code when the first block fills up.
let block = new Int32Array(0);
let used = 0;

/**
 * Takes room for one message's numbers: `[at, at + width)` of {@link numbersBlock}, read right
 * after this call (the block changes when one fills up).
 */
export function takeNumbers(): number {
	if (used + width > block.length) {
		block = new Int32Array(width * blockMessages);
		used = 0;
	}
	const at = used;
	used += width;
	return at;
}

/** The block of the room {@link takeNumbers} last gave. */
export function numbersBlock(): Int32Array {
	return block;
}
