#!/usr/bin/env bash
# Rebuild the vendored KRDS (Korea Design System) CSS in static/vendor/krds/.
#
# Usage (from anywhere inside the repo):
#   bash static/src/build-krds.sh
#
# Needs node + npm only while rebuilding; the site itself never needs npm.
# Pinned packages go into a throw-away temporary directory, so no
# node_modules, package.json or lock file is ever left in the repo.
#
# Steps: compile static/src/krds.scss (the KRDS components the site uses, with
# the project's settings) → drop every rule whose classes appear nowhere in
# the project's templates, Python or JavaScript (PurgeCSS) → copy only the
# icons the remaining CSS points at. Run it again after using a KRDS class
# for the first time (tests/site/test_krds_assets.py fails until you do).
set -euo pipefail

KRDS_VERSION="1.1.0"
SASS_VERSION="1.77.8"
PURGECSS_VERSION="8.0.0"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATIC_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
REPO_DIR="$(cd "$STATIC_DIR/.." && pwd)"
ENTRY="$SCRIPT_DIR/krds.scss"
OUT_DIR="$STATIC_DIR/vendor/krds"

for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is required to rebuild" >&2; exit 1; }
done

WORK_DIR="$(mktemp -d)"
trap 'rm -rf "$WORK_DIR"' EXIT

echo "==> Installing krds-uiux@$KRDS_VERSION, sass@$SASS_VERSION, purgecss@$PURGECSS_VERSION"
cd "$WORK_DIR"
printf '{ "name": "krds-build", "private": true }\n' > package.json
npm install --no-audit --no-fund --ignore-scripts --save-exact --loglevel=error \
  "krds-uiux@$KRDS_VERSION" "sass@$SASS_VERSION" "purgecss@$PURGECSS_VERSION"

PKG="$WORK_DIR/node_modules/krds-uiux"
installed="$(node -p "require('$PKG/package.json').version")"
[ "$installed" = "$KRDS_VERSION" ] || { echo "error: got krds-uiux $installed" >&2; exit 1; }

echo "==> Compiling $(basename "$ENTRY")"
"$WORK_DIR/node_modules/.bin/sass" --style=expanded --no-source-map --quiet-deps \
  --load-path="$PKG/resources" --load-path="$PKG/resources/scss/common" \
  "$ENTRY" "$WORK_DIR/krds.full.css"

echo "==> Keeping only the rules the project uses"
# Classes set from Python (form widgets, crispy layouts) count as used too.
cat > purgecss.config.cjs <<JS
module.exports = {
  content: [
    "$REPO_DIR/*/templates/**/*.html",
    "$REPO_DIR/site/**/templates/**/*.html",
    "$REPO_DIR/**/*.py",
    "$REPO_DIR/static/js/*.js",
    "$REPO_DIR/static/css/site.css",
  ],
  skippedContentGlobs: ["$REPO_DIR/.venv/**", "$REPO_DIR/node_modules/**", "$REPO_DIR/tools/**"],
  css: ["$WORK_DIR/krds.full.css"],
  // Design tokens stay whole: site.css reads them too.
  variables: false,
  keyframes: true,
  // State classes that KRDS styles and our scripts toggle.
  safelist: { standard: [/^is-/, /^active$/, /^open$/, /^done$/], greedy: [/^:root$/] },
  output: "$WORK_DIR/purged",
};
JS
"$WORK_DIR/node_modules/.bin/purgecss" --config purgecss.config.cjs
"$WORK_DIR/node_modules/.bin/sass" --style=compressed --no-source-map \
  "$WORK_DIR/purged/krds.full.css" "$WORK_DIR/krds.min.css"
CSS="$WORK_DIR/krds.min.css"

if grep -qiE '@font-face|\.woff2?|\.ttf' "$CSS"; then
  echo "error: compiled CSS references font files (the site uses the system fonts)" >&2; exit 1
fi
if grep -oE 'url\([^)]*\)' "$CSS" | grep -vqE "url\([\"']?(\./img/|data:)"; then
  echo "error: compiled CSS references a URL outside ./img/" >&2; exit 1
fi

echo "==> Writing $OUT_DIR"
rm -rf "$OUT_DIR/img" && mkdir -p "$OUT_DIR"
cp "$CSS" "$OUT_DIR/krds.min.css"
mapfile -t assets < <(grep -oE "url\([\"']?\./img/[^\"')]+" "$CSS" | sed -E "s#^url\([\"']?\./##" | sort -u || true)
for asset in "${assets[@]}"; do
  src="$PKG/resources/$asset"
  [ -f "$src" ] || { echo "error: CSS references missing $asset" >&2; exit 1; }
  mkdir -p "$OUT_DIR/$(dirname "$asset")"
  cp "$src" "$OUT_DIR/$asset"
done
# Pictograms and icons the templates use directly (not through the CSS).
for asset in $(grep -rhoE "vendor/krds/img/[A-Za-z0-9_./-]+\.svg" "$REPO_DIR"/*/templates "$REPO_DIR"/site/templates 2>/dev/null | sed 's#^vendor/krds/##' | sort -u); do
  src="$PKG/resources/$asset"
  [ -f "$src" ] || { echo "error: a template uses missing $asset" >&2; exit 1; }
  mkdir -p "$OUT_DIR/$(dirname "$asset")"
  cp "$src" "$OUT_DIR/$asset"
done
# Icons drawn by name from data (static/src/krds-icons.txt).
grep -vE '^\s*(#|$)' "$SCRIPT_DIR/krds-icons.txt" | while read -r name; do
  src="$PKG/resources/img/component/icon/$name"
  [ -f "$src" ] || { echo "error: krds-icons.txt names missing $name" >&2; exit 1; }
  mkdir -p "$OUT_DIR/img/component/icon"
  cp "$src" "$OUT_DIR/img/component/icon/$name"
done
echo "    $(find "$OUT_DIR/img" -type f | wc -l) images"

cat > "$OUT_DIR/LICENSE.txt" <<LICENCE
KRDS HTML ComponentKit (krds-uiux $KRDS_VERSION), the Korea Design System of the
Ministry of the Interior and Safety. The npm package declares the ISC licence and
states that its use follows the KRDS terms of use (KRDS 저작권 정책, krds.go.kr).
This folder holds a subset compiled from its SCSS and tokens, and some of its icons,
unchanged.
LICENCE

echo "==> Done: $(wc -c < "$OUT_DIR/krds.min.css") bytes of CSS ($(gzip -c "$OUT_DIR/krds.min.css" | wc -c) gzipped)"
