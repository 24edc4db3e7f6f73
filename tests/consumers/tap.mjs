// Reads TAP from stdin with the parser from node-tap and prints what it understood as JSON.
import { Parser } from 'tap-parser';

const subtests = [];
const parser = new Parser((results) => {
  const failures = results.failures.map((f) => ({ id: f.id, name: f.name }));
  console.log(JSON.stringify({ ok: results.ok, count: results.count, pass: results.pass, fail: results.fail, failures, subtests }));
});
parser.on('child', (child) => {
  child.on('complete', (r) => subtests.push({ name: child.name, ok: r.ok, count: r.count, pass: r.pass, fail: r.fail, diag: r.failures.map((f) => f.diag) }));
});
process.stdin.pipe(parser);
