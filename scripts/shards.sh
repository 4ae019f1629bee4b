#!/usr/bin/env bash
# Build every handout the way N CI runners do (.github/workflows/handouts.yml), on this machine.
#
#   bash scripts/shards.sh N [PROJECT] [-- EXTRA 'export.py all' OPTIONS]
#
# 1. N copies of the project (its inputs only: no dist/ or drafts/), one per
#    shard, each building 'export.py all --shard K/N' in its own process, in parallel;
# 2. the merge, as the workflow's final job does it: a fresh copy of the project
#    whose dist/ receives every shard's dist/ (their PDFs never overlap, their
#    manifests have distinct names), then 'export.py all' (it skips everything the
#    shards built, writes manifest.json and index.html, removes the shard manifests)
#    and 'export.py verify --full' where the toolkit has it (every derived file built
#    again and compared byte for byte, as the CI job does);
# 3. only when all of that succeeded, the merged dist/ replaces PROJECT/dist/.
#
# PROJECT defaults to the toolkit's own folder; PYTHON to its .venv.  The copies live
# in a temporary folder that is removed at the end (SHARDS_KEEP=1 keeps it).
set -euo pipefail

usage() { echo "usage: bash scripts/shards.sh N [PROJECT] [-- EXTRA OPTIONS]" >&2; exit 2; }

toolkit=$(cd "$(dirname "$0")/.." && pwd)
(($# >= 1)) || usage
n=$1; shift
[[ $n =~ ^[1-9][0-9]*$ ]] || usage
project=$toolkit
if (($#)) && [[ $1 != -- ]]; then project=$(cd "$1" && pwd); shift; fi
if (($#)); then [[ $1 == -- ]] || usage; shift; fi
extra=("$@")
python=${PYTHON:-$toolkit/.venv/bin/python}
export_py=$toolkit/export.py

work=$(mktemp -d "${TMPDIR:-/tmp}/shards.XXXXXX")
cleanup() { [[ ${SHARDS_KEEP:-} == 1 ]] && echo "kept $work" >&2 || rm -rf "$work"; }
trap cleanup EXIT

# A copy of the project's inputs: what a CI runner's checkout holds.
copy_project() {
  mkdir -p "$2"
  local entry name
  for entry in "$1"/* "$1"/.[!.]*; do
    [[ -e $entry ]] || continue
    name=$(basename "$entry")
    case $name in
      dist|drafts|.cache|.git|.venv|__pycache__|.pytest_cache|.hypothesis) continue ;;
    esac
    cp -a "$entry" "$2/"
  done
}

pids=()
for ((k = 1; k <= n; k++)); do
  copy_project "$project" "$work/shard-$k"
  (cd "$work/shard-$k" && exec "$python" "$export_py" all --shard "$k/$n" "${extra[@]}") \
    >"$work/shard-$k.log" 2>&1 &
  pids+=($!)
done
failed=0
for ((k = 1; k <= n; k++)); do
  if wait "${pids[k - 1]}"; then
    echo "shard $k/$n: $(tail -n 1 "$work/shard-$k.log")"
  else
    echo "shard $k/$n failed:" >&2
    tail -n 20 "$work/shard-$k.log" >&2
    failed=1
  fi
done
((failed == 0)) || exit 1

# The merge, as the CI job does it.
merge=$work/merge
copy_project "$project" "$merge"
mkdir -p "$merge/dist"
for ((k = 1; k <= n; k++)); do
  if [[ -d $work/shard-$k/dist ]]; then
    cp -a "$work/shard-$k/dist/." "$merge/dist/"
  fi
done
(cd "$merge" && "$python" "$export_py" all "${extra[@]}") | tail -n 1
if "$python" "$export_py" verify --help >/dev/null 2>&1; then
  (cd "$merge" && "$python" "$export_py" verify --full)
else
  echo "note: this toolkit has no 'export.py verify' yet; the merged dist/ was not verified" >&2
fi

# Only now does the merged dist/ replace the project's.
if [[ -e $project/dist ]]; then
  mv "$project/dist" "$work/dist.old"
fi
mv "$merge/dist" "$project/dist"
echo "merged $n shard(s) into $project/dist"
