// The `bundler` build as a new user's app gets it: one small page importing `vpnroute/bundler`,
// and `vpnroute/analysis/bundler` on demand, from the packed package (VPNROUTE_NPM_PROJECT),
// built with webpack 5 and with Vite 8 (and served by Vite's dev server) as the package's
// README sets them up, run in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import webpack from 'webpack';
import { build as viteBuild, createServer as viteDevServer } from 'vite';
import { launchChromium } from '../chromium.mjs';
import { project } from './project.mjs';

const request = {
  RegionId: 'cn-hangzhou',
  VpnGatewayId: 'vpn-bp1a3kqjiiq9legfx0001',
  RouteDest: '10.0.0.0/24',
  NextHop: 'vco-bp15oes1py4i66rmd0001',
  Weight: 100,
  PublishVpc: true,
};

const snapshot = {
  gateways: [{ vpnGatewayId: request.VpnGatewayId, connections: ['vco-a', 'vco-b'], destinationRoutes: [
    { RouteDest: '172.16.0.0/12', NextHop: 'vco-a', Weight: 100 }, { RouteDest: '172.16.0.0/12', NextHop: 'vco-b', Weight: 0 }] }],
};

// The app under test leaves what it found on `window.result` for the test to read. It loads the
// analysis module on demand, as its own chunk.
const app = `import { validate, buildRequest } from 'vpnroute/bundler';
const request = ${JSON.stringify(request)};
const checked = {
  valid: validate('CreateVpnRouteEntry', request),
  halfWeight: validate('CreateVpnRouteEntry', { ...request, Weight: 50 }),
  method: buildRequest('CreateVpnRouteEntry', request).method,
};
import('vpnroute/analysis/bundler').then(({ failover }) => {
  window.result = { ...checked, failover: failover(${JSON.stringify(snapshot)}, request.VpnGatewayId) };
});
`;

// The empty icon keeps Chromium from asking for /favicon.ico.
const head = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">';
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

// What the README tells Vite users to configure; nothing else is set.
const viteConfig = { configFile: false, logLevel: 'warn', optimizeDeps: { exclude: ['vpnroute'] } };

let browser;
const folders = [];

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh app folder inside the scratch project, so `vpnroute` resolves to the installed tarball. */
async function appFolder(name, html) {
  const dir = await mkdtemp(join(project, `${name}-`));
  folders.push(dir);
  await writeFile(join(dir, 'main.js'), app);
  if (html) await writeFile(join(dir, 'index.html'), `${head}${html}`);
  return dir;
}

/** Serves `dir` on a free loopback port, as any static host would. */
async function serveStatic(dir) {
  const server = createServer(async (incoming, response) => {
    const path = normalize(decodeURIComponent(new URL(incoming.url, 'http://127.0.0.1').pathname));
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Opens `url` and returns what the app left on `window.result`, failing on any page error. */
async function runPage(url) {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  // A failed load is recorded with its URL from the response, not as Chromium's console line.
  tab.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  tab.on('response', (response) => response.status() >= 400 && errors.push(`${response.status()} for ${response.url()}`));
  try {
    await tab.goto(url);
    await tab.waitForFunction(() => window.result !== undefined, null, { timeout: 10000 }).catch((error) => {
      throw new Error(`the page never set window.result: ${errors.join('; ') || error.message}`);
    });
    assert.deepEqual(errors, [], 'the page logged no errors');
    return await tab.evaluate(() => window.result);
  } finally {
    await tab.close();
  }
}

async function runBuiltPage(dist) {
  const site = await serveStatic(dist);
  try {
    return await runPage(site.url);
  } finally {
    await site.close();
  }
}

function assertDiagnostics(result) {
  assert.deepEqual(result.valid, []);
  assert.equal(result.halfWeight.length, 1, JSON.stringify(result.halfWeight));
  const [weight] = result.halfWeight;
  assert.equal(weight.rule, 'weight-not-0-or-100');
  assert.equal(weight.field, 'Weight');
  assert.equal(weight.code, 'VpnRouteEntry.InvalidWeight');
  assert.equal(weight.suggestion, '100');
  assert.equal(result.method, 'POST');
  const moved = result.failover.find((c) => c.connection === 'vco-a').blocks;
  assert.deepEqual(moved.map((b) => [b.destination.first, b.destination.last, b.after.nextHop]),
    [['172.16.0.0', '172.31.255.255', 'vco-b']], 'the analysis module loaded on demand answers');
}

test('a page built with webpack 5 (asyncWebAssembly) checks requests in Chromium', async () => {
  const dir = await appFolder('webpack');
  const out = join(dir, 'dist');
  const compiler = webpack({
    mode: 'production',
    context: dir,
    entry: './main.js',
    output: { path: out, filename: 'main.js' },
    experiments: { asyncWebAssembly: true },
  });
  const stats = await new Promise((resolve, reject) => compiler.run((error, result) => (error ? reject(error) : resolve(result))));
  await new Promise((resolve) => compiler.close(resolve));
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  await writeFile(join(out, 'index.html'), `${head}<script src="main.js"></script>`);
  assertDiagnostics(await runBuiltPage(out));
});

test('a page built with Vite checks requests in Chromium', async () => {
  const dir = await appFolder('vite-build', '<script type="module" src="./main.js"></script>');
  const out = join(dir, 'dist');
  await viteBuild({ ...viteConfig, root: dir, build: { outDir: out } });
  assertDiagnostics(await runBuiltPage(out));
});

test("the same page runs under Vite's dev server", async () => {
  const dir = await appFolder('vite-dev', '<script type="module" src="./main.js"></script>');
  const server = await viteDevServer({ ...viteConfig, root: dir, server: { host: '127.0.0.1', port: 0 } });
  try {
    await server.listen();
    assertDiagnostics(await runPage(server.resolvedUrls.local[0]));
  } finally {
    await server.close();
  }
});
