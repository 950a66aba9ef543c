"""Run notebooks in a real Jupyter kernel (nbclient), reproducibly or sandboxed."""
import os
import shutil
import tempfile
from pathlib import Path

import matplotlib
import nbformat
from jupyter_client.manager import AsyncKernelManager, KernelManager
from nbclient import NotebookClient
from traitlets import Integer, List, Unicode, default

from ..layout import ONE_BLAS_THREAD, grading_dataset
from ..sandbox.confinement import LAUNCHER


def warm_matplotlib_cache():
    """Build matplotlib's font cache now, so a kernel never prints 'building the font cache'."""
    import matplotlib.font_manager  # noqa: F401  (importing it builds the cache)


def execute_notebook(path, cwd, timeout=900, allow_errors=False, kernel_env=None):
    """Execute the notebook at path in place, with cwd as the kernel's working directory.

    No timing metadata is recorded, so the same code and data give the same file.
    Raises nbclient's CellExecutionError when a cell fails (unless allow_errors).
    kernel_env: extra environment variables of the kernel (e.g. OPENBLAS_CORETYPE).
    """
    warm_matplotlib_cache()
    nb = nbformat.read(path, as_version=4)
    # The kernel inherits these. No __pycache__ in the outputs, and one BLAS thread: how
    # OpenBLAS splits a float32 product between threads changes its rounding, so with more
    # threads the same notebook prints different training histories from run to run.
    kernel_env = {"PYTHONDONTWRITEBYTECODE": "1", **ONE_BLAS_THREAD, **(kernel_env or {})}
    env_before = {name: os.environ.get(name) for name in kernel_env}
    os.environ.update(kernel_env)
    try:
        # Unix-socket transport: no TCP port is opened for the kernel.
        with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
            km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "ipc"))
            client = NotebookClient(
                nb,
                km=km,
                timeout=timeout,
                resources={"metadata": {"path": str(cwd)}},
                record_timing=False,
                coalesce_streams=True,  # one stream output per cell, however the kernel chunked it
                allow_errors=allow_errors,
            )
            try:
                client.execute()
            finally:
                if km.has_kernel:  # nbclient leaves a kernel it did not create running
                    km.shutdown_kernel(now=True)
    finally:
        for name, value in env_before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        nbformat.write(nb, path)
    return nb


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels start through the sandbox launcher (autograder.sandbox).

    The kernel may write only in its working directory (the copy of the submission
    being graded) and a private scratch folder; it may read its connection file and
    the read_only paths (the data set), bind its own ports, and nothing else.
    """

    read_only = List(Unicode(), help="extra paths the kernel may read").tag(config=True)
    memory_mb = Integer(4096).tag(config=True)
    cpu_seconds = Integer(3600).tag(config=True)

    @default("read_only")
    def _read_only_default(self):
        return [str(grading_dataset())]

    async def _async_pre_start_kernel(self, **kw):
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        cwd = os.path.abspath(kw.get("cwd") or os.getcwd())
        self._scratch = tempfile.mkdtemp(prefix="kernel-sandbox-")
        # A copy of the font cache, or matplotlib rebuilds it and says so on stderr
        # (nbgrader counts any stderr output of a grade cell as a failure).
        for cache in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
            shutil.copy(cache, self._scratch)
        env = dict(kw.get("env") or os.environ)
        env.update({"HOME": self._scratch, "TMPDIR": self._scratch, "MPLCONFIGDIR": self._scratch,
                    "IPYTHONDIR": os.path.join(self._scratch, "ipython"), "PYTHONDONTWRITEBYTECODE": "1",
                    **ONE_BLAS_THREAD})
        kw["env"] = env
        launcher = [*LAUNCHER, "--rw", cwd, "--rw", self._scratch,
                    "--ro", self.connection_file, "--memory-mb", str(self.memory_mb),
                    "--cpu-seconds", str(self.cpu_seconds)]
        for path in self.read_only:
            launcher += ["--ro", path]
        for port in (self.shell_port, self.iopub_port, self.stdin_port, self.control_port, self.hb_port):
            launcher += ["--bind-port", str(port)]
        return [*launcher, "--", *cmd], kw

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart=restart)
        if not restart and getattr(self, "_scratch", None):
            shutil.rmtree(self._scratch, ignore_errors=True)
