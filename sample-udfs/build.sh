#!/usr/bin/env bash
# Rebuilds plugsql's sample UDF modules from source (see README.md for installing the toolchains).
#
#   ./build.sh                       rebuild every module into src/main/resources/io/plugsql/samples
#                                    and rewrite manifest.tsv there
#   ./build.sh --out DIR [--lang L]  build into DIR only (L: wat, c, rust, assemblyscript; repeatable)
#   ./build.sh --check               rebuild into a temporary directory and compare with the committed
#                                    bytes (exit 1 on a difference; missing toolchains are skipped)
#   ./build.sh --has L               exit 0 when language L's toolchain is installed, else print why
#
# Commands run from this directory with relative paths, so the output does not depend on where the
# checkout lives; the same toolchain versions give the same bytes.
set -euo pipefail
cd "$(dirname "$0")"

RESOURCES=src/main/resources/io/plugsql/samples
RUSTC=/usr/bin/rustc
ASC=node_modules/.bin/asc

# module | language | source | build command (OUT stands for the output file)
MODULES=(
  "mul_add|wat|guest/wat/mul_add.wat|wat2wasm guest/wat/mul_add.wat -o OUT"
  "pii_mask|c|guest/c/pii_mask.c|clang --target=wasm32 -O2 -nostdlib -ffreestanding -Isdk/c -Wl,--no-entry -Wl,-z,stack-size=32768 -Wl,--initial-memory=131072 -Wl,--max-memory=16777216 -o OUT guest/c/pii_mask.c sdk/c/plugsql.c"
  "etl_normalize|c|guest/c/etl_normalize.c|clang --target=wasm32 -O2 -nostdlib -ffreestanding -Isdk/c -Wl,--no-entry -Wl,-z,stack-size=32768 -Wl,--initial-memory=131072 -Wl,--max-memory=16777216 -o OUT guest/c/etl_normalize.c sdk/c/plugsql.c"
  "sensor|c|guest/c/sensor.c|clang --target=wasm32 -O2 -nostdlib -ffreestanding -Isdk/c -Wl,--no-entry -Wl,-z,stack-size=32768 -Wl,--initial-memory=131072 -Wl,--max-memory=16777216 -o OUT guest/c/sensor.c sdk/c/plugsql.c"
  "discount|rust|guest/rust/discount.rs|$RUSTC --edition 2021 --crate-type cdylib --target wasm32-unknown-unknown -C opt-level=3 -C panic=abort -C strip=symbols -C link-arg=--initial-memory=131072 -C link-arg=--max-memory=16777216 -C link-arg=-zstack-size=32768 -o OUT guest/rust/discount.rs"
  "validate|rust|guest/rust/validate.rs|$RUSTC --edition 2021 --crate-type cdylib --target wasm32-unknown-unknown -C opt-level=3 -C panic=abort -C strip=symbols -C link-arg=--initial-memory=131072 -C link-arg=--max-memory=16777216 -C link-arg=-zstack-size=32768 -o OUT guest/rust/validate.rs"
  "geo|assemblyscript|guest/assemblyscript/geo.ts|$ASC guest/assemblyscript/geo.ts --runtime stub --use abort= -O3 --noAssert --initialMemory 1 --maximumMemory 256 -o OUT"
)

# SQL functions: name | signature | handler | batch export (- if none) | options (- if none) |
# demo tenants (* = every demo tenant) | module
FUNCTIONS=(
  "mul_add|mul_add(a BIGINT, b BIGINT) RETURNS BIGINT|mul_add|mul_add_batch|-|*|mul_add"
  "mask_email|mask_email(email VARCHAR) RETURNS VARCHAR|mask_email|-|-|*|pii_mask"
  "mask_phone|mask_phone(phone VARCHAR) RETURNS VARCHAR|mask_phone|-|-|*|pii_mask"
  "normalize_text|normalize_text(text VARCHAR) RETURNS VARCHAR|normalize_text|normalize_text_batch|-|*|etl_normalize"
  "calibrate_f|calibrate_f(raw_celsius DOUBLE, offset_celsius DOUBLE, gain DOUBLE) RETURNS DOUBLE|calibrate_f|calibrate_f_batch|on_null_input=call|*|sensor"
  "discount|discount(total_cents BIGINT) RETURNS BIGINT|discount_acme|discount_acme_batch|-|acme|discount"
  "discount|discount(total_cents BIGINT) RETURNS BIGINT|discount_globex|discount_globex_batch|-|globex|discount"
  "luhn_check|luhn_check(card_number VARCHAR) RETURNS BOOLEAN|luhn_check|-|-|*|validate"
  "iban_check|iban_check(iban VARCHAR) RETURNS BOOLEAN|iban_check|-|-|*|validate"
  "iban_format|iban_format(iban VARCHAR) RETURNS VARCHAR|iban_format|-|-|*|validate"
  "haversine_km|haversine_km(lat1 DOUBLE, lon1 DOUBLE, lat2 DOUBLE, lon2 DOUBLE) RETURNS DOUBLE|haversine_km|haversine_km_batch|-|*|geo"
  "geohash|geohash(lat DOUBLE, lon DOUBLE, chars INTEGER) RETURNS VARCHAR|geohash|-|on_null_input=call|*|geo"
  "geohash_distance_km|geohash_distance_km(a VARCHAR, b VARCHAR) RETURNS DOUBLE|geohash_distance_km|-|-|*|geo"
)

has_toolchain() {
  case "$1" in
    wat) command -v wat2wasm >/dev/null || { echo "wat2wasm not installed (apt-get install wabt)"; return 1; } ;;
    c) command -v clang >/dev/null && command -v wasm-ld >/dev/null \
         || { echo "clang/wasm-ld not installed (apt-get install clang lld)"; return 1; } ;;
    rust) [ -x "$RUSTC" ] && [ -d /usr/lib/rustlib/wasm32-unknown-unknown ] \
         || { echo "Debian rustc with wasm32 not installed (apt-get install rustc libstd-rust-dev-wasm32)"; return 1; } ;;
    assemblyscript) [ -x "$ASC" ] || { echo "AssemblyScript not installed (npm ci in sample-udfs)"; return 1; } ;;
    *) echo "unknown language: $1"; return 2 ;;
  esac
}

# build_into DIR LANG...: builds the modules of the given languages (all when none) into DIR.
build_into() {
  local dir=$1; shift
  local entry name lang src cmd
  for entry in "${MODULES[@]}"; do
    IFS='|' read -r name lang src cmd <<<"$entry"
    if [ $# -gt 0 ] && [[ " $* " != *" $lang "* ]]; then continue; fi
    has_toolchain "$lang" >/dev/null || { echo "skip $name ($(has_toolchain "$lang"))" >&2; continue; }
    ${cmd//OUT/$dir/$name.wasm}
  done
}

write_manifest() {
  local manifest=$RESOURCES/manifest.tsv entry fentry name lang src cmd
  local fname sig handler batch options tenants module sha
  {
    printf '# plugsql sample UDFs: one line per SQL function, generated by sample-udfs/build.sh.\n'
    printf '# Paths and commands are relative to sample-udfs/; OUT in a command is the module file.\n'
    printf 'name\tsignature\thandler\tbatch_export\toptions\ttenants\tfile\tsha256\tlanguage\tsource\tbuild\n'
    for fentry in "${FUNCTIONS[@]}"; do
      IFS='|' read -r fname sig handler batch options tenants module <<<"$fentry"
      for entry in "${MODULES[@]}"; do
        IFS='|' read -r name lang src cmd <<<"$entry"
        [ "$name" = "$module" ] || continue
        sha=$(sha256sum "$RESOURCES/$name.wasm" | cut -d' ' -f1)
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$fname" "$sig" "$handler" "$batch" \
          "$options" "$tenants" "$name.wasm" "$sha" "$lang" "$src" "$cmd"
      done
    done
  } >"$manifest"
}

case "${1:-}" in
  "")
    for lang in wat c rust assemblyscript; do
      has_toolchain "$lang" >/dev/null || { echo "missing toolchain: $(has_toolchain "$lang")" >&2; exit 1; }
    done
    build_into "$RESOURCES"
    write_manifest
    ;;
  --out)
    out=${2:?--out needs a directory}; shift 2
    langs=()
    while [ $# -gt 0 ]; do
      [ "$1" = --lang ] || { echo "unexpected argument: $1" >&2; exit 2; }
      langs+=("${2:?--lang needs a language}"); shift 2
    done
    mkdir -p "$out"
    build_into "$out" "${langs[@]}"
    ;;
  --check)
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    build_into "$tmp"
    status=0
    for f in "$tmp"/*.wasm; do
      [ -e "$f" ] || continue
      if cmp -s "$f" "$RESOURCES/$(basename "$f")"; then
        echo "identical $(basename "$f")"
      else
        echo "DIFFERENT $(basename "$f")"; status=1
      fi
    done
    exit $status
    ;;
  --has)
    has_toolchain "${2:?--has needs a language}"
    ;;
  *)
    sed -n '2,12p' "$0"; exit 2
    ;;
esac
