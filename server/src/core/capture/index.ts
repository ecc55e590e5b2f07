// Packet captures (pcap, pcapng) read as SIP traces: pure, total, over octets.
export type { CaptureProblem, CaptureResult, CapturedMessage } from './types';
export { containerOf } from './container';
export { readCapture, readCaptureSteps } from './read';
export { formatTime, renderCapture } from './render';
