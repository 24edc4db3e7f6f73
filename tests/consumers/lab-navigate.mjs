// Opens a `grade lab` HTML page in headless Chromium at a given width and reports how a person
// finds their way: how long the page took to load and lay out, whether the findings list comes
// before the matrices, where its first link leads (the details panel it opens), the contents,
// and whether the last column of the first matrix can be scrolled to while the hint column
// stays in view. Prints one JSON document.
// usage: node lab-navigate.mjs FILE [WIDTH]
import { openOffline } from './offline.mjs';

const [file, width] = process.argv.slice(2);
const started = Date.now();
const { browser, page, requests } = await openOffline(file, { width: Number(width || 1400), height: 900 });
try {
  const opened = Date.now() - started;
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const before = performance.now();
    document.body.getBoundingClientRect();
    return {
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      layout: performance.now() - before,
    };
  });
  const layout = await page.evaluate(() => {
    const findings = document.querySelector('section.findings');
    const table = document.querySelector('table.matrix');
    return {
      findingsFirst: !!findings && !!table &&
        !!(findings.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING),
      findings: Array.from(document.querySelectorAll('section.findings li'), (li) => ({
        text: li.textContent.trim(),
        links: Array.from(li.querySelectorAll('a'), (a) => a.getAttribute('href')),
      })),
      contents: Array.from(document.querySelectorAll('nav.toc a'), (a) => a.getAttribute('href')),
      tables: document.querySelectorAll('table.matrix').length,
    };
  });
  let opensDetails = null;
  const link = await page.$('section.findings a');
  if (link) {
    await link.click();
    await page.waitForFunction(() => !document.getElementById('details').hidden, { timeout: 5000 });
    opensDetails = await page.$eval('#details', (el) => ({
      heading: el.querySelector('h4')?.textContent.trim(),
      findings: Array.from(el.querySelectorAll('.finding .rule'), (f) => f.textContent.trim()),
    }));
  }
  const scrolled = await page.evaluate(() => {
    const wrap = document.querySelector('.wrap');
    if (!wrap) return null;
    wrap.scrollLeft = wrap.scrollWidth;
    const box = wrap.getBoundingClientRect();
    const heads = wrap.querySelectorAll('thead tr:last-child th');
    const last = heads[heads.length - 1].getBoundingClientRect();
    const hint = wrap.querySelector('tbody td.hint').getBoundingClientRect();
    return {
      overflows: wrap.scrollWidth > wrap.clientWidth,
      lastColumn: heads[heads.length - 1].textContent.trim(),
      lastVisible: last.left >= box.left - 1 && last.right <= box.right + 1,
      hintColumnVisible: hint.left >= box.left - 1 && hint.left <= box.left + 2,
    };
  });
  console.log(JSON.stringify({ opened, timing, layout, opensDetails, scrolled, requests }));
} finally {
  await browser.close();
}
