"""Inspector-authored rules: AUDITOR_RULES_PATH / --rules-path and `auditor rules check FILE`.

Each test runs the command in a subprocess: loading a declaration registers its rule for the rest
of the process, and the other tests expect the packaged catalog only.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.synth import generate
from auditor.synth.render_text import to_text

ROOT = Path(__file__).resolve().parents[1]
README_EXAMPLE = re.compile(r"<!-- example: (\S+) -->\n```toml\n(.*?)```", re.S)


def readme_examples() -> dict[str, str]:
    """The declaration files the README shows, by file name."""
    return dict(README_EXAMPLE.findall((ROOT / "README.md").read_text(encoding="utf-8")))


def auditor(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rules.d")
    for name, text in readme_examples().items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_readme_shows_two_examples() -> None:
    assert set(readme_examples()) == {"t09_meetings.toml", "agency_06.toml"}


@pytest.mark.parametrize("name", sorted(readme_examples()))
def test_readme_examples_pass_rules_check(rules_dir: Path, name: str) -> None:
    proc = auditor("rules", "check", str(rules_dir / name))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 处不符" in proc.stdout
    assert "✗" not in proc.stdout
    assert re.search(
        r"✓ 第\d+行示例：期望 fires，结果 fires\n\s+(公开09表“合计”行|情况说明称机关运行经费)", proc.stdout
    )


def test_rules_check_reports_a_failing_example(tmp_path: Path) -> None:
    text = readme_examples()["t09_meetings.toml"].replace('"合计" = "6.00"', '"合计" = "5.80"', 1)
    path = tmp_path / "wrong.toml"
    path.write_text(text, encoding="utf-8")
    proc = auditor("rules", "check", str(path))
    assert proc.returncode == 1
    assert "✗ 第13行示例：期望 fires，结果 silent" in proc.stdout
    assert "1 处不符" in proc.stdout


def test_a_broken_file_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    text = readme_examples()["agency_06.toml"].replace('column = "决算数"', 'column = "金额"')
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    proc = auditor("rules", "check", str(path))
    assert proc.returncode == 2
    assert f"{path}:5: LOCAL-N-AGENCY-06 的 cell：公开06表没有栏目 '金额'（可用：决算数）" in proc.stderr
    # in the rules path, the same file stops start-up loudly instead of dropping the rule
    proc = auditor("rules", env={"AUDITOR_RULES_PATH": str(tmp_path)})
    assert proc.returncode != 0
    assert f"{path}:5:" in proc.stderr


def test_rules_path_lists_the_declared_rules(rules_dir: Path) -> None:
    for args, env in (
        (("--rules-path", str(rules_dir)), None),
        ((), {"AUDITOR_RULES_PATH": str(rules_dir)}),
    ):
        proc = auditor("rules", "--format", "json", *args, env=env)
        assert proc.returncode == 0, proc.stderr
        got = {r["id"]: r for r in json.loads(proc.stdout)["rules"]}
        assert got["LOCAL-T09-TOTAL5"]["tables"] == ["09"] and got["LOCAL-T09-TOTAL5"]["enabled"]
        assert got["LOCAL-N-AGENCY-06"]["severity"] == "warning"
        assert got["LOCAL-N-AGENCY-06"]["tables"] == ["narrative", "06"]
    proc = auditor("rules", "--format", "markdown", "--rules-path", str(rules_dir))
    assert (
        "### LOCAL-T09-TOTAL5 — “三公”经费支出决算表（含会议费、培训费的模板）：合计＝五项之和" in proc.stdout
    )


def test_declared_rules_run_beside_the_packaged_ones_and_can_be_switched_off(
    rules_dir: Path, tmp_path: Path
) -> None:
    # a generated 决算 whose “三公” table prints 会议费 outside 合计 (the packaged template)
    doc = tmp_path / "doc.txt"
    doc.write_text(to_text(generate(1)), encoding="utf-8")
    proc = auditor("audit", "--no-store", "--format", "json", "--rules-path", str(rules_dir), str(doc))
    findings = json.loads(proc.stdout)["documents"][0]["findings"]
    local = [f for f in findings if f["rule_id"] == "LOCAL-T09-TOTAL5"]
    assert local and all(f["severity"] == "error" and f["evidence"] for f in local), proc.stderr
    assert "会议费" in local[0]["message"]
    assert not [f for f in findings if f["rule_id"].startswith("T0") and f["severity"] != "info"]
    # the 情况说明's 机关运行经费 equals 06表 公用经费合计 in this clean document
    assert not [f for f in findings if f["rule_id"] == "LOCAL-N-AGENCY-06"]
    settings = tmp_path / "rules.toml"
    settings.write_text('[rules]\n"LOCAL-T09-TOTAL5" = { enabled = false }\n', encoding="utf-8")
    proc = auditor(
        "audit", "--no-store", "--format", "json", "--rules-path", str(rules_dir),
        "--rules-config", str(settings), str(doc),
    )  # fmt: skip
    findings = json.loads(proc.stdout)["documents"][0]["findings"]
    assert not [f for f in findings if f["rule_id"].startswith("LOCAL-")]


def test_rules_engine_lists_the_ruleset_rule_by_rule(rules_dir: Path) -> None:
    proc = auditor("rules", "engine", "--format", "json", "--rules-path", str(rules_dir))
    assert proc.returncode == 0, proc.stderr
    rules = {r["name"]: r for r in json.loads(proc.stdout)}
    # every declared rule, an operator's too, is three engine rules whose conditions name its id
    for rid in ("T05-ROW", "TAB-HIER", "T06-PERSONNEL", "TB-CAPITAL-EXPENSE", "LOCAL-T09-TOTAL5"):
        for outcome in ("holds", "rounding", "broken"):
            rule = rules[f"{rid}:{outcome}"]
            assert rule["outcome"] == outcome
            assert {"rule": rid} in rule["definition"]["$and"]
            assert rule["when"].startswith(f"kind = identity ∧ rule = {rid} ∧ ")
    assert rules["T05-ROW:broken"]["when"].endswith("(lhs > rhs + tol ∨ lhs < rhs − tol)")
    # the generic outcome rules that decide the facts of the rules written in Python
    assert rules["bound_broken"]["when"] == "kind = bound ∧ lhs > rhs + tol"
    assert rules["bound_broken"]["meaning"] == "较小一方超出较大一方，超出尾差范围"
    text = auditor("rules", "engine")
    assert text.returncode == 0
    assert (
        "T06-OPERATING:rounding  →  rounding    当 kind = identity ∧ rule = T06-OPERATING ∧ " in text.stdout
    )
    assert re.search(r"\n\d+ 条引擎规则（其中 \d+ 条按规则编号由声明编译", text.stdout)
