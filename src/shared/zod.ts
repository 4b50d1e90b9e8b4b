import { z } from 'zod';

/**
 * zod as every schema uses it. Without `jitless`, zod's first object schema probes whether
 * `new Function` works; the app's CSP (scripts from 'self' only) refuses it, and Chromium spent
 * 340 ms (load 15) reporting that before a page's first view. The fast path it probes for cannot
 * run under that CSP anyway.
 */
z.config({ jitless: true });

export { z };

/** A count of flows, lines or bytes: a whole number, 0 or more. One schema for every answer (each made costs the app's start). */
export const count = z.number().int().nonnegative();
