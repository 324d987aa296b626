// Stands in for tr46's lib/mappingTable.json in the Apps Script bundle. Apps Script evaluates the whole bundle
// at the start of every execution, and parsing that table (a 250 KB JSON string) cost about 3 ms each time,
// although only non-ASCII domains ever consult it (the core's domainToAscii has an ASCII fast path). The table
// is parsed on first use instead; tr46 reads it only through `length` and indexing.
/* global require, module -- a CommonJS module that webpack bundles; the lint config declares no environment for .cjs */
"use strict";

let table = null;
function load() {
  // A require() inside the function is what makes webpack evaluate the JSON module lazily.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (table === null) table = require("tr46/lib/mappingTable.json?eager");
  return table;
}

module.exports = new Proxy([], {
  get(_target, property) {
    return load()[property];
  },
  has(_target, property) {
    return property in load();
  },
});
