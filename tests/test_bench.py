"""The benchmark harness still runs: a tiny corpus, one run, this interpreter.

Its timings are not looked at; what is checked is that every scenario of
both flavours was built, verified and reported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "run.py"
SCENARIOS = ("clean", "nochange", "edit_body", "edit_tags", "clean_j2")


def test_bench_smoke(tmp_path):
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, str(BENCH), "--no-venv", "--skip-ablog", "--n", "20", "--runs", "1",
         "--jobs", "2", "--cards-n", "20", "--workdir", str(tmp_path / "work"), "--json", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    run = data["results"]["20"]
    assert run["posts"] == 20
    assert 0 < run["published"] < 20  # the corpus has drafts, which only "ours" sees
    assert set(run["flavours"]) == {"ours", "plain"}
    for flavour in ("ours", "plain"):
        for scenario in SCENARIOS:
            series = run["flavours"][flavour][scenario]
            assert len(series["times"]) == 1 and series["median"] > 0, (flavour, scenario)
            assert len(series["cpu"]) == 1 and series["cpu_median"] > 0, (flavour, scenario)
            assert series["counts"]["post pages"] == run["published"]
    # the cards-on clean build drew a card for every published post
    cards = run["flavours"]["ours"]["clean_cards"]
    assert len(cards["times"]) == 1 and cards["counts"]["social cards"] == run["published"]
    assert "cards on/off" in result.stdout
    assert "CPU seconds (user + system, the build and its workers), medians:" in result.stdout
    ours = run["flavours"]["ours"]["clean"]["counts"]
    assert ours["atom entries"] == min(20, run["published"])
    assert ours["blog index entries"] == run["published"]
    # the edited rebuilds were compared with clean builds, and matched
    assert run["equal_to_clean"] == {"ours edit_body": [], "ours edit_tags": []}
    names = {t["target"] for t in data["targets"]}
    assert {"clean ours/plain", "no-change rebuild ours/plain", "peak memory ours/plain"} <= names
    assert "targets" in result.stdout and "ours/plain" in result.stdout
    # the sources and outputs are removed unless --keep
    assert not (tmp_path / "work" / "20").exists()
