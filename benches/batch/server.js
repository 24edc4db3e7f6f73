// The emulated learner apps of the batch benchmark: one process listening on one loopback port
// per learner. Every answer takes DELAY ms. Of every ten learners, one is out: the first such
// app answers 500 to everything (broken), the next one does not listen at all (unreachable).
// Each port counts the requests it is handling at once; `GET /stats` on the control port tells
// the highest count any port saw.
//
// usage: node server.js LEARNERS [DELAY_MS]   prints {"control": PORT, "ports": [...]} on stdout
'use strict';
const http = require('http');

const learners = Number(process.argv[2] || 200);
const delay = Number(process.argv[3] || 50);
let highest = 0;
let requests = 0;

function app(kind) {
  let active = 0;
  return http.createServer((req, res) => {
    active += 1;
    requests += 1;
    highest = Math.max(highest, active);
    setTimeout(() => {
      active -= 1;
      if (kind === 'broken') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('broken');
      }
      const match = /\/c(\d+)$/.exec(req.url);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(match ? { route: Number(match[1]) } : { up: true }));
    }, delay);
  });
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

(async () => {
  const ports = [];
  let out = 0;
  for (let i = 0; i < learners; i++) {
    const kind = i % 10 === 9 ? (out++ % 2 === 0 ? 'broken' : 'unreachable') : 'ok';
    const server = app(kind);
    const port = await listen(server);
    // An unreachable app: its port was free a moment ago, and nothing listens there now.
    if (kind === 'unreachable') server.close();
    ports.push(port);
  }
  const control = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ highest, requests }));
  });
  const controlPort = await listen(control);
  process.stdout.write(JSON.stringify({ control: controlPort, ports }) + '\n');
})();
