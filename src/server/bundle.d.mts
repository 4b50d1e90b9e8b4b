/** The folder of the server's bundle (`main.mjs`, `parse-worker.mjs`), or null where none can be made or kept: see bundle.mjs. */
export function serverBundle(): Promise<string | null>;
