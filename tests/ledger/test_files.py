"""Files written by the package: atomic, with the permissions the user's umask gives a new file."""

import os
import stat

import pytest

from tradeclaims.ledger import files


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_written_files_follow_the_umask(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        target = tmp_path / "sub" / "report.html"
        files.write_text(target, "first")
        files.write_text(target, "second")  # replaced, still with the same mode
    finally:
        os.umask(previous)
    assert target.read_text() == "second"
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert [path.name for path in target.parent.iterdir()] == ["report.html"]  # no temporary file left


def test_the_umask_is_read_without_changing_it():
    previous = os.umask(0o027)
    try:
        assert files.current_umask() == 0o027
        assert os.umask(0o027) == 0o027
    finally:
        os.umask(previous)


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "results.json"
    files.write_text(target, "good")

    def broken_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        files.write_text(target, "half")
    assert target.read_text() == "good"
    assert [path.name for path in tmp_path.iterdir()] == ["results.json"]
