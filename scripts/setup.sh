#!/usr/bin/env bash
# Idempotent machine setup for DwpFarm. As root on Debian/Ubuntu it installs what
# is missing; elsewhere it prints exactly what to install and fails.
#   scripts/setup.sh         (make setup, make build, make demo)  build and run the demo
#   scripts/setup.sh test    (make test)  that, plus the programs the tests run
set -euo pipefail

purpose="${1:-demo}"
case "$purpose" in
  demo | test) ;;
  *) echo "usage: scripts/setup.sh [test]" >&2; exit 64 ;;
esac

FONT_PACKAGES=(
  fonts-dejavu-core fonts-dejavu-extra fonts-liberation fonts-freefont-ttf
  fonts-urw-base35 fonts-texgyre fonts-croscore fonts-crosextra-carlito
  fonts-crosextra-caladea fonts-ebgaramond fonts-linuxlibertine fonts-cantarell
  fonts-open-sans fonts-roboto-unhinted fonts-comic-neue fonts-lato fonts-dustin
  fonts-breip fonts-femkeklaver fonts-go fonts-hack fonts-inconsolata fonts-jura
  fonts-quicksand fonts-yanone-kaffeesatz fonts-radisnoir fonts-sil-andika
  fonts-sil-charis fonts-cmu
)
# Native libraries that SkiaSharp's Linux assets load.
NATIVE_PACKAGES=(libfontconfig1 libfreetype6)
# Programs the tests run (program:Debian package): a private PostgreSQL server per test run
# (never the system one) and its client tools for the backup test, Prometheus and promtool,
# yamllint and kustomize for the deploy manifests, and headless Chromium for the HTML report.
TEST_PROGRAMS=(
  initdb:postgresql pg_ctl:postgresql pg_dump:postgresql pg_restore:postgresql psql:postgresql
  prometheus:prometheus promtool:prometheus yamllint:yamllint kustomize:kustomize chromium:chromium
)
# Debian keeps PostgreSQL's programs off PATH, under /usr/lib/postgresql/VERSION/bin; the tests
# look there (tests/Shared/PostgresServer.cs).
PG_PROGRAMS=" initdb pg_ctl pg_dump pg_restore psql "

# apt's configuration folder (the tests point it at a folder of their own).
apt_etc="${DWPFARM_APT_ETC:-/etc/apt}"

log() { printf 'setup: %s\n' "$*" >&2; }
is_root() { [ "$(id -u)" = 0 ]; }
have_apt() { command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; }
missing=()

libstdcxx_path() {
  local p
  for p in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6; do
    [ -e "$p" ] && { echo "$p"; return; }
  done
}

has_glibcxx_3_4_32() {
  local lib; lib="$(libstdcxx_path)"
  [ -n "$lib" ] && grep -aq 'GLIBCXX_3\.4\.32' "$lib"
}

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

ensure_packages() {
  local want=() p
  for p in "$@"; do pkg_installed "$p" || want+=("$p"); done
  [ ${#want[@]} = 0 ] && return 0
  if is_root && have_apt; then
    apt_update_once
    log "installing ${want[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
  else
    missing+=("Debian packages: ${want[*]} (apt-get install ${want[*]})")
  fi
}

# Debian 12 (bookworm) gets what it lacks from trixie: libstdc++6 for TorchSharp, and
# kustomize, which bookworm does not package. The source is pinned at priority 100, so apt
# takes from it only what is asked for by name or exists nowhere else; nothing else is upgraded
# unasked. Fails (returns 1) where this is not a bookworm machine that root can change.
trixie_source="$apt_etc/sources.list.d/dwpfarm-trixie.sources"
ensure_trixie_source() {
  is_root && have_apt || return 1
  [ -f "$trixie_source" ] && return 0
  local src="$apt_etc/sources.list.d/debian.sources"
  [ -f "$src" ] && grep -q '^Suites:.*bookworm' "$src" || return 1
  local uris signed
  uris="$(awk '/^URIs:/{print $2; exit}' "$src")"
  signed="$(awk '/^Signed-By:/{print $2; exit}' "$src")"
  log "adding the trixie apt source, pinned at priority 100"
  cat > "$trixie_source" <<SRC
Types: deb
URIs: ${uris}
Suites: trixie
Components: main
Signed-By: ${signed}
SRC
  write_trixie_pins
  apt_updated=0
}

# Pins trixie at 100. Once libstdc++6 from trixie has brought trixie's C library (glibc 2.38 or
# newer), what is built with it must match its version exactly (locales, which PostgreSQL
# needs, is not installable otherwise), so glibc's packages then come from trixie at 990.
trixie_pins="$apt_etc/preferences.d/dwpfarm-trixie"
write_trixie_pins() {
  local pins libc
  pins="$(printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n')"
  libc="$(dpkg-query -W -f='${Version}' libc6 2>/dev/null || true)"
  if [ -n "$libc" ] && dpkg --compare-versions "$libc" ge 2.38; then
    pins+="$(printf '\n\nExplanation: the C library came from trixie with libstdc++6\nPackage: src:glibc\nPin: release n=trixie\nPin-Priority: 990\n')"
  fi
  if [ "$(cat "$trixie_pins" 2>/dev/null)" != "$pins" ]; then
    printf '%s\n' "$pins" > "$trixie_pins"
  fi
}

# TorchSharp 0.107's native library needs GCC 13's libstdc++ (GLIBCXX_3.4.32).
# Debian 12 ships 3.4.30, so take libstdc++6 from trixie.
ensure_libstdcxx() {
  if has_glibcxx_3_4_32; then
    # A machine set up before the glibc pin gets it too.
    [ -f "$trixie_source" ] && is_root && have_apt && write_trixie_pins
    return 0
  fi
  if ! ensure_trixie_source; then
    missing+=("libstdc++ with GLIBCXX_3.4.32 (GCC 13 or newer); on Debian 12 install libstdc++6 from trixie")
    return 0
  fi
  apt_update_once
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t trixie libstdc++6 >/dev/null
  write_trixie_pins
  has_glibcxx_3_4_32 || missing+=("libstdc++ with GLIBCXX_3.4.32: the trixie install did not provide it")
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

have_program() {
  if [[ "$PG_PROGRAMS" == *" $1 "* ]]; then
    local bin; bin="$(pg_bin)"
    [ -n "$bin" ] && [ -x "$bin/$1" ]
  else
    command -v "$1" >/dev/null 2>&1
  fi
}

# The version apt would install, empty when no source of this machine has the package.
apt_candidate() { apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }'; }

# Installs the packages of the programs that are missing (program:package arguments). A
# program's package is asked for only when the program is missing, so a machine that has it
# from elsewhere is left alone; each program still missing afterwards is named.
ensure_programs() {
  local entry program package packages=() names=() want=()
  for entry in "$@"; do
    program="${entry%%:*}"; package="${entry#*:}"
    have_program "$program" && continue
    names+=("$entry")
    [[ " ${packages[*]} " == *" $package "* ]] || packages+=("$package")
  done
  [ ${#names[@]} = 0 ] && return 0
  if ! is_root || ! have_apt; then
    missing+=("programs the tests run: ${names[*]%%:*} (Debian packages: ${packages[*]}; as root on Debian, make test installs them)")
    return 0
  fi
  apt_update_once
  for package in "${packages[@]}"; do
    if [ -z "$(apt_candidate "$package")" ] && [ "$package" = kustomize ] && ensure_trixie_source; then
      apt_update_once
    fi
    if [ -n "$(apt_candidate "$package")" ]; then
      want+=("$package")
    else
      missing+=("the Debian package $package: no apt source of this machine has it")
    fi
  done
  if [ ${#want[@]} -gt 0 ]; then
    log "installing ${want[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
  fi
  for entry in "${names[@]}"; do
    program="${entry%%:*}"; package="${entry#*:}"
    [[ " ${want[*]} " == *" $package "* ]] && ! have_program "$program" \
      && missing+=("$program: still missing after installing the Debian package $package")
  done
  return 0
}

ensure_npm() {
  command -v npm >/dev/null 2>&1 && return 0
  ensure_packages npm
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    missing+=(".NET 10 SDK (dotnet on PATH)")
  fi
}

ensure_dotnet
ensure_libstdcxx
ensure_packages "${FONT_PACKAGES[@]}" "${NATIVE_PACKAGES[@]}"
ensure_npm
if [ "$purpose" = test ]; then
  ensure_programs "${TEST_PROGRAMS[@]}"
fi

if [ ${#missing[@]} -gt 0 ]; then
  log "missing prerequisites:"
  for m in "${missing[@]}"; do log "  - $m"; done
  exit 1
fi
log "ok"
