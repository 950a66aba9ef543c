"""Submissions that hang or eat memory, and a fake cgroup folder: for the tests of the grading run's limits.

Each submission is the answer key with one edit (Edit): a loop that never ends in one function of the student's
package, at the import of layers.py, in a loop that ignores every signal, or a memory bomb. The edits replace lines
of the answer key; one that no longer finds its line fails loudly.
"""
import resource
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

from autograder.layout import SOLUTIONS

LAYERS_FILE, FC_NET_FILE, OPTIM_FILE = "deeplearning/layers.py", "deeplearning/classifiers/fc_net.py", "deeplearning/optim.py"


@dataclass(frozen=True)
class Edit:
    name: str
    file: str
    replacements: list  # (the answer key's text, what replaces it)

    def apply(self, assignment):
        path = Path(assignment) / self.file
        text = path.read_text()
        for old, new in self.replacements:
            if old not in text:
                raise ValueError(f"{self.name}: {old!r} is not in {self.file}")
            text = text.replace(old, new)
        path.write_text(text)


# The answer key's lines, with a loop that never ends put in.
AFFINE = "    out = x.reshape(x.shape[0], -1) @ w\n    out += b\n"
IGNORES_SIGNALS = textwrap.indent("""import signal
for number in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGXCPU, signal.SIGUSR1):
    signal.signal(number, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGXCPU})
while True:
    try:
        x = x + 0
    except BaseException:
        pass
""", " " * 8)
HANGS = {
    # a while whose condition never changes (i += 1 forgotten)
    "affine_forward": Edit("hang_affine", LAYERS_FILE, [(AFFINE, "    out = x.reshape(x.shape[0], -1) @ w\n    i = 0\n"
                                                            "    while i < out.shape[0]:\n        out[i] += b\n")]),
    "relu_forward": Edit("hang_relu", LAYERS_FILE, [("    out = np.maximum(x, 0)\n",
                                                "    out = x.copy()\n    i = 0\n    while i < out.size:\n"
                                                "        out.flat[i] = max(out.flat[i], 0)\n")]),
    "adam": Edit("hang_adam", OPTIM_FILE, [('    config["t"] += 1\n',
                                       '    steps = 0\n    while steps < 1:\n        config["t"] += 1\n')]),
    # the Solver calls the model's loss in every replay (and the net parts call it too)
    "FullyConnectedNet.loss": Edit("hang_loss", FC_NET_FILE, [("        caches = []\n        hidden = X\n",
                                                           "        caches = []\n        hidden = X\n        layer = 1\n"
                                                           "        while layer < self.num_layers:\n"
                                                           "            hidden = hidden\n")]),
    # machine epsilon, halving forgotten: at the import of layers.py
    "<module>": Edit("hang_import", LAYERS_FILE, [("import numpy as np\n", "import numpy as np\n\nEPS = 1.0\n"
                                              "while EPS + 1.0 != 1.0:\n    EPS = EPS * 1.0\n")]),
    # ignores (and blocks) every signal it can, and catches whatever is raised in it
    "batchnorm_forward": Edit("hang_ignoring_signals", LAYERS_FILE, [("        mean = x.mean(axis=0)\n",
                                                                 IGNORES_SIGNALS + "        mean = x.mean(axis=0)\n")]),
}

MEMORY_BOMB = Edit("memory_bomb", LAYERS_FILE, [("        out = x * mask\n",
                                             "        hog = []\n        while True:\n"
                                             "            hog.append(np.ones(10**6))\n")])


def hanging(tmp_path, function):
    """A copy of the answer key with the hang HANGS[function]."""
    folder = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("figures", "__pycache__"))
    HANGS[function].apply(folder)
    return folder


def fake_cgroup(tmp_path, v2=True, limit="805306368", usage="104857600"):
    """A folder shaped like /sys/fs/cgroup, for a grader that reads it from FC_NETS_CGROUP_ROOT."""
    folder = tmp_path / "cgroup"
    files = ({"memory.max": limit, "memory.current": usage} if v2 else
             {"memory/memory.limit_in_bytes": limit, "memory/memory.usage_in_bytes": usage})
    for name, value in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(value + "\n")
    return folder


def address_space_of(megabytes):
    """A preexec_fn: the process started, and every process it starts, may map at most that many MB (RLIMIT_AS)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (megabytes * 2**20,) * 2)
    return limit
