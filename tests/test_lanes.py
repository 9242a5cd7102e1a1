"""The test lanes: ``./scripts/test --fast`` leaves the browser and the linters out, and says so."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

COLLECT = """
import sys, pytest
code = pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", *sys.argv[1:]])
print("PLAYWRIGHT-IMPORTED" if "playwright" in sys.modules else "NO-PLAYWRIGHT")
sys.exit(code)
"""


def _collect(*arguments: str) -> str:
    run = subprocess.run([sys.executable, "-c", COLLECT, *arguments], cwd=REPO,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def test_the_fast_lane_imports_no_browser_and_leaves_slow_tests_out():
    out = _collect("--fast")
    assert out.rstrip().endswith("NO-PLAYWRIGHT")
    assert "tests/browser/" not in out
    assert "test_tooling.py" not in out and "test_workflows.py" not in out
    assert "test_a_contributed_story_goes_from_the_form_to_a_green_ci" not in out
    assert "tests/test_rules.py" in out and "tests/test_build.py" in out


def test_the_full_run_collects_the_browser_tests_too():
    out = _collect()
    assert "tests/browser/test_browser.py" in out
    assert "tests/test_tooling.py" in out


def test_markers_are_registered():
    out = subprocess.run([sys.executable, "-m", "pytest", "--markers"], cwd=REPO,
                         capture_output=True, text=True).stdout
    for marker in ("browser", "tools", "slow"):
        assert f"@pytest.mark.{marker}:" in out
