/** The folder of the server's bundle (`main.mjs`, `parse-worker.mjs`), or null where none can be made or kept (`onProblem` hears why): see bundle.mjs. */
export function serverBundle(onProblem?: (message: string) => void): Promise<string | null>;
