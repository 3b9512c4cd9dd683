'use strict';
// Entry of the installed app's command line (assets/cli/nrlab runs it with the app's runtime in Node
// mode): the CLI bundle inside app.asar, as bin/nrlab.cjs runs it from a source checkout.
const path = require('node:path');

require(path.join(__dirname, '..', 'app.asar', 'dist', 'main', 'cli.cjs'))
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
