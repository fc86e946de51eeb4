// "Which route does this packet take" in headless Chromium: the matched route and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { url, usePage, screenshot, DUAL_GATEWAY, DUAL_CONNECTION, GATEWAY, CONNECTION } from './support.mjs';

const session = usePage();

test('a packet is explained: policy route by priority, destination route by prefix, or no route', async () => {
  const { page } = session;
  await page.goto(`${url}#/lookup`);
  await page.locator(`#lookup-gateway option[value="${DUAL_GATEWAY}"]`).waitFor({ state: 'attached' });
  await page.selectOption('#lookup-gateway', DUAL_GATEWAY);
  await page.locator(`#down-${DUAL_CONNECTION}`).waitFor();
  await page.fill('#lookup-source', '10.0.1.5');
  await page.fill('#lookup-destination', '192.168.1.7');
  await page.click('#lookup-run');
  await page.locator('#lookup-answer').waitFor();
  assert.equal(await page.getAttribute('#lookup-answer', 'data-kind'), 'policy');
  assert.match(await page.textContent('#lookup-answer .matched'), /10\.0\.0\.0\/16 -> 192\.168\.0\.0\/16 .*priority 1/);
  assert.match(await page.textContent('#lookup-answer .reason'), /priority/i);
  await screenshot(page, 'lookup-policy-route');

  await page.selectOption('#lookup-gateway', GATEWAY);
  await page.locator(`#down-${CONNECTION}`).waitFor();
  await page.fill('#lookup-source', '10.9.9.9');
  await page.fill('#lookup-destination', '172.16.4.4');
  await page.click('#lookup-run');
  await page.locator('#lookup-answer[data-kind="destination"]').waitFor();
  assert.match(await page.textContent('#lookup-answer .next-hop'), new RegExp(CONNECTION));

  await page.fill('#lookup-destination', '8.8.8.8');
  await page.click('#lookup-run');
  await page.locator('#lookup-answer .next-hop', { hasText: 'does not go through this gateway' }).waitFor();

  await page.fill('#lookup-destination', '8.8.8');
  await page.click('#lookup-run');
  await page.getByRole('alert').filter({ hasText: 'not an IPv4 address' }).waitFor();
});
