import type { Endpoint, Policy } from '../../shared/flow.ts';
import { METRICS_PORT, findWorkload, type DemoCluster, type DemoPod, type DemoWorkload } from './cluster.ts';
import type { ConversationRecorder } from './conversations.ts';
import { httpRequestL7, httpResponseL7, kafkaRequestL7, kafkaResponseL7, type Peer } from './flows.ts';
import { DEMO_CHANGE } from './change.ts';
import { DEMO_PROBLEMS, WORLD_API } from './problems.ts';
import { Random, WeightedPicker } from './random.ts';

/**
 * What talks to what in the demo cluster, how often, and the problems injected into it. Each
 * route records one conversation per call; the generator picks routes by weight.
 */

const KUBE_APISERVER_IP = '20.61.88.12';
const STALE_POD_IP = '10.244.1.250';
const INTERNET_CLIENTS = ['81.2.69.142', '93.184.216.34', '151.101.1.69', '185.199.108.153', '52.84.12.7'];

const RESERVED = {
  host: { identity: 1, labels: ['reserved:host'] },
  world: { identity: 2, labels: ['reserved:world'] },
  remoteNode: { identity: 6, labels: ['reserved:remote-node'] },
  kubeApiserver: { identity: 7, labels: ['reserved:kube-apiserver'] },
} satisfies Record<string, Endpoint>;

export interface Route {
  weight: number;
  run(random: Random, recorder: ConversationRecorder): void;
  /** Flow time after the traffic's start from which the route runs (a later deployment); absent: from the start. */
  fromMs?: number;
}

interface HttpPath {
  method: string;
  path: (random: Random) => string;
  /** Share of requests answered 404 (asking for something that is not there). */
  notFound?: number;
}

const SKUS = ['sku-1042', 'sku-2210', 'sku-3381', 'sku-4417', 'sku-5120', 'sku-6603', 'sku-7788', 'sku-8035'];

export function buildRoutes(cluster: DemoCluster): Route[] {
  const shop = (namespace: string, name: string): DemoWorkload => findWorkload(cluster, namespace, name);
  const plainPeers = new Map<DemoPod, Peer>();
  const servicePeers = new Map<DemoPod, Peer>();
  const peer = (pod: DemoPod): Peer => {
    let found = plainPeers.get(pod);
    if (!found) plainPeers.set(pod, (found = { endpoint: pod.endpoint, ip: pod.ip, node: pod.node }));
    return found;
  };
  const viaService = (pod: DemoPod): Peer => {
    let found = servicePeers.get(pod);
    const service = { name: pod.workload.service.name, namespace: pod.workload.service.namespace };
    if (!found) servicePeers.set(pod, (found = { endpoint: pod.endpoint, ip: pod.ip, node: pod.node, service }));
    return found;
  };

  const { hotPod, failingReplica, policyDrop, nxdomain, kafkaErrors } = DEMO_PROBLEMS;
  const hotWorkload = shop(hotPod.namespace, hotPod.workload);
  const hotPicker = new WeightedPicker(hotWorkload.pods.map((_, index) => (index === hotPod.podIndex ? hotPod.share : (1 - hotPod.share) / (hotWorkload.pods.length - 1))));
  const failingPod = shop(failingReplica.namespace, failingReplica.workload).pods[failingReplica.podIndex];

  const randomPod = (workload: DemoWorkload, random: Random): DemoPod => random.pick(workload.pods);
  const serverPod = (workload: DemoWorkload, random: Random): DemoPod =>
    workload === hotWorkload ? (workload.pods[hotPicker.pick(random)] ?? randomPod(workload, random)) : randomPod(workload, random);

  const http = (client: DemoWorkload, server: DemoWorkload, weight: number, paths: HttpPath[]): Route => ({
    weight,
    run(random, recorder) {
      const target = serverPod(server, random);
      const choice = random.pick(paths);
      const path = choice.path(random);
      let code = choice.method === 'POST' ? 201 : 200;
      let latencyNs = random.between(2_000_000, 40_000_000);
      if (target === failingPod && random.chance(failingReplica.rate)) {
        code = failingReplica.code;
        latencyNs = random.between(300_000, 3_000_000);
      } else if (choice.notFound && random.chance(choice.notFound)) code = 404;
      const exchange = { method: choice.method, url: `http://${server.service.fqdn.slice(0, -1)}:${server.port}${path}`, code, latencyNs };
      recorder.tcp(peer(randomPod(client, random)), viaService(target), {
        port: server.port,
        latencyNs,
        newConnection: random.chance(0.4),
        l7: { request: httpRequestL7(exchange), response: httpResponseL7(exchange) },
      });
    },
  });

  const tcp = (client: DemoWorkload, server: DemoWorkload, weight: number): Route => ({
    weight,
    run(random, recorder) {
      recorder.tcp(peer(randomPod(client, random)), viaService(serverPod(server, random)), {
        port: server.port,
        latencyNs: random.between(100_000, 4_000_000),
        newConnection: random.chance(0.3),
      });
    },
  });

  const kafkaBroker = shop('data', 'kafka');
  const kafka = (client: DemoWorkload, apiKey: 'produce' | 'fetch', topic: string, weight: number): Route => {
    let correlationId = 1000;
    return {
      weight,
      run(random, recorder) {
        correlationId += random.between(1, 3);
        const errorCode = topic === kafkaErrors.topic ? kafkaErrors.errorCode : 0;
        const latencyNs = apiKey === 'fetch' ? random.between(5_000_000, 500_000_000) : random.between(1_000_000, 15_000_000);
        const exchange = { apiKey, apiVersion: apiKey === 'fetch' ? 11 : 9, topic, correlationId, errorCode, latencyNs };
        recorder.tcp(peer(randomPod(client, random)), viaService(randomPod(kafkaBroker, random)), {
          port: kafkaBroker.port,
          latencyNs,
          newConnection: random.chance(0.05),
          l7: { request: kafkaRequestL7(exchange), response: kafkaResponseL7(exchange) },
        });
      },
    };
  };

  const coredns = shop('kube-system', 'coredns');
  const dns = (client: DemoWorkload, weight: number, names: { query: string; ips: string[]; rcode?: number }[]): Route => ({
    weight,
    run(random, recorder) {
      const name = random.pick(names);
      const qtype = name.rcode === undefined && random.chance(0.3) ? 'AAAA' : 'A';
      recorder.dns(peer(randomPod(client, random)), viaService(randomPod(coredns, random)), {
        query: name.query,
        qtype,
        rcode: name.rcode ?? 0,
        ips: qtype === 'A' ? name.ips : [],
        ttl: 30,
        latencyNs: random.between(150_000, 2_500_000),
      });
    },
  });
  const lookup = (workload: DemoWorkload): { query: string; ips: string[] } => ({ query: workload.service.fqdn, ips: [workload.service.clusterIp] });

  const ingress = shop('ingress-nginx', 'ingress-nginx');
  const frontend = shop('shop', 'frontend');
  const catalog = shop('shop', 'catalog');
  const checkout = shop('shop', 'checkout');
  const ordersWorker = shop('shop', 'orders-worker');
  const inventory = shop('shop', 'inventory');
  const paymentsApi = shop(policyDrop.toNamespace, policyDrop.toWorkload);
  const paymentsGateway = shop('payments', 'payments-gateway');
  const redis = shop('data', 'redis');
  const postgres = shop('data', 'postgres');
  const prometheus = shop('monitoring', 'prometheus');
  const cart = hotWorkload;
  const id = (random: Random): string => random.chars(8, '0123456789abcdef');
  const denyingPolicy: Policy[] = [{ ...policyDrop.policy, labels: [`k8s:io.cilium.k8s.policy.name=${policyDrop.policy.name}`] }];
  const worldApi: Peer = { endpoint: RESERVED.world, ip: WORLD_API.ip, names: [WORLD_API.fqdn] };
  const apiserver: Peer = { endpoint: RESERVED.kubeApiserver, ip: KUBE_APISERVER_IP };
  const shopPods = cluster.workloads.filter((w) => !w.synthetic && w.deployedAfterMs === null).flatMap((w) => w.pods);

  const routes: Route[] = [
    {
      weight: 6,
      run(random, recorder) {
        const client: Peer = { endpoint: RESERVED.world, ip: random.pick(INTERNET_CLIENTS) };
        recorder.tcp(client, viaService(randomPod(ingress, random)), { port: 443, latencyNs: random.between(5_000_000, 60_000_000), newConnection: true });
      },
    },
    http(ingress, frontend, 10, [
      { method: 'GET', path: () => '/' },
      { method: 'GET', path: (r) => `/products/${r.pick(SKUS)}` },
      { method: 'GET', path: () => '/cart' },
    ]),
    http(frontend, catalog, 14, [
      { method: 'GET', path: (r) => `/api/products?page=${r.between(1, 9)}` },
      { method: 'GET', path: (r) => `/api/products/${r.pick(SKUS)}`, notFound: 0.12 },
    ]),
    http(frontend, cart, 12, [
      { method: 'GET', path: (r) => `/api/cart/${id(r)}`, notFound: 0.02 },
      { method: 'POST', path: (r) => `/api/cart/${id(r)}/items` },
    ]),
    http(frontend, checkout, 3, [{ method: 'POST', path: () => '/api/checkout' }]),
    http(checkout, paymentsGateway, 3, [{ method: 'POST', path: () => '/v1/charges' }]),
    http(ordersWorker, inventory, 2, [{ method: 'POST', path: () => '/api/reservations' }]),
    tcp(cart, redis, 8),
    tcp(catalog, postgres, 5),
    tcp(inventory, postgres, 2),
    tcp(paymentsGateway, paymentsApi, 3),
    {
      weight: 2,
      run(random, recorder) {
        recorder.tcp(peer(randomPod(paymentsGateway, random)), worldApi, { port: WORLD_API.port, latencyNs: random.between(80_000_000, 250_000_000), newConnection: true });
      },
    },
    {
      weight: 2.5,
      run(random, recorder) {
        recorder.policyDenied(peer(randomPod(checkout, random)), viaService(randomPod(paymentsApi, random)), policyDrop.port, denyingPolicy, policyDrop.dropReason);
      },
    },
    kafka(checkout, 'produce', 'orders', 3),
    kafka(ordersWorker, 'fetch', 'orders', 4),
    kafka(ordersWorker, 'produce', kafkaErrors.topic, 2),
    kafka(paymentsApi, 'produce', 'payments', 1.5),
    kafka(inventory, 'produce', 'inventory-updates', 1.5),
    kafka(ordersWorker, 'fetch', 'inventory-updates', 1),
    dns(frontend, 2, [lookup(catalog), lookup(cart), lookup(checkout)]),
    dns(cart, 1.5, [lookup(redis)]),
    dns(checkout, 1.5, [lookup(paymentsGateway), lookup(paymentsApi), lookup(kafkaBroker)]),
    dns(ordersWorker, 1, [lookup(kafkaBroker), lookup(inventory)]),
    dns(paymentsGateway, 1.5, [lookup(paymentsApi), { query: `${WORLD_API.fqdn}.`, ips: [WORLD_API.ip] }]),
    dns(cart, 2, [{ query: nxdomain.query, ips: [], rcode: nxdomain.rcode }]),
    {
      weight: 4,
      run(random, recorder) {
        const target = random.pick(shopPods);
        const exchange = { method: 'GET', url: `http://${target.ip}:${METRICS_PORT}/metrics`, code: 200, latencyNs: random.between(1_000_000, 12_000_000) };
        recorder.tcp(peer(randomPod(prometheus, random)), peer(target), {
          port: METRICS_PORT,
          latencyNs: exchange.latencyNs,
          newConnection: random.chance(0.2),
          l7: { request: httpRequestL7(exchange), response: httpResponseL7(exchange) },
        });
      },
    },
    {
      weight: 1.5,
      run(random, recorder) {
        const client = random.chance(0.6) ? randomPod(prometheus, random) : randomPod(coredns, random);
        recorder.tcp(peer(client), apiserver, { port: 443, latencyNs: random.between(2_000_000, 30_000_000), newConnection: random.chance(0.2) });
      },
    },
    {
      // kubelet health probes come from the pod's own node (reserved:host).
      weight: 3,
      run(random, recorder) {
        const target = random.pick(shopPods);
        const host: Peer = { endpoint: RESERVED.host, ip: cluster.nodeIps.get(target.node) ?? '10.224.0.4', node: target.node };
        recorder.tcp(host, peer(target), { port: target.workload.port, latencyNs: random.between(200_000, 2_000_000), newConnection: true });
      },
    },
    {
      // Load-balancer traffic arriving through another node (reserved:remote-node).
      weight: 1,
      run(random, recorder) {
        const target = randomPod(ingress, random);
        const other = random.pick(cluster.nodes.filter((node) => node !== target.node));
        const remote: Peer = { endpoint: RESERVED.remoteNode, ip: cluster.nodeIps.get(other) ?? '10.224.0.5' };
        recorder.tcp(remote, peer(target), { port: 443, latencyNs: random.between(1_000_000, 20_000_000), newConnection: true });
      },
    },
    {
      weight: 0.4,
      run(random, recorder) {
        recorder.datapathDrop(peer(randomPod(frontend, random)), viaService(serverPod(cart, random)), cart.port, 155);
      },
    },
    {
      weight: 0.3,
      run(random, recorder) {
        recorder.datapathDrop(peer(randomPod(catalog, random)), { endpoint: {}, ip: STALE_POD_IP }, 8080, 151);
      },
    },
  ];
  const recommender = shop(DEMO_CHANGE.namespace, DEMO_CHANGE.workload);
  const { api, denied } = DEMO_CHANGE;
  const recsApi: Peer = { endpoint: RESERVED.world, ip: api.ip, names: [api.fqdn] };
  const telemetry: Peer = { endpoint: RESERVED.world, ip: denied.ip, names: [denied.fqdn] };
  const egressPolicy: Policy[] = [{ ...denied.policy, labels: [`k8s:io.cilium.k8s.policy.name=${denied.policy.name}`] }];
  const change: Route[] = [
    http(frontend, recommender, 4, [{ method: 'GET', path: (r) => `/api/recommendations?sku=${r.pick(SKUS)}` }]),
    {
      weight: 2,
      run(random, recorder) {
        recorder.tcp(peer(randomPod(recommender, random)), recsApi, { port: api.port, latencyNs: random.between(40_000_000, 180_000_000), newConnection: random.chance(0.5) });
      },
    },
    {
      weight: 1,
      run(random, recorder) {
        recorder.policyDenied(peer(randomPod(recommender, random)), telemetry, denied.port, egressPolicy, denied.dropReason);
      },
    },
    dns(recommender, 1.5, [
      { query: `${api.fqdn}.`, ips: [api.ip] },
      { query: `${denied.fqdn}.`, ips: [denied.ip] },
      lookup(catalog),
    ]),
  ];
  const later = change.map((route) => ({ ...route, fromMs: recommender.deployedAfterMs ?? 0 }));
  return [...routes, ...syntheticRoutes(cluster, routes, peer, viaService), ...later];
}

/**
 * Calls between the synthetic workloads of a large cluster: each calls 1–3 others, mostly in its
 * own namespace, and all of it together is twice the shop's traffic.
 */
function syntheticRoutes(cluster: DemoCluster, shopRoutes: Route[], peer: (pod: DemoPod) => Peer, viaService: (pod: DemoPod) => Peer): Route[] {
  const synthetic = cluster.workloads.filter((w) => w.synthetic);
  if (synthetic.length < 2) return [];
  const random = new Random(0x7a11);
  const byNamespace = new Map<string, DemoWorkload[]>();
  for (const workload of synthetic) byNamespace.set(workload.namespace, [...(byNamespace.get(workload.namespace) ?? []), workload]);
  const pairs: [DemoWorkload, DemoWorkload][] = [];
  for (const client of synthetic) {
    const calls = random.between(1, 3);
    for (let i = 0; i < calls; i++) {
      const local = byNamespace.get(client.namespace) ?? synthetic;
      const server = random.chance(0.7) && local.length > 1 ? random.pick(local) : random.pick(synthetic);
      if (server !== client) pairs.push([client, server]);
    }
  }
  const shopWeight = shopRoutes.reduce((sum, route) => sum + route.weight, 0);
  const weight = (2 * shopWeight) / pairs.length;
  return pairs.map(([client, server]) => ({
    weight,
    run(r: Random, recorder: ConversationRecorder) {
      const latencyNs = r.between(1_000_000, 30_000_000);
      const exchange = { method: 'GET', url: `http://${server.service.fqdn.slice(0, -1)}:${server.port}/api/v1/${server.name}`, code: 200, latencyNs };
      recorder.tcp(peer(r.pick(client.pods)), viaService(r.pick(server.pods)), {
        port: server.port,
        latencyNs,
        newConnection: r.chance(0.3),
        l7: { request: httpRequestL7(exchange), response: httpResponseL7(exchange) },
      });
    },
  }));
}
