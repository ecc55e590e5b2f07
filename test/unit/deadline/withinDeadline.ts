import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs a case of `cases.ts` in a child process killed after `ms`: what it reports, or that it did
 * not finish. The deadline is generous (the cases take well under a second each): it tells a hang
 * or a quadratic blow-up from a slow machine, it does not measure speed.
 */
export function withinDeadline(name: string, arg: string | undefined, ms: number): string | null {
	const r = spawnSync(
		process.execPath,
		['--import', 'tsx', join(__dirname, 'run.ts'), name, ...(arg ? [arg] : [])],
		{ timeout: ms, encoding: 'utf8', maxBuffer: 1 << 24 },
	);
	if (r.error || r.signal)
		return `${name}${arg ? ` (${arg})` : ''} did not finish within ${ms / 1000} s`;
	return r.status === 0 ? null : r.stderr || `exit ${r.status}`;
}
