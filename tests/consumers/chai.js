// Runs every case of chai-cases.js with real chai@4 and prints, as JSON, each case with whether
// it passed and the message it failed with.
const { assert } = require('chai');
const cases = require('./chai-cases.js');

const results = cases.map((code) => {
  try {
    new Function('assert', code)(assert);
    return { code, pass: true };
  } catch (error) {
    const name = error && error.name;
    return { code, pass: false, name, message: error && error.message !== undefined ? String(error.message) : String(error) };
  }
});
console.log(JSON.stringify(results));
