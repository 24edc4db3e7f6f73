// Opens a page from a file in headless Chromium as a person would, with no network: any request
// the page makes is recorded and refused. Returns the browser (for the caller to close), the
// page, and the requests refused so far.
import puppeteer from 'puppeteer-core';
import { pathToFileURL } from 'node:url';

export async function openOffline(file, viewport) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport(viewport);
    const requests = [];
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url().startsWith('file:')) return request.continue();
      requests.push(request.url());
      request.abort();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { browser, page, requests };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
