import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';

// The transport (--stdio, --node-ipc, --socket=N) comes from the command line, as every LSP client expects.
startServer(createConnection(ProposedFeatures.all));
