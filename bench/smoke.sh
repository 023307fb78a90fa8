#!/usr/bin/env bash
# ctest's bench.smoke: runs the benchmark script shrunk (--small) and checks that it exited 0,
# wrote a heading for each of the five cases, and drew the outage plot beside the report. Passes
# run.sh's 77 (cannot run here) through.
#
#   bench/smoke.sh RUN_SH RFETCH OUT
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 RUN_SH RFETCH OUT" >&2; exit 2; }
run_sh=$1 rfetch=$2 out=$3

rm -f "$out"
status=0
bash "$run_sh" --small --rfetch "$rfetch" --out "$out" || status=$?
if [ "$status" -eq 77 ]; then
    exit 77
elif [ "$status" -ne 0 ]; then
    echo "FAIL: $run_sh exited $status" >&2
    exit 1
fi

[ -s "$out" ] || { echo "FAIL: $run_sh wrote no $out" >&2; exit 1; }
for n in 1 2 3 4 5; do
    grep -q "^## Case $n: " "$out" || { echo "FAIL: $out has no heading '## Case $n: ...'" >&2; exit 1; }
done
[ -s "${out%.md}-outage.png" ] || { echo "FAIL: $run_sh drew no ${out%.md}-outage.png" >&2; exit 1; }
cat "$out"
echo "PASS: the benchmark ran (--small) and reported all five cases, with the outage plot"
