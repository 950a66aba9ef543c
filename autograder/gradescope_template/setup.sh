#!/usr/bin/env bash
# Gradescope runs this once when the autograder image is built (as root, in /autograder).
# AUTOGRADER_ROOT lets the kit's tests run it in a simulated layout.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
if ! python3 -m venv --help >/dev/null 2>&1; then
    apt-get update && apt-get install -y python3 python3-venv
fi
# --system-site-packages: packages the image already has are reused, not downloaded.
python3 -m venv --system-site-packages "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install -r "$ROOT/source/requirements.txt"
# Student code runs as an unprivileged uid wherever Landlock is missing (autograder/isolation.py): the grader's
# files, with the reference solution and the hidden tests, must be readable by root only. The venv stays readable.
chmod 700 "$ROOT/source"
