import type { Frame, FramingResult, Span } from '../model';

/**
 * `result` with each frame that `join` makes whole from the log text right after it (a message a
 * log wrote one stream read at a time, see sofiaDumpJoin.ts and belleSipJoin.ts): the frame `join`
 * returns in its place, reaching into the noise span that follows it (`after`, or undefined), and
 * what it leaves of that span kept as noise. `result` itself when nothing was joined.
 */
export function withJoinedReads(
	result: FramingResult,
	join: (frame: Frame, after: Span | undefined) => Frame | null,
): FramingResult {
	const frames: Frame[] = [];
	const noise: Span[] = [];
	let n = 0; // the next noise span not yet passed on
	let changed = false;
	for (const frame of result.frames) {
		while (n < result.noise.length && result.noise[n]!.end <= frame.span.start)
			noise.push(result.noise[n++]!);
		const joined = join(frame, result.noise[n]);
		if (!joined) {
			frames.push(frame);
			continue;
		}
		changed = true;
		frames.push(joined);
		// The records taken leave the rest of the noise span they lay in.
		const taken = result.noise[n]!;
		n++;
		if (joined.span.end < taken.end) noise.push({ start: joined.span.end, end: taken.end });
	}
	while (n < result.noise.length) noise.push(result.noise[n++]!);
	return changed ? { ...result, frames, noise } : result;
}
