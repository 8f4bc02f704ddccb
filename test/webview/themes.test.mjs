// Light, dark and high-contrast themes of the built webview (run `npm run build` first): a
// screenshot of each to look at, and simple axe-like checks: every control and node has an
// accessible name, keyboard focus is visible, text is readable against what is behind it, the
// dot grid shows, and nothing is requested from outside the page's origin.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openWebview, viewOf, SCREENSHOTS, THEME_NAMES } from './harness.mjs';
import { catalogOf } from './runFixtures.mjs';

let view;
let catalog;
before(() => {
  view = viewOf('test/webview/fixtures/themes.workflow.json');
  catalog = catalogOf();
});

/** In the page: checks that need the DOM. Passed to `page.evaluate` as a string. */
const AUDIT = String(function audit() {
  const parse = (color) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(color);
    if (m) return { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] };
    // color-mix() computes to color(srgb r g b / a), channels 0..1
    const c = /color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)/.exec(color);
    return c ? { r: c[1] * 255, g: c[2] * 255, b: c[3] * 255, a: c[4] === undefined ? 1 : +c[4] } : undefined;
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({ r, g, b }) => {
    const c = [r, g, b].map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  /** The opaque colour behind `el`: its own and its ancestors' backgrounds, blended. */
  const backgroundOf = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && bg.a > 0) layers.push(bg);
      if (bg && bg.a >= 1) break;
    }
    let color = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) color = over(layer, color);
    return color;
  };
  const opacityOf = (el) => {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth && getComputedStyle(el).visibility !== 'hidden';
  };
  const describe = (el) => el.outerHTML.slice(0, 160);

  /** A simplified accessible name (aria-labelledby, aria-label, label, text, title, placeholder). */
  const nameOf = (el) => {
    const ids = el.getAttribute('aria-labelledby');
    if (ids) return ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
    const label = el.getAttribute('aria-label');
    if (label?.trim()) return label.trim();
    if (el.id && el.labels?.length) return [...el.labels].map((l) => l.textContent).join(' ').trim();
    const text = (node) => {
      if (node.nodeType === Node.TEXT_NODE) return node.textContent;
      if (node.nodeType !== Node.ELEMENT_NODE || node.getAttribute('aria-hidden') === 'true') return '';
      return node.getAttribute('aria-label') ?? [...node.childNodes].map(text).join(' ');
    };
    const own = text(el).replace(/\s+/g, ' ').trim();
    if (own) return own;
    return (el.getAttribute('title') ?? el.getAttribute('placeholder') ?? '').trim();
  };

  const interactive = [
    ...document.querySelectorAll(
      'button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=menuitem], [role=option], [role=tab], [role=checkbox], [role=switch], [role=treeitem], [tabindex]:not([tabindex="-1"]), .react-flow__node',
    ),
  ].filter(visible);
  const unnamed = interactive.filter((el) => !nameOf(el)).map(describe);

  // Text against what is behind it (WCAG AA: 4.5, or 3 for large text); inactive (disabled)
  // elements are exempt, as WCAG exempts them.
  const lowContrast = [];
  for (const el of document.querySelectorAll('body *')) {
    const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!ownText || !visible(el) || el.closest('[aria-hidden=true], .disabled, [disabled], .codicon, svg')) continue;
    const style = getComputedStyle(el);
    const fg = parse(style.color);
    if (!fg) continue;
    const bg = backgroundOf(el);
    const shown = over({ ...fg, a: fg.a * opacityOf(el) }, bg);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = large ? 3 : 4.5;
    const r = ratio(shown, bg);
    if (r < needed) lowContrast.push(`${r.toFixed(2)} < ${needed}: "${el.textContent.trim().slice(0, 40)}" (${el.className})`);
  }

  // The dot grid against the canvas background: decorative, but it must show.
  const dot = document.querySelector('.react-flow__background circle, .react-flow__background path');
  const dotColor = dot ? parse(getComputedStyle(dot).fill) : undefined;
  const canvasBg = backgroundOf(document.querySelector('.react-flow'));
  const gridContrast = dotColor ? ratio(over({ ...dotColor, a: dotColor.a * Number(getComputedStyle(dot).fillOpacity || 1) }, canvasBg), canvasBg) : 0;

  return { interactive: interactive.length, unnamed, lowContrast, gridContrast };
});

/**
 * In the page: what can show that `el` has focus: outline, shadow, border, background of it or
 * its card, the stroke of an edge's path.
 */
const FOCUS_STYLE = String(function focusStyle(el) {
  const parts = [el, el.firstElementChild, el.querySelector('.react-flow__edge-path')].filter(Boolean).map((e) => {
    const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor, s.backgroundColor, s.stroke, s.strokeWidth].join('|');
  });
  return parts.join(' / ');
});

/**
 * Tabs through the page; for each element that takes focus, compares how it looks focused and
 * blurred. Returns the elements whose focus does not show, and how many were checked.
 */
async function focusAudit(page, stops = 30) {
  const invisible = [];
  const seen = new Set();
  await page.locator('body').focus();
  for (let i = 0; i < stops; i++) {
    await page.keyboard.press('Tab');
    const result = await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return undefined;
      const focusStyle = ${FOCUS_STYLE};
      const focused = focusStyle(el);
      const key = el.getAttribute('data-id') ?? el.id ?? '';
      const description = el.outerHTML.slice(0, 140);
      el.blur();
      const blurred = focusStyle(el);
      el.focus();
      return { key: key + description, description, changes: focused !== blurred };
    })()`);
    if (!result || seen.has(result.key)) continue;
    seen.add(result.key);
    if (!result.changes) invisible.push(result.description);
  }
  return { checked: seen.size, invisible };
}

const VIEWPORT = { width: 1400, height: 860 };

for (const theme of THEME_NAMES) {
  test(`${theme}: screenshot, names, focus, contrast, grid, no outside requests`, async () => {
    const host = await openWebview({ initial: view, catalog, theme, viewport: VIEWPORT });
    try {
      const { page } = host;
      await page.waitForSelector('.react-flow__node[data-id="save"]');
      await page.evaluate(() => document.fonts.ready);
      await page.locator('.react-flow__node[data-id="check"]').click();
      // Keyboard focus on a node, selection on another: both in the picture.
      await page.locator('.react-flow__node[data-id="route"]').focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      await page.waitForTimeout(250);
      await host.screenshot(`theme-${theme}.png`);

      const audit = await page.evaluate(`(${AUDIT})()`);
      assert.ok(audit.interactive >= view.nodes.length, `found ${audit.interactive} interactive elements`);
      assert.deepEqual(audit.unnamed, [], 'every control and node has an accessible name');
      assert.deepEqual(audit.lowContrast, [], 'text is readable against its background');
      assert.ok(audit.gridContrast >= 1.6, `the dot grid shows (contrast ${audit.gridContrast.toFixed(2)})`);

      const focus = await focusAudit(page);
      assert.ok(focus.checked >= 3, `tabbing reached ${focus.checked} elements`);
      assert.deepEqual(focus.invisible, [], 'keyboard focus is visible on every element it reaches');

      assert.deepEqual(host.externalRequests, [], 'no request leaves the page');
      assert.deepEqual(host.errors, [], `console errors: ${host.errors.join('\n')}`);
    } finally {
      await host.close();
    }
  });

  test(`${theme}: close-up of ports, badges, a disabled node and the selection at 100%`, async () => {
    const state = { viewport: { x: -380, y: 260, zoom: 1 }, paletteOpen: false };
    const host = await openWebview({ initial: view, catalog, theme, viewport: VIEWPORT, state });
    try {
      const { page } = host;
      await page.waitForSelector('.react-flow__node[data-id="route"]');
      await page.evaluate(() => document.fonts.ready);
      await page.locator('.react-flow__node[data-id="route"]').click();
      await page.waitForTimeout(250);
      await page.locator('.react-flow').screenshot({ path: join(SCREENSHOTS, `theme-${theme}-detail.png`) });
      const audit = await page.evaluate(`(${AUDIT})()`);
      assert.deepEqual(audit.lowContrast, [], 'text is readable against its background');
      // Port labels do not run into each other or out of the card.
      const overlaps = await page.evaluate(() => {
        const labels = [...document.querySelectorAll('.port-label')].map((el) => ({ text: el.textContent, r: el.getBoundingClientRect() }));
        const hits = [];
        labels.forEach((a, i) =>
          labels.slice(i + 1).forEach((b) => {
            if (a.r.left < b.r.right && b.r.left < a.r.right && a.r.top < b.r.bottom && b.r.top < a.r.bottom) hits.push(`${a.text} / ${b.text}`);
          }),
        );
        return hits;
      });
      assert.deepEqual(overlaps, [], 'port labels do not overlap');
      assert.deepEqual(host.externalRequests, [], 'no request leaves the page');
    } finally {
      await host.close();
    }
  });
}

test("VS Code's reduce-motion setting stops spinners and flowing edges", async () => {
  const host = await openWebview({ initial: view, catalog });
  try {
    const { page } = host;
    await page.waitForSelector('.react-flow__node[data-id="start"]');
    const animations = () =>
      page.evaluate(() => {
        let spinner = document.getElementById('motion-probe');
        if (!spinner) {
          spinner = document.createElement('span');
          spinner.id = 'motion-probe';
          spinner.className = 'codicon codicon-loading codicon-modifier-spin';
          document.body.append(spinner);
        }
        const path = document.querySelector('.react-flow__edge-path');
        path.closest('.react-flow__edge').classList.add('run-edge-flowing');
        path.parentElement.classList.add('run-edge-flowing');
        return [getComputedStyle(spinner).animationName, getComputedStyle(path).animationName];
      });
    const moving = await animations();
    assert.deepEqual(moving, ['codicon-spin', 'run-edge-flow'], 'both move before');
    await page.evaluate(() => document.body.classList.add('vscode-reduce-motion'));
    assert.deepEqual(await animations(), ['none', 'none']);
  } finally {
    await host.close();
  }
});
