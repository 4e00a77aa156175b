# Shared by bin/run and bin/test: a virtualenv with the project installed, reinstalled only when
# pyproject.toml changes. Usage: source bin/_venv.sh; contenthub_venv EXTRAS   (EXTRAS: "" or "[test]")
als_root() { [ "$(id -u)" = "0" ]; }
apt_install() {
  if ! als_root; then
    echo "Ontbrekend pakket: $* (installeer het, of draai als root zodat dit script het zelf installeert)." >&2
    exit 1
  fi
  echo "==> Debian-pakketten installeren: $*"
  if [ -z "${CONTENTHUB_APT_UPDATED:-}" ]; then apt-get update -qq; export CONTENTHUB_APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

contenthub_venv() {
  local extras="$1"
  VENV="${CONTENTHUB_VENV:-$PWD/.venv}"
  local python="${PYTHON:-python3}"
  command -v "$python" >/dev/null 2>&1 || apt_install python3 python3-venv
  if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    echo "Python 3.11 of nieuwer is nodig (gevonden: $("$python" --version 2>&1))." >&2
    exit 1
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    echo "==> Virtuele omgeving aanmaken in $VENV"
    if ! "$python" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      apt_install python3-venv
      "$python" -m venv "$VENV"
    fi
  fi
  local hash
  hash=$(cat pyproject.toml sdk/pyproject.toml | sha256sum | cut -c1-16)
  local stamp="$VENV/.contenthub-$hash${extras//[^a-z]/-}"
  # An environment installed with the test extras also serves bin/run.
  if [ ! -f "$stamp" ] && ! { [ -z "$extras" ] && [ -f "$VENV/.contenthub-$hash-test-" ]; }; then
    echo "==> Installeren van contenthub$extras (eenmalig, duurt een paar minuten)"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    # The hub depends on the SDK (sdk/, its own distribution in this repository): install both in one go.
    if [ -n "$extras" ]; then
      "$VENV/bin/python" -m pip install --quiet -e "./sdk[test]" -e ".$extras"
    else
      "$VENV/bin/python" -m pip install --quiet -e ./sdk -e ".$extras"
    fi
    touch "$stamp"
  fi
}
