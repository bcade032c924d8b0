"""--baseline / --write-baseline, and the project's own pre-commit hook that relies on them."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "copycheck", "check", "--no-color", *args],
                          cwd=cwd, capture_output=True, text=True, check=False)


def test_write_then_use_a_baseline(tmp_path):
    article = tmp_path / "desk" / "a.txt"
    article.parent.mkdir()
    article.write_text("قال الوزير ، نعم\nقال الوزير ، نعم\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    written = run(str(article), "--write-baseline", str(baseline))
    assert written.returncode == 0 and "Recorded 2 finding(s)" in written.stdout
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert entries == [{"rule": "spacing.before-punctuation", "path": "desk/a.txt", "text": " ",
                        "context": "قال الوزير⟦ ⟧، نعم", "count": 2}]
    assert run(str(article), "--baseline", str(baseline)).returncode == 0

    # Offsets move when text is added above: the baseline still matches; a new finding is reported.
    article.write_text("سطر جديد في الأعلى.\nقال الوزير ، نعم\nقال الوزير ، نعم\nانتهى اللقاء ؟\n",
                       encoding="utf-8")
    result = run(str(article), "--baseline", str(baseline))
    assert result.returncode == 1
    assert result.stdout.count("[spacing.before-punctuation]") == 1 and ":4:13:" in result.stdout


def test_a_third_identical_finding_is_new(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("قال الوزير ، نعم\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    run(str(article), "--write-baseline", str(baseline))
    article.write_text("قال الوزير ، نعم\nقال الوزير ، نعم\n", encoding="utf-8")
    assert run(str(article), "--baseline", str(baseline)).returncode == 1


def test_unreadable_baseline_is_a_usage_error(tmp_path):
    bad = tmp_path / "baseline.json"
    bad.write_text("[]", encoding="utf-8")
    result = run(str(ROOT / "seeds"), "--baseline", str(bad))
    assert result.returncode == 2 and "not a copycheck baseline" in result.stderr


def test_the_projects_own_seed_hook_passes():
    """Runs the `repo: local` hook of .pre-commit-config.yaml as pre-commit would. When a new rule
    finds more in the sample, record the baseline again:
    copycheck check seeds/ --write-baseline seeds/.copycheck-baseline.json"""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = next(h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]
                if h["id"] == "copycheck-seeds")
    files = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "seeds").iterdir())
             if re.search(hook["files"], str(p.relative_to(ROOT)))]
    assert files, "the hook's files pattern matches the sample"
    command = shlex.split(hook["entry"])
    assert command[:2] == ["copycheck", "check"]
    result = run(*command[2:], *files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert run(*files).returncode == 1, "the sample's deliberate errors are still there"
