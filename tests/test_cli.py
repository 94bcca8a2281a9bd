"""`auditor audit` / `auditor rules`: exit status, the JSON contract, the text report, bad input."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from rich.console import Console

from auditor import cli
from auditor.cli import exit_status, main
from auditor.report import AuditedDocument, describe_location, render_text
from auditor.result import DocumentResult
from ingest.model import Amount, Cell, Disclosure, Location, Row, Table
from rules.findings import AuditOutcome, Finding, NotEvaluated

CJK = re.compile(r"[\u4e00-\u9fff]")
EVIDENCE_KEYS = {"table", "row", "column", "value", "page", "bbox", "quote"}
FINDING_KEYS = {"rule_id", "severity", "message", "expected", "actual", "difference", "evidence"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code, out, _err = run(capsys, "audit", "--format", "json", *argv)
    return code, json.loads(out)  # stdout holds exactly one JSON document, no log lines


def assert_failed_one_line(entry: dict) -> None:
    assert entry["status"] == "failed"
    assert entry["error"] and "\n" not in entry["error"]
    assert entry["findings"] == []


# --- the call itself ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [[], ["audit"], ["frobnicate"], ["audit", "--format", "xml", "x.pdf"], ["audit", "--bogus", "x.pdf"]],
    ids=["no-command", "no-path", "unknown-command", "bad-format", "unknown-option"],
)
def test_wrong_call_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert "usage" in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "audit", "--help")
    assert code == 0 and "--no-store" in out and "--db" in out


def test_unopenable_database_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.pdf").write_bytes(b"")
    code, out, err = run(capsys, "audit", str(tmp_path / "a.pdf"), "--db", "nosuchdb://nowhere")
    assert code == 2
    assert out == ""
    assert "无法打开数据库" in err


# --- bad input: each document fails on its own, the batch goes on -------------------------------


def test_missing_path_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "nope.pdf")
    code, doc = run_json(capsys, missing, "--no-store")
    assert code == 2
    [entry] = doc["documents"]
    assert entry["source"] == missing
    assert entry["document"] is None
    assert_failed_one_line(entry)
    assert "文件不存在" in entry["error"]
    assert doc["summary"]["failed"] == 1


def test_bad_inputs_fail_one_by_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "page.pdf").write_text("<html>not a pdf</html>")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)))
    (tmp_path / "tables.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 no archive")
    names = ["missing.pdf", "empty.pdf", "page.pdf", "binary.txt", "tables.docx", "broken.zip"]
    paths = [str(tmp_path / n) for n in names]
    code, doc = run_json(capsys, *paths, "--no-store")
    assert code == 2
    assert [e["source"] for e in doc["documents"]] == paths
    for entry in doc["documents"]:
        assert_failed_one_line(entry)
    errors = [e["error"] for e in doc["documents"]]
    assert "文件不存在" in errors[0]
    assert "空文件" in errors[1]
    assert errors[2].startswith("not a PDF")
    assert "ZIP" in errors[5]


def test_text_report_of_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    code, out, _ = run(
        capsys, "audit", str(tmp_path / "missing.pdf"), str(tmp_path / "empty.pdf"), "--no-store"
    )
    assert code == 2
    assert "失败" in out and "文件不存在" in out and "空文件" in out
    assert out.rstrip().splitlines()[-1] == "2 份文档，2 份失败；错误 0 条，警告 0 条，提示 0 条"


def test_crash_in_one_document_does_not_stop_the_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = cli.audit_document

    def crash_on_first(source: str, data: bytes, file_name: str | None = None) -> DocumentResult:
        if source.endswith("a.txt"):
            raise RuntimeError("boom\n  at line two")
        return real(source, data, file_name)

    monkeypatch.setattr(cli, "audit_document", crash_on_first)
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("公开01表\n收入支出决算总表\n", encoding="utf-8")
    code, out, err = run(capsys, "audit", "--format", "json", "--no-store", str(tmp_path))
    doc = json.loads(out)
    first, second = doc["documents"]
    assert_failed_one_line(first)
    assert first["error"] == "内部错误 (internal error): RuntimeError: boom at line two"
    assert first["content_hash"]
    assert second["source"].endswith("b.txt")
    assert code == 2
    assert "audit_crashed" in err  # logged on stderr, never on stdout


def test_json_on_stdout_logs_on_stderr_subprocess(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.pdf")
    proc = subprocess.run(
        [sys.executable, "-m", "auditor", "audit", missing, "--format", "json", "--no-store", "-vv"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert json.loads(proc.stdout)["documents"][0]["source"] == missing


# --- exit status and the report, from plain results ---------------------------------------------


def finding(severity: str, rule_id: str = "T03-ROW") -> Finding:
    return Finding(
        rule_id=rule_id,
        severity=severity,  # type: ignore[arg-type]
        message="公开03表“2101501 行政运行”行“基本支出”栏为129.81万元，但[bold]各项[/]之和为129.19万元。",
        expected="129.19",
        actual="129.81",
        difference="0.62",
        evidence=[
            Cell(
                "03",
                "2101501 行政运行",
                "基本支出",
                "129.81",
                Amount(Decimal("129.81"), 2),
                Location(page=14, bbox=(100.0, 200.0, 140.0, 212.0)),
            ).evidence()
        ],
    )


def ok_result(*findings: Finding) -> DocumentResult:
    table = Table(id="03", title="支出决算表", rows=[Row(key="合计", label="合计")])
    disclosure = Disclosure(
        source="x.pdf",
        kind="final_account",
        level="department",
        unit="柞水县医疗保障局",
        year=2023,
        pages=21,
        tables={"03": table, "01": Table(id="01", title="收入支出决算总表")},
    )
    outcome = AuditOutcome(
        findings=list(findings),
        not_evaluated=[NotEvaluated("T07-ROW", "公开07表为空表", "07")],
        checks_run=10,
        checks_held=9,
    )
    return DocumentResult("x.pdf", "ok", content_hash="ab" * 32, disclosure=disclosure, outcome=outcome)


def test_exit_status() -> None:
    failed = DocumentResult("y.pdf", "failed", error="空文件")
    assert exit_status([]) == 0
    assert exit_status([AuditedDocument(ok_result())]) == 0
    assert exit_status([AuditedDocument(ok_result(finding("warning"), finding("info")))]) == 0
    assert exit_status([AuditedDocument(ok_result(finding("error")))]) == 1
    assert exit_status([AuditedDocument(ok_result(finding("error"))), AuditedDocument(failed)]) == 2
    assert exit_status([AuditedDocument(ok_result(), stored=False, store_error="disk full")]) == 2


def render(batch: list[AuditedDocument]) -> str:
    buf = io.StringIO()
    render_text(Console(file=buf, width=300, color_system=None), batch)
    return buf.getvalue()


def test_text_report_shows_recognition_findings_and_location() -> None:
    out = render(
        [AuditedDocument(ok_result(finding("error"), finding("warning", "T05-ROW"), finding("info")))]
    )
    assert "单位 柞水县医疗保障局" in out and "年度 2023" in out and "类型 部门决算" in out and "21 页" in out
    assert "表 01 03" in out
    assert "错误 1 条" in out and "警告 1 条" in out and "提示 1 条" in out
    assert out.index("错误 1 条") < out.index("警告 1 条") < out.index("提示 1 条")
    assert "[bold]各项[/]" in out  # document text is printed as is, never read as markup
    assert "公开03表 · 2101501 行政运行 · 基本支出 · 第14页 · 129.81" in out
    assert "应为 129.19，实为 129.81，相差 0.62" in out
    assert "未评估 1 项：T07-ROW（公开07表为空表）" in out
    assert out.rstrip().splitlines()[-1] == "1 份文档，0 份失败；错误 1 条，警告 1 条，提示 1 条"


def test_describe_location_of_text_input() -> None:
    evidence = {"table": "B01", "row": "合计", "column": None, "value": None, "quote": "1,049.22", "line": 88}
    assert describe_location(evidence) == "B01表 · 合计 · 第88行 · 1,049.22"


class FailingStore:
    """A store whose disk is full: every save raises."""

    def save_result(self, result: DocumentResult) -> int | None:
        raise OSError("database or disk is full\nSQL: INSERT …")


def test_store_failure_is_marked_and_reported(capsys: pytest.CaptureFixture[str]) -> None:
    cli.configure_logging(0)
    item = AuditedDocument(ok_result())
    cli.save(FailingStore(), item)  # type: ignore[arg-type]
    assert item.stored is False and item.store_error == "database or disk is full SQL: INSERT …"
    assert "store_failed" in capsys.readouterr().err
    assert exit_status([item]) == 2
    assert item.to_json()["store_error"] == item.store_error
    assert "未能保存到数据库" in render([item])


# --- the real pipeline on the project's own samples ---------------------------------------------


def make_pdf(path: Path, draw: str = "text", encrypt: str | None = None) -> Path:
    """A small PDF made with reportlab: with English text, with only an image, or encrypted."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=encrypt)
    if draw == "image":
        from PIL import Image

        c.drawImage(ImageReader(Image.effect_noise((400, 400), 60).convert("L")), 50, 300, 400, 400)
    else:
        c.drawString(72, 720, "Quarterly newsletter of the allotment society: tomatoes, beans and rain.")
    c.showPage()
    c.save()
    return path


def test_samples_json_contract(
    generated_samples: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    consistent, defective = str(generated_samples["consistent"]), str(generated_samples["defective"])
    code, doc = run_json(capsys, consistent, defective, "--no-store")
    assert code == 1
    first, second = doc["documents"]
    assert [first["source"], second["source"]] == [consistent, defective]
    for entry in (first, second):
        assert entry["status"] == "ok" and entry["error"] is None
        d = entry["document"]
        assert d["kind"] == "final_account"
        assert isinstance(d["year"], int) and isinstance(d["pages"], int) and d["unit"]
        assert d["tables"] and all(isinstance(t, str) for t in d["tables"])
    assert not [f for f in first["findings"] if f["severity"] == "error"]
    errors = [f for f in second["findings"] if f["severity"] == "error"]
    assert errors
    for f in second["findings"]:
        assert FINDING_KEYS <= set(f)
        assert f["severity"] in ("error", "warning", "info")
        assert CJK.search(f["message"])
        for e in f["evidence"]:
            assert EVIDENCE_KEYS <= set(e)
    assert any(e["page"] and e["bbox"] and len(e["bbox"]) == 4 for f in errors for e in f["evidence"])


def test_samples_text_report(generated_samples: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "audit",
        str(generated_samples["consistent"]),
        str(generated_samples["defective"]),
        "--no-store",
    )
    assert code == 1
    assert out.count("单位 ") == 2 and "类型 " in out and "错误 " in out and "第" in out
    assert out.rstrip().splitlines()[-1].startswith("2 份文档，0 份失败；错误 ")


def test_samples_are_stored(
    generated_samples: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from store.db import open_store

    url = f"sqlite:///{tmp_path / 'audit.sqlite3'}"
    paths = [str(generated_samples["consistent"]), str(generated_samples["defective"])]
    for _ in range(2):  # auditing the same bytes again updates, never duplicates
        code, doc = run_json(capsys, *paths, "--db", url)
        assert code == 1
        assert all(e["stored"] is True and e["document_id"] for e in doc["documents"])
    with open_store(url) as store:
        documents = store.list_documents()
        assert sorted(d.source for d in documents) == sorted(paths)


def test_unreadable_pdfs_fail_with_reasons(
    generated_samples: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    consistent = generated_samples["consistent"]
    data = consistent.read_bytes()
    (tmp_path / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (tmp_path / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    inputs = [
        make_pdf(tmp_path / "encrypted.pdf", encrypt="secret"),
        make_pdf(tmp_path / "scanned.pdf", draw="image"),
        make_pdf(tmp_path / "newsletter.pdf"),
        tmp_path / "truncated.pdf",
        tmp_path / "corrupt.pdf",
        consistent,
    ]
    code, doc = run_json(capsys, *map(str, inputs), "--no-store")
    assert code == 2
    *bad, good = doc["documents"]
    for entry in bad:
        assert_failed_one_line(entry)
    assert "OCR" in bad[1]["error"]
    assert good["status"] == "ok"


def test_zip_of_samples(
    generated_samples: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for stem in ("consistent", "defective"):
            zf.write(generated_samples[stem], f"2023/{stem}.pdf")
    code, doc = run_json(capsys, str(archive), "--no-store")
    assert code == 1
    assert [e["source"] for e in doc["documents"]] == [
        f"{archive}!2023/consistent.pdf",
        f"{archive}!2023/defective.pdf",
    ]
    assert all(e["status"] == "ok" for e in doc["documents"])


def test_rules_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert code == 0
    rules = json.loads(out)["rules"]
    assert rules and all(r["id"] and r["severity"] in ("error", "warning", "info") for r in rules)
    code, out, _ = run(capsys, "rules")
    assert code == 0 and rules[0]["id"] in out


@pytest.mark.shared
def test_corpus_scan_is_ocred_and_office_pdf_is_read(
    corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, doc = run_json(
        capsys, str(corpus_dir / "seed000_scan.pdf"), str(corpus_dir / "seed000_office.pdf"), "--no-store"
    )
    assert code == 1  # seed000 has error findings, whichever way it was read
    scan, office = doc["documents"]
    assert scan["status"] == "ok"
    assert scan["document"]["quality"]["pages_by_method"].get("ocr") == scan["document"]["pages"]
    assert sorted(f["rule_id"] for f in scan["findings"] if f["severity"] == "error") == sorted(
        f["rule_id"] for f in office["findings"] if f["severity"] == "error"
    )
    assert office["status"] == "ok"
    assert office["document"]["kind"] == "final_account" and office["document"]["year"] == 2023


# --- the gates of tests/conftest.py: skip locally, fail under CI=true ---------------------------


def test_unreachable_redis_skips_locally_and_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import REDIS_URL_ENV, require_redis_url

    monkeypatch.setenv(REDIS_URL_ENV, "redis://127.0.0.1:1/0")  # nothing listens on port 1
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Redis not reachable"):
        require_redis_url()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_redis_url()


def test_missing_shared_skips_locally_and_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import require_shared

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="../shared not present"):
        require_shared("no-such-folder")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_shared("no-such-folder")


# --- rule selection, settings and profiles -------------------------------------------------------


def test_rules_catalog_as_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "--format", "markdown")
    assert code == 0
    assert out.startswith("# 规则目录") and "### X01-03-CLASS — " in out and "## 表间勾稽" in out


def test_rules_catalog_for_a_profile(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "--format", "json")
    default = {r["id"]: r for r in json.loads(out)["rules"]}
    code, out, _ = run(capsys, "rules", "--format", "json", "--profile", "final_account_meeting")
    meeting = {r["id"]: r for r in json.loads(out)["rules"]}
    assert code == 0
    assert default["X09-06-MEETING"]["enabled"] is False and meeting["X09-06-MEETING"]["enabled"] is True


def _cross_defect(tmp_path: Path) -> Path:
    from auditor.synth import generate, inject, to_text

    doc, _defect = inject(generate(4), "class_moved", rng_seed=3)
    path = tmp_path / "moved.txt"
    path.write_text(to_text(doc), encoding="utf-8")
    return path


def test_select_and_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(_cross_defect(tmp_path))
    code, doc = run_json(capsys, path, "--no-store")
    all_ids = {f["rule_id"] for f in doc["documents"][0]["findings"] if f["severity"] == "error"}
    assert code == 1 and "X01-03-CLASS" in all_ids
    code, doc = run_json(capsys, path, "--no-store", "--select", "cross_table")
    ids = {f["rule_id"] for f in doc["documents"][0]["findings"]}
    assert ids and all(i.startswith("X") for i in ids)
    code, doc = run_json(capsys, path, "--no-store", "--ignore", "X01-03-CLASS,X01-03-")
    assert "X01-03-CLASS" not in {f["rule_id"] for f in doc["documents"][0]["findings"]}


def test_rules_config_file_and_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(_cross_defect(tmp_path))
    settings = tmp_path / "rules.toml"
    settings.write_text('[rules]\n"X01-03-CLASS" = { severity = "warning" }\n', encoding="utf-8")
    code, doc = run_json(
        capsys, path, "--no-store", "--rules-config", str(settings), "--select", "X01-03-CLASS"
    )
    found = doc["documents"][0]["findings"]
    assert code == 0 and found and {f["severity"] for f in found} == {"warning"}
    code, doc = run_json(capsys, path, "--no-store", "--profile", "final_account_stats")
    assert doc["documents"][0]["stats"]["profile"] == "final_account_stats"
    assert any(f["rule_id"] == "CMP-TABLES" for f in doc["documents"][0]["findings"])  # no 10表


def test_rules_config_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(_cross_defect(tmp_path))
    settings = tmp_path / "rules.toml"
    settings.write_text('[rules]\n"X01-03-CLASS" = { enabled = false }\n', encoding="utf-8")
    monkeypatch.setenv("AUDITOR_RULES_CONFIG", str(settings))
    code, doc = run_json(capsys, path, "--no-store")
    assert "X01-03-CLASS" not in {f["rule_id"] for f in doc["documents"][0]["findings"]}


@pytest.mark.parametrize(
    "argv",
    [
        ["--select", "NO-SUCH"],
        ["--ignore", "nosuchfamily"],
        ["--profile", "nope"],
        ["--rules-config", "/nonexistent/rules.toml"],
    ],
    ids=["select", "ignore", "profile", "rules-config"],
)
def test_bad_rule_options_exit_2(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    code, out, err = run(capsys, "audit", str(tmp_path / "a.txt"), "--no-store", *argv)
    assert code == 2 and out == "" and err.startswith("auditor: ")
