// Loaded only in test runs: reads the suite path from the environment (the extension host
// inherits code-server's environment), runs it with mocha, writes results to a file the runner
// polls. Plain JS so it needs no build step.
'use strict';
const fs = require('fs');

exports.activate = function activate() {
  const suite = process.env.PROMPTSCOPE_TEST_SUITE;
  const resultsFile = process.env.PROMPTSCOPE_TEST_RESULTS;
  if (!suite || !resultsFile) return;
  const write = (data) => fs.writeFileSync(resultsFile, JSON.stringify(data, null, 2));
  Promise.resolve()
    .then(() => require(suite).run({ resultsFile }))
    .catch((e) => {
      // run() rejects when tests failed, after writing the results: keep those.
      try { if (JSON.parse(fs.readFileSync(resultsFile, 'utf8')).done) return; } catch { /* none written */ }
      write({ passed: 0, failed: 1, tests: [], failures: [{ title: 'harness', error: String((e && e.stack) || e) }], done: true });
    });
};

exports.deactivate = function deactivate() {};
