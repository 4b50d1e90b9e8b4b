import { monitorEventLoopDelay } from 'node:perf_hooks';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

/**
 * Staying up under load. Load shedding is always on: when too many API requests are in flight or
 * the event loop lags, new ones get a quick 503 instead of waiting behind the pile. Rate limiting
 * is opt-in (`--rate-limit N` per minute per client): behind a port-forward or a portal every user
 * shares one address.
 */
export interface PressureOptions {
  maxInFlight?: number;
  maxEventLoopDelayMs?: number;
  /** Requests per minute per client address; 0 or undefined turns rate limiting off. */
  ratePerMinute?: number;
}

function isProbe(url: string): boolean {
  const pathname = url.split('?')[0];
  return pathname === '/healthz' || pathname === '/readyz';
}

export async function relievePressure(app: FastifyInstance, options: PressureOptions): Promise<void> {
  const maxInFlight = options.maxInFlight ?? 1024;
  const maxDelayMs = options.maxEventLoopDelayMs ?? 2000;
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  let lagMs = 0;
  const sampler = setInterval(() => {
    lagMs = delay.max / 1e6;
    delay.reset();
  }, 1000);
  sampler.unref();
  app.addHook('onClose', async () => {
    clearInterval(sampler);
    delay.disable();
  });

  let inFlight = 0;
  app.addHook('onRequest', async (request, reply) => {
    if (isProbe(request.url)) return;
    if (inFlight >= maxInFlight || lagMs > maxDelayMs) {
      return reply
        .code(503)
        .header('Retry-After', '1')
        .send({ error: `flowlens is overloaded (${inFlight} requests in flight, event loop ${Math.round(lagMs)} ms behind); try again in a moment` });
    }
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
