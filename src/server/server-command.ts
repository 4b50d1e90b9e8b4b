/**
 * Node's arguments that start the server as `npm run serve` does (from the project root; the
 * server's flags follow): what tests, benches and the e2e servers spawn.
 */
export const SERVER_COMMAND: readonly string[] = ['src/server/run.mjs'];
