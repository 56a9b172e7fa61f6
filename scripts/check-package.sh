#!/usr/bin/env bash
# The package as a teacher installs it: `npm pack`, then the tarball installed in an empty project
# with only the npm registry reachable (every other host behind a proxy that answers nothing), then
# `npx estrade build` on a course. Fails on a browser download, an EBADENGINE warning, a build
# warning or a non-zero exit. Run by .ci/run; needs the npm registry and a system Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/estrade-package-XXXXXX")
trap 'rm -rf "$work"' EXIT
node scripts/compile.mjs >/dev/null
tarball=$(npm pack --silent --pack-destination "$work" | tail -1)
registry=$(npm config get registry | sed -E 's#^[a-z]+://([^/:]+).*#\1#')
cd "$work"
npm init -y >/dev/null
export HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9
export NO_PROXY="$registry" no_proxy="$registry" npm_config_noproxy="$registry"
npm install --no-audit --no-fund "./$tarball" >install.log 2>&1 || { cat install.log; echo "check-package: npm install failed"; exit 1; }
if grep -Ei 'EBADENGINE|ERR!|Failed to set up' install.log; then echo "check-package: the install warned or failed (above)"; exit 1; fi
mkdir slides
cp "$OLDPWD/tests/fixtures/small/short-course.md" slides/
npx --no-install estrade build 2>build.err >build.out || { cat build.out build.err; echo "check-package: npx estrade build failed"; exit 1; }
if grep -E '^warning|error' build.err; then echo "check-package: the build warned (above)"; exit 1; fi
test -f dist/short-course/index.html
echo "check-package: the packed estrade installs from the registry alone and builds ($(tail -1 build.out))"
