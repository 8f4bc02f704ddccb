#!/usr/bin/env node
// The `workflow` command. The code is the esbuild bundle (run `npm run build` first).
require('../dist/cli.js').runCli();
