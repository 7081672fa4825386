"""What a notebook changes for the whole kernel is put back before the next notebook in a kept kernel."""

from __future__ import annotations

import os
import sys
import warnings

import matplotlib
import numpy
import pandas as pd

from tradeclaims.notebook import session


def test_restore_puts_back_every_global_a_notebook_can_change(tmp_path):
    session.remember()
    cwd, path, filters = os.getcwd(), list(sys.path), list(warnings.filters)
    width, precision = matplotlib.rcParams["lines.linewidth"], pd.get_option("display.precision")
    try:
        pd.set_option("display.precision", 0)
        matplotlib.rcParams["lines.linewidth"] = 11.0
        warnings.simplefilter("error")
        os.environ["TRADECLAIMS_POLLUTED"] = "1"
        os.chdir(tmp_path)
        sys.path.insert(0, str(tmp_path))
        numpy.set_printoptions(precision=1)
        numpy.seterr(all="raise")

        changed = session.restore()
    finally:
        os.chdir(cwd)
    assert changed == ["environment", "working folder", "sys.path", "warnings filters", "numpy options", "rcParams",
                       "pandas options"]
    assert pd.get_option("display.precision") == precision == 6
    assert matplotlib.rcParams["lines.linewidth"] == width
    assert warnings.filters == filters and "TRADECLAIMS_POLLUTED" not in os.environ
    assert sys.path == path and numpy.get_printoptions()["precision"] == 8 and numpy.geterr()["divide"] == "warn"
    assert session.restore() == []  # nothing changed since
