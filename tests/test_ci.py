""".ci/run's last line: how many browser tests ran and, if none, why.

The line is made by .ci/browser_summary.py from the JUnit XML files pytest
writes for ``make test`` and ``make test-lowest``; these tests feed it the
files a real pytest writes for browser tests that ran and that were skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SUMMARY = REPO / ".ci" / "browser_summary.py"
NO_CHROMIUM = "no Chromium at /usr/bin/chromium (apt-get install chromium)"


def junit_of_browser_tests(tmp_path: Path, name: str, skip: bool) -> Path:
    """The JUnit XML of a real pytest run of a test_browser.py with two
    tests (and another module's one), run or skipped as
    tests/test_browser.py skips without Chromium."""
    folder = tmp_path / name / "tests"
    folder.mkdir(parents=True)
    body = f"pytest.skip({NO_CHROMIUM!r})" if skip else "pass"
    (folder / "test_browser.py").write_text(
        "import pytest\n\n"
        "@pytest.fixture(scope='module')\n"
        f"def browser():\n    {body}\n\n"
        "@pytest.mark.parametrize('theme', ['alabaster', 'furo'])\n"
        "def test_page(browser, theme):\n    pass\n",
        encoding="utf-8",
    )
    (folder / "test_more.py").write_text("def test_unrelated():\n    pass\n", encoding="utf-8")
    results = tmp_path / f"{name}.xml"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={results}", "tests"],
        cwd=folder.parent, capture_output=True, text=True, timeout=300, check=True,
    )
    return results


def summary(*args: str, require: bool = False) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "REQUIRE_BROWSER_TESTS"}
    if require:
        env["REQUIRE_BROWSER_TESTS"] = "1"
    result = subprocess.run([sys.executable, str(SUMMARY), *args], capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.stderr == ""
    return result.returncode, result.stdout.strip()


def test_the_line_counts_the_browser_tests_that_ran(tmp_path):
    ran = junit_of_browser_tests(tmp_path, "ran", skip=False)
    code, line = summary("--chromium", "installed: Chromium 120", f"make test={ran}", f"make test-lowest={ran}")
    assert (code, line) == (0, "browser tests: make test: 2 ran; make test-lowest: 2 ran")


@pytest.mark.parametrize("require", [False, True], ids=["loud", "required"])
def test_without_browser_tests_the_line_says_why(tmp_path, require):
    skipped = junit_of_browser_tests(tmp_path, "skipped", skip=True)
    apt_log = tmp_path / "apt.log"
    apt_log.write_text("Reading package lists...\n\nE: Unable to locate package chromium\nE: giving up\n",
                       encoding="utf-8")
    code, line = summary("--chromium", "could not be installed with apt-get", "--apt-log", str(apt_log),
                         f"make test={skipped}", f"make test-lowest={tmp_path / 'missing.xml'}", require=require)
    assert code == (1 if require else 0)
    assert line == (
        "BROWSER TESTS DID NOT RUN: make test: 0 ran, 2 skipped; "
        f"make test-lowest: no results ({tmp_path / 'missing.xml'} missing); "
        f"skipped because {NO_CHROMIUM}; Chromium setup: could not be installed with apt-get; "
        f"end of {apt_log}: Reading package lists... | E: Unable to locate package chromium | E: giving up"
    )


def test_ci_run_ends_with_the_line(tmp_path):
    """.ci/run itself, with ``make`` replaced by a stand-in that "runs" both
    suites by writing their results: its last line is the summary, and
    REQUIRE_BROWSER_TESTS=1 turns a run without browser tests into a failure."""
    skipped = junit_of_browser_tests(tmp_path, "skipped", skip=True)
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    for name in ("run", "browser_summary.py"):
        (repo / ".ci" / name).write_bytes((REPO / ".ci" / name).read_bytes())
    (repo / ".ci" / "run").chmod(0o755)
    stubs = tmp_path / "bin"
    stubs.mkdir()
    (stubs / "make").write_text(
        "#!/bin/sh\n"
        'case "$1" in test) out=build/test-results.xml ;; test-lowest) out=build/test-results-lowest.xml ;;\n'
        '  test-newest) out=build/test-results-newest.xml ;; esac\n'
        f'cp "{skipped}" "$out"\n',
        encoding="utf-8",
    )
    # where Chromium is missing the script tries apt-get (through sudo when
    # not root): stand-ins that fail as apt-get does without the package
    (stubs / "apt-get").write_text("#!/bin/sh\necho 'E: Unable to locate package chromium'\nexit 100\n",
                                   encoding="utf-8")
    (stubs / "sudo").write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    for name in ("make", "apt-get", "sudo"):
        (stubs / name).chmod(0o755)
    path = os.pathsep.join([str(stubs), os.path.dirname(sys.executable), "/usr/bin", "/bin"])
    for require in ("", "1"):
        env = {"PATH": path, "HOME": str(tmp_path), "REQUIRE_BROWSER_TESTS": require}
        result = subprocess.run(["bash", str(repo / ".ci" / "run")], capture_output=True, text=True, env=env,
                                timeout=300)
        last = result.stdout.strip().splitlines()[-1]
        # the newest-Python leg runs where the machine has a Python 3.12+
        newest = "make test-newest: 0 ran, 2 skipped; " if "make test-newest (" in result.stdout else ""
        assert last.startswith("BROWSER TESTS DID NOT RUN: make test: 0 ran, 2 skipped; "
                               "make test-lowest: 0 ran, 2 skipped; " + newest + "skipped because " + NO_CHROMIUM), \
            result.stdout
        assert "Chromium setup: " in last
        assert result.returncode == (1 if require else 0), result.stdout + result.stderr
