// Runs hint code in headless Chromium on a page of freeCodeCamp's origin, as a learner's browser
// runs it there: `code` is the app's URL, `assert` is chai's, and `fetch` is the browser's own.
// The page itself is served here (the real site is never asked); every other request goes to the
// network as the page makes it. Prints, as JSON, each hint's verdict and message.
// usage: node hints.mjs CASES.json   (CASES: {"origin": ..., "code": URL, "hints": [code, ...]})
import puppeteer from 'puppeteer-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const chai = readFileSync(createRequire(import.meta.url).resolve('chai/chai.js'), 'utf8');
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--ignore-certificate-errors',
    // A page on a public origin reaching a loopback app is what grading a local app stands for;
    // the private-network checks that would stop it belong to the deployment, not to the hint.
    '--disable-features=PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests,LocalNetworkAccessChecks',
  ],
});
try {
  const page = await browser.newPage();
  const home = `${cases.origin}/learn`;
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() === home) {
      return request.respond({ status: 200, contentType: 'text/html', body: '<!doctype html><title>learn</title>' });
    }
    return request.continue();
  });
  await page.goto(home, { waitUntil: 'load' });
  await page.addScriptTag({ content: chai });
  const verdicts = [];
  for (const hint of cases.hints) {
    const verdict = await page.evaluate(async (code, hint) => {
      const assert = window.chai.assert;
      try {
        const run = new Function('code', 'assert', `return (async () => {\n${hint}\n})();`);
        await Promise.race([
          run(code, assert),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 10000)),
        ]);
        return { passed: true, message: null };
      } catch (error) {
        return { passed: false, message: String(error && error.message || error) };
      }
    }, cases.code, hint);
    verdicts.push(verdict);
  }
  console.log(JSON.stringify(verdicts));
} finally {
  await browser.close();
}
