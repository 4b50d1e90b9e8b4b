// jest-dom matchers for the SPA's component tests (files that opt into happy-dom with a docblock);
// files running in plain Node skip loading them.
export {};
if (typeof document !== 'undefined') await import('@testing-library/jest-dom/vitest');
