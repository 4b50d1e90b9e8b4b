export * from './filter.ts';
export { checkTerm } from './term.ts';
export * from './keys.ts';
export * from './text.ts';
export * from './url.ts';
export * from './compile.ts';
export { formatDurationMs, parseDurationMs, parseTimeBound } from './time.ts';
