import { AnswerTooLargeError, sendUpstream, UpstreamTimeoutError, type Upstream, type UpstreamAnswer } from './upstream.ts';

/** What the route sends back: a status and a Prometheus envelope, already serialised. */
export interface ProxyAnswer {
  status: number;
  body: string;
}

/** Prometheus's own error envelope, for the errors the proxy answers itself. */
export function errorAnswer(status: number, errorType: string, error: string): ProxyAnswer {
  return { status, body: JSON.stringify({ status: 'error', errorType, error }) };
}

export const NOT_CONFIGURED = 'no Prometheus configured; start flowlens with --prometheus URL';

/** The upstream's answer if it is a Prometheus API envelope: `{status:"success",data}` or `{status:"error",errorType,error}`. */
function asEnvelope(answer: UpstreamAnswer): Record<string, unknown> | null {
  if (!/^application\/json\b/i.test(answer.contentType)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const envelope = parsed as Record<string, unknown>;
  if (envelope.status === 'success' && 'data' in envelope) return envelope;
  if (envelope.status === 'error' && typeof envelope.error === 'string') return envelope;
  return null;
}

/** Forwards allow-listed requests to one Prometheus, at most `maxConcurrent` at a time. */
export class PrometheusProxy {
  private inFlight = 0;
  /** Set while a Prometheus started here is not ready yet: what it is doing. */
  private startingAs: string | null = null;

  constructor(readonly upstream: Upstream) {}

  /** Until `started` settles, queries get a 503 saying `what` instead of a connection error. */
  startsUp(started: Promise<unknown>, what: string): void {
    this.startingAs = what;
    const done = () => {
      this.startingAs = null;
    };
    started.then(done, done);
  }

  /** What a Prometheus started here is doing before it answers, or null. */
  get starting(): string | null {
    return this.startingAs;
  }

  async forward(method: 'GET' | 'POST', apiPath: string, params: URLSearchParams): Promise<ProxyAnswer> {
    const { shownUrl, maxConcurrent, timeoutMs } = this.upstream;
    if (this.startingAs) return errorAnswer(503, 'unavailable', `${this.startingAs}; try again in a moment`);
    if (this.inFlight >= maxConcurrent) {
      return errorAnswer(503, 'unavailable', `too many Prometheus queries in flight (${maxConcurrent}); try again in a moment`);
    }
    this.inFlight++;
    let answer: UpstreamAnswer;
    try {
      answer = await sendUpstream(this.upstream, method, apiPath, params);
    } catch (error) {
      if (error instanceof UpstreamTimeoutError) {
        return errorAnswer(504, 'timeout', `Prometheus at ${shownUrl} did not answer in ${formatSeconds(timeoutMs)}`);
      }
      if (error instanceof AnswerTooLargeError) return errorAnswer(502, 'bad_upstream', `Prometheus at ${shownUrl} sent an ${error.message}; narrow the query`);
      return errorAnswer(502, 'unavailable', `Prometheus at ${shownUrl} cannot be reached: ${describeNetworkError(error)}`);
    } finally {
      this.inFlight--;
    }
    // The body is relayed only once it is known to be Prometheus's JSON: never an HTML login page or a proxy's error text.
    if (!asEnvelope(answer)) {
      return errorAnswer(502, 'bad_upstream', `Prometheus at ${shownUrl} answered ${answer.status} ${answer.contentType}, not the Prometheus API JSON`);
    }
    return { status: answer.status, body: answer.body.toString('utf8') };
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

const TLS_HINT = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS/;

function describeNetworkError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code && TLS_HINT.test(code)) return `${code} (give its CA with --prometheus-ca-file)`;
  if (code) return code;
  return error instanceof Error ? error.message : String(error);
}
