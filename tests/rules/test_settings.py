"""Rule settings: the packaged file, an operator's file laid over it, profiles and their
recognition, rule selection — and that each changes what `check` reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules import catalog
from rules.settings import (
    CONFIG_ENV,
    RuleConfig,
    SettingsError,
    check_tokens,
    default_settings,
    load_settings,
    recognise_profile,
)
from tests.rules.budget_examples import budget
from tests.rules.catalog_examples import CATALOG_EXAMPLES
from tests.rules.examples import edited, full
from tests.rules.helpers import findings, run

SLIP = CATALOG_EXAMPLES["PLA-DIGIT-SLIP"][0]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_settings_name_only_known_rules_and_every_kind() -> None:
    settings = load_settings(None)
    ids = {r.id for r in catalog()}
    assert set(settings.rules) <= ids
    for profile in settings.profiles.values():
        assert set(profile.rules) <= ids
        assert all(s in settings.sections for s in profile.sections)
    assert {p.kind for p in settings.profiles.values()} == {"final_account", "budget", "unknown"}


def test_profiles_are_recognised_from_the_tables() -> None:
    settings = default_settings()
    d = full()
    assert recognise_profile(d, settings).name == "final_account_stats_meeting"  # 10表 and 会议费
    del d.tables["10"]
    assert recognise_profile(d, settings).name == "final_account_meeting"
    for r in d.tables["09"].rows:
        r.cells.pop("会议费", None)
        r.cells.pop("培训费", None)
    d.tables["09"].columns = [c for c in d.tables["09"].columns if c not in ("会议费", "培训费")]
    assert recognise_profile(d, settings).name == "final_account"
    assert recognise_profile(budget(), settings).name == "budget_projects"
    b = budget()
    del b.tables["B12"]
    assert recognise_profile(b, settings).name == "budget"


def test_a_profile_decides_which_tables_are_required() -> None:
    d = full()
    del d.tables["10"]
    # recognised without 10表: nothing missing; forced to the template with 10表: CMP-TABLES fires
    assert findings(run(d), "CMP-TABLES") == []
    forced = RuleConfig(default_settings(), profile="final_account_stats")
    hits = findings(run(d, forced), "CMP-TABLES")
    assert [f.evidence[0]["table"] for f in hits] == ["10"]
    assert run(d, forced).profile == "final_account_stats"


def test_a_profile_enables_a_rule() -> None:
    meeting, _ = CATALOG_EXAMPLES["X09-06-MEETING"]
    assert findings(run(meeting()), "X09-06-MEETING")  # 09表 has 会议费: the meeting template
    plain = RuleConfig(default_settings(), profile="final_account_stats")
    assert findings(run(meeting(), plain), "X09-06-MEETING") == []


def test_operator_file_changes_severity_and_disables(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[rules]\n"PLA-DIGIT-SLIP" = { severity = "info" }\n"X03-05-CODE" = { enabled = false }\n',
    )
    config = RuleConfig(load_settings(path))
    out = run(SLIP(), config)
    assert {f.severity for f in findings(out, "PLA-DIGIT-SLIP")} == {"info"}
    assert findings(out, "X03-05-CODE") == []
    assert findings(run(SLIP()), "X03-05-CODE")  # on by default


def test_profile_settings_override_global_ones(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[rules]\n"CMP-TABLES" = { severity = "warning" }\n'
        '[profiles.final_account_stats_meeting.rules]\n"CMP-TABLES" = { severity = "info" }\n',
    )
    d = full()
    del d.tables["07"]
    out = run(d, RuleConfig(load_settings(path)))
    assert {f.severity for f in findings(out, "CMP-TABLES")} == {"info"}


def test_environment_variable_points_at_the_operator_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, '[rules]\n"PLA-DIGIT-SLIP" = { enabled = false }\n')
    monkeypatch.setenv(CONFIG_ENV, str(path))
    assert findings(run(SLIP()), "PLA-DIGIT-SLIP") == []
    monkeypatch.delenv(CONFIG_ENV)
    assert findings(run(SLIP()), "PLA-DIGIT-SLIP")


def test_select_and_ignore_by_id_prefix_and_family() -> None:
    settings = default_settings()
    only_cross = run(SLIP(), RuleConfig(settings, select=("cross_table",)))
    assert only_cross.findings and {f.rule_id[0] for f in only_cross.findings} == {"X"}
    by_prefix = run(SLIP(), RuleConfig(settings, select=("T03-", "TAB-")))
    assert {f.rule_id for f in by_prefix.findings} <= {
        "T03-ROW",
        "TAB-COL-SUM",
        "TAB-HIER",
        "TAB-BLANK-TOTAL",
    }
    ignored = run(SLIP(), RuleConfig(settings, ignore=("plausibility", "X03-05-CODE")))
    assert not [f for f in ignored.findings if f.rule_id.startswith("PLA-") or f.rule_id == "X03-05-CODE"]
    assert check_tokens(["X01-", "cross_table", "NOPE"], catalog()) == ["NOPE"]


def test_disabled_rules_are_not_even_not_evaluated() -> None:
    d = full()
    del d.tables["03"]
    out = run(d, RuleConfig(default_settings(), ignore=("X",)))
    assert not [n for n in out.not_evaluated if n.rule_id.startswith("X")]
    assert [n for n in run(d).not_evaluated if n.rule_id.startswith("X")]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[rules]\n"NO-SUCH-RULE" = { enabled = false }\n', "不存在"),
        ('[rules]\n"CMP-TABLES" = { severity = "fatal" }\n', "severity"),
        ('[rules]\n"CMP-TABLES" = { enabled = "yes" }\n', "enabled"),
        ('[profiles.x]\nkind = "final_account"\nextends = "nowhere"\n', "不存在"),
        ('[profiles.x]\nkind = "final_account"\nsections = ["nowhere"]\n', "未定义"),
        ('[sections.x]\ntitle = "x"\npatterns = ["("]\n', "正则"),
        ("[whatever]\n", "未知"),
        ("rules = [", "无法读取"),
    ],
)
def test_bad_settings_files_are_refused_with_a_reason(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(SettingsError, match=words):
        load_settings(_write(tmp_path, text))


def test_missing_settings_file_and_unknown_profile(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="不存在"):
        load_settings(tmp_path / "nope.toml")
    with pytest.raises(SettingsError, match="未知的模板"):
        RuleConfig(default_settings(), profile="nope")


def test_edits_do_not_leak_between_documents() -> None:
    assert findings(run(edited(("03", "合计", "本年支出合计", "211.56"))), "X01-03-EXPENSE")
    assert run(full()).findings == []
