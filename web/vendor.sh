#!/usr/bin/env bash
# Refresh the browser libraries `kg serve` ships, from the npm registry, into kg/api/web/vendor/.
# Run by a maintainer when a version in package.json changes; the copied files are committed, so
# installing or running kg never needs npm or the network. Each library keeps its LICENSE beside it,
# GraphiQL's bundle also the licenses of the packages it bundles (THIRD-PARTY-LICENSES.txt), and
# VERSIONS lists what was copied.
set -euo pipefail
cd "$(dirname "$0")"
out=../kg/api/web/vendor
npm ci --no-audit --no-fund --ignore-scripts
rm -rf "$out" && mkdir -p "$out"
copy() {  # copy PACKAGE FILE...: the files and the package's LICENSE into $out/PACKAGE/
    local pkg=$1; shift
    mkdir -p "$out/$pkg"
    for f in "$@" LICENSE; do cp "node_modules/$pkg/$f" "$out/$pkg/"; done
    printf '%s %s\n' "$pkg" "$(node -p "require('./node_modules/$pkg/package.json').version")" >> "$out/VERSIONS"
}
copy react umd/react.production.min.js
copy react-dom umd/react-dom.production.min.js
copy graphiql graphiql.min.js graphiql.min.css
copy cytoscape dist/cytoscape.min.js
node third-party.js graphiql > "$out/graphiql/THIRD-PARTY-LICENSES.txt"
echo "vendored into $out:"; cat "$out/VERSIONS"
