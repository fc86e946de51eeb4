// The console in headless Chromium against a running `vpnroute serve` (VPNROUTE_URL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const url = process.env.VPNROUTE_URL;
const screenshots = process.env.VPNROUTE_SCREENSHOTS ?? 'target/screenshots';
assert.ok(url, 'VPNROUTE_URL must point at a running vpnroute serve');

let browser;
let page;
const pageErrors = [];

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Refused calls log "Failed to load resource" for their 4xx; the test expects those.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() === 404) pageErrors.push(`404 for ${response.url()}`);
  });
  mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await browser?.close();
});

const field = (name) => page.locator(`[data-field="${name}"]`);
const diagnostic = (name, rule) => field(name).locator(`[data-rule="${rule}"]`);

test('CreateVpnRouteEntry: a diagnostic appears as you type, is fixed, and the request is answered', async () => {
  const started = Date.now();
  await page.goto(url);
  await page.locator('#field-RouteDest').waitFor();
  console.log(`first render: ${Date.now() - started} ms`);

  await page.fill('#field-RouteDest', '0.0.0.0/0');
  await diagnostic('RouteDest', 'route-dest-default-route').waitFor();
  assert.equal(await diagnostic('RouteDest', 'route-dest-default-route').getAttribute('data-code'), 'IllegalParam.RouteDest');
  assert.equal(await page.getAttribute('#field-RouteDest', 'aria-invalid'), 'true');

  await page.fill('#field-RouteDest', '100.64.1.0/24');
  await diagnostic('RouteDest', 'route-dest-shared-address-space').waitFor();

  await page.fill('#field-Weight', '50');
  await diagnostic('Weight', 'weight-not-0-or-100').waitFor();
  await page.fill('#field-Description', 'http://wiki/branch');
  await diagnostic('Description', 'text-url-prefix').waitFor();
  await page.screenshot({ path: join(screenshots, 'create-vpn-route-entry-diagnostics.png'), fullPage: true });

  await page.fill('#field-RouteDest', '10.20.0.1/24');
  await diagnostic('RouteDest', 'cidr-host-bits').waitFor();
  await field('RouteDest').getByRole('button', { name: 'Use 10.20.0.0/24' }).click();
  assert.equal(await page.inputValue('#field-RouteDest'), '10.20.0.0/24');
  await field('Weight').getByRole('button', { name: 'Use 100' }).click();
  await page.fill('#field-Description', 'branch office');
  await page.getByText('No errors: ready to send.').waitFor();
  assert.equal(await page.locator('.diagnostic.error').count(), 0);

  await page.click('#send');
  await page.locator('dd[data-key="State"]').waitFor();
  assert.equal(await page.textContent('dd[data-key="State"]'), 'published');
  assert.equal(await page.textContent('dd[data-key="RouteDest"]'), '10.20.0.0/24');
  assert.match(await page.textContent('dd[data-key="RequestId"]'), /^[0-9A-F-]{36}$/);

  await page.click('#send');
  await page.locator('.refused .code').waitFor();
  const code = await page.textContent('.refused .code');
  assert.ok(['VpnGateway.Configuring', 'VpnRouteEntry.AlreadyExists'].includes(code), code);
  await page.screenshot({ path: join(screenshots, 'create-vpn-route-entry-answered.png'), fullPage: true });

  assert.deepEqual(pageErrors, []);
});
