/**
 * A long piece of work in steps. Each `yield` gives how much is done (0 to 1) and is a point
 * where the caller may report progress, let other work in, or stop. The core stays synchronous:
 * {@link runSteps} runs a task through; the server drives it step by step (see analysisCache.ts).
 */
export type Steps<T> = Generator<number, T, void>;

/** Messages between two steps: a few milliseconds of work. */
export const stepMessages = 4096;

/** Messages between two steps of work done while the editor is idle: a request waits less. */
export const idleStepMessages = 512;

export function runSteps<T>(steps: Steps<T>): T {
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
	}
}

/** A sub-task's steps, its fractions mapped into `[from, to]` of the whole. */
export function* within<T>(steps: Steps<T>, from: number, to: number): Steps<T> {
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
		yield from + (to - from) * step.value;
	}
}
