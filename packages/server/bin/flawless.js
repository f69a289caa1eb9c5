#!/usr/bin/env node
// The `flawless` command. A committed file (not a build output) so npm can link it at
// install time, before `npm install`'s build step has compiled the CLI.
require('../dist/src/cli/main.js').run();
