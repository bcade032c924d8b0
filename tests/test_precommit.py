"""The published hooks, run by real pre-commit (`try-repo`) in a throwaway git repository.

try-repo installs the hooks from a git repository. To test exactly the files in this checkout
(committed or not, in CI's fresh clone as in a developer's dirty tree), a snapshot of the
checkout is committed to a temporary repository first; pre-commit's hook environment is then
built once for the whole module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from readme_blocks import README, blocks, matches

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_9eb9693275b328fe.txt"
CLEAN = "اختتمت أعمال الاجتماع الوزاري، الأربعاء، في مراكش.\n"
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q")
    git(path, "config", "user.name", "t")
    git(path, "config", "user.email", "t@example.org")
    git(path, "config", "commit.gpgsign", "false")
    return path


def checkout_files() -> list[str]:
    """Tracked and new (not ignored) files of this checkout; every packaged file when not a repo."""
    if (ROOT / ".git").exists():
        listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]
    return [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    snapshot = new_repo(tmp_path_factory.mktemp("hooks") / "copycheck")
    for name in checkout_files():
        (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, snapshot / name)
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def editors_repo(tmp_path) -> Path:
    repo = new_repo(tmp_path / "desk")
    # Only the fixable categories: the assertions below must not depend on what later rules find.
    (repo / ".copycheck.toml").write_text('select = ["spacing", "punctuation"]\n', encoding="utf-8")
    return repo


def try_repo(repo: Path, hook_repo: Path, home: Path, hook: str,
             *files: str) -> subprocess.CompletedProcess[str]:
    git(repo, "add", "-A")  # try-repo runs on staged files like a commit would
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([*PRE_COMMIT, "try-repo", str(hook_repo), hook, "--files", *files],
                          cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=600)


def test_check_hook_fails_on_the_sample_and_passes_on_clean_text(editors_repo, hook_repo, pre_commit_home):
    shutil.copy(SEED, editors_repo / "article.txt")
    (editors_repo / "clean.md").write_text(CLEAN, encoding="utf-8")

    failing = try_repo(editors_repo, hook_repo, pre_commit_home, "copycheck", "article.txt")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "article.txt:3:54: warning [spacing.before-punctuation]" in failing.stdout

    passing = try_repo(editors_repo, hook_repo, pre_commit_home, "copycheck", "clean.md")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert (editors_repo / "article.txt").read_bytes() == SEED.read_bytes()


def test_fix_hook_rewrites_the_file_then_passes(editors_repo, hook_repo, pre_commit_home):
    shutil.copy(SEED, editors_repo / "article.txt")

    fixing = try_repo(editors_repo, hook_repo, pre_commit_home, "copycheck-fix", "article.txt")
    assert fixing.returncode == 1, fixing.stdout + fixing.stderr  # pre-commit: files were modified
    assert "files were modified by this hook" in fixing.stdout
    golden = (ROOT / "tests" / "golden" / "seed.fixed.txt").read_text(encoding="utf-8")
    assert (editors_repo / "article.txt").read_text(encoding="utf-8") == golden

    again = try_repo(editors_repo, hook_repo, pre_commit_home, "copycheck-fix", "article.txt")
    assert again.returncode == 0, again.stdout + again.stderr
    check = try_repo(editors_repo, hook_repo, pre_commit_home, "copycheck", "article.txt")
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_readme_shows_what_the_fix_hook_prints(editors_repo, hook_repo, pre_commit_home):
    (editors_repo / "article.txt").write_text("قال الوزير ، إن المغرب ينفذ استراتيجية شاملة.\n",
                                              encoding="utf-8")
    fixing = try_repo(editors_repo, hook_repo, pre_commit_home, "copycheck-fix", "article.txt")
    shown = next(block for block in blocks(README.read_text(encoding="utf-8"))
                 if block.kind == "text pre-commit")
    printed = fixing.stdout.rstrip("\n") + "\n"  # pre-commit ends with a blank line
    assert matches(shown.lines, printed), fixing.stdout


def test_hooks_skip_files_of_other_types(editors_repo, hook_repo, pre_commit_home):
    shutil.copy(SEED, editors_repo / "notes.csv")
    result = try_repo(editors_repo, hook_repo, pre_commit_home, "copycheck", "notes.csv")
    assert result.returncode == 0 and "(no files to check)" in result.stdout
