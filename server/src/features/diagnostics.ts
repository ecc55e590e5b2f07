import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Problem, Severity } from '../core/model';
import type { TraceDocument } from '../traceDocument';
import { toLocation, toRange } from './convert';

/** A user's severity for a code, or 'off' to drop it (setting `sipTrace.rules`). */
export type RuleSetting = Severity | 'off';

const severities: Record<Severity, DiagnosticSeverity> = {
	error: DiagnosticSeverity.Error,
	warning: DiagnosticSeverity.Warning,
	information: DiagnosticSeverity.Information,
	hint: DiagnosticSeverity.Hint,
};

/** At most this many diagnostics per document: a broken 100 MB file must not flood the editor. */
export const maxDiagnostics = 5000;

export function toDiagnostic(doc: TraceDocument, problem: Problem, severity: Severity): Diagnostic {
	const diagnostic: Diagnostic = {
		range: toRange(doc, problem.span),
		severity: severities[severity],
		code: problem.code,
		source: 'sip-trace',
		message: problem.rfc ? `${problem.message} (${problem.rfc.label})` : problem.message,
	};
	if (problem.rfc) diagnostic.codeDescription = { href: problem.rfc.url };
	if (problem.related?.length) {
		diagnostic.relatedInformation = problem.related.map((r) => ({
			location: toLocation(doc, r.span),
			message: r.message,
		}));
	}
	return diagnostic;
}

/** `problems`: the analysis's own by default; a first look at a large trace gives fewer. */
export function computeDiagnostics(
	doc: TraceDocument,
	rules: Readonly<Record<string, RuleSetting>>,
	problems: readonly Problem[] = doc.analysis.problems,
): Diagnostic[] {
	const out: Diagnostic[] = [];
	for (const problem of problems) {
		const setting = rules[problem.code] ?? problem.severity;
		if (setting === 'off') continue;
		out.push(toDiagnostic(doc, problem, setting));
		if (out.length >= maxDiagnostics) break;
	}
	return out;
}
