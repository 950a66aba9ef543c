#!/usr/bin/env bash
# Gradescope runs this once when the autograder image is built (as root, in /autograder).
# AUTOGRADER_ROOT lets the kit's tests run it in a simulated layout.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
# Where CIFAR-10 comes from when the zip does not carry the grader's training images (a full-size course):
# written by `python -m autograder gradescope`; empty means get_datasets.py's default (the official archive).
CIFAR10_URL=
CIFAR10_MD5=
if ! python3 -m venv --help >/dev/null 2>&1; then
    apt-get update && apt-get install -y python3 python3-venv
fi
# --system-site-packages: packages the image already has are reused, not downloaded.
python3 -m venv --system-site-packages "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install -r "$ROOT/source/requirements.txt"
cd "$ROOT/source"
if [ ! -f autograder/references/experiment_images_train.npy ]; then
    # Download and check CIFAR-10 as students do (all-or-nothing), derive the grader's copy of the training images,
    # which must have the SHA-256 the references record, and keep only that copy in the image.
    data="$(mktemp -d)"
    "$ROOT/venv/bin/python" release/fc_nets/deeplearning/datasets/get_datasets.py --dest "$data/cifar-10-batches-py" \
        ${CIFAR10_URL:+--url "$CIFAR10_URL"} ${CIFAR10_MD5:+--md5 "$CIFAR10_MD5"}
    "$ROOT/venv/bin/python" -m autograder references --images-only --data "$data/cifar-10-batches-py"
    rm -rf "$data"
fi
# Student code runs as an unprivileged uid wherever Landlock is missing (autograder/sandbox/isolation.py): the grader's
# files, with the reference solution and the hidden tests, must be readable by root only. The venv stays readable.
chmod 700 "$ROOT/source"
