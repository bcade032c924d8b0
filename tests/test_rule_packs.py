"""A newsroom's own rule packs: the fragments a pack defines are that pack's alone."""

from __future__ import annotations

import textwrap
from pathlib import Path

from support import run_cli

ARTICLE = "قال الوزير , إن المطلب مطلب مهم.\n"  # punctuation.latin-comma: a built-in rule using ${AR}


def write_pack(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


# `AR` is the built-in packs' "an Arabic letter"; this pack means something else by it.
SHADOWING_PACK = """\
    pack: newsroom
    define:
      AR: 'مطلب'
    rules:
      - id: style.our-word
        kind: pattern
        category: style
        severity: info
        message: "Our word"
        message_ar: "كلمتنا"
        pattern: '${AR}'
        examples:
          bad:
            - text: "هذا ⟦مطلب⟧ واضح"
          good:
            - "هذا نص واضح"
    """


def rules_found(result, path: Path) -> list[str]:
    (file,) = [file for file in result.report["files"] if file["path"] == str(path)]
    return [finding["rule"] for finding in file["findings"]]


def test_a_pack_defining_a_builtin_fragment_changes_only_its_own_rules(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    plain = run_cli("check", "--format", "json", str(article))
    pack = write_pack(tmp_path, "newsroom", SHADOWING_PACK)
    with_pack = run_cli("check", "--format", "json", "--rule-file", str(pack), str(article))
    assert with_pack.code == 1 and with_pack.report["errors"] == []
    assert rules_found(plain, article) == ["punctuation.latin-comma"]
    assert rules_found(with_pack, article) == ["punctuation.latin-comma", "style.our-word",
                                               "style.our-word"]


def test_a_fragment_of_one_user_pack_is_unknown_in_another(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    first = write_pack(tmp_path, "first", SHADOWING_PACK)
    second = write_pack(tmp_path, "second", SHADOWING_PACK.replace("newsroom", "desk")
                        .replace("style.our-word", "style.their-word")
                        .replace("    define:\n      AR: 'مطلب'\n", "")
                        .replace("${AR}", "${OURS}"))
    result = run_cli("check", "--format", "json", "--rule-file", str(first), "--rule-file",
                     str(second), str(article))
    assert result.code == 2
    (error,) = result.report["errors"]
    assert error["path"] == str(second) and "unknown pattern fragment ${OURS}" in error["message"]
    assert rules_found(result, article) == ["punctuation.latin-comma", "style.our-word",
                                            "style.our-word"]
