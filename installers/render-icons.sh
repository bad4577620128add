#!/usr/bin/env bash
# Renders assets/icon/smtp-explorer.svg into the PNG, ICO and ICNS files the installers use. The rendered files are
# committed, so builds do not need these tools; run this only after changing the SVG.
# Needs: rsvg-convert (librsvg2-bin), ImageMagick's convert (imagemagick), png2icns (icnsutils).
set -euo pipefail
cd "$(dirname "$0")/../assets/icon"

svg=smtp-explorer.svg
for size in 16 32 48 64 128 256 512; do
  rsvg-convert --width "$size" --height "$size" "$svg" --output "smtp-explorer-$size.png"
done
# /usr/bin/convert: on some machines a different "convert" comes first on the PATH.
convert_bin=/usr/bin/convert
[ -x "$convert_bin" ] || convert_bin=convert
"$convert_bin" smtp-explorer-16.png smtp-explorer-32.png smtp-explorer-48.png smtp-explorer-64.png \
  smtp-explorer-128.png smtp-explorer-256.png smtp-explorer.ico
png2icns smtp-explorer.icns smtp-explorer-16.png smtp-explorer-32.png smtp-explorer-48.png \
  smtp-explorer-128.png smtp-explorer-256.png smtp-explorer-512.png >/dev/null
ls -l smtp-explorer*
