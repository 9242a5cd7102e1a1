"""The pre-commit hooks contributors run: clean on the repository, and each one catches its kind
of mistake, naming the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.tools

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A git repository holding this working tree's files (committed or not), and its .venv."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    root = tmp_path / "repo"
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    (root / ".venv").symlink_to(REPO / ".venv")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    return root


def _pre_commit(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home")}
    return subprocess.run([str(PRE_COMMIT), "run", "--all-files", "--color", "never"],
                          cwd=root, capture_output=True, text=True, env=env)


def test_every_hook_passes_on_the_repository(checkout):
    result = _pre_commit(checkout)
    assert result.returncode == 0, result.stdout
    for hook in ("python -m mskb check", "front matter reference", "pymarkdown", "codespell",
                 "ruff", "mypy"):
        assert any(hook in line and line.endswith("Passed")
                   for line in result.stdout.splitlines()), f"{hook} did not run and pass"


def test_each_hook_catches_its_mistake_and_names_the_file(checkout):
    article = checkout / "content/guides/triggers.md"
    article.write_text(article.read_text().replace("kind: guide", "kind: guidance", 1))
    misspelt = "Reci" + "eve"  # split, so that codespell does not flag this test itself
    (checkout / "docs/about/extra.md").write_text(f"#No space after the hash\n\n{misspelt} it.\n")
    (checkout / "src/mskb/extra.py").write_text("import os\n\nCOUNT: int = 'three'\n")
    guide = checkout / "CONTRIBUTING.md"
    guide.write_text(guide.read_text().replace("| `summary` | yes |", "| `summary` | no |"))
    subprocess.run(["git", "add", "-A"], cwd=checkout, check=True)
    result = _pre_commit(checkout)
    assert result.returncode == 1
    out = result.stdout
    assert "content/guides/triggers.md:3: kind: 'guidance' is not allowed" in out
    assert "CONTRIBUTING.md: the front matter reference differs from the schema" in out
    assert "docs/about/extra.md:1:1: MD018" in out
    assert f"docs/about/extra.md:3: {misspelt} ==> Receive" in out
    assert "src/mskb/extra.py:1:8: F401" in out
    assert "src/mskb/extra.py:3: error: Incompatible types in assignment" in out


def test_the_package_type_checks_with_mypy():
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("Success: no issues found")
