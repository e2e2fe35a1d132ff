// What the pods run, in POSIX sh (the image is Node 20 slim: dash, no bash). The segments agree
// on one start time through the shared results volume, run their segment, and leave a marker;
// the merge waits for the markers and merges the parts. Paths are written out (/scenario,
// /results) so that the script reads as what runs.
import { SCENARIO_MOUNT } from './config-map';

export const RESULTS_MOUNT = '/results';

/** How long pods wait for the start time once another pod has taken the lock to write it. */
const START_TIME_WAIT_S = 120;

export interface SegmentScript {
  segments: number;
  /** The scenario's path under the mount, `/`-separated. */
  scenario: string;
  leadMs: number;
  /** Options passed on to `stampede run` (`--var`, `--target`). */
  runOptions: string[];
}

export function segmentScript({ segments, scenario, leadMs, runOptions }: SegmentScript): string {
  const r = RESULTS_MOUNT;
  const run = ['stampede run', quote(`${SCENARIO_MOUNT}/${scenario}`), `--segment "$segment/${segments}"`, '--start-at "$start_at"', `--partial ${r}/part-$JOB_COMPLETION_INDEX.json`, `--out ${r}/segment-$JOB_COMPLETION_INDEX`, ...runOptions.map(quote), '--quiet'];
  return `set -eu
# JOB_COMPLETION_INDEX (0-based) is this pod's index in the Indexed Job; segments are 1-based.
segment=$((JOB_COMPLETION_INDEX + 1))
# One start time for every segment. Pods start at different moments: the first to take the lock
# (mkdir is atomic, on a shared volume too) writes now + the lead whole, by a rename, and every
# pod reads it. A pod that comes after that time still runs: the engine follows the schedule
# and counts the arrivals it missed as dropped.
if mkdir ${r}/start-at.lock 2>/dev/null; then
  echo $(( $(date +%s) * 1000 + ${leadMs} )) > ${r}/start-at.$segment.tmp
  mv ${r}/start-at.$segment.tmp ${r}/start-at
elif [ ! -d ${r}/start-at.lock ]; then
  echo "stampede: cannot write to ${r} (the results volume)" >&2
  exit 3
fi
waited=0
until [ -s ${r}/start-at ]; do
  if [ $waited -ge ${START_TIME_WAIT_S} ]; then
    echo "stampede: no start time in ${r}/start-at after ${START_TIME_WAIT_S} s (the pod that took the lock died?)" >&2
    exit 3
  fi
  sleep 1
  waited=$((waited + 1))
done
start_at=$(cat ${r}/start-at)
echo "segment $segment/${segments}: the load starts at $start_at (epoch ms)"
code=0
${run.join(' ')} || code=$?
# Tell the merge Job that this segment is over, whatever its outcome (whole, by a rename; the
# merge counts done-*, which the temporary .done-* is not).
echo $code > ${r}/.done-$JOB_COMPLETION_INDEX.tmp
mv ${r}/.done-$JOB_COMPLETION_INDEX.tmp ${r}/done-$JOB_COMPLETION_INDEX
# Criteria are judged on the whole run, by the merge: a segment's own verdict (1) is no failure.
if [ $code -gt 1 ]; then exit $code; fi
`;
}

export interface MergeScript {
  segments: number;
  /** How long to wait for every segment to finish before merging what is there. */
  waitS: number;
  /** How long the pod stays up after the merge so that `kubectl cp` can fetch the report. */
  keepS: number;
}

export function mergeScript({ segments, waitS, keepS }: MergeScript): string {
  const r = RESULTS_MOUNT;
  return `set -eu
# Each segment writes ${r}/done-<index> when its run is over. Wait for all ${segments}, at most
# ${waitS} s; then merge what is there (merge names a missing segment).
waited=0
while :; do
  finished=0
  for marker in ${r}/done-*; do
    if [ -e "$marker" ]; then finished=$((finished + 1)); fi
  done
  if [ $finished -ge ${segments} ]; then break; fi
  if [ $waited -ge ${waitS} ]; then
    echo "stampede: $finished of ${segments} segments finished within ${waitS} s; merging what is there" >&2
    break
  fi
  sleep 5
  waited=$((waited + 5))
done
code=0
stampede merge ${r}/part-*.json --out ${r}/report || code=$?
echo "stampede merge exited with $code; the report is in ${r}/report"
# kubectl cp needs a running container: the results stay reachable for ${keepS} s, or until
# ${r}/fetched exists (kubectl exec <this pod> -- touch ${r}/fetched).
kept=0
while [ $kept -lt ${keepS} ] && [ ! -e ${r}/fetched ]; do
  sleep 5
  kept=$((kept + 5))
done
exit $code
`;
}

/** A word for sh: as it is when it is plain, else in single quotes. */
export function quote(word: string): string {
  return /^[-\w./:=@%+,]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
