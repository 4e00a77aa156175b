# Shared by bin/run and bin/test: a virtualenv with the project installed, reinstalled only when
# pyproject.toml changes. Usage: source bin/_venv.sh EXTRAS   (EXTRAS: "" or "[test]")
contenthub_venv() {
  local extras="$1"
  VENV="${CONTENTHUB_VENV:-$PWD/.venv}"
  local python="${PYTHON:-python3}"
  if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    echo "Python 3.11 of nieuwer is nodig (gevonden: $("$python" --version 2>&1))." >&2
    exit 1
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    echo "==> Virtuele omgeving aanmaken in $VENV"
    "$python" -m venv "$VENV"
  fi
  local stamp="$VENV/.contenthub-$(sha256sum pyproject.toml | cut -c1-16)${extras//[^a-z]/-}"
  if [ ! -f "$stamp" ]; then
    echo "==> Installeren van contenthub$extras (eenmalig, duurt een paar minuten)"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e ".$extras"
    touch "$stamp"
  fi
}
