"""Send claim executions to a Dask distributed cluster instead of local threads.

Workers must have the project's folder at the same path and this package installed (the same machine,
or a shared file system); each execution is the same `run_job` the local executor runs.
"""

from __future__ import annotations

from tradeclaims.errors import UsageError, shown
from tradeclaims.run.worker import run_job


def dask_submitter(address: str):
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--executor dask needs the 'distributed' package (pip install 'dask[distributed]')") from None
    try:
        client = Client(address, timeout=10)
    except (OSError, ValueError, TypeError) as error:  # ValueError: not an address (no port, unknown protocol)
        raise UsageError(f"cannot reach the Dask scheduler at {shown(address)}: {str(error).splitlines()[0]}") from None
    executor = client.get_executor(pure=False)
    return (lambda job: executor.submit(run_job, job)), client.close
