#!/bin/sh
# Check every submitted file with wjvet and decide what to do with the run:
#   exit 3 (invalid data)       -> reject the submission: the clerk must fix the file
#   exit 2 (usage / plan error) -> fail the pipeline: the setup is broken
#   exit 1 (non-compliant)      -> accept the data, record the non-compliance
#   exit 0 (compliant)          -> accept
# Reports are written next to the submissions: wjvet-junit.xml (for the CI test view)
# and wjvet.json (the full result). Settings come from the environment:
#   WJVET        the wjvet binary                (default: wjvet)
#   SUBMISSIONS  the directory of submissions    (default: submissions)
#   REGISTRY     the district's registry file    (optional)
#   EXEMPTIONS   the approved exemptions file    (optional)
#   OUT          where to write the reports      (default: .)
set -u
WJVET=${WJVET:-wjvet}
SUBMISSIONS=${SUBMISSIONS:-submissions}
OUT=${OUT:-.}

set -- check --lang zh "$SUBMISSIONS" -o "junit=$OUT/wjvet-junit.xml" -o "json=$OUT/wjvet.json"
[ -n "${REGISTRY:-}" ] && set -- "$@" --registry "$REGISTRY"
[ -n "${EXEMPTIONS:-}" ] && set -- "$@" --exemptions "$EXEMPTIONS"

"$WJVET" "$@"
code=$?
case $code in
  0) echo "wjvet: compliant" ;;
  1) echo "wjvet: non-compliant, recorded in $OUT/wjvet.json and $OUT/wjvet-junit.xml"; code=0 ;;
  3) echo "wjvet: the submitted data is invalid, rejected (see the messages above)" >&2 ;;
  *) echo "wjvet: could not run (exit $code)" >&2 ;;
esac
exit $code
