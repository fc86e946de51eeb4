// What the console's browser tests share: Debian's Chromium driven by playwright-core, page
// errors collected (a test fails on any), screenshots under VPNROUTE_SCREENSHOTS, and unsigned
// calls to the server under test (both ends are loopback, so the server takes them).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { launchChromium } from '../chromium.mjs';

export const url = process.env.VPNROUTE_URL;
assert.ok(url, 'VPNROUTE_URL must point at a running vpnroute serve');
const screenshots = process.env.VPNROUTE_SCREENSHOTS ?? 'target/screenshots';

export const REGION = 'cn-hangzhou';
export const GATEWAY = 'vpn-bp1a3kqjiiq9legfx0001';
export const CONNECTION = 'vco-bp15oes1py4i66rmd0001';
export const DUAL_GATEWAY = 'vpn-bp1demo0dualtunnel0002';
export const DUAL_CONNECTION = 'vco-bp1demo0dualtunnel0003';
export const OLD_GATEWAY = 'vpn-bp1demo0oldversion0003';
export const OLD_CONNECTION = 'vco-bp1demo0oldversion0004';
export const TR_CONNECTION = 'vco-bp1demo0transit0000005';
export const CUSTOMER_GATEWAYS = ['cgw-bp1demo0branch0000001', 'cgw-bp1demo0branch0000002'];

async function openBrowser(pageOptions) {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...pageOptions });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Refused calls log "Failed to load resource" for their 4xx; the tests expect those.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() === 404 && !response.url().endsWith('/')) errors.push(`404 for ${response.url()}`);
  });
  mkdirSync(screenshots, { recursive: true });
  return { browser, page, errors };
}

/**
 * Opens the browser before the file's tests and closes it after them, failing the file if
 * the page logged any error. Returns the session; its `page` is set once the tests run.
 * `pageOptions` go to playwright's `newPage`.
 */
export function usePage(pageOptions = {}) {
  const session = {};
  before(async () => Object.assign(session, await openBrowser(pageOptions)));
  after(async () => {
    await session.browser?.close();
    assert.deepEqual(session.errors, [], 'the page logged no errors');
  });
  return session;
}

/** A full-page screenshot in `target/screenshots/`, named `<page's language>-<name>.png`. */
export async function screenshot(page, name) {
  const lang = await page.evaluate(() => document.documentElement.lang);
  assert.ok(lang, `the page of screenshot ${name} names no language`);
  await page.screenshot({ path: join(screenshots, `${lang}-${name}.png`), fullPage: true });
}

/** One unsigned RPC call to the server under test; resolves to [status, body]. */
export async function rpc(action, params) {
  const response = await fetch(`${url.replace(/\/$/, '')}/?${new URLSearchParams(params)}`, {
    method: 'POST',
    headers: { 'x-acs-action': action, 'x-acs-version': '2016-04-28' },
  });
  return [response.status, await response.json()];
}

/** The input of the field at wire path `path` (dots become dashes in ids). */
export const input = (path) => `#field-${path.replaceAll('.', '-')}`;
export const field = (page, path) => page.locator(`[data-field="${path}"]`);
export const diagnostic = (page, path, rule) => field(page, path).locator(`[data-rule="${rule}"]`).first();

function binary() {
  const path = process.env.VPNROUTE_BIN;
  assert.ok(path, 'VPNROUTE_BIN must be the vpnroute binary (cargo xtask test sets it)');
  return path;
}

/** Starts `vpnroute serve` with `args` on loopback `port` (0: a free one); the process and its URL. */
async function startServer(port, args) {
  const server = spawn(binary(), [
    'serve', '--listen', `127.0.0.1:${port}`, '--console', process.env.VPNROUTE_CONSOLE ?? 'dist', ...args,
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await createInterface({ input: server.stdout })[Symbol.asyncIterator]().next();
  const line = first.value ?? '';
  assert.match(line, /^vpnroute console: http:\/\/127\.0\.0\.1:\d+\/$/);
  return { server, url: line.replace('vpnroute console: ', '') };
}

/**
 * A `vpnroute serve` of the test file's own (VPNROUTE_BIN, set by `cargo xtask test`) on a
 * free loopback port, seeded with `seed` (the emulator's seed-file shape): started before the
 * file's tests and stopped after them. Call it at the top of the file; its `url` is set once
 * the tests run.
 */
export function serverOfOwn(seed, extraArgs = []) {
  const own = {};
  let server;
  let dir;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpnroute-browser-'));
    const seedFile = join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    ({ server, url: own.url } = await startServer(0, ['--ephemeral', '--seed', seedFile, ...extraArgs]));
  });
  after(() => {
    server?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return own;
}

/**
 * A `vpnroute serve` of the test file's own over the demo world that keeps its database in a
 * directory of its own, so that it can be killed (`kill9`) and started again (`restart`) on the
 * same port and data. `accounts` ([name, role] pairs) are added before the first start; their
 * key pairs are in `own.keys[name]`.
 */
export function durableServerOfOwn(extraArgs = [], accounts = []) {
  const own = { keys: {} };
  let server;
  let dir;
  let port = 0;
  own.restart = async () => {
    ({ server, url: own.url } = await startServer(port, ['--data', dir, ...extraArgs]));
    port = new URL(own.url).port;
  };
  own.kill9 = async () => {
    const exited = once(server, 'exit');
    server.kill('SIGKILL');
    await exited;
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpnroute-browser-'));
    for (const [name, role] of accounts) {
      const printed = execFileSync(binary(), ['users', 'add', name, '--role', role, '--data', dir], { encoding: 'utf8' });
      own.keys[name] = {
        id: printed.match(/AccessKeyId:\s+(\S+)/)[1],
        secret: printed.match(/AccessKeySecret:\s+(\S+)/)[1],
      };
    }
    await own.restart();
  });
  after(() => {
    server?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return own;
}

/**
 * Makes `lang` the console's language for the pages opened next, as its language switch
 * would remember it; `undefined` leaves the choice to the browser's language.
 */
export async function useLanguage(page, lang) {
  if (!page.url().startsWith(url)) await page.goto(url);
  await page.evaluate((chosen) => {
    if (chosen === undefined) localStorage.removeItem('vpnroute.lang');
    else localStorage.setItem('vpnroute.lang', chosen);
  }, lang);
}

/** The addresses (`#/…`) of the pages the console's navigation lists, in its order. */
export async function navigationPages(page) {
  await page.goto(url);
  await page.locator('nav a').first().waitFor();
  return page.locator('nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
}

/** A name for a page's address in file names: `#/plan` gives `plan`. */
export const pageName = (href) => href.replace(/^#\/?/, '') || 'home';

/**
 * A plan whose checked table is wide: long ids in every row, a row with an error and its
 * one-click fix, a duplicate of a live route, and a policy route.
 */
export function widePlan() {
  return [
    'Action,RegionId,VpnGatewayId,RouteSource,RouteDest,NextHop,Weight,PublishVpc',
    `CreateVpnRouteEntry,${REGION},${GATEWAY},,10.140.0.1/24,${CONNECTION},100,true`,
    `CreateVpnRouteEntry,${REGION},${GATEWAY},,10.141.0.0/24,${CONNECTION},50,true`,
    `CreateVpnPbrRouteEntry,${REGION},${DUAL_GATEWAY},10.0.0.0/16,192.168.0.0/16,${DUAL_CONNECTION},100,true`,
    `CreateVpnPbrRouteEntry,${REGION},${OLD_GATEWAY},10.142.0.0/24,172.31.142.0/24,${OLD_CONNECTION},0,false`,
    `CreateVpnRouteEntry,${REGION},${DUAL_GATEWAY},,10.143.0.0/24,${DUAL_CONNECTION},100,true`,
  ].join('\n');
}

/**
 * A write the engine refuses (Weight 50), so the audit log has a record to show; the tables
 * stay as they are.
 */
export async function leaveAuditRecord() {
  const [status] = await rpc('CreateVpnRouteEntry', {
    RegionId: REGION, VpnGatewayId: GATEWAY, RouteDest: '10.144.0.0/24', NextHop: CONNECTION, Weight: '50', PublishVpc: 'true',
  });
  assert.equal(status, 400);
}

/**
 * Opens the page at `href` and brings it to the state that shows the most, recognised by what
 * the page holds rather than by its address: the gateway view of a gateway with findings, a
 * looked-up route, a checked `widePlan()`, the audit log's records; a form with its examples
 * checked and its JSON configs and lists open.
 */
export async function openFilled(page, href) {
  await page.goto('about:blank');
  await page.goto(`${url}${href}`);
  await page.locator('main h2').first().waitFor();
  if (await page.locator('#gateway-select').count()) {
    await page.locator(`#gateway-select option[value="${DUAL_GATEWAY}"]`).waitFor({ state: 'attached' });
    await page.selectOption('#gateway-select', DUAL_GATEWAY);
    await page.locator(`[data-gateway="${DUAL_GATEWAY}"] #policy-routes tbody tr`).first().waitFor();
  } else if (await page.locator('#lookup-gateway').count()) {
    // Its default addresses take a policy route there, so the answer names the route.
    await page.locator(`#lookup-gateway option[value="${DUAL_GATEWAY}"]`).waitFor({ state: 'attached' });
    await page.selectOption('#lookup-gateway', DUAL_GATEWAY);
    await page.locator(`#down-${DUAL_CONNECTION}`).waitFor();
    await page.click('#lookup-run');
    await page.locator('#lookup-answer').waitFor();
  } else if (await page.locator('#plan-text').count()) {
    const plan = widePlan();
    await page.fill('#plan-text', plan);
    await page.click('#plan-check');
    await page.locator('#plan-rows tbody tr').nth(plan.split('\n').length - 2).waitFor();
  } else if (await page.locator('[data-operation]').count()) {
    // JSON configs and lists open, so that their sub-forms are on screen too.
    await page.locator('main details').evaluateAll((all) => all.forEach((details) => { details.open = true; }));
  } else {
    // The audit log: its records arrive after the page.
    await page.locator('main table tbody tr').first().waitFor();
  }
}

/** axe-core's own file, injected into the page under test. */
const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Runs axe-core on every page the navigation lists, each brought to its filled state
 * (`openFilled`), in language `lang` (`undefined`: the browser's) and colour scheme
 * `colorScheme` (`light` or `dark`). Returns each serious or critical violation as
 * `{ page, rule, impact, help, targets }`, and prints a summary line per page. axe is injected
 * as an inline script, which the console's Content-Security-Policy refuses: the page must
 * come from `usePage({ bypassCSP: true })`.
 */
export async function axeEveryPage(page, { lang, colorScheme = 'light' } = {}) {
  await leaveAuditRecord();
  await useLanguage(page, lang);
  await page.emulateMedia({ colorScheme });
  const found = [];
  const check = async (name) => {
    found.push(...(await axeHere(page, `${name} (${lang ?? 'browser language'}, ${colorScheme})`)).map((v) => ({ page: name, ...v })));
  };
  for (const href of await navigationPages(page)) {
    await openFilled(page, href);
    await check(pageName(href));
    if (await page.locator('#gateway-select').count()) {
      // The gateway view's other tabs, each once its content has arrived.
      for (const [tab, content] of GATEWAY_TABS) {
        await page.click(`#tab-${tab}`);
        await page.locator(content).first().waitFor();
        await check(`${pageName(href)}/${tab}`);
      }
    }
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

/** The gateway view's tabs after its routes, each with what shows once it has its content. */
const GATEWAY_TABS = [
  ['policy-map', '#policy-map'],
  ['failover', '.failover-connection'],
  ['intents', '#intents-results :is(#intents-hold, ul, .failed)'],
];

/**
 * Runs axe-core on the page as it is, prints a summary line labelled `label`, and returns its
 * serious and critical violations as `{ rule, impact, help, targets }`. The page must come
 * from `usePage({ bypassCSP: true })` (see `axeEveryPage`).
 */
export async function axeHere(page, label) {
  await page.addScriptTag({ path: axeSource });
  const { passed, violations } = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    return {
      passed: results.passes.length,
      violations: results.violations.map((v) => ({
        rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')),
      })),
    };
  });
  assert.ok(passed > 0, `axe checked nothing on ${label}`);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  console.log(`# axe ${label}: ${passed} rules passed, ${violations.length} violated, ${serious.length} of them serious or critical`
    + serious.map((v) => `\n#   ${v.impact} ${v.rule}: ${v.help} — ${v.targets.slice(0, 3).join(', ')}`).join(''));
  return serious;
}
