import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';

/**
 * Staying up under load. Load shedding is always on: when too many API requests are in flight or
 * the event loop lags behind all along — its mean delay over a few seconds, measured by
 * @fastify/under-pressure, so one slow query or one long pause is not overload — new ones get a
 * quick 503 instead of waiting behind the pile. Rate limiting is opt-in (`--rate-limit N` per
 * minute per client): behind a port-forward or a portal every user shares one address.
 */
export interface PressureOptions {
  maxInFlight?: number;
  /** Mean event-loop delay over a sample interval past which API requests are shed (default 200 ms); Infinity: never. */
  maxEventLoopDelayMs?: number;
  /** Default 5 s. */
  sampleIntervalMs?: number;
  /** Requests per minute per client address; 0 or undefined turns rate limiting off. */
  ratePerMinute?: number;
}

function isProbe(url: string): boolean {
  const pathname = url.split('?')[0];
  return pathname === '/healthz' || pathname === '/readyz';
}

/**
 * Only API requests are shed (under a base path too): the app's files and pages are cheap to
 * serve, and a page whose code chunk got a 503 cannot load that view until it is reloaded.
 */
function isSheddable(url: string): boolean {
  return (url.split('?')[0] ?? '').includes('/api/');
}

export async function relievePressure(app: FastifyInstance, options: PressureOptions): Promise<void> {
  const maxInFlight = options.maxInFlight ?? 1024;
  const maxDelayMs = options.maxEventLoopDelayMs ?? 200;
  const overloaded = (why: string) => `flowlens is overloaded (${why}); try again in a moment`;

  await app.register(underPressure, {
    // 0 turns the check off.
    maxEventLoopDelay: Number.isFinite(maxDelayMs) ? maxDelayMs : 0,
    sampleInterval: options.sampleIntervalMs ?? 5000,
    // Probes answer regardless; an API request gets the error handler's 503 with this message.
    pressureHandler: async (request, reply, _type, value) => {
      // No delay sample at all in an interval (reported as Infinity): one pause longer than the
      // interval, now over since this request is being handled — not a loop that keeps lagging.
      const lag = Number(value);
      if (!isSheddable(request.url) || !Number.isFinite(lag)) return;
      reply.header('Retry-After', '1');
      throw Object.assign(new Error(overloaded(`event loop ${Math.round(lag)} ms behind`)), { statusCode: 503 });
    },
  });

  let inFlight = 0;
  app.addHook('onRequest', async (request, reply) => {
    if (!isSheddable(request.url)) return;
    if (inFlight >= maxInFlight) return reply.code(503).header('Retry-After', '1').send({ error: overloaded(`${inFlight} requests in flight`) });
    inFlight++;
    let counted = true;
    const done = () => {
      if (counted) inFlight--;
      counted = false;
    };
    reply.raw.once('finish', done);
    reply.raw.once('close', done);
  });

  if (options.ratePerMinute && options.ratePerMinute > 0) {
    await app.register(rateLimit, {
      max: options.ratePerMinute,
      timeWindow: 60_000,
      allowList: (request) => isProbe(request.url),
      // Thrown by the plugin, so it reaches the app's error handler, which answers {error}.
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`more than ${context.max} requests a minute from this address; wait ${Math.ceil(context.ttl / 1000)} s`), { statusCode: 429 }),
    });
  }
}
