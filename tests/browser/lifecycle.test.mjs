// Changing routes from the gateway view, on a server of this test's own: a row's weight change
// and publish open their forms with the row's values filled in and checked, and a standby
// row's "Make … active" builds the three-row swap into a plan that is applied through the
// server's queue with its progress shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePage, screenshot, serverOfOwn, input, REGION } from './support.mjs';

const GATEWAY = 'vpn-bp1lifecycle00000000001';
const [ACTIVE, STANDBY] = ['vco-bp1lifecycle00000000001', 'vco-bp1lifecycle00000000002'];
const LONE = '10.1.0.0/24';
const PAIR = '10.2.0.0/24';

function seed() {
  const stored = (route, publishVpc) => ({ ...route, description: '', publishVpc, createTime: 0 });
  const connection = (name) => ({ regionId: REGION, name, vpnGatewayId: GATEWAY, localSubnet: ['10.0.0.0/8'], remoteSubnet: ['172.16.0.0/12'] });
  return {
    gateways: {
      [GATEWAY]: {
        regionId: REGION,
        name: 'lifecycle',
        destinationRoutes: [
          stored({ RouteDest: LONE, NextHop: ACTIVE, Weight: 100 }, false),
          stored({ RouteDest: PAIR, NextHop: ACTIVE, Weight: 100 }, true),
          stored({ RouteDest: PAIR, NextHop: STANDBY, Weight: 0 }, true),
        ],
      },
    },
    connections: { [ACTIVE]: connection('branch 1'), [STANDBY]: connection('branch 2') },
  };
}

const session = usePage();
const own = serverOfOwn(seed(), ['--update-delay-ms', '300']);

async function openGateway(page) {
  await page.goto(`${own.url}#/gateway`);
  await page.locator('#gateway-select').waitFor();
  await page.selectOption('#gateway-select', GATEWAY);
  await page.locator(`[data-gateway="${GATEWAY}"]`).waitFor();
  await page.locator('#gateway-state', { hasText: 'active' }).waitFor();
}

const row = (page, dest, hop) => page.locator('#destination-routes tbody tr', { hasText: dest }).filter({ hasText: hop });

async function sendForm(page) {
  await page.locator('#check-summary', { hasText: 'No errors' }).waitFor();
  await page.click('#send');
  await page.locator('.outcome .success').waitFor();
}

test('a weight change from the gateway view opens its form filled in, checked, and sends it', async () => {
  const { page } = session;
  await openGateway(page);
  await row(page, LONE, ACTIVE).locator('[data-action="change-weight"]').click();
  await page.locator('[data-operation="ModifyVpnRouteEntryWeight"]').waitFor();
  assert.equal(await page.inputValue(input('RouteDest')), LONE);
  assert.equal(await page.inputValue(input('Weight')), '100', 'the route\'s current weight names it');
  assert.equal(await page.inputValue(input('NewWeight')), '0');
  await page.fill(input('NewWeight'), '50');
  await page.locator('[data-field="NewWeight"] [data-rule="weight-not-0-or-100"]').waitFor();
  await page.fill(input('NewWeight'), '0');
  await sendForm(page);
  await openGateway(page);
  assert.match(await row(page, LONE, ACTIVE).textContent(), /Weight to 100/, 'the route is the standby now');
});

test('a publish from the gateway view, then the row offers to withdraw', async () => {
  const { page } = session;
  await openGateway(page);
  const href = await page.getAttribute('#snapshot-download', 'href');
  const snapshot = JSON.parse(decodeURIComponent(href.replace(/^data:[^,]*,/, '')));
  assert.equal(snapshot.gateways[0].vpnGatewayId, GATEWAY);
  assert.equal(snapshot.gateways[0].destinationRoutes.length, 3, 'the download is the snapshot `vpnroute check --table` reads');
  assert.deepEqual(snapshot.gateways[0].published.map((p) => p.NextHop).sort(), [ACTIVE, STANDBY]);
  await row(page, LONE, ACTIVE).locator('[data-action="publish"]').click();
  await page.locator('[data-operation="PublishVpnRouteEntry"]').waitFor();
  assert.equal(await page.inputValue(input('RouteType')), 'dbr');
  await sendForm(page);
  await openGateway(page);
  await row(page, LONE, ACTIVE).locator('[data-action="withdraw"]').waitFor();
  await screenshot(page, 'gateway-row-actions');
});

test('one click builds the pair swap into a plan, applied through the queue with progress', async () => {
  const { page } = session;
  await openGateway(page);
  assert.equal(await row(page, PAIR, ACTIVE).locator('[data-action="swap"]').count(), 0, 'only a standby is made active');
  await row(page, PAIR, STANDBY).locator('[data-action="swap"]', { hasText: `Make ${STANDBY} active` }).click();
  await page.locator('#plan-text').waitFor();
  await page.click('#plan-check');
  const rows = page.locator('#plan-rows tbody tr');
  await rows.first().waitFor();
  assert.deepEqual(await rows.locator('td:nth-child(3)').allTextContents(),
    ['DeleteVpnRouteEntry', 'ModifyVpnRouteEntryWeight', 'CreateVpnRouteEntry']);
  assert.equal(await page.locator('#plan-rows .marker').count(), 0, 'the swap is clean against the live table');
  const impact = page.locator(`#impact-${GATEWAY}`);
  await impact.waitFor();
  assert.deepEqual(await impact.locator('.traffic-blocks li').allTextContents(),
    [`0.0.0.0-255.255.255.255 -> 10.2.0.0-10.2.0.255: via ${ACTIVE} (${PAIR}) => via ${STANDBY} (${PAIR})`],
    'the swap moves the pair\'s traffic from one connection to the other');
  assert.equal(await page.locator(`#impact-${GATEWAY}-map rect.moved`).count(), 1, 'drawn on the map');
  await screenshot(page, 'plan-impact-map');
  const download = async (id) => decodeURIComponent((await page.getAttribute(id, 'href')).replace(/^data:[^,]*,/, ''));
  const terraform = await download('#export-terraform');
  assert.match(terraform, /resource "alicloud_vpn_route_entry"/);
  assert.match(terraform, /import \{/, 'the routes that exist are imported');
  const cli = await download('#export-aliyun-cli');
  const calls = cli.split('\n').filter((line) => line.startsWith('aliyun vpc ') && !line.includes('--waiter')).map((line) => line.split(' ')[2]);
  assert.deepEqual(calls, ['DeleteVpnRouteEntry', 'ModifyVpnRouteEntryWeight', 'CreateVpnRouteEntry'], 'the calls in plan order');
  await page.click('#plan-apply');
  await page.locator('#plan-progress').waitFor();
  await page.locator('#plan-progress-text', { hasText: '3 of 3 answered (100%), 0 failed' }).waitFor({ timeout: 20000 });
  assert.deepEqual(await rows.locator('td.row-state').allTextContents(), ['done', 'done', 'done']);
  await screenshot(page, 'plan-pair-swap-applied');
  await openGateway(page);
  assert.match(await row(page, PAIR, STANDBY).locator('td:nth-child(4)').textContent(), /^100$/);
  assert.match(await row(page, PAIR, ACTIVE).locator('td:nth-child(4)').textContent(), /^0$/);
});

test('the failover tab names the traffic each connection drops, a broken intent is shown at its row, and the policy-route map is drawn', async () => {
  const { page } = session;
  await page.goto('about:blank');
  await openGateway(page);
  const fetched = () => page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname));
  assert.deepEqual((await fetched()).filter((path) => path.startsWith('/analysis/')), [],
    'the analysis module is not fetched before a page asks what a change does to traffic');
  await page.click('#tab-failover');
  const active = page.locator(`.failover-connection[data-connection="${ACTIVE}"]`);
  await active.waitFor();
  assert.ok((await fetched()).includes('/analysis/vpnroute_wasm_bg.wasm'), 'the failover tab loads the analysis module');
  const dropped = await active.locator('li[data-after=""]').allTextContents();
  assert.deepEqual(dropped, [`0.0.0.0-255.255.255.255 -> 10.1.0.0-10.1.0.255: via ${ACTIVE} (${LONE}) => dropped (${LONE}: its connection is down)`]);
  const standby = await page.locator(`.failover-connection[data-connection="${STANDBY}"] li`).allTextContents();
  assert.deepEqual(standby, [`0.0.0.0-255.255.255.255 -> 10.2.0.0-10.2.0.255: via ${STANDBY} (${PAIR}) => via ${ACTIVE} (${PAIR})`],
    'after the swap, the old active route is the standby that takes over');
  await screenshot(page, 'gateway-failover');

  await page.click('#tab-intents');
  const intents = (via, backup) => JSON.stringify({ intent: [{ gateway: GATEWAY, to: PAIR, via, ...(backup ? { backup } : {}) }] });
  await page.fill('#intents-text', intents(ACTIVE));
  const broken = page.locator('#intents-results li[data-intent="1"][data-rule="intent-via"]');
  await broken.waitFor();
  assert.match(await broken.textContent(), new RegExp(`leaves via ${STANDBY}.*it should leave via ${ACTIVE}`));
  await page.fill('#intents-text', intents(STANDBY, ACTIVE));
  await page.locator('#intents-hold').waitFor();
  await page.click('#tab-policy-map');
  await page.locator('#policy-map').waitFor();
});
