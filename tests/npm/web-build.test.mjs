// The npm package's `web` builds, imported as ES modules by a page in headless Chromium: the main
// module at once, and `analysis` only when the page asks what a change does to traffic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { launchChromium } from '../chromium.mjs';
import { project } from './project.mjs';

const packageRoot = join(project, 'node_modules', 'vpnroute');

const page = `<!doctype html><meta charset="utf-8"><script type="module">
import init, { validate, lookup } from './web/vpnroute_wasm.js';
await init();
window.result = {
  diagnostics: validate('CreateVpnRouteEntry', { RouteDest: '100.64.1.0/24', Weight: 50 }),
  route: lookup({ destinationRoutes: [{ RouteDest: '10.0.0.0/8', NextHop: 'vco-a', Weight: 100 }] }, '1.1.1.1', '10.2.3.4'),
};
window.loadAnalysis = async () => {
  const analysis = await import('./analysis/web/vpnroute_wasm.js');
  await analysis.default();
  const snapshot = { gateways: [{ vpnGatewayId: 'vpn-a', connections: ['vco-a', 'vco-b'], destinationRoutes: [
    { RouteDest: '172.16.0.0/12', NextHop: 'vco-a', Weight: 100 }, { RouteDest: '172.16.0.0/12', NextHop: 'vco-b', Weight: 0 }] }] };
  return analysis.failover(snapshot, 'vpn-a');
};
</script>`;

const types = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
let server;
let browser;
let base;
const requested = [];

before(async () => {
  server = createServer(async (request, response) => {
    if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(page);
      return;
    }
    requested.push(request.url);
    try {
      const body = await readFile(join(packageRoot, request.url.slice(1)));
      response.writeHead(200, { 'content-type': types[extname(request.url)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the web build loads in Chromium and checks a request', async () => {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  await tab.goto(base);
  await tab.waitForFunction(() => window.result !== undefined, null, { timeout: 10000 });
  const result = await tab.evaluate(() => window.result);
  assert.deepEqual(result.diagnostics.map((d) => d.rule).sort(), [
    'required-field-missing', 'required-field-missing', 'required-field-missing', 'required-field-missing',
    'route-dest-shared-address-space', 'weight-not-0-or-100',
  ]);
  assert.equal(result.route.nextHop, 'vco-a');
  assert.deepEqual(errors, []);
});

test('the analysis module is downloaded only when the page asks for it, and answers there', async () => {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  requested.length = 0;
  await tab.goto(base);
  await tab.waitForFunction(() => window.result !== undefined, null, { timeout: 10000 });
  assert.ok(requested.includes('/web/vpnroute_wasm_bg.wasm'), `the main module loads at once: ${requested}`);
  assert.deepEqual(requested.filter((url) => url.startsWith('/analysis/')), [], 'nothing of the analysis before it is asked for');
  const report = await tab.evaluate(() => window.loadAnalysis());
  assert.ok(requested.includes('/analysis/web/vpnroute_wasm_bg.wasm'));
  const moved = report.find((c) => c.connection === 'vco-a').blocks;
  assert.deepEqual(moved.map((b) => [b.destination.first, b.destination.last, b.before.nextHop, b.after.nextHop]),
    [['172.16.0.0', '172.31.255.255', 'vco-a', 'vco-b']]);
  assert.deepEqual(errors, []);
});
