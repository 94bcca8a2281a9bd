"""The benchmark scripts still run (they measure; these tests only keep them working)."""

from __future__ import annotations

import importlib.util
import inspect
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

import ingest.ocr
from tests.conftest import require_shared

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_ocr_clock_passes_every_argument_of_read_pages_through(monkeypatch: pytest.MonkeyPatch) -> None:
    bench = _load("bench_extraction")
    real = inspect.signature(ingest.ocr.read_pages)
    calls: list[tuple[object, ...]] = []

    def recorder(*args: object, **kwargs: object) -> list[object]:
        calls.append((*args, *kwargs.values()))
        return []

    monkeypatch.setattr(ingest.ocr, "read_pages", recorder)
    clock = bench.OcrClock()
    clock.install()
    # called the way the router calls it: every positional parameter of the real function
    args = [b"%PDF", [1, 2]] + [True] * (len(real.parameters) - 2)
    ingest.ocr.read_pages(*args)
    assert calls == [tuple(args)]
    assert clock.pages == 2


@pytest.mark.shared
def test_extraction_benchmark_runs_on_a_text_layer_pdf(capsys: pytest.CaptureFixture[str]) -> None:
    pdf = require_shared("corpus", "seed000_xlsx.pdf")
    assert _load("bench_extraction").main([str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "seed000_xlsx.pdf" in out and "100.00%" in out


@pytest.mark.shared
def test_audit_benchmark_runs_on_a_text_layer_pdf(capsys: pytest.CaptureFixture[str]) -> None:
    pdf = require_shared("corpus", "seed000_xlsx.pdf")
    assert _load("bench_audit").main(["--repeats", "1", str(pdf)]) == 0
    assert "ratio" in capsys.readouterr().out


@pytest.mark.redis
@pytest.mark.postgres
def test_service_benchmark_runs_with_a_few_documents(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import require_postgres_url, require_redis_url

    argv = [
        "-n",
        "3",
        "--processes",
        "1,2",
        "--postgres",
        require_postgres_url(),
        "--redis",
        require_redis_url(),
    ]
    assert _load("bench_service").main(argv) == 0
    out = capsys.readouterr().out
    assert "docs/min" in out and "ratio 2/1 processes" in out and "peak memory per worker" in out
    assert "per document in the worker (child audit + store, 3 documents)" in out


def test_variants_benchmark_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("bench_variants")
    assert bench.main(["--seeds", "1", "--formats", "tsv", "--variants", "default,unit-jine"]) == 0
    out = capsys.readouterr().out
    assert "default" in out and "unit-jine" in out and "single defects found" in out


def test_findings_snapshot_writes_and_compares(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("findings_snapshot")
    args = [
        "--seeds",
        "1",
        "--no-corpus",
        "--variants",
        "default",
        "--budgets",
        "1",
        "--cache",
        str(tmp_path / "cache"),
    ]
    out = tmp_path / "snap.json"
    assert bench.main(["write", str(out), *args]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    generated = [k for k in written if k.startswith("synth/default/")]
    assert len(generated) == 4  # TSV and space text, each consistent and one mutant
    budgets = [k for k in written if k.startswith("budget/")]
    assert sorted(budgets) == [
        "budget/space/0",
        "budget/space/0/mutant",
        "budget/tab/0",
        "budget/tab/0/mutant",
    ]
    assert any(f["rule_id"] == "TB-INCOME-SUM" for f in written["budget/tab/0/mutant"]["findings"])
    assert all(isinstance(written[k], dict) and "findings" in written[k] for k in generated)
    assert bench.main(["compare", str(out), *args]) == 0
    assert "0 differ" in capsys.readouterr().out
    written[generated[0]]["checks_run"] = -1
    out.write_text(json.dumps(written, ensure_ascii=False), encoding="utf-8")
    assert bench.main(["compare", str(out), *args]) == 1
