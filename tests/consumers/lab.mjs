// Opens a `grade lab` HTML page in headless Chromium and reports what a person would see: each
// matrix with its columns and cells (text, class, background colour), and the details panel after
// a click on the first cell whose class is CLASS. Prints one JSON document.
// usage: node lab.mjs FILE CLASS [SCREENSHOT]
import { openOffline } from './offline.mjs';

const [file, wanted, screenshot] = process.argv.slice(2);
const { browser, page, requests } = await openOffline(file, { width: 1400, height: 900 });
try {
  const matrices = await page.$$eval('table.matrix', (tables) =>
    tables.map((table) => ({
      challenge: table.closest('.wrap').previousElementSibling.textContent.trim(),
      columns: Array.from(table.tHead.rows[1].cells, (th) => th.textContent.trim()),
      rows: Array.from(table.tBodies[0].rows, (tr) =>
        Array.from(tr.cells).slice(1).map((td) => ({
          text: td.textContent.trim(),
          class: td.className.replace(/\b(cell|group)\b/g, '').trim(),
          colour: getComputedStyle(td).backgroundColor,
        })),
      ),
    })),
  );
  const hiddenBefore = await page.$eval('#details', (el) => el.hidden);
  let details = null;
  const cell = await page.$(`td.cell.${wanted}[data-details]`);
  if (cell) {
    await cell.click();
    await page.waitForFunction(() => !document.getElementById('details').hidden);
    details = await page.$eval('#details', (el) => ({
      visible: !el.hidden && el.getBoundingClientRect().width > 0,
      heading: el.querySelector('h4')?.textContent.trim(),
      findings: Array.from(el.querySelectorAll('.finding'), (f) => f.textContent.trim()),
      trials: Array.from(el.querySelectorAll('ol.trials li'), (li) => li.textContent.trim()),
    }));
    if (screenshot) await page.screenshot({ path: screenshot });
  }
  console.log(JSON.stringify({ matrices, hiddenBefore, details, requests }));
} finally {
  await browser.close();
}
