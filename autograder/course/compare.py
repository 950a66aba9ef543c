"""Compare a regenerated answer key (or references) with the committed one by meaning, not by bytes.

The answer key is the source notebooks executed on real data. Its floats differ in
the last bits between CPUs (OpenBLAS picks other kernels, numpy other SIMD code), and
training runs, which are chaotic, drift apart after a few epochs. So two answer keys
built from the same source agree when:

- they hold the same files; files without floating point (the package, scripts) are
  byte-identical;
- the notebooks have the same cells with the same sources, the same output types and
  no errors; printed lines read the same once numbers and spacing are blanked out
  (numpy pads arrays for minus signs);
- a number printed by a deterministic check agrees to 1e-10 relative, or to the last
  digit printed; a printed error magnitude is below the bound the notebook's text
  states (ERROR_BOUNDS), whatever its digits;
- numbers printed by experiment cells (EXPERIMENT_CELLS) are not compared: their logs
  are, with the same bands the grader uses (spec.LOG_BANDS), after checking keys,
  shapes and the recorded settings;
- figures have the same size in pixels.
"""
import json
import re
import struct
from pathlib import Path

import numpy as np

from ..parts.graded_experiments import LOG_BANDS

# Check cells that print error magnitudes, with the largest error the notebook's text accepts.
# The text says "around X or less"; a check accepts up to 10 X.
ERROR_BOUNDS = {
    "affine-forward-check": 1e-8,  # "around 1e-9 or less"
    "affine-backward-check": 1e-9,  # "around 1e-10 or less"
    "relu-check": 1e-7,  # "around 5e-8 (the expected values are rounded)", "around 3e-12"
    "sandwich-and-loss-check": 1e-8,  # "around 1e-10 and 1e-9"
    "two-layer-check": 1e-6,  # "around 1e-7 or less"
    "multilayer-check": 1e-4,  # "around 1e-7 or less (a W2 error around 1e-5 ...)"
    "update-rules-check": 1e-6,  # "around 1e-8 or less ... 1e-7 or less"
    "bn-forward-test-check": 1e-7,  # "to about 1e-8"
    "bn-backward-check": 1e-8,  # "around 1e-9 or less"
    "bn-backward-alt-check": 1e-10,  # "around 1e-12"
    "ln-check": 1e-8,  # "around 1e-9 or less"
    "fc-norm-check": 1e-3,  # "around 1e-6 or less (a few up to about 1e-4 are fine)", "around 1e-10 or less"
    "dropout-backward-check": 1e-9,  # "around 1e-10 or less"
    "fc-net-dropout-check": 1e-4,  # "around 1e-6 or less (for keep ratio 1, W2 around 1e-5)"
}
# Cells that train nets: what they print depends on the CPU; their logs are compared instead.
EXPERIMENT_CELLS = {
    "two-layer-solver", "two-layer-solver-log", "overfit-three-layer", "overfit-five-layer", "optimizer-experiment",
    "best-model", "best-model-evaluation", "deep-experiment", "scale-experiment", "regularization-experiment",
    "regularization-plots",
}
RELATIVE_TOLERANCE = 1e-10
# Values this small printed by deterministic checks are float64 rounding noise (e.g. the mean of
# normalized data, 6e-17): any two of them agree.
NOISE = 1e-12
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])|\b(?:nan|inf)\b")
ERROR_LABEL = re.compile(r"error|difference|magnitude", re.IGNORECASE)


def last_digit(token):
    """The value of one unit in the last printed digit of a number token (1e-8 for '0.99999999')."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def numbers_agree(a, b):
    x, y = float(a), float(b)
    if np.isnan(x) or np.isnan(y) or np.isinf(x) or np.isinf(y):
        return a == b
    tolerance = max(RELATIVE_TOLERANCE * max(abs(x), abs(y)), last_digit(a), last_digit(b), NOISE)
    return abs(x - y) <= tolerance


def compare_text(fresh, committed, where, bound=None, experiment=False):
    """Problems between two printed texts: same lines once numbers are blanked, numbers by meaning."""
    fresh_lines, committed_lines = fresh.splitlines(), committed.splitlines()
    if len(fresh_lines) != len(committed_lines):
        return [f"{where}: {len(fresh_lines)} printed lines instead of {len(committed_lines)}"]
    problems = []
    for number, (new, old) in enumerate(zip(fresh_lines, committed_lines), start=1):
        if "".join(NUMBER.sub("#", new).split()) != "".join(NUMBER.sub("#", old).split()):
            problems.append(f"{where}, line {number}: {new!r} instead of {old!r}")
            continue
        if experiment:
            continue
        is_error = bound is not None and ERROR_LABEL.search(new.rpartition(":")[0] or new)
        for a, b in zip(NUMBER.findall(new), NUMBER.findall(old)):
            if is_error:
                if not float(a) < bound:
                    problems.append(f"{where}, line {number}: {new!r} is not below the notebook's bound {bound:g}")
            elif not numbers_agree(a, b):
                problems.append(f"{where}, line {number}: {new!r} instead of {old!r}")
    return problems


def png_size(data):
    """(width, height) of a PNG image from its header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", data[16:24])


def _output_text(output):
    if output["output_type"] == "stream":
        return "".join(output.get("text", ""))
    return "".join(output.get("data", {}).get("text/plain", ""))


def compare_notebooks(fresh_path, committed_path):
    fresh, committed = (json.loads(Path(path).read_text()) for path in (fresh_path, committed_path))
    name = Path(committed_path).name
    problems = []
    meta = [nb["metadata"] for nb in (fresh, committed)]
    for metadata in meta:  # the Python version that ran the notebook is not part of its meaning
        metadata.get("language_info", {}).pop("version", None)
    if meta[0] != meta[1]:
        problems.append(f"{name}: the notebook metadata differ")
    if len(fresh["cells"]) != len(committed["cells"]):
        return problems + [f"{name}: {len(fresh['cells'])} cells instead of {len(committed['cells'])}"]
    for index, (new, old) in enumerate(zip(fresh["cells"], committed["cells"])):
        where = f"{name}, cell {old.get('id', index)}"
        if {k: v for k, v in new.items() if k != "outputs"} != {k: v for k, v in old.items() if k != "outputs"}:
            problems.append(f"{where}: the cell itself differs (source, metadata or execution count)")
            continue
        new_outputs, old_outputs = new.get("outputs", []), old.get("outputs", [])
        errors = [o for o in new_outputs if o["output_type"] == "error"]
        if errors:
            problems.append(f"{where}: {errors[0].get('ename')}: {errors[0].get('evalue')}")
            continue
        kinds = [[(o["output_type"], o.get("name"), sorted(o.get("data", {}))) for o in outputs]
                 for outputs in (new_outputs, old_outputs)]
        if kinds[0] != kinds[1]:
            problems.append(f"{where}: outputs {kinds[0]} instead of {kinds[1]}")
            continue
        cell_id = old.get("id")
        for a, b in zip(new_outputs, old_outputs):
            problems += compare_text(_output_text(a), _output_text(b), where, bound=ERROR_BOUNDS.get(cell_id),
                                     experiment=cell_id in EXPERIMENT_CELLS)
            if "image/png" in a.get("data", {}):
                import base64

                sizes = [png_size(base64.b64decode("".join(o["data"]["image/png"]))) for o in (a, b)]
                if sizes[0] != sizes[1]:
                    problems.append(f"{where}: a figure of {sizes[0]} pixels instead of {sizes[1]}")
    return problems


def _arrays(path):
    with np.load(path, allow_pickle=False) as npz:
        return {key: npz[key] for key in npz.files}


def compare_npz(fresh_path, committed_path, name, band=None):
    """Same keys, dtypes and shapes; equal configs and integer arrays; floats close, or accuracies in band (a log's
    recorded parameters: their dtypes and shapes only)."""
    fresh, committed = _arrays(fresh_path), _arrays(committed_path)
    if sorted(fresh) != sorted(committed):
        return [f"{name}: keys {sorted(fresh)} instead of {sorted(committed)}"]
    problems = []
    for key in committed:
        new, old = fresh[key], committed[key]
        if (new.dtype, new.shape) != (old.dtype, old.shape):
            problems.append(f"{name}: {key} is {new.dtype} {new.shape} instead of {old.dtype} {old.shape}")
        elif key == "config":
            # Which check's parameters a run records (its best validation accuracy) may move between CPUs with the
            # training run; everything else is settings.
            settings = [json.loads(str(value)) for value in (new, old)]
            for value in settings:
                (value.get("recorded_params") or {}).pop("check", None)
            if settings[0] != settings[1]:
                problems.append(f"{name}: the recorded settings differ: {new} instead of {old}")
        elif "/" in key:
            continue  # the recorded parameters of a training run, which drift between CPUs like its accuracies
        elif new.dtype.kind != "f":
            if not np.array_equal(new, old):
                problems.append(f"{name}: {key} differs")
        elif key.endswith("_acc_history"):
            if band is not None:
                gap = np.abs(new - old)
                if gap.max() > band[0] or gap.mean() > band[1]:
                    problems.append(f"{name}: {key} differs by up to {gap.max():.3f} (mean {gap.mean():.3f}), "
                                    f"outside the grader's band {band}")
        elif key == "loss_history":
            if not np.array_equal(np.isfinite(new), np.isfinite(old)):
                problems.append(f"{name}: loss_history is finite at other iterations")
        elif not np.allclose(new, old, rtol=1e-6, atol=0):
            problems.append(f"{name}: {key} differs beyond float32 rounding")
    return problems


def files_of(folder):
    return sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*") if p.is_file())


def compare_folders(fresh, committed):
    """Every problem between a regenerated answer key or references folder and the committed one."""
    fresh, committed = Path(fresh), Path(committed)
    names = files_of(committed)
    if files_of(fresh) != names:
        missing, extra = set(names) - set(files_of(fresh)), set(files_of(fresh)) - set(names)
        return [f"the files differ: missing {sorted(missing)}, extra {sorted(extra)}"]
    problems = []
    for name in names:
        new, old = fresh / name, committed / name
        if name.endswith(".ipynb"):
            problems += compare_notebooks(new, old)
        elif name.endswith(".npz"):
            band = next((band for log, band in LOG_BANDS.items() if Path(log).name == Path(name).name), None)
            problems += compare_npz(new, old, name, band)
        elif name.endswith(".png"):
            if png_size(new.read_bytes()) != png_size(old.read_bytes()):
                problems.append(f"{name}: {png_size(new.read_bytes())} pixels instead of {png_size(old.read_bytes())}")
        elif new.read_bytes() != old.read_bytes():
            problems.append(f"{name} differs")
    return problems
