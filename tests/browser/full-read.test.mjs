// A gateway with more routes than one page of its describes holds: the gateway view reads
// every page (the engine's complete-read rules) and audits them all, on a server of this
// test's own, seeded with the tables.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usePage, screenshot, REGION } from './support.mjs';

const GATEWAY = 'vpn-bp1fullread000000000001';
const CONNECTIONS = ['vco-bp1fullread000000000001', 'vco-bp1fullread000000000002'];
const DESTINATION_ROUTES = 120;
const POLICY_ROUTES = 60;
// The route on this row repeats the destination and weight of the row before it.
const CONFLICT_ROW = 110;

function seed() {
  const stored = (route) => ({ ...route, description: '', publishVpc: true, createTime: 0 });
  const destinationRoutes = Array.from({ length: DESTINATION_ROUTES }, (_, i) => {
    const row = i + 1;
    const octet = row === CONFLICT_ROW ? i - 1 : i;
    const hop = row === CONFLICT_ROW ? CONNECTIONS[1] : CONNECTIONS[0];
    return stored({ RouteDest: `10.0.${octet}.0/24`, NextHop: hop, Weight: 100 });
  });
  const policyRoutes = Array.from({ length: POLICY_ROUTES }, (_, i) => stored({
    RouteSource: '192.168.0.0/24', RouteDest: `172.16.${i}.0/24`, NextHop: CONNECTIONS[0], Weight: 100, Priority: 10,
  }));
  const connection = (name) => ({ regionId: REGION, name, vpnGatewayId: GATEWAY, localSubnet: ['10.0.0.0/8'], remoteSubnet: ['172.16.0.0/12'] });
  return {
    gateways: { [GATEWAY]: { regionId: REGION, name: 'full read', destinationRoutes, policyRoutes } },
    connections: Object.fromEntries(CONNECTIONS.map((id, i) => [id, connection(`branch ${i + 1}`)])),
  };
}

const session = usePage();
let server;
let url;
let dir;

before(async () => {
  const binary = process.env.VPNROUTE_BIN;
  assert.ok(binary, 'VPNROUTE_BIN must be the vpnroute binary (cargo xtask test sets it)');
  dir = mkdtempSync(join(tmpdir(), 'vpnroute-full-read-'));
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seed()));
  server = spawn(binary, [
    'serve', '--listen', '127.0.0.1:0', '--ephemeral', '--seed', seedFile, '--update-delay-ms', '0',
    '--console', process.env.VPNROUTE_CONSOLE ?? 'dist',
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await createInterface({ input: server.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value]);
  assert.match(line ?? '', /^vpnroute console: http:\/\/127\.0\.0\.1:\d+\/$/);
  url = line.replace('vpnroute console: ', '');
});

after(() => {
  server?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('every page of a gateway\'s tables is read and audited', async () => {
  const { page } = session;
  await page.goto(`${url}#/gateway`);
  await page.locator('#gateway-select').waitFor();
  await page.selectOption('#gateway-select', GATEWAY);
  await page.locator(`[data-gateway="${GATEWAY}"]`).waitFor();
  await page.locator('#destination-routes tbody tr').first().waitFor();
  assert.equal(await page.locator('#destination-routes tbody tr').count(), DESTINATION_ROUTES);
  assert.equal(await page.locator('#policy-routes tbody tr').count(), POLICY_ROUTES);
  const conflict = page.locator(`#destination-routes tr[data-row="${CONFLICT_ROW}"]`);
  assert.match(await conflict.getAttribute('class'), /conflict/);
  assert.equal(await conflict.locator('[data-rule="route-pairing"]').count(), 1);
  assert.equal(await page.locator('#table-unstable').count(), 0);
  await screenshot(page, 'gateway-every-page');
});
