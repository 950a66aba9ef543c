"""Run notebooks in a real Jupyter kernel (nbclient), reproducibly."""
import os
import tempfile

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient


def warm_matplotlib_cache():
    """Build matplotlib's font cache now, so a kernel never prints 'building the font cache'."""
    import matplotlib.font_manager  # noqa: F401  (importing it builds the cache)


def execute_notebook(path, cwd, timeout=900, allow_errors=False):
    """Execute the notebook at path in place, with cwd as the kernel's working directory.

    No timing metadata is recorded, so the same code and data give the same file.
    Raises nbclient's CellExecutionError when a cell fails (unless allow_errors).
    """
    warm_matplotlib_cache()
    nb = nbformat.read(path, as_version=4)
    env_before = os.environ.get("PYTHONDONTWRITEBYTECODE")
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"  # the kernel inherits it: no __pycache__ in outputs
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
        if env_before is None:
            os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        else:
            os.environ["PYTHONDONTWRITEBYTECODE"] = env_before
        nbformat.write(nb, path)
    return nb
