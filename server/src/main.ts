import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { parseFaultInjection } from './guard';
import { startServer } from './server';

// The transport (--stdio, --node-ipc, --socket=N) comes from the command line, as every LSP client expects.
// SIP_TRACE_FAULT_INJECTION=hover,references makes those features throw, for the tests that check
// a crash in one feature is contained; read once, here, and nowhere else.
startServer(createConnection(ProposedFeatures.all), {
	faults: parseFaultInjection(process.env.SIP_TRACE_FAULT_INJECTION),
});
