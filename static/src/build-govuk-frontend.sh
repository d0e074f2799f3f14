#!/usr/bin/env bash
# Rebuild the vendored GOV.UK Frontend in static/vendor/govuk-frontend/.
#
# Usage (from anywhere inside the repo):
#   bash static/src/build-govuk-frontend.sh
#
# Needs node + npm only while rebuilding; the site itself never needs npm.
# Pinned packages are installed into a throw-away temporary directory, so no
# node_modules, package.json or lock file is ever left in the repo.
set -euo pipefail

GOVUK_FRONTEND_VERSION="5.14.0"
SASS_VERSION="1.77.8"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATIC_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
ENTRY="$SCRIPT_DIR/govuk-frontend.scss"
OUT_DIR="$STATIC_DIR/vendor/govuk-frontend"

for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is required to rebuild" >&2; exit 1; }
done
[ -f "$ENTRY" ] || { echo "error: missing $ENTRY" >&2; exit 1; }

WORK_DIR="$(mktemp -d)"
trap 'rm -rf "$WORK_DIR"' EXIT

echo "==> Installing govuk-frontend@$GOVUK_FRONTEND_VERSION and sass@$SASS_VERSION into a temporary directory"
cd "$WORK_DIR"
printf '{ "name": "govuk-frontend-build", "private": true }\n' > package.json
npm install --no-audit --no-fund --ignore-scripts --save-exact --loglevel=error \
  "govuk-frontend@$GOVUK_FRONTEND_VERSION" "sass@$SASS_VERSION"

PKG="$WORK_DIR/node_modules/govuk-frontend"
installed="$(node -p "require('$PKG/package.json').version")"
licence="$(node -p "require('$PKG/package.json').license")"
[ "$installed" = "$GOVUK_FRONTEND_VERSION" ] || { echo "error: got govuk-frontend $installed" >&2; exit 1; }
[ "$licence" = "MIT" ] || { echo "error: unexpected govuk-frontend licence: $licence" >&2; exit 1; }

echo "==> Compiling $(basename "$ENTRY")"
"$WORK_DIR/node_modules/.bin/sass" \
  --style=compressed --no-source-map --quiet-deps \
  --load-path="$WORK_DIR/node_modules" \
  "$ENTRY" "$WORK_DIR/govuk-frontend.min.css"
CSS="$WORK_DIR/govuk-frontend.min.css"

echo "==> Checking the compiled CSS"
if grep -qi 'GDS Transport' "$CSS"; then
  echo "error: compiled CSS still mentions GDS Transport" >&2; exit 1
fi
if grep -qiE '\.woff2?|\.ttf|\.eot|@font-face' "$CSS"; then
  echo "error: compiled CSS still references font files" >&2; exit 1
fi

# Asset files the CSS still points at (paths relative to .../assets/).
ASSET_PREFIX="/static/vendor/govuk-frontend/assets/"
mapfile -t assets < <(grep -oE "url\([\"']?${ASSET_PREFIX}[^\"')]+" "$CSS" \
  | sed -E "s#^url\([\"']?${ASSET_PREFIX}##" | sort -u || true)
if grep -oE 'url\([^)]*\)' "$CSS" | grep -vqE "url\([\"']?(${ASSET_PREFIX}|data:)"; then
  echo "error: compiled CSS references a URL outside $ASSET_PREFIX" >&2; exit 1
fi

echo "==> Writing $OUT_DIR"
mkdir -p "$OUT_DIR"
rm -rf "$OUT_DIR/assets"
rm -f "$OUT_DIR/govuk-frontend.min.css" "$OUT_DIR/govuk-frontend.min.js" "$OUT_DIR/govuk-frontend.min.js.map"
cp "$CSS" "$OUT_DIR/govuk-frontend.min.css"
# ES module, copied unchanged (load with <script type="module">, then initAll()).
# Its trailing sourceMappingURL comment is left as is; the .map is not vendored
# (ManifestStaticFilesStorage does not follow that inline comment).
cp "$PKG/dist/govuk/govuk-frontend.min.js" "$OUT_DIR/govuk-frontend.min.js"

for asset in "${assets[@]}"; do
  case "$asset" in
    fonts/*|*.woff|*.woff2) echo "error: refusing to vendor font $asset" >&2; exit 1 ;;
  esac
  src="$PKG/dist/govuk/assets/$asset"
  [ -f "$src" ] || { echo "error: CSS references missing asset $asset" >&2; exit 1; }
  mkdir -p "$OUT_DIR/assets/$(dirname "$asset")"
  cp "$src" "$OUT_DIR/assets/$asset"
  echo "    asset: $asset"
done
[ "${#assets[@]}" -gt 0 ] || echo "    (the CSS references no asset files; no assets/ folder)"

# The npm tarball does not include the licence file, only "license": "MIT" in
# package.json (checked above); this is the upstream repository's LICENSE.txt.
cat > "$OUT_DIR/LICENSE.txt" <<'LICENCE'
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENCE

echo "==> Done: govuk-frontend $GOVUK_FRONTEND_VERSION compiled with sass $SASS_VERSION"
ls -l "$OUT_DIR"
