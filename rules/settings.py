"""Rule settings an operator can edit: per rule enabled/severity, per template (profile).

The defaults ship as rules/settings.toml. An operator's file (``AUDITOR_RULES_CONFIG``, or the
path given on the command line) is laid over them key by key, so it only needs what it changes.
A `RuleConfig` adds what one call asks for: ``select`` / ``ignore`` (rule ids, id prefixes or
family names) and a forced ``profile``. `recognise_profile` picks the template of a document.
"""

from __future__ import annotations

import copy
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ingest.model import Disclosure
from rules.catalog import RuleSpec
from rules.findings import Severity

# Environment variable naming an operator's settings file.
CONFIG_ENV = "AUDITOR_RULES_CONFIG"
# The defaults shipped with the package.
DEFAULT_SETTINGS = Path(__file__).with_name("settings.toml")
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
KINDS: tuple[str, ...] = ("final_account", "budget", "unknown")


class SettingsError(ValueError):
    """A settings file that cannot be read or says something the auditor cannot do."""


@dataclass(frozen=True)
class RuleSetting:
    """Overrides for one rule: None keeps the rule's own declaration."""

    enabled: bool | None = None
    severity: Severity | None = None


@dataclass(frozen=True)
class Section:
    """A narrative section a template requires, recognised by patterns in the paragraphs."""

    name: str
    title: str
    patterns: tuple[re.Pattern[str], ...]
    definitions: int = 0  # glossary: this many “X：指……” paragraphs also count


@dataclass(frozen=True)
class Profile:
    """A template of disclosures: the tables and sections it must have, and rule overrides."""

    name: str
    kind: str
    title: str
    required_tables: tuple[str, ...] = ()
    optional_tables: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    procurement_terms: tuple[str, ...] = ()
    detect_tables: tuple[str, ...] = ()
    detect_three_public_columns: tuple[str, ...] = ()
    rules: Mapping[str, RuleSetting] = field(default_factory=dict)

    def conditions(self) -> int:
        """How many detect conditions the profile has (more = more specific)."""
        return bool(self.detect_tables) + bool(self.detect_three_public_columns)

    def matches(self, d: Disclosure) -> bool:
        """True when every detect condition holds for the document."""
        if any(t not in d.tables for t in self.detect_tables):
            return False
        if self.detect_three_public_columns:
            tp = d.table("09") or d.table("B10")
            if tp is None:
                return False
            printed = set(tp.columns) | {c for r in tp.rows for c in r.cells}
            if not any(c in printed or c in (tp.title or "") for c in self.detect_three_public_columns):
                return False
        return True


@dataclass(frozen=True)
class Settings:
    """Everything the settings files say, merged."""

    rules: Mapping[str, RuleSetting]
    profiles: Mapping[str, Profile]
    sections: Mapping[str, Section]
    source: str  # where it came from (for messages)

    def profile(self, name: str) -> Profile:
        """The profile of this name; SettingsError when unknown."""
        try:
            return self.profiles[name]
        except KeyError:
            known = "、".join(self.profiles)
            raise SettingsError(f"未知的模板（profile）“{name}”；可用：{known}") from None


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise SettingsError(f"规则配置文件不存在：{path}") from None
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"规则配置文件无法读取（{path}）：{exc}") from None


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise SettingsError(f"{where} 应为字符串列表")
    return tuple(value)


def _rule_setting(value: Any, where: str) -> RuleSetting:
    if not isinstance(value, Mapping):
        raise SettingsError(f"{where} 应为表（如 {{ enabled = false }}）")
    unknown = set(value) - {"enabled", "severity"}
    if unknown:
        raise SettingsError(f"{where} 含未知的键：{'、'.join(sorted(unknown))}（可用 enabled、severity）")
    enabled = value.get("enabled")
    if enabled is not None and not isinstance(enabled, bool):
        raise SettingsError(f"{where}.enabled 应为 true 或 false")
    severity = value.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise SettingsError(f"{where}.severity 应为 error、warning 或 info")
    return RuleSetting(enabled, severity)


def _rules(value: Any, where: str, known: set[str] | None) -> dict[str, RuleSetting]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SettingsError(f"{where} 应为表")
    out: dict[str, RuleSetting] = {}
    for rule_id, setting in value.items():
        if known is not None and rule_id not in known:
            raise SettingsError(f"{where} 中的规则“{rule_id}”不存在（auditor rules 列出全部规则）")
        out[rule_id] = _rule_setting(setting, f"{where}.{rule_id}")
    return out


def _resolve_extends(raw: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}

    def resolve(name: str, seen: tuple[str, ...]) -> dict[str, Any]:
        if name in out:
            return out[name]
        if name not in raw:
            raise SettingsError(f"模板“{seen[-1]}”继承的模板“{name}”不存在")
        if name in seen:
            raise SettingsError(f"模板继承出现循环：{' → '.join((*seen, name))}")
        body = raw[name]
        if not isinstance(body, Mapping):
            raise SettingsError(f"profiles.{name} 应为表")
        parent = body.get("extends")
        base: dict[str, Any] = {}
        if parent is not None:
            base = {k: v for k, v in resolve(str(parent), (*seen, name)).items() if k != "detect"}
        merged = _merge(base, {k: v for k, v in body.items() if k != "extends"})
        out[name] = merged
        return merged

    for name in raw:
        resolve(name, ())
    return out


def parse_settings(
    data: Mapping[str, Any], source: str, known_rules: Iterable[str] | None = None
) -> Settings:
    """Settings from a parsed TOML document (already merged with the defaults)."""
    known = set(known_rules) if known_rules is not None else None
    unknown = set(data) - {"rules", "profiles", "sections"}
    if unknown:
        raise SettingsError(
            f"规则配置含未知的部分：{'、'.join(sorted(unknown))}（可用 rules、profiles、sections）"
        )
    rules = _rules(data.get("rules"), "rules", known)
    sections: dict[str, Section] = {}
    for name, body in (data.get("sections") or {}).items():
        if not isinstance(body, Mapping):
            raise SettingsError(f"sections.{name} 应为表")
        try:
            patterns = tuple(
                re.compile(p) for p in _strings(body.get("patterns"), f"sections.{name}.patterns")
            )
        except re.error as exc:
            raise SettingsError(f"sections.{name}.patterns 含无效的正则表达式：{exc}") from None
        definitions = body.get("definitions", 0)
        if not isinstance(definitions, int):
            raise SettingsError(f"sections.{name}.definitions 应为整数")
        sections[name] = Section(name, str(body.get("title", name)), patterns, definitions)
    profiles: dict[str, Profile] = {}
    for name, body in _resolve_extends(data.get("profiles") or {}).items():
        where = f"profiles.{name}"
        kind = body.get("kind", "unknown")
        if kind not in KINDS:
            raise SettingsError(f"{where}.kind 应为 final_account、budget 或 unknown")
        detect = body.get("detect") or {}
        if not isinstance(detect, Mapping) or set(detect) - {"tables", "three_public_columns"}:
            raise SettingsError(f"{where}.detect 只能含 tables、three_public_columns")
        required_sections = _strings(body.get("sections"), f"{where}.sections")
        missing = [s for s in required_sections if s not in sections]
        if missing:
            raise SettingsError(f"{where}.sections 引用了未定义的段落：{'、'.join(missing)}")
        profiles[name] = Profile(
            name=name,
            kind=kind,
            title=str(body.get("title", name)),
            required_tables=_strings(body.get("required_tables"), f"{where}.required_tables"),
            optional_tables=_strings(body.get("optional_tables"), f"{where}.optional_tables"),
            sections=required_sections,
            procurement_terms=_strings(body.get("procurement_terms"), f"{where}.procurement_terms"),
            detect_tables=_strings(detect.get("tables"), f"{where}.detect.tables"),
            detect_three_public_columns=_strings(
                detect.get("three_public_columns"), f"{where}.detect.three_public_columns"
            ),
            rules=_rules(body.get("rules"), f"{where}.rules", known),
        )
    for kind in KINDS:
        if not any(p.kind == kind for p in profiles.values()):
            raise SettingsError(f'规则配置中没有 kind = "{kind}" 的模板')
    return Settings(rules=rules, profiles=profiles, sections=sections, source=source)


def _known_rules() -> list[str]:
    from rules import catalog  # the family modules register their rules on import

    return [r.id for r in catalog()]


def load_settings(path: str | Path | None = None) -> Settings:
    """The defaults, with `path` (else $AUDITOR_RULES_CONFIG, if set) laid over them."""
    data = _read(DEFAULT_SETTINGS)
    source = str(DEFAULT_SETTINGS)
    chosen = path if path is not None else os.environ.get(CONFIG_ENV) or None
    if chosen is not None:
        data = _merge(data, _read(Path(chosen)))
        source = str(chosen)
    return parse_settings(data, source, _known_rules())


@cache
def _cached(path: str | None, mtime: float | None) -> Settings:
    return load_settings(path)


def default_settings() -> Settings:
    """The settings in effect for this process (defaults + $AUDITOR_RULES_CONFIG), cached."""
    chosen = os.environ.get(CONFIG_ENV) or None
    mtime = None
    if chosen is not None:
        try:
            mtime = os.stat(chosen).st_mtime
        except OSError:
            mtime = None
    return _cached(chosen, mtime)


def recognise_profile(d: Disclosure, settings: Settings) -> Profile:
    """The profile of the document's kind whose detect conditions all hold, most specific first."""
    kind = d.kind if d.kind in KINDS else "unknown"
    candidates = [p for p in settings.profiles.values() if p.kind == kind and p.matches(d)]
    if not candidates:
        candidates = [p for p in settings.profiles.values() if p.kind == kind]
    best = max(candidates, key=lambda p: p.conditions())
    return next(p for p in candidates if p.conditions() == best.conditions())


@dataclass(frozen=True)
class RuleConfig:
    """The settings of one audit call: settings file(s), rule selection and a forced profile."""

    settings: Settings
    select: tuple[str, ...] = ()  # rule ids, id prefixes or family names; empty: all enabled
    ignore: tuple[str, ...] = ()
    profile: str | None = None

    def __post_init__(self) -> None:
        """Refuse a forced profile the settings do not define."""
        if self.profile is not None:
            self.settings.profile(self.profile)

    def profile_for(self, d: Disclosure) -> Profile:
        """The forced profile, else the recognised one."""
        if self.profile is not None:
            return self.settings.profile(self.profile)
        return recognise_profile(d, self.settings)

    def state(self, spec: RuleSpec, profile: Profile) -> tuple[bool, Severity]:
        """(enabled, severity) of a rule for documents of `profile`."""
        enabled, severity = spec.enabled, spec.severity
        for setting in (self.settings.rules.get(spec.id), profile.rules.get(spec.id)):
            if setting is None:
                continue
            if setting.enabled is not None:
                enabled = setting.enabled
            if setting.severity is not None:
                severity = setting.severity
        if self.select:
            enabled = any(matches(token, spec) for token in self.select)
        if any(matches(token, spec) for token in self.ignore):
            enabled = False
        return enabled, severity


def matches(token: str, spec: RuleSpec) -> bool:
    """A selection token names the rule: its id, a prefix of its id, or its family."""
    return spec.id == token or spec.family == token or spec.id.startswith(token)


def check_tokens(tokens: Iterable[str], specs: Iterable[RuleSpec]) -> list[str]:
    """Tokens that name no rule at all (for the command line to refuse)."""
    specs = list(specs)
    return [t for t in tokens if not any(matches(t, s) for s in specs)]


def default_config() -> RuleConfig:
    """The configuration when the caller gives none: the process's settings, every enabled rule."""
    return RuleConfig(default_settings())


@dataclass(frozen=True)
class Effective:
    """The rule states for one document: its profile and, per rule id, (enabled, severity)."""

    profile: Profile
    states: Mapping[str, tuple[bool, Severity]]
    family_of: Mapping[str, str] = field(default_factory=dict)

    def families(self) -> set[str]:
        """Families with at least one enabled rule (a family with none is not even planned)."""
        return {self.family_of.get(rid, "") for rid, (on, _sev) in self.states.items() if on}

    def enabled(self, rule_id: str) -> bool:
        """True when the rule runs for this document (unknown ids run)."""
        state = self.states.get(rule_id)
        return state[0] if state is not None else True

    def severity(self, rule_id: str, declared: Severity) -> Severity:
        """The severity a broken rule is reported with."""
        state = self.states.get(rule_id)
        return state[1] if state is not None else declared


def effective(config: RuleConfig, d: Disclosure, specs: Iterable[RuleSpec]) -> Effective:
    """Resolve the profile and every rule's state for one document."""
    profile = config.profile_for(d)
    specs = list(specs)
    return Effective(
        profile, {s.id: config.state(s, profile) for s in specs}, {s.id: s.family for s in specs}
    )
