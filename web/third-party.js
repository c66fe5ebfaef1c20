// Print the license texts of every package PACKAGE depends on, transitively, its installed peer
// dependencies included (GraphiQL's bundle holds graphql-js, a peer), except React and React DOM,
// which kg ships beside it. Used by vendor.sh.
"use strict";
const fs = require("fs");
const path = require("path");

const skip = new Set(["react", "react-dom", "scheduler", "loose-envify", "js-tokens"]);
const seen = new Map();

// Node's lookup: node_modules/NAME in FROM or the nearest folder above it (package.json itself,
// not require.resolve: a package's "exports" may hide it).
function locate(name, from) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === path.dirname(dir)) return null;
  }
}

const needed = (meta) => Object.keys({ ...meta.dependencies, ...meta.peerDependencies });

function visit(name, from) {
  if (skip.has(name) || seen.has(name)) return;
  const dir = locate(name, from);
  if (dir === null) return;   // an optional peer nobody installed: not bundled
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  seen.set(name, { dir, meta });
  for (const dep of needed(meta)) visit(dep, dir);
}

const root = process.argv[2];
const rootDir = locate(root, __dirname);
if (rootDir === null) throw new Error(`${root} is not installed (run npm ci)`);
for (const dep of needed(JSON.parse(fs.readFileSync(path.join(rootDir, "package.json"), "utf8")))) visit(dep, rootDir);
const rootMeta = JSON.parse(fs.readFileSync(path.join(rootDir, "package.json"), "utf8"));
process.stdout.write(`Licenses of the packages ${root} ${rootMeta.version} depends on, as npm installed them in web/`
  + ` (web/vendor.sh); its bundle holds those it uses.\n\n`);
for (const [name, { dir, meta }] of [...seen].sort(([a], [b]) => a.localeCompare(b))) {
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  process.stdout.write(`==== ${name} ${meta.version} (${meta.license || "license not stated"})\n`);
  process.stdout.write(file ? fs.readFileSync(path.join(dir, file), "utf8").trim() + "\n\n" : "(no license file in the package)\n\n");
}
