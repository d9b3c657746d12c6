#!/usr/bin/env node
// Thin launcher so `npx email-auth` works in a checkout once `npm run build` has produced dist/.
require('../dist/cli.js');
