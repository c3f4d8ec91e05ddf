#!/bin/bash
# Mutation-test one module of simulators/ with cosmic-ray: mutation/run.sh MODULE [SAMPLE]
# MODULE is validation, vocab, update, step, run or trace; SAMPLE keeps that many mutants
# (seeded, see sample.py). Works in a scratch copy of the tree, so a crash never leaves a
# mutant in your checkout; the session database and report go to mutation/out/.
set -euo pipefail
module=$1
sample=${2:-}
here=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d /tmp/genpower-mutation-XXXXXX)
out=$here/mutation/out
mkdir -p "$out" /tmp/genpower-mutation-numba
cd "$here"
git ls-files -co --exclude-standard | grep -v '^mutation/out/' | tar cf - -T - | tar xf - -C "$scratch"
cd "$scratch"
session=$out/$module.sqlite
cosmic-ray init "mutation/$module.toml" "$session"
if [ -n "$sample" ]; then python mutation/sample.py "$session" "$sample"; fi
cosmic-ray baseline "mutation/$module.toml"
cosmic-ray exec "mutation/$module.toml" "$session"
python mutation/summary.py "$session"
cd / && rm -rf "$scratch"
