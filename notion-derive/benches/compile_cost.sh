#!/usr/bin/env bash
# Compile cost of the snapshot checks: `cargo check` of a crate with 50 models of 20 fields,
# each `#[derive(NotionModel)]` checked against its `.notion/mN.json` snapshot, beside the same
# structs deriving only serde's `Deserialize`, and the same models without snapshots. All three
# are timed in the same run, alternately, after their dependencies are built; the medians and
# ratios go to stdout. Not part of `cargo test`.
#
# Usage: notion-derive/benches/compile_cost.sh [rounds]   (default 5)
set -euo pipefail

ROUNDS="${1:-5}"
MODELS=50
FIELDS=20
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$REPO/target/compile-cost"

mkdir -p "$WORK"
cp "$REPO/Cargo.lock" "$WORK/Cargo.lock"
cat > "$WORK/Cargo.toml" <<TOML
[workspace]
resolver = "3"
members = ["checked", "unchecked", "serde_only"]

[workspace.dependencies]
notion-orm = { path = "$REPO/notion-orm" }
serde = { version = "1", features = ["derive"] }

[profile.dev]
debug = "line-tables-only"
TOML

# Field j of every model: (Rust type, snapshot kind, notion attribute).
field() {
  case $(( $1 % 10 )) in
    0) echo "String|rich_text|" ;;
    1) echo "Option<String>|rich_text|" ;;
    2) echo "f64|number|" ;;
    3) echo "Option<f64>|number|" ;;
    4) echo "bool|checkbox|" ;;
    5) echo "Vec<String>|multi_select|" ;;
    6) echo "Option<String>|select|kind = \"select\"" ;;
    7) echo "Option<String>|url|kind = \"url\"" ;;
    8) echo "i64|number|" ;;
    9) echo "Option<i64>|number|" ;;
  esac
}

# One crate: `derive` is `notion-checked`, `notion-unchecked` or `serde`.
generate() {
  local crate="$1" derive="$2"
  local dir="$WORK/$crate"
  mkdir -p "$dir/src" "$dir/.notion"
  local dep="notion-orm.workspace = true"
  [ "$derive" = serde ] && dep="serde.workspace = true"
  printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[dependencies]\n%s\n' \
    "$crate" "$dep" > "$dir/Cargo.toml"
  local src="$dir/src/lib.rs"
  echo "#![allow(dead_code)]" > "$src"
  for ((m = 0; m < MODELS; m++)); do
    local props='"Name": {"id": "title", "name": "Name", "type": "title", "title": {}}'
    case "$derive" in
      notion-checked) printf '\n#[derive(notion_orm::NotionModel)]\n#[notion(data_source = "m%d", rename_all = "Title Case")]\n' "$m" >> "$src" ;;
      notion-unchecked) printf '\n#[derive(notion_orm::NotionModel)]\n#[notion(rename_all = "Title Case")]\n' >> "$src" ;;
      serde) printf '\n#[derive(serde::Deserialize)]\n#[serde(rename_all = "camelCase")]\n' >> "$src" ;;
    esac
    printf 'pub struct M%d {\n' "$m" >> "$src"
    if [ "$derive" = serde ]; then
      printf '    pub name: String,\n' >> "$src"
    else
      printf '    #[notion(title)]\n    pub name: String,\n' >> "$src"
    fi
    for ((f = 1; f < FIELDS; f++)); do
      IFS='|' read -r ty kind attr <<< "$(field "$f")"
      if [ -n "$attr" ] && [ "$derive" != serde ]; then
        printf '    #[notion(%s)]\n' "$attr" >> "$src"
      fi
      printf '    pub field_%d: %s,\n' "$f" "$ty" >> "$src"
      local options=""
      case "$kind" in select | multi_select) options='"options": [{"id": "a", "name": "A", "color": "red"}]' ;; esac
      props="$props, \"Field $f\": {\"id\": \"p$f\", \"name\": \"Field $f\", \"type\": \"$kind\", \"$kind\": {$options}}"
    done
    printf '}\n' >> "$src"
    if [ "$derive" = notion-checked ]; then
      printf '{"id": "%08x-0000-4000-8000-000000000000", "object": "data_source", "properties": {%s}}\n' \
        "$m" "$props" > "$dir/.notion/m$m.json"
    fi
  done
}

generate checked notion-checked
generate unchecked notion-unchecked
generate serde_only serde

cd "$WORK"
echo "building dependencies..." >&2
cargo check --offline --quiet --workspace

seconds() {
  touch "$WORK/$1/src/lib.rs"
  local start end
  start=$(date +%s.%N)
  cargo check --offline --quiet -p "$1"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

declare -A times
for crate in checked unchecked serde_only; do times[$crate]=""; done
for ((r = 1; r <= ROUNDS; r++)); do
  for crate in serde_only unchecked checked; do
    times[$crate]+="$(seconds "$crate")"$'\n'
  done
done

serde=$(printf '%s' "${times[serde_only]}" | median)
unchecked=$(printf '%s' "${times[unchecked]}" | median)
checked=$(printf '%s' "${times[checked]}" | median)
printf 'cargo check, %d models x %d fields, median of %d rounds\n' "$MODELS" "$FIELDS" "$ROUNDS"
printf '  serde Deserialize only:           %6.2f s\n' "$serde"
printf '  NotionModel, no snapshot:         %6.2f s  (%.2fx serde)\n' "$unchecked" "$(echo "$unchecked / $serde" | bc -l)"
printf '  NotionModel, checked vs snapshot: %6.2f s  (%.2fx serde, %.2fx no snapshot)\n' \
  "$checked" "$(echo "$checked / $serde" | bc -l)" "$(echo "$checked / $unchecked" | bc -l)"
