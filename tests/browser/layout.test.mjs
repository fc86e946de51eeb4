// Layout in headless Chromium: at 1024 and 1440 px wide, in English and Simplified Chinese, no
// page's content runs past its card or the window, with every page in its filled state (wide tables: the gateway view of a
// gateway with findings, a checked plan of several rows, the audit log). A screenshot per page
// and width, and one in the dark theme.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePage, screenshot, navigationPages, openFilled, pageName, leaveAuditRecord, useLanguage } from './support.mjs';

const session = usePage();

/**
 * What sticks out, measured in the page: the page scrolling sideways, a card wider than the
 * window, any element of a card past the card's inner edges, and any element that clips its
 * own content sideways without being meant to scroll (`pre`, `textarea`, inputs) or naming
 * what it hides in a `title`.
 */
function overflows() {
  const found = [];
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`
    + ` "${(el.textContent ?? '').trim().slice(0, 40)}"`;
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) found.push(`the page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth} px`);
  const scrolls = new Set(['PRE', 'TEXTAREA', 'INPUT', 'SELECT']);
  for (const card of document.querySelectorAll('main > *')) {
    const box = card.getBoundingClientRect();
    if (box.right > root.clientWidth + 0.5) found.push(`${name(card)} ends at ${box.right} px, past the window (${root.clientWidth} px)`);
    const style = getComputedStyle(card);
    const left = box.left + parseFloat(style.borderLeftWidth);
    const right = box.right - parseFloat(style.borderRightWidth);
    // An element is named only where it sticks out and its parent does not: a table's cells
    // are not listed again under the table.
    const outside = new Set();
    for (const el of card.querySelectorAll('*')) {
      // What a scrolling element holds may lie beyond it; the element itself is checked.
      if (el.parentElement.closest('pre, svg')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > right + 0.5 || r.left < left - 0.5) {
        outside.add(el);
        if (outside.has(el.parentElement)) continue;
        found.push(`${name(el)} spans ${r.left.toFixed(1)}–${r.right.toFixed(1)} px, outside its card's ${left.toFixed(1)}–${right.toFixed(1)} px`);
      }
      const clips = getComputedStyle(el).overflowX !== 'visible';
      if (clips && el.scrollWidth > el.clientWidth + 1 && !scrolls.has(el.tagName) && !el.title) {
        found.push(`${name(el)} hides ${el.scrollWidth - el.clientWidth} px of its content without a title`);
      }
    }
  }
  return found;
}

for (const lang of ['en', 'zh-CN']) {
  test(`no page runs past its card at 1024 or 1440 px, in the light and the dark theme (${lang})`, async () => {
    const { page } = session;
    await leaveAuditRecord();
    await useLanguage(page, lang);
    const problems = [];
    for (const href of await navigationPages(page)) {
      for (const width of [1024, 1440]) {
        await page.setViewportSize({ width, height: 900 });
        await openFilled(page, href);
        const found = await page.evaluate(overflows);
        problems.push(...found.map((problem) => `${pageName(href)} at ${width} px: ${problem}`));
        await screenshot(page, `layout-${pageName(href)}-${width}`);
      }
      // The dark theme changes colours only, so one width shows it.
      await page.emulateMedia({ colorScheme: 'dark' });
      problems.push(...(await page.evaluate(overflows)).map((problem) => `${pageName(href)} at 1440 px, dark: ${problem}`));
      await screenshot(page, `layout-${pageName(href)}-1440-dark`);
      await page.emulateMedia({ colorScheme: 'light' });
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  });
}

test('the dark theme is the one the browser asks for', async () => {
  const { page } = session;
  const background = () => getComputedStyle(document.documentElement).backgroundColor;
  const [href] = await navigationPages(page);
  await openFilled(page, href);
  const light = await page.evaluate(background);
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await page.evaluate(background);
  await page.emulateMedia({ colorScheme: 'light' });
  assert.notEqual(light, dark);
  const luminance = (rgb) => rgb.match(/\d+/g).slice(0, 3).reduce((sum, c) => sum + Number(c), 0);
  assert.ok(luminance(dark) < luminance(light), `${dark} is darker than ${light}`);
});
