/**
 * The embedding e2e: a small demo corpus served by flowlens under /portal/net/ on one loopback
 * port, and a "portal" page on another port that frames it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { writeDemoCorpus } from '../src/server/demo/corpus.ts';
import { SERVER_COMMAND } from '../src/server/server-command.ts';

const flowlensPort = process.argv[2] ?? '18081';
const portalPort = Number(process.argv[3] ?? '18082');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-portal-'));
await writeDemoCorpus({ out: dir, flows: 5000, seed: 12, compress: true, maxBytes: 2 * 1024 * 1024 });

// Flows whose fields carry markup and script, to check every view renders them as text.
const hostile = '<img src=x onerror="window.__xss=1">';
fs.mkdirSync(path.join(dir, 'hostile-node'));
fs.writeFileSync(
  path.join(dir, 'hostile-node', 'events.log'),
  [0, 1, 2]
    .map((i) =>
      JSON.stringify({
        flow: {
          time: `2026-11-20T10:00:0${i}Z`,
          verdict: 'DROPPED',
          drop_reason_desc: 'POLICY_DENIED',
          IP: { source: '10.244.9.9', destination: '10.244.9.10' },
          l4: { TCP: { source_port: 40000 + i, destination_port: 80 } },
          source: { namespace: 'xss', pod_name: `${hostile}-${i}`, labels: ['k8s:app=<script>window.__xss=2</script>'], workloads: [{ name: hostile, kind: 'Deployment' }] },
          destination: { namespace: 'xss', pod_name: 'victim', labels: ['k8s:app=victim'] },
          destination_names: ['"><svg onload=window.__xss=3>.example'],
          ingress_denied_by: [{ name: '<b onmouseover=window.__xss=4>policy</b>', namespace: 'xss' }],
          l7: { type: 'RESPONSE', http: { code: 503, method: 'GET', url: 'http://victim/"><script>window.__xss=5</script>' } },
          Summary: hostile,
        },
        node_name: 'hostile-node',
        time: `2026-11-20T10:00:0${i}Z`,
      }),
    )
    .join('\n') + '\n',
);

const portalOrigin = `http://127.0.0.1:${portalPort}`;
const server = spawn(
  process.execPath,
  [...SERVER_COMMAND, '--logs', dir, '--port', flowlensPort, '--base-path', '/portal/net/', '--frame-ancestors', `'self' ${portalOrigin}`],
  { stdio: 'inherit' },
);

const page = `<!doctype html><html><head><title>Team portal</title></head><body>
<h1>Team portal</h1>
<iframe id="flowlens" title="flowlens" src="http://127.0.0.1:${flowlensPort}/portal/net/?kiosk&theme=dark&verdict=DROPPED" style="width:1200px;height:700px;border:0"></iframe>
</body></html>`;
const portal = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(page));
portal.listen(portalPort, '127.0.0.1');

const stop = () => {
  portal.close();
  server.kill('SIGTERM');
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
server.on('exit', (code) => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
