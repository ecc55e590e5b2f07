import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { serveBodyChecks } from './bodyCheckProtocol';
import { BodyCheckThread } from './bodyPrefetch';
import { parseFaultInjection } from './guard';
import { startServer } from './server';

// The transport (--stdio, --node-ipc, --socket=N) comes from the command line, as every LSP client expects.
// SIP_TRACE_FAULT_INJECTION=hover,references makes those features throw, for the tests that check
// a crash in one feature is contained; read once, here, and nowhere else.
// The same file is the body-check worker (see bodyPrefetch.ts): one file to ship and to find.
if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === 'bodies')
	serveBodyChecks(parentPort);
else
	startServer(createConnection(ProposedFeatures.all), {
		faults: parseFaultInjection(process.env.SIP_TRACE_FAULT_INJECTION),
		bodyChecks: BodyCheckThread.onScript(__filename),
	});
