/**
 * The fixtures that are a log collector's printout of another fixture (journalctl, docker,
 * Compose, kubectl, kubetail, aws logs tail: test/scripts/make-collector-printouts.sh), whose every line starts with the
 * collector's column (but `journalctl -o cat`'s, which prints each record's text alone). collectorColumn.test.ts checks each reads as the log it printed.
 */
export const isCollectorPrintout = (name: string): boolean =>
	/\.(?:journal(?:-records|-full|-unix|-monotonic|-verbose|-delta|-cat)?\.txt|journal(?:-records)?\.json|docker(?:-json)?\.log|compose\.log|kubectl\.log|kubetail\.log|cloudwatch(?:-short)?\.log)$/.test(
		name,
	);
