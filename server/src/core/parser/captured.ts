import type { Frame } from '../model';

/**
 * A capture opened as a trace: its header line names the transport (see capture/render.ts). Its
 * text is each packet's octets as sent, which no copy or page has changed.
 */
export const isCaptured = (frame: Frame): boolean =>
	frame.format === 'headerLine' && frame.transport !== null;
