import type { z } from 'zod';
import { ErrorBodySchema } from '../../shared/api.ts';
import { apiUrl } from './base-url.ts';

/** The one error type views see: `message` is meant for people, as the server wrote it. */
export class ApiError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
  /** Bad input (4xx) will not get better by retrying. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

type Fetch = typeof fetch;

/** Every request goes through here: one place for URLs, errors and response validation. */
export async function getJson<S extends z.ZodType>(
  path: string,
  params: URLSearchParams,
  schema: S,
  options: { signal?: AbortSignal; fetchImpl?: Fetch } = {},
): Promise<z.infer<S>> {
  const url = apiUrl(path, params);
  const fetchImpl = options.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: options.signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(`Cannot reach the flowlens server (${url}). Is it running?`, 0);
  }
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: a proxy's HTML error page, for instance; handled below.
  }
  if (!response.ok) {
    const error = ErrorBodySchema.safeParse(body);
    const message = error.success
      ? error.data.error
      : `The server answered ${response.status} ${response.statusText || ''} for ${path}`.trim();
    throw new ApiError(message, response.status);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'the response';
    throw new ApiError(`Unexpected answer from ${path}: ${where}: ${issue?.message ?? 'not the expected shape'}`, response.status);
  }
  return parsed.data;
}

/** Readable text for anything a query threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
