// The gateway view in headless Chromium: a shadowed policy route marked on both rows, the
// state polled live through a write, and a transit-router connection's vco routes by page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { url, usePage, screenshot, rpc, REGION, DUAL_GATEWAY, DUAL_CONNECTION, TR_CONNECTION } from './support.mjs';

const session = usePage();

test('a shadowed policy route is marked on both rows, and the state follows a write live', async () => {
  const { page } = session;
  await page.goto(`${url}#/gateway`);
  await page.locator('#gateway-select').waitFor();
  await page.selectOption('#gateway-select', DUAL_GATEWAY);
  await page.locator(`[data-gateway="${DUAL_GATEWAY}"]`).waitFor();
  const rows = page.locator('#policy-routes tbody tr');
  await rows.first().waitFor();
  const shadowed = page.locator('#policy-routes tr[data-row="2"]');
  const cause = page.locator('#policy-routes tr[data-row="1"]');
  assert.match(await shadowed.getAttribute('class'), /warned|conflict/);
  assert.match(await cause.getAttribute('class'), /warned|conflict/);
  // Each row carries the finding's number only; the findings panel says it once, with a
  // link to both rows.
  const marker = shadowed.locator('[data-rule="policy-route-shadowed"]');
  assert.equal(await marker.count(), 1);
  const number = await marker.getAttribute('data-finding');
  assert.equal(await cause.locator(`[data-finding="${number}"]`).count(), 1, 'the same finding is marked on the shadowing row');
  const line = page.locator(`#finding-${number}`);
  assert.equal(await line.getAttribute('data-rule'), 'policy-route-shadowed');
  // Both routes are installed: the message calls the one that shadows "existing", not "planned".
  assert.match(await line.textContent(), /starting with the existing route /);
  assert.doesNotMatch(await shadowed.textContent(), /starting with/, 'the row holds a marker, not the sentence');
  assert.match(await page.textContent('#table-summary'), /^1 finding\(s\), by rule:$/);
  await line.locator('[data-jump="policy-1"]').click();
  await page.waitForFunction(() => document.activeElement?.matches('#policy-routes tr[data-row="1"].highlighted'));
  await marker.click();
  await page.waitForFunction((id) => document.activeElement?.id === id, `finding-${number}`);
  await screenshot(page, 'gateway-shadowed-policy-route');

  const [status] = await rpc('CreateVpnRouteEntry', {
    RegionId: REGION, VpnGatewayId: DUAL_GATEWAY, RouteDest: '10.80.0.0/16', NextHop: DUAL_CONNECTION, Weight: '100', PublishVpc: 'true',
  });
  assert.equal(status, 200);
  await page.locator('#gateway-state', { hasText: 'updating' }).waitFor();
  await page.locator('#gateway-state', { hasText: 'active' }).waitFor();
  await page.locator('#destination-routes td', { hasText: '10.80.0.0/16' }).waitFor();
  await screenshot(page, 'gateway-after-write');
});

test('a transit-router connection shows its vco routes page by page, custom and bgp', async () => {
  const { page } = session;
  for (let i = 0; i < 11; i += 1) {
    for (let attempt = 0; ; attempt += 1) {
      const [status, body] = await rpc('CreateVcoRouteEntry', {
        RegionId: REGION, VpnConnectionId: TR_CONNECTION, RouteDest: `172.25.${i}.0/24`, NextHop: TR_CONNECTION, Weight: '100',
      });
      if (status === 200) break;
      assert.equal(body.Code, 'VpnConnection.Configuring');
      assert.ok(attempt < 50);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await page.goto(`${url}#/gateway`);
  await page.locator(`#gateway-select option[value="${TR_CONNECTION}"]`).waitFor({ state: 'attached' });
  await page.selectOption('#gateway-select', TR_CONNECTION);
  await page.locator('#vco-routes').waitFor();
  const total = Number((await page.textContent('#vco-page')).match(/\((\d+) routes\)/)[1]);
  assert.ok(total >= 12, `${total} routes`);
  assert.equal(await page.locator('#vco-routes tbody tr').count(), 10, 'ten to a page');
  await page.click('#vco-next');
  await page.locator('#vco-page', { hasText: 'page 2 of' }).waitFor();
  assert.equal(await page.locator('#vco-routes tbody tr').count(), Math.min(10, total - 10));
  await screenshot(page, 'gateway-vco-routes-page-2');
  await page.click('#vco-bgp');
  await page.locator('#vco-routes td', { hasText: 'CLOUD' }).waitFor();
});
