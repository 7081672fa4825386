"""A kept kernel's state beyond its variables: remembered when the kernel starts, put back before each next notebook.

A notebook may change what outlives its namespace: pandas options (`pd.set_option("display.precision", 0)`),
matplotlib's rcParams, numpy's print options and error handling, warnings filters, environment variables, the
working folder and sys.path. The driver runs `remember()` once in each kernel it keeps, before the first notebook,
and `restore()` after resetting the namespace for the next one, so each notebook starts as in a new kernel.
"""

from __future__ import annotations

import gc
import os
import sys
import warnings
from typing import Any

BASELINE: dict[str, Any] = {}


def remember() -> None:
    """Note the kernel's state as a new kernel has it, with pandas, numpy and matplotlib's backend loaded."""
    import matplotlib
    import matplotlib.pyplot as plt
    import numpy
    import pandas  # noqa: F401 - loaded now so that its options exist to be put back

    plt.figure()  # loads the backend now: the settings it makes belong to the baseline
    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rc = dict(matplotlib.rcParams)
    BASELINE.update(environ=dict(os.environ), cwd=os.getcwd(), path=list(sys.path), filters=list(warnings.filters),
                    numpy_errors=numpy.geterr(), numpy_print=numpy.get_printoptions(), rc=rc)
    settle()


def settle() -> None:
    """Set what the kernel holds now (modules and their caches, which live as long as it does) apart from the
    garbage collector's passes, so that the collection each reset makes looks only at what the next notebook
    creates: 60 ms a reset with pandas and matplotlib loaded, a few ms after this. What a notebook sees is unchanged."""
    gc.collect()
    gc.freeze()


def restore() -> list[str]:
    """Put back what remember() noted; return the names of what a notebook had changed."""
    if not BASELINE:
        return []
    changed = [name for name, put_back in (("environment", restore_environ), ("working folder", restore_cwd),
                                            ("sys.path", restore_path), ("warnings filters", restore_filters),
                                            ("numpy options", restore_numpy), ("rcParams", restore_rc),
                                            ("pandas options", restore_pandas)) if put_back()]
    settle()  # what the last notebook loaded for good (a module, a cache) stays; its own objects were collected
    return changed


def restore_environ() -> bool:
    saved = BASELINE["environ"]
    extra = [key for key in os.environ if key not in saved]
    differing = {key: value for key, value in saved.items() if os.environ.get(key) != value}
    for key in extra:
        del os.environ[key]
    os.environ.update(differing)
    return bool(extra or differing)


def restore_cwd() -> bool:
    if os.getcwd() == BASELINE["cwd"]:
        return False
    os.chdir(BASELINE["cwd"])
    return True


def restore_path() -> bool:
    if sys.path == BASELINE["path"]:
        return False
    sys.path[:] = BASELINE["path"]
    return True


def restore_filters() -> bool:
    if warnings.filters == BASELINE["filters"]:
        return False
    warnings.filters[:] = BASELINE["filters"]
    warnings._filters_mutated()  # as warnings.catch_warnings does on leaving: drop the cached decisions
    return True


def restore_numpy() -> bool:
    import numpy

    changed = numpy.geterr() != BASELINE["numpy_errors"] or numpy.get_printoptions() != BASELINE["numpy_print"]
    numpy.seterr(**BASELINE["numpy_errors"])
    numpy.set_printoptions(**BASELINE["numpy_print"])
    return changed


def restore_rc() -> bool:
    import matplotlib
    import matplotlib.pyplot as plt

    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        changed = dict(matplotlib.rcParams) != BASELINE["rc"]
    dict.update(matplotlib.rcParams, BASELINE["rc"])  # the values were validated when noted
    return changed


def restore_pandas() -> bool:
    """Every pandas option back to its default (remember() loads pandas without setting any)."""
    import pandas

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # resetting deprecated options warns
        before = pandas.describe_option(_print_desc=False)
        pandas.reset_option("all")
        return pandas.describe_option(_print_desc=False) != before
