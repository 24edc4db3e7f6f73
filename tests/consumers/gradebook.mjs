// Opens an HTML gradebook in headless Chromium and reports what a person would see: the rows of
// the table, the order after a click on a column header, and the details panel after a click on
// a cell. Prints one JSON document. usage: node gradebook.mjs FILE [CELL_LEARNER CELL_COLUMN] [SCREENSHOT]
import { openOffline } from './offline.mjs';

const [file, learner, column, screenshot] = process.argv.slice(2);
const { browser, page, requests } = await openOffline(file, { width: 1200, height: 700 });
try {
  const rows = () =>
    page.$$eval('#grades tbody tr', (trs) => trs.map((tr) => Array.from(tr.cells, (td) => td.textContent.trim())));
  const before = await rows();
  // Sort by the total, descending (two clicks: ascending, then descending).
  const total = await page.$('#grades thead th:nth-last-child(2)');
  await total.click();
  const ascending = await rows();
  await total.click();
  const descending = await rows();
  let details = null;
  if (learner !== undefined) {
    const cell = await page.evaluateHandle(
      (name, index) => {
        const row = Array.from(document.querySelectorAll('#grades tbody tr')).find((tr) => tr.cells[0].textContent.trim() === name);
        return row ? row.querySelector(`td[data-column="${Number(index)}"]`) : null;
      },
      learner,
      column,
    );
    const hiddenBefore = await page.$eval('#details', (el) => el.hidden);
    await cell.asElement().click();
    await page.waitForFunction(() => !document.getElementById('details').hidden);
    details = await page.$eval('#details', (el) => ({
      visible: !el.hidden && el.getBoundingClientRect().width > 0,
      heading: el.querySelector('h2')?.textContent.trim(),
      hints: Array.from(el.querySelectorAll('ol.hints > li'), (li) => ({
        status: li.querySelector('.status')?.textContent.trim(),
        text: li.textContent.trim(),
        requests: Array.from(li.querySelectorAll('.requests li'), (r) => r.textContent.trim()),
        answer: li.querySelector('.answer')?.textContent.trim() ?? null,
      })),
    }));
    details.hiddenBefore = hiddenBefore;
    if (screenshot) await page.screenshot({ path: screenshot });
  }
  // How it looks: cell colours, the header kept in place while the table scrolls, and the name
  // column kept in view on a phone's width.
  const colour = (text) =>
    page.evaluate((wanted) => {
      const cell = Array.from(document.querySelectorAll('td.cell')).find((td) => td.textContent.trim() === wanted);
      if (!cell) return null;
      return getComputedStyle(cell).backgroundColor.match(/\d+/g).slice(0, 3).map(Number);
    }, text);
  const closeDetails = await page.$('#close');
  if (closeDetails) await page.evaluate(() => { document.getElementById('details').hidden = true; });
  const look = {
    fullColour: await colour('2/2'),
    noneColour: await colour('0/2'),
    footer: await page.$eval('#grades tfoot', (f) => f.textContent.trim()),
  };
  look.headerStays = await page.evaluate(() => {
    const wrap = document.querySelector('.wrap');
    wrap.scrollTop = 400;
    const header = document.querySelector('#grades thead th');
    return wrap.scrollTop > 0 && Math.abs(header.getBoundingClientRect().top - wrap.getBoundingClientRect().top) <= 2;
  });
  await page.setViewport({ width: 400, height: 800 });
  look.nameStaysOnPhone = await page.evaluate(() => {
    const wrap = document.querySelector('.wrap');
    wrap.scrollTop = 0;
    wrap.scrollLeft = 600;
    const name = document.querySelector('#grades tbody td.name');
    return wrap.scrollLeft > 0 && Math.abs(name.getBoundingClientRect().left - wrap.getBoundingClientRect().left) <= 2;
  });
  console.log(JSON.stringify({ before, ascending, descending, details, requests, look }));
} finally {
  await browser.close();
}
