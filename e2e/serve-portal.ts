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

const flowlensPort = process.argv[2] ?? '18081';
const portalPort = Number(process.argv[3] ?? '18082');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-portal-'));
await writeDemoCorpus({ out: dir, flows: 5000, seed: 12, compress: true, maxBytes: 2 * 1024 * 1024 });

const portalOrigin = `http://127.0.0.1:${portalPort}`;
const server = spawn(
  process.execPath,
  ['--import', 'tsx', 'src/server/main.ts', '--logs', dir, '--port', flowlensPort, '--base-path', '/portal/net/', '--frame-ancestors', `'self' ${portalOrigin}`],
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
