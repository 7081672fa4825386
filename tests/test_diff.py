"""`tradeclaims diff`: what is not a results file is refused with one line and exit status 2."""

from __future__ import annotations

import json


def test_what_is_not_a_results_file_is_refused_with_one_line(cli, tmp_path):
    results = {"run": {"built": "2026-01-01T00:00:00Z"}, "claims": [{"id": "india-deficit", "status": "ok",
                                                                     "verdict": "partly supported", "measured": 99.2}]}
    (tmp_path / "results.json").write_text(json.dumps(results))
    (tmp_path / "index.html").write_text("<html></html>")
    (tmp_path / "other.json").write_text(json.dumps({"claims": [{"verdict": "supported"}]}))
    for arguments, named in ((["index.html", "results.json"], "index.html is not a results file"),
                             (["results.json", "other.json"], "other.json is not a results file"),
                             (["missing.json", "."], "missing.json: no such file"),
                             (["results.json", "empty"], "no such file")):
        (tmp_path / "empty").mkdir(exist_ok=True)
        outcome = cli("diff", *arguments, cwd=tmp_path)
        assert outcome.returncode == 2 and outcome.stdout == ""
        assert outcome.stderr.count("\n") == 1 and named in outcome.stderr, outcome.stderr
    same = cli("diff", "--fail-on-change", ".", "results.json", cwd=tmp_path)
    assert same.returncode == 0 and "No claim changed." in same.stdout
