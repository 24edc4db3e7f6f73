// Opens an HTML gradebook in headless Chromium and reports what a person would see: the rows of
// the table, the order after a click on a column header, and the details panel after a click on
// a cell. Prints one JSON document. usage: node gradebook.mjs FILE [CELL_LEARNER CELL_COLUMN] [SCREENSHOT]
import puppeteer from 'puppeteer-core';
import { pathToFileURL } from 'node:url';

const [file, learner, column, screenshot] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 700 });
  // The page must work offline: any request it makes is recorded and refused.
  const requests = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url().startsWith('file:')) return request.continue();
    requests.push(request.url());
    request.abort();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const rows = () =>
    page.$$eval('#grades tbody tr', (trs) => trs.map((tr) => Array.from(tr.cells, (td) => td.textContent.trim())));
  const before = await rows();
  // Sort by the total, descending (two clicks: ascending, then descending).
  const total = await page.$('#grades thead th:last-child');
  await total.click();
  const ascending = await rows();
  await total.click();
  const descending = await rows();
  let details = null;
  if (learner !== undefined) {
    const cell = await page.evaluateHandle(
      (name, index) => {
        const row = Array.from(document.querySelectorAll('#grades tbody tr')).find((tr) => tr.cells[0].textContent.trim() === name);
        return row ? row.cells[2 + Number(index)] : null;
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
      })),
    }));
    details.hiddenBefore = hiddenBefore;
    if (screenshot) await page.screenshot({ path: screenshot });
  }
  console.log(JSON.stringify({ before, ascending, descending, details, requests }));
} finally {
  await browser.close();
}
