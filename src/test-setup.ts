// jest-dom matchers for the SPA's component tests (files that opt into jsdom with a docblock).
import '@testing-library/jest-dom/vitest';
