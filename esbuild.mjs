// Bundles the extension client, the language server and the CLI into dist/.
// One bundle each keeps the packaged extension free of node_modules and starts fast.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // jsonc-parser's UMD entry loads its parts with a dynamic require esbuild cannot follow; its ES module entry bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/cli.js' },
  // DMARC reports are parsed off the extension host's thread.
  { ...common, entryPoints: ['client/src/reports/reportWorker.ts'], outfile: 'dist/reportWorker.js' },
  { ...common, entryPoints: ['local-aws/cli.ts'], outfile: 'dist/local-aws.js' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
