// Builds, in one run, the extension host bundle (node, cjs, `vscode` external, kafkajs and amqplib inside)
// and one browser bundle per webview panel. Flags: --watch, --production (minified, no sourcemaps).
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Each folder under src/webview with a main.ts is one panel bundle. */
function webviewEntries() {
  const root = path.join(__dirname, 'src', 'webview');
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, d.name, 'main.ts')))
    .map((d) => ({ in: path.join(root, d.name, 'main.ts'), out: d.name }));
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
  legalComments: 'none',
};

/** @type {import('esbuild').BuildOptions} */
const hostOptions = {
  ...common,
  entryPoints: { extension: 'src/extension/extension.ts' },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
};

/** @type {import('esbuild').BuildOptions} */
const webviewOptions = {
  ...common,
  entryPoints: webviewEntries(),
  outdir: 'dist/webview',
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  loader: { '.css': 'text' },
  tsconfig: 'src/webview/tsconfig.json',
};

function formatSize(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

function printSizes(result) {
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    console.log(`  ${file.padEnd(36)} ${formatSize(info.bytes)}`);
  }
}

/** Prints sizes after every (re)build in watch mode. */
const reportPlugin = {
  name: 'report',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length === 0 && result.metafile) printSizes(result);
    });
  },
};

async function main() {
  fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
  copyCodicons();
  const configs = [hostOptions, webviewOptions].map((o) => ({ ...o, plugins: [reportPlugin] }));
  if (watch) {
    for (const config of configs) await (await esbuild.context(config)).watch();
    console.log('esbuild: watching for changes');
    return;
  }
  console.log(`esbuild: ${production ? 'production' : 'development'} build`);
  await Promise.all(configs.map((c) => esbuild.build(c)));
}

/** The codicon font ships beside the webview bundles so panels load it through their CSP. */
function copyCodicons() {
  const from = path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join(__dirname, 'dist', 'webview', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, file), path.join(to, file));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
