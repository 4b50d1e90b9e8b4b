import { describe, expect, it } from 'vitest';
import { freeLoopbackPort } from './local-prometheus.ts';
import { PrometheusProxy } from './proxy.ts';
import { PrometheusStatusProbe } from './status.ts';
import { loadUpstream } from './upstream.ts';

const CLIENT = { bearerTokenFile: null, basicAuthFile: null, headers: [], caFile: null, timeoutMs: 2_000 };

describe('a Prometheus started here that is not ready yet', () => {
  it('gets queries a 503 and the status “starting” saying what it does, then forwards once it is up', async () => {
    const proxy = new PrometheusProxy(loadUpstream(`http://127.0.0.1:${await freeLoopbackPort()}`, CLIENT));
    let started = () => {};
    proxy.startsUp(new Promise<void>((resolve) => (started = resolve)), 'the local Prometheus is loading the demo’s last hour');
    const probe = new PrometheusStatusProbe(proxy);

    const early = await proxy.forward('GET', '/api/v1/query', new URLSearchParams({ query: 'up' }));
    expect(early.status).toBe(503);
    expect(JSON.parse(early.body)).toEqual({ status: 'error', errorType: 'unavailable', error: 'the local Prometheus is loading the demo’s last hour; try again in a moment' });
    expect(await probe.status()).toMatchObject({ configured: true, reachable: false, starting: 'the local Prometheus is loading the demo’s last hour' });

    started();
    await new Promise((resolve) => setImmediate(resolve));
    // Now the proxy asks the upstream, which here listens nowhere.
    const later = await proxy.forward('GET', '/api/v1/query', new URLSearchParams({ query: 'up' }));
    expect(later.status).toBe(502);
    const status = await probe.status();
    expect(status.starting).toBeUndefined();
    expect(status.reachable).toBe(false);
  });
});
