// A gateway of 1,000 destination and 1,000 policy routes, its quotas raised to fit, on a
// server of this test's own: the gateway view reads every page (the engine's complete-read
// rules), audits them all, shows them a page of rows at a time and marks a conflict on the
// 900th row; "which route" finds a packet that only the 950th policy route carries, and one
// that only a route learned over BGP carries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePage, screenshot, serverOfOwn, REGION } from './support.mjs';

const GATEWAY = 'vpn-bp1fullread000000000001';
const CONNECTIONS = ['vco-bp1fullread000000000001', 'vco-bp1fullread000000000002'];
const ROUTES = 1000;
// The route on this row repeats the destination and weight of the row before it.
const CONFLICT_ROW = 900;
// The only policy route to its destination, and the only one through the second connection.
const ONLY_ROUTE_ROW = 950;
// A block only BGP has taught the gateway.
const LEARNED = '198.51.100.0/24';
/** How long the view may take from its tables' arrival to their rows on screen. */
const RENDER_BUDGET_MS = 200;

const octets = (i) => `${Math.floor(i / 256)}.${i % 256}`;

function seed() {
  const stored = (route) => ({ ...route, description: '', publishVpc: true, createTime: 0 });
  const destinationRoutes = Array.from({ length: ROUTES }, (_, i) => {
    const row = i + 1;
    const index = row === CONFLICT_ROW ? i - 1 : i;
    const hop = row === CONFLICT_ROW ? CONNECTIONS[1] : CONNECTIONS[0];
    return stored({ RouteDest: `10.${octets(index)}.0/24`, NextHop: hop, Weight: 100 });
  });
  const policyRoutes = Array.from({ length: ROUTES }, (_, i) => stored({
    RouteSource: '192.168.0.0/24', RouteDest: `172.${16 + Math.floor(i / 256)}.${i % 256}.0/24`,
    NextHop: i + 1 === ONLY_ROUTE_ROW ? CONNECTIONS[1] : CONNECTIONS[0], Weight: 100, Priority: 10,
  }));
  const connection = (name) => ({ regionId: REGION, name, vpnGatewayId: GATEWAY, localSubnet: ['10.0.0.0/8'], remoteSubnet: ['172.16.0.0/12'] });
  return {
    gateways: {
      [GATEWAY]: {
        regionId: REGION, name: 'full read', destinationRoutes, policyRoutes,
        bgpRoutes: [{ routeDest: LEARNED, nextHop: CONNECTIONS[1], source: 'VPN_BGP', asPath: '65001' }],
      },
    },
    connections: Object.fromEntries(CONNECTIONS.map((id, i) => [id, connection(`branch ${i + 1}`)])),
  };
}

const session = usePage();
const own = serverOfOwn(seed(), [
  '--update-delay-ms', '0', '--quota', `destination-routes=${ROUTES}`, '--quota', `policy-routes=${ROUTES}`,
]);

test('a gateway of 1,000 routes per table is read, audited and shown a page at a time', async () => {
  const { page } = session;
  await page.goto(`${own.url}#/gateway`);
  await page.locator('#gateway-select').waitFor();
  await page.selectOption('#gateway-select', GATEWAY);
  const view = page.locator(`[data-gateway="${GATEWAY}"][data-render-ms]`);
  await view.waitFor();
  const renderMs = Number(await view.getAttribute('data-render-ms'));
  console.log(`# 1,000-route gateway view: tables to rows on screen in ${renderMs} ms (budget ${RENDER_BUDGET_MS} ms)`);
  assert.ok(renderMs < RENDER_BUDGET_MS, `${renderMs} ms`);
  assert.match(await page.textContent('h3:has-text("Destination routes")'), /\(1000\)/);
  assert.match(await page.textContent('h3:has-text("Policy routes")'), /\(1000\)/);
  assert.equal(await page.locator('#destination-routes tbody tr').count(), 100, 'a page of rows at a time');
  assert.match(await page.textContent('[data-table="destination-routes"] .page'), /rows 1–100 of 1000/);
  assert.equal(await page.locator('#table-unstable').count(), 0);

  const flip = await page.evaluate(async () => {
    const started = performance.now();
    document.querySelector('[data-table="policy-routes"] .next').click();
    while (!document.querySelector('#policy-routes tr[data-row="101"]')) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    return performance.now() - started;
  });
  console.log(`# 1,000-route gateway view: next page of rows in ${flip.toFixed(1)} ms`);
  assert.ok(flip < RENDER_BUDGET_MS, `${flip} ms`);

  await page.click(`[data-jump="destination-${CONFLICT_ROW}"]`);
  const conflict = page.locator(`#destination-routes tr[data-row="${CONFLICT_ROW}"]`);
  await conflict.waitFor();
  assert.match(await conflict.getAttribute('class'), /conflict/);
  assert.equal(await conflict.locator('[data-rule="route-pairing"]').count(), 1);
  await screenshot(page, 'gateway-1000-routes');
});

test('"which route" finds the packet that only the 950th policy route carries', async () => {
  const { page } = session;
  const i = ONLY_ROUTE_ROW - 1;
  const dest = `172.${16 + Math.floor(i / 256)}.${i % 256}`;
  await page.goto(`${own.url}#/lookup`);
  await page.locator(`#lookup-gateway option[value="${GATEWAY}"]`).waitFor({ state: 'attached' });
  await page.selectOption('#lookup-gateway', GATEWAY);
  await page.locator('fieldset.down').waitFor();
  await page.fill('#lookup-source', '192.168.0.7');
  await page.fill('#lookup-destination', `${dest}.9`);
  await page.click('#lookup-run');
  const answer = page.locator('#lookup-answer');
  await answer.waitFor();
  assert.equal(await answer.getAttribute('data-kind'), 'policy');
  const text = await answer.textContent();
  assert.match(text, new RegExp(CONNECTIONS[1]));
  assert.match(text, new RegExp(`${dest.replaceAll('.', '\\.')}\\.0/24`));
});

test('"which route" falls back to the routes the gateway learned over BGP', async () => {
  const { page } = session;
  await page.goto(`${own.url}#/lookup`);
  await page.locator(`#lookup-gateway option[value="${GATEWAY}"]`).waitFor({ state: 'attached' });
  await page.selectOption('#lookup-gateway', GATEWAY);
  await page.locator('fieldset.down').waitFor();
  await page.fill('#lookup-source', '1.1.1.1');
  await page.fill('#lookup-destination', '198.51.100.20');
  await page.click('#lookup-run');
  const answer = page.locator('#lookup-answer');
  await answer.waitFor();
  assert.equal(await answer.getAttribute('data-kind'), 'bgp');
  assert.match(await answer.textContent(), new RegExp(CONNECTIONS[1]));
});
