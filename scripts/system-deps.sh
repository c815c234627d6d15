#!/usr/bin/env bash
# Debian packages the test suite needs: venv for Debian's own python3 (the Makefile makes .venv
# with it), a PostgreSQL server, Chromium for the browser tests, a Java runtime for Spark, gettext
# for translations. Installs only what is missing. No fonts: nothing may depend on the machine's
# fonts (PDFs are read with the engine's own, see src/shuhi/documents/extract/pdffonts.py).
set -euo pipefail
need=()
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || need+=(python3-venv)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
# OCR of scanned PDF pages: the program and its Japanese model (a separate package).
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
ls /usr/share/tesseract-ocr/*/tessdata/jpn.traineddata >/dev/null 2>&1 || need+=(tesseract-ocr-jpn)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
