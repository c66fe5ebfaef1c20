// Print the license texts of every package PACKAGE depends on, transitively (those its bundle may
// include), except React and React DOM, which kg ships beside it. Used by vendor.sh.
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
    if (dir === path.dirname(dir)) throw new Error(`${name} is not installed (run npm ci)`);
  }
}

function visit(name, from) {
  if (skip.has(name) || seen.has(name)) return;
  const dir = locate(name, from);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  seen.set(name, { dir, meta });
  for (const dep of Object.keys(meta.dependencies || {})) visit(dep, dir);
}

const root = process.argv[2];
const rootDir = locate(root, __dirname);
for (const dep of Object.keys(JSON.parse(fs.readFileSync(path.join(rootDir, "package.json"), "utf8")).dependencies || {})) {
  visit(dep, rootDir);
}
for (const [name, { dir, meta }] of [...seen].sort(([a], [b]) => a.localeCompare(b))) {
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  process.stdout.write(`==== ${name} ${meta.version} (${meta.license || "license not stated"})\n`);
  process.stdout.write(file ? fs.readFileSync(path.join(dir, file), "utf8").trim() + "\n\n" : "(no license file in the package)\n\n");
}
