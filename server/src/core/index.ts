// The core's public surface: pure functions over text, returning offset-based data.
export * from './model';
export { analyzeTrace } from './analyze';
