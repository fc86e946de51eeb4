// The five operation forms in headless Chromium: for each, a diagnostic shown as you type and
// fixed, and a request sent with its answer shown; the preview's SDK programs; DryRun.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  url, usePage, screenshot, input, field, diagnostic,
  GATEWAY, OLD_GATEWAY, OLD_CONNECTION, TR_CONNECTION, DUAL_GATEWAY, CUSTOMER_GATEWAYS,
} from './support.mjs';

const session = usePage();

/** The console's first render on localhost, from navigation start. */
const FIRST_RENDER_MS = 300;
/** A field's check, from the input event to its diagnostics updated: one frame at 60 Hz. */
const FIELD_CHECK_MS = 1000 / 60;

/**
 * When the console was first on screen, in ms from navigation start: the page holds nothing
 * to paint until the console draws itself, so its first contentful paint is that moment.
 */
async function firstPaint(page) {
  const paint = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
  return paint.jsonValue();
}

/** Opens a form as on a first visit (forms keep their values for the tab). */
async function open(operation) {
  const { page } = session;
  await page.goto(`${url}#/${operation}`);
  await page.locator(`[data-operation="${operation}"]`).waitFor();
  await page.click('#reset');
}

async function sendAndRead(key) {
  const { page } = session;
  await page.click('#send');
  await page.locator(`dd[data-key="${key}"]`).waitFor();
  return page.textContent(`dd[data-key="${key}"]`);
}

test('CreateVpnRouteEntry: diagnostics as you type, one-click fixes, the answer, and a refusal explained', async () => {
  const { page } = session;
  const started = Date.now();
  await page.goto(url);
  await page.locator(input('RouteDest')).waitFor();
  // The page's own clock starts at navigation; the wall clock also counts the new browser
  // starting its first renderer. The budget is held by the test below, over several visits.
  const rendered = await firstPaint(page);
  console.log(`first render: ${Math.round(rendered)} ms after navigation start (${Date.now() - started} ms with the browser's first page load)`);

  await page.fill(input('RouteDest'), '0.0.0.0/0');
  await diagnostic(page, 'RouteDest', 'route-dest-default-route').waitFor();
  assert.equal(await diagnostic(page, 'RouteDest', 'route-dest-default-route').getAttribute('data-code'), 'IllegalParam.RouteDest');
  assert.equal(await page.getAttribute(input('RouteDest'), 'aria-invalid'), 'true');
  console.log(`check of one field: ${await page.getAttribute('form', 'data-check-ms')} ms`);

  await page.fill(input('Weight'), '50');
  await diagnostic(page, 'Weight', 'weight-not-0-or-100').waitFor();
  await page.fill(input('Description'), 'http://wiki/branch');
  await diagnostic(page, 'Description', 'text-url-prefix').waitFor();
  await screenshot(page, 'form-create-vpn-route-entry-diagnostics');

  await page.reload();
  await page.locator(input('Description')).waitFor();
  assert.equal(await page.inputValue(input('Description')), 'http://wiki/branch', 'a reload keeps what was typed');
  await diagnostic(page, 'Description', 'text-url-prefix').waitFor();

  await page.fill(input('RouteDest'), '10.20.0.1/24');
  await diagnostic(page, 'RouteDest', 'cidr-host-bits').waitFor();
  await field(page, 'RouteDest').getByRole('button', { name: 'Use 10.20.0.0/24' }).click();
  assert.equal(await page.inputValue(input('RouteDest')), '10.20.0.0/24');
  await field(page, 'Weight').getByRole('button', { name: 'Use 100' }).click();
  await page.fill(input('Description'), 'branch office');
  await page.getByText('No errors: ready to send.').waitFor();

  assert.equal(await sendAndRead('State'), 'published');
  assert.equal(await page.textContent('dd[data-key="RouteDest"]'), '10.20.0.0/24');

  await page.click('#send');
  await page.locator('.refused .code').waitFor();
  const code = await page.textContent('.refused .code');
  assert.ok(['VpnGateway.Configuring', 'VpnRouteEntry.AlreadyExists'].includes(code), code);
  if (code === 'VpnGateway.Configuring') {
    assert.match(await page.textContent('.refused .action'), /wait until the gateway is active/i);
  }
  await screenshot(page, 'form-create-vpn-route-entry-answered');
});

test('the preview shows curl and SDK programs, and the Python one runs as it is', async () => {
  const { page } = session;
  await open('CreateVpnRouteEntry');
  await page.fill(input('RouteDest'), '10.21.0.0/24');
  await page.click('#preview-tab-curl');
  assert.match(await page.textContent('#request-preview'), /^curl -X POST 'http:\/\/127\.0\.0\.1:\d+\/\?.*RouteDest=10\.21\.0\.0%2F24/);
  await page.click('#preview-tab-node');
  assert.match(await page.textContent('#request-preview'), /new Vpc\.CreateVpnRouteEntryRequest\(\{[\s\S]*weight: 100,/);
  await page.click('#preview-tab-python');
  const program = await page.textContent('#request-preview');
  assert.match(program, /models\.CreateVpnRouteEntryRequest\(/);
  await screenshot(page, 'form-preview-python');
  const python = process.env.VPNROUTE_SDK_PYTHON;
  assert.ok(python, 'VPNROUTE_SDK_PYTHON names the Python with the official SDK');
  let answer;
  for (let attempt = 0; attempt < 20; attempt += 1) {
    try {
      answer = execFileSync(python, ['-c', program], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      break;
    } catch (error) {
      // The gateway may still be updating after the previous test's write.
      assert.match(String(error.stderr), /VpnGateway\.Configuring/);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  assert.match(answer, /'RouteDest': '10\.21\.0\.0\/24'/);
});

test('CreateVpnPbrRouteEntry: facts read from an older gateway refuse a priority; without it the route is created', async () => {
  const { page } = session;
  await open('CreateVpnPbrRouteEntry');
  await page.fill(input('VpnGatewayId'), OLD_GATEWAY);
  await page.fill(input('NextHop'), OLD_CONNECTION);
  await page.fill(input('RouteSource'), '10.30.0.0/24');
  await page.fill(input('RouteDest'), '172.30.0.0/24');
  await page.fill(input('Priority'), '5');
  await page.click('#read-facts');
  await page.getByText(`Read from ${OLD_GATEWAY}.`).waitFor();
  assert.equal(await page.inputValue('#fact-priority'), 'no');
  await diagnostic(page, 'Priority', 'priority-not-supported').waitFor();
  await screenshot(page, 'form-create-vpn-pbr-route-entry-diagnostics');
  await page.fill(input('Priority'), '');
  await page.getByText('No errors: ready to send.').waitFor();
  assert.equal(await sendAndRead('Priority'), '10');
  await screenshot(page, 'form-create-vpn-pbr-route-entry-answered');
});

test('CreateVcoRouteEntry: a masked example id is caught; the route is created on a transit-router connection', async () => {
  const { page } = session;
  await open('CreateVcoRouteEntry');
  await page.fill(input('VpnConnectionId'), 'vco-p0w2jpkhi2eeop6q6****');
  await diagnostic(page, 'VpnConnectionId', 'vpn-connection-id-malformed').waitFor();
  await page.fill(input('VpnConnectionId'), TR_CONNECTION);
  await page.fill(input('NextHop'), TR_CONNECTION);
  await page.fill(input('RouteDest'), '192.168.40.0/24');
  await page.getByText('No errors: ready to send.').waitFor();
  assert.equal(await sendAndRead('State'), 'published');
  await screenshot(page, 'form-create-vco-route-entry');
});

test('DescribeVcoRouteEntries: a wrong letter case gets its fix; the answer lists the routes', async () => {
  const { page } = session;
  await open('DescribeVcoRouteEntries');
  await page.fill(input('VpnConnectionId'), TR_CONNECTION);
  await page.fill(input('RouteEntryType'), 'Custom');
  await diagnostic(page, 'RouteEntryType', 'route-entry-type-value').waitFor();
  await field(page, 'RouteEntryType').getByRole('button', { name: 'Use custom' }).click();
  assert.equal(await page.inputValue(input('RouteEntryType')), 'custom');
  assert.ok(Number(await sendAndRead('TotalCount')) >= 1);
  assert.match(await page.textContent('dd[data-key="VcoRouteEntries"]'), /192\.168\.10\.0\/24/);
  await screenshot(page, 'form-describe-vco-route-entries');
});

test('CreateVpnConnection: JSON configs and tunnels as sub-forms, DryRun explained, then created', async () => {
  const { page } = session;
  await open('CreateVpnConnection');
  await page.fill(input('CustomerGatewayId'), CUSTOMER_GATEWAYS[0]);
  await page.locator('[data-field="IkeConfig"] > summary').click();
  await page.fill(input('IkeConfig.Psk'), 'has space');
  await diagnostic(page, 'IkeConfig.Psk', 'psk-format').waitFor();
  await page.fill(input('IkeConfig.Psk'), 'secret123');
  await page.fill(input('IkeConfig.IkeLifetime'), '86400');
  await page.locator('[data-field="IkeConfig"] .raw-toggle').click();
  assert.equal(await page.inputValue(input('IkeConfig')), '{"Psk":"secret123","IkeLifetime":86400}');
  await page.getByText('No errors: ready to send.').waitFor();
  await page.click('#dry-run');
  await page.locator('.refused .code').waitFor();
  assert.equal(await page.textContent('.refused .code'), 'DryRunOperation');
  assert.match(await page.textContent('.refused .meaning'), /passed every check/);
  await screenshot(page, 'form-create-vpn-connection-dry-run');

  await open('CreateVpnConnection');
  await page.fill(input('VpnGatewayId'), DUAL_GATEWAY);
  await page.click('#read-facts');
  await page.getByText(`Read from ${DUAL_GATEWAY}.`).waitFor();
  assert.equal(await page.inputValue('#fact-tunnel-mode'), 'dual');
  // The list opens by itself when it has something to say.
  assert.equal(await page.locator('[data-field="TunnelOptionsSpecification"]').evaluate((details) => details.open), true);
  await diagnostic(page, 'TunnelOptionsSpecification', 'connection-tunnel-mode').waitFor();
  for (const [index, role] of [[1, 'master'], [2, 'slave']]) {
    await page.click('[data-field="TunnelOptionsSpecification"] .add-item');
    await page.fill(input(`TunnelOptionsSpecification.${index}.CustomerGatewayId`), CUSTOMER_GATEWAYS[index - 1]);
    await page.fill(input(`TunnelOptionsSpecification.${index}.Role`), role);
    await page.fill(input(`TunnelOptionsSpecification.${index}.TunnelIkeConfig.Psk`), 'secret123');
    await page.fill(input(`TunnelOptionsSpecification.${index}.TunnelBgpConfig.TunnelCidr`), `169.254.70.${(index - 1) * 4}/30`);
  }
  await page.getByText('No errors: ready to send.').waitFor();
  await page.click('#preview-tab-params');
  assert.match(await page.textContent('#request-preview'), /TunnelOptionsSpecification\.2\.Role=slave/);
  const id = await sendAndRead('VpnConnectionId');
  assert.match(id, /^vco-/);
  await screenshot(page, 'form-create-vpn-connection-dual-tunnel');
});

test('the console is first on screen within its budget (median of five first visits)', async () => {
  const { browser } = session;
  const times = [];
  for (let visit = 0; visit < 5; visit += 1) {
    // A context of its own: nothing cached, as on a person's first visit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator(input('RouteDest')).waitFor();
    times.push(await firstPaint(page));
    await context.close();
  }
  times.sort((a, b) => a - b);
  const median = times[2];
  console.log(`first render, first visits: median ${Math.round(median)} ms after navigation start `
    + `(${times.map(Math.round).join(', ')} ms; budget ${FIRST_RENDER_MS} ms)`);
  assert.ok(median < FIRST_RENDER_MS, `${median} ms`);
});

/**
 * Milliseconds from an input event on the field at `path` to the change of its diagnostics
 * list, for each of `runs` edits that alternate between `values`, a value with a finding and
 * one without, so that every edit rewrites the list. Each edit waits for the page to have
 * drawn the one before.
 */
async function fieldCheckTimes(page, path, values, runs) {
  return page.evaluate(async ({ id, values, runs }) => {
    const input = document.getElementById(id);
    const list = document.getElementById(`${id}-diagnostics`);
    const times = [];
    for (let run = 0; run < runs; run += 1) {
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const changed = new Promise((resolve, reject) => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve(performance.now());
        });
        observer.observe(list, { childList: true, subtree: true, characterData: true });
        setTimeout(() => reject(new Error(`the diagnostics of ${id} did not change`)), 2000);
      });
      const started = performance.now();
      input.value = values[run % 2];
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      times.push((await changed) - started);
    }
    return times;
  }, { id: `field-${path.replaceAll('.', '-')}`, values, runs });
}

for (const [operation, path, values] of [
  ['CreateVpnRouteEntry', 'RouteDest', ['0.0.0.0/0', '10.20.0.0/24']],
  // The largest form: every field is drawn again on each edit.
  ['CreateVpnConnection', 'Name', ['http://branch', 'branch']],
]) {
  test(`${operation}: a field's check updates its diagnostics within one frame`, async () => {
    const { page } = session;
    await open(operation);
    assert.equal(await page.getAttribute(`${input(path)}-diagnostics`, 'aria-live'), 'polite', 'the diagnostics are announced');
    const times = (await fieldCheckTimes(page, path, values, 21)).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`check of one field (${operation} ${path}), input event to diagnostics updated: median ${median.toFixed(2)} ms of ${times.length} `
      + `(fastest ${times[0].toFixed(2)}, slowest ${times.at(-1).toFixed(2)}; budget ${FIELD_CHECK_MS.toFixed(1)} ms)`);
    assert.ok(median < FIELD_CHECK_MS, `${median} ms`);
  });
}
