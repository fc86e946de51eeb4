// Plan and apply in headless Chromium: a 20-request plan uploaded, checked against the live
// tables (the text survives a reload), a bad request fixed in one click, then applied through the server's queue with
// progress to 100%; a request the service refuses fails alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { url, usePage, screenshot, rpc, GATEWAY, CONNECTION, OLD_GATEWAY, OLD_CONNECTION, REGION, CUSTOMER_GATEWAYS } from './support.mjs';

const session = usePage();

function planCsv() {
  const lines = ['Action,RegionId,VpnGatewayId,RouteSource,RouteDest,NextHop,Weight,PublishVpc'];
  for (let i = 0; i < 10; i += 1) {
    // The first has host bits set: the check offers the network address as a fix.
    const dest = i === 0 ? '10.100.0.1/24' : `10.100.${i}.0/24`;
    lines.push(`CreateVpnRouteEntry,${REGION},${GATEWAY},,${dest},${CONNECTION},100,true`);
  }
  for (let i = 0; i < 10; i += 1) {
    lines.push(`CreateVpnPbrRouteEntry,${REGION},${OLD_GATEWAY},10.50.${i}.0/24,172.31.${i}.0/24,${OLD_CONNECTION},100,true`);
  }
  return `${lines.join('\n')}\n`;
}

test('a 20-request plan is checked, fixed and applied with progress reaching 100%', async () => {
  const { page } = session;
  await page.goto(`${url}#/plan`);
  await page.setInputFiles('#plan-file', { name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(planCsv()) });
  await page.waitForFunction(() => document.querySelector('#plan-text').value.includes('CreateVpnPbrRouteEntry'));
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#plan-text').value.includes('CreateVpnPbrRouteEntry'));
  await page.click('#plan-check');
  await page.locator('#plan-rows tbody tr').nth(19).waitFor();
  const first = page.locator('#plan-rows tr[data-row="1"]');
  assert.match(await first.getAttribute('class'), /conflict/);
  assert.equal(await page.isChecked('#plan-include-1'), false, 'a request with errors is left out');
  await screenshot(page, 'plan-checked');
  await first.getByRole('button', { name: 'Use 10.100.0.0/24' }).click();
  await page.locator('#plan-apply', { hasText: 'Apply 20 request(s)' }).waitFor();
  assert.equal(await page.isChecked('#plan-include-1'), true);

  const started = Date.now();
  await page.click('#plan-apply');
  await page.locator('#plan-progress').waitFor();
  await page.locator('#plan-rows .row-state', { hasText: /waiting|sending|settling|retrying/ }).first().waitFor();
  await screenshot(page, 'plan-applying');
  await page.locator('#plan-progress-text', { hasText: '20 of 20 answered (100%), 0 failed' }).waitFor({ timeout: 120_000 });
  console.log(`20 requests applied through the queue in ${Date.now() - started} ms`);
  assert.equal(await page.locator('#plan-rows tr.done').count(), 20);
  assert.equal(await page.getAttribute('#plan-progress', 'value'), '20');
  await screenshot(page, 'plan-applied');
});

test('a refused request fails alone and the page keeps the others', async () => {
  const { page } = session;
  await page.goto('about:blank');
  await page.goto(`${url}#/plan`);
  const csv = [
    'Action,RegionId,VpnGatewayId,RouteDest,NextHop,Weight,PublishVpc',
    `CreateVpnRouteEntry,${REGION},${GATEWAY},10.100.1.0/24,${CONNECTION},100,true`,
    `CreateVpnRouteEntry,${REGION},${GATEWAY},10.101.0.0/24,${CONNECTION},100,true`,
  ].join('\n');
  await page.fill('#plan-text', csv);
  await page.click('#plan-check');
  await page.waitForFunction(() => document.querySelectorAll('#plan-rows tbody tr').length === 2);
  assert.equal(await page.locator('#plan-rows tr[data-row="1"] [data-rule="route-duplicate"]').count(), 1, 'already in the live table');
  await page.check('#plan-include-1');
  await page.click('#plan-apply');
  await page.locator('#plan-progress-text', { hasText: '2 of 2 answered (100%), 1 failed' }).waitFor({ timeout: 60_000 });
  assert.match(await page.textContent('#plan-rows tr[data-row="1"] .row-state'), /failed: VpnRouteEntry\.AlreadyExists/);
  assert.match(await page.textContent('#plan-rows tr[data-row="2"] .row-state'), /done/);
  await screenshot(page, 'plan-one-failed');
});

test("a planned connection is flagged when an existing connection already uses its BGP tunnel CIDR", async () => {
  const { page } = session;
  const connection = (name, customerGateway) => ({
    RegionId: REGION, VpnGatewayId: GATEWAY, CustomerGatewayId: customerGateway, Name: name,
    LocalSubnet: '10.61.0.0/24', RemoteSubnet: '192.168.61.0/24',
    BgpConfig: JSON.stringify({ EnableBgp: true, LocalAsn: 65530, TunnelCidr: '169.254.31.0/30', LocalBgpIp: '169.254.31.1' }),
  });
  // The gateway may still be updating after the writes of the tests before.
  for (let attempt = 0; ; attempt += 1) {
    const [status, body] = await rpc('CreateVpnConnection', connection('bgp-existing', CUSTOMER_GATEWAYS[1]));
    if (status === 200) break;
    assert.match(body.Code, /IncorrectStatus|TaskConflict/);
    assert.ok(attempt < 50, JSON.stringify(body));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await page.goto('about:blank');
  await page.goto(`${url}#/plan`);
  await page.fill('#plan-text', JSON.stringify([{ Action: 'CreateVpnConnection', ...connection('bgp-planned', CUSTOMER_GATEWAYS[0]) }]));
  await page.click('#plan-check');
  const row = page.locator('#plan-rows tr[data-row="1"]');
  await row.waitFor();
  await row.locator('[data-rule="tunnel-cidr-in-use"]').waitFor();
  const number = await row.locator('[data-rule="tunnel-cidr-in-use"]').getAttribute('data-finding');
  assert.match(await page.textContent(`#finding-${number}`), /169\.254\.31\.0\/30 is already the BGP tunnel CIDR of another connection/);
  await screenshot(page, 'plan-tunnel-cidr-in-use');
});
