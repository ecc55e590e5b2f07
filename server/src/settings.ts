import type { TraceFormat } from './core/model';
import type { RuleSetting } from './features/diagnostics';

/** The `sipTrace.*` settings the server applies, read live from the client. */
export interface ServerSettings {
	readonly format: TraceFormat | undefined;
	readonly rules: Readonly<Record<string, RuleSetting>>;
}

export const defaultSettings: ServerSettings = { format: undefined, rules: {} };

const ruleValues = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Validates what the client sent: unknown or mistyped entries are ignored, never trusted. */
export function parseSettings(raw: unknown): ServerSettings {
	if (!raw || typeof raw !== 'object') return defaultSettings;
	const r = raw as { format?: unknown; rules?: unknown };
	const format =
		typeof r.format === 'string' && r.format !== 'auto' ? (r.format as TraceFormat) : undefined;
	const rules: Record<string, RuleSetting> = {};
	if (r.rules && typeof r.rules === 'object') {
		for (const [code, value] of Object.entries(r.rules as Record<string, unknown>)) {
			if (typeof value === 'string' && ruleValues.has(value)) rules[code] = value as RuleSetting;
		}
	}
	return { format, rules };
}
