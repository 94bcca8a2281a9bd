"""One document through the in-table ruleset: identities → facts → engine outcomes → findings."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal

import structlog

from ingest.model import Cell, Disclosure, Evidence, Row
from rules import identities, plausibility, registry
from rules.catalog import UNCERTAIN_SUFFIX, registered_rules, rule_by_id
from rules.checks import TAB_BLANK_TOTAL, BlankCheck, Check, Identity, Plan, Resolver, Term
from rules.engine import EngineError, FactValue
from rules.findings import AuditOutcome, Finding, NotEvaluated, Severity, finding_of
from rules.forms import common_run
from rules.judgements import Equality, Judgement, JudgementPlan
from rules.outcomes import (
    BLANK_EMPTY,
    BLANK_TOTAL,
    BROKEN,
    HOLDS,
    KIND_BLANK,
    KIND_CHECK,
    KIND_MISSING,
    NOT_EVALUATED,
    ROUNDING,
    TRUNCATED,
    table_engine,
)
from rules.placement import check_depends_on_placement, judgement_depends_on_placement
from rules.settings import Effective, RuleConfig, Settings, default_config, effective
from rules.tolerance import Comparison, scaled_ints
from rules.wording import (
    fmt_amount,
    fmt_tolerance,
    places_of,
    quoted_list,
    row_label,
    signed_expression,
    table_name,
)

log = structlog.get_logger(__name__)

# Shown in `Finding.actual` for a blank total.
BLANK_SHOWN = "（空）"

# check() pauses Python's cyclic garbage collector while it runs (default True). A document
# allocates tens of thousands of short-lived, acyclic objects (identities, terms, facts, the
# engine's JSON); reference counting frees them, but they trigger ~50 collections per
# document, some traversing every live object: measured ~10 ms of ~55 ms on a 3,000-cell
# document. Collection resumes as soon as check() returns.
PAUSE_GC = True


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (leave it alone if someone else disabled it)."""
    if not PAUSE_GC or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def plan_document(disclosure: Disclosure, eff: Effective, settings: Settings) -> Plan:
    """Every in-table identity the registry's checkers state for this document (and what cannot
    be checked), in registry order (rules/registry.py)."""
    plan = Plan()
    for p in registry.plan(disclosure, "tables", eff.families(), eff.profile, settings):
        assert isinstance(p, Plan)
        plan.extend(p)
    return plan


def plan_judgements(disclosure: Disclosure, eff: Effective, settings: Settings) -> JudgementPlan:
    """Every check that is not an in-table sum (one engine fact each), checker by checker; a
    family the document's profile switches off is not planned."""
    plan = JudgementPlan()
    for p in registry.plan(disclosure, "judgements", eff.families(), eff.profile, settings):
        assert isinstance(p, JudgementPlan)
        plan.extend(p)
    return plan


def describe_parts(ident: Identity, terms: Sequence[Term], substituted: Sequence[Row]) -> str:
    """Chinese description of the compared parts, e.g. 本行“基本支出”“项目支出”栏之和."""
    parts_text = ident.parts_text
    single = len(terms) == 1
    if not terms:
        text = f"{parts_text}（均未填列）" if parts_text else "其组成项目（均未填列）之和"
    elif parts_text:
        text = parts_text
    elif all(t.row is ident.row for t in terms):
        if any(t.sign < 0 for t in terms):
            text = "本行" + signed_expression([(t.column, t.sign) for t in terms])
        elif single:
            text = f"本行“{terms[0].column}”栏"
        else:
            text = "本行" + quoted_list([t.column for t in terms], "栏") + "之和"
    elif all(t.column == ident.column for t in terms):
        labels = [row_label(t.row) for t in terms]
        if any(t.sign < 0 for t in terms):
            text = signed_expression(list(zip(labels, [t.sign for t in terms], strict=True)))
        elif single:
            text = f"“{labels[0]}”"
        else:
            text = quoted_list(labels, "行") + "之和"
    else:
        labels = [f"{row_label(t.row)}·{t.column}" for t in terms]
        text = f"“{labels[0]}”" if single else quoted_list(labels, "项") + "之和"
    if substituted:
        names = "、".join(dict.fromkeys(f"“{row_label(r)}”" for r in substituted))
        text += f"（{names}未填列，以其组成项目代入）"
    return text


def _evidence(total: Cell | None, terms: Sequence[Term]) -> list[Evidence]:
    cells = ([total] if total is not None else []) + [t.cell for t in terms]
    return [c.evidence() for c in cells]


def _uncertain(total: Cell | None, terms: Sequence[Term]) -> bool:
    return bool(total is not None and total.uncertain) or any(t.cell.uncertain for t in terms)


def finding_for_check(check: Check, outcome: str) -> Finding | None:
    """The finding of a decided check: None when it holds, info for 尾差, the rule's severity else."""
    if outcome == HOLDS:
        return None
    ident = check.identity
    comp = check.comparison
    places = places_of([comp.actual, comp.expected])
    fields = {
        "table": table_name(ident.table),
        "where": ident.total.phrase(),
        "actual": fmt_amount(comp.actual, places),
        "expected": fmt_amount(comp.expected, places),
        "difference": fmt_amount(abs(comp.difference), places),
        "tolerance": fmt_tolerance(comp.tolerance, places),
        "unit": check.unit,
        "parts": describe_parts(ident, check.terms, check.substituted),
    }
    return finding_of(
        ident.rule,
        outcome,
        fields=fields,
        suffix=UNCERTAIN_SUFFIX if _uncertain(check.total, check.terms) else "",
        expected=fields["expected"],
        actual=fields["actual"],
        difference=fmt_amount(abs(comp.difference), places),
        tolerance=fields["tolerance"],
        evidence=_evidence(check.total, check.terms),
    )


def finding_for_blank(blank: BlankCheck) -> Finding:
    """The finding of a blank total whose printed parts do not add up to zero."""
    ident = blank.identity
    places = places_of([blank.parts_sum.value])
    fields = {
        "table": table_name(ident.table),
        "where": ident.total.phrase(),
        "expected": fmt_amount(blank.parts_sum.value, places),
        "unit": blank.unit,
        "parts": describe_parts(ident, blank.terms, blank.substituted),
    }
    finding = finding_of(
        TAB_BLANK_TOTAL,
        BROKEN,
        fields=fields,
        expected=fields["expected"],
        actual=BLANK_SHOWN,
        evidence=_evidence(blank.total, blank.terms),
    )
    assert finding is not None
    return finding


def _check_fact(fid: str, comp: Comparison, rule_id: str = "") -> dict[str, FactValue]:
    """The fact of a check: a declared identity (rules/identities) goes to its own compiled rules."""
    _, (lhs, rhs, tol) = scaled_ints([comp.actual, comp.expected, comp.tolerance], comp.scale)
    if identities.is_declared(rule_id):
        return {
            "id": fid,
            "kind": identities.KIND_IDENTITY,
            "rule": rule_id,
            "lhs": lhs,
            "rhs": rhs,
            "tol": tol,
        }
    return {"id": fid, "kind": KIND_CHECK, "lhs": lhs, "rhs": rhs, "tol": tol}


def _blank_fact(fid: str, blank: BlankCheck) -> dict[str, FactValue]:
    # A plain sum needs its total whenever a part is non-zero; a signed one (年末 = 年初 + 收入 −
    # 支出) may legitimately be blank when its parts can cancel out within rounding.
    band = blank.parts_sum.radius if blank.identity.signed else Decimal(0)
    _, (rhs, tol) = scaled_ints([blank.parts_sum.value, band])
    return {"id": fid, "kind": KIND_BLANK, "rhs": rhs, "tol": tol, "ntol": -tol}


def _too_large(ident: Identity) -> NotEvaluated:
    return NotEvaluated(
        ident.rule.id,
        f"{table_name(ident.table)}{ident.total.phrase()}所涉数值过大，超出精确比较范围，"
        f"无法核对“{ident.rule.title}”。",
        ident.table.id,
    )


def check(disclosure: Disclosure, config: RuleConfig | None = None) -> AuditOutcome:
    """Run every enabled rule on `disclosure` through the rule engine (one session, plus one for
    the diagnoses of broken checks when there are any).

    `config` says which rules run at which severity (rules/settings.py); default: the settings
    file in effect ($AUDITOR_RULES_CONFIG over the packaged defaults) and the document's profile.

    Returns findings (broken identities at the rule's severity, rounding residues as info,
    blank totals as warnings), the checks that could not be evaluated with a Chinese reason,
    and counts: `checks_run` (identities decided by the engine), `checks_held` (held exactly,
    within rounding, or blank with nothing to add up), `facts` (facts asserted, eod included).
    """
    started = time.perf_counter()
    with _gc_paused():
        result = _check(disclosure, config or default_config())
    result.seconds = time.perf_counter() - started
    log.debug(
        "rules.checked",
        document=disclosure.source,
        checks=result.checks_run,
        held=result.checks_held,
        findings=len(result.findings),
        not_evaluated=len(result.not_evaluated),
        ms=round(result.seconds * 1000, 2),
    )
    return result


def _check(disclosure: Disclosure, config: RuleConfig) -> AuditOutcome:
    common_run.cache_clear()  # memoised within one document only (a benchmark repeats documents)
    eff = effective(config, disclosure, registered_rules())
    plan = plan_document(disclosure, eff, config.settings)
    plan.identities = [i for i in plan.identities if eff.enabled(i.rule.id)]
    checks, blanks, unreadable = Resolver(plan.identities).resolve()
    judged = plan_judgements(disclosure, eff, config.settings)
    judged.judgements = [j for j in judged.judgements if eff.enabled(j.rule.id)]
    pending: list[NotEvaluated] = [
        n for n in plan.not_evaluated + unreadable + judged.not_evaluated if eff.enabled(n.rule_id)
    ]

    facts: list[dict[str, FactValue]] = []
    check_ids: list[tuple[str, Check]] = []
    for i, c in enumerate(checks):
        fid = f"c{i}"
        try:
            facts.append(_check_fact(fid, c.comparison, c.identity.rule.id))
        except ValueError:
            pending.append(_too_large(c.identity))
            continue
        check_ids.append((fid, c))
    blank_ids: list[tuple[str, BlankCheck]] = []
    for i, b in enumerate(blanks):
        fid = f"b{i}"
        try:
            facts.append(_blank_fact(fid, b))
        except ValueError:
            pending.append(_too_large(b.identity))
            continue
        blank_ids.append((fid, b))
    judgement_ids: list[tuple[str, Judgement]] = []
    for i, j in enumerate(judged.judgements):
        fid = f"j{i}"
        try:
            facts.append(j.fact(fid))
        except ValueError:
            pending.append(
                NotEvaluated(
                    j.rule.id, f"所涉数值过大，超出精确比较范围，无法核对“{j.rule.title}”。", j.table_id
                )
            )
            continue
        judgement_ids.append((fid, j))
    missing_ids: list[tuple[str, NotEvaluated]] = []
    for i, n in enumerate(pending):
        fid = f"n{i}"
        facts.append({"id": fid, "kind": KIND_MISSING, "rule": n.rule_id})
        missing_ids.append((fid, n))

    outcomes = table_engine().run(facts) if facts else {}

    ranked: list[tuple[str, int, Finding]] = []
    held = 0
    # broken checks that another kept placement of a text row would satisfy (rules/placement.py)
    open_by_placement: dict[str, NotEvaluated] = {}
    for fid, c in check_ids:
        if outcomes[fid] == BROKEN and (n := check_depends_on_placement(c)) is not None:
            open_by_placement[fid] = n
    for fid, j in judgement_ids:
        if outcomes[fid] == BROKEN and (n := judgement_depends_on_placement(j)) is not None:
            open_by_placement[fid] = n
    for seq, (fid, c) in enumerate(check_ids):
        outcome = outcomes[fid]
        if outcome == HOLDS:
            held += 1
            continue
        if fid in open_by_placement:
            continue
        if outcome == ROUNDING:
            held += 1
        elif outcome != BROKEN:
            raise EngineError(f"check {fid} got outcome {outcome!r}")
        finding = finding_for_check(c, outcome)
        if finding is not None:
            ranked.append((c.identity.table.id, seq, finding))
    for seq, (fid, b) in enumerate(blank_ids, start=len(check_ids)):
        outcome = outcomes[fid]
        if outcome == BLANK_EMPTY:
            held += 1
        elif outcome == BLANK_TOTAL:
            ranked.append((b.identity.table.id, seq, finding_for_blank(b)))
        else:
            raise EngineError(f"blank check {fid} got outcome {outcome!r}")
    broken: list[plausibility.Broken] = [
        plausibility.from_check(c)
        for fid, c in check_ids
        if outcomes[fid] == BROKEN and fid not in open_by_placement
    ]

    for seq, (fid, j) in enumerate(judgement_ids, start=len(check_ids) + len(blank_ids)):
        outcome = outcomes[fid]
        if fid in open_by_placement:
            continue
        if outcome in (HOLDS, ROUNDING, TRUNCATED):
            held += 1
        elif outcome != BROKEN:
            raise EngineError(f"judgement {fid} got outcome {outcome!r}")
        elif isinstance(j, Equality):
            broken.append(plausibility.from_equality(j))
        finding = j.finding(outcome)
        if finding is not None:
            ranked.append((j.table_id, seq, finding))
    checks_run = len(check_ids) + len(blank_ids) + len(judgement_ids)
    diagnoses: list[Judgement] = []
    if broken:
        # A figure that takes part in a check that holds is not the one a broken check points at.
        trusted = plausibility.held_cells(
            [c for fid, c in check_ids if outcomes[fid] != BROKEN],
            [j for fid, j in judgement_ids if outcomes[fid] != BROKEN],
        )
        diagnoses = [d for d in plausibility.diagnose(broken, eff.enabled, trusted) if eff.enabled(d.rule.id)]
    diagnosed = _diagnose(diagnoses, start=checks_run)
    ranked.extend(diagnosed)
    not_evaluated = [n for fid, n in missing_ids if outcomes.get(fid) == NOT_EVALUATED]
    not_evaluated += [n for n in open_by_placement.values() if eff.enabled(n.rule_id)]
    ranked.sort(key=lambda x: (x[0], x[1]))
    # A finding that reads several symptoms as one cause names them itself (rules/cross_table/nonfiscal.py).
    folding = [
        fold
        for fid, j in judgement_ids
        if outcomes[fid] == BROKEN and (fold := getattr(j, "supersedes", None)) is not None
    ]
    findings = plausibility.unique_slips(
        [
            _with_settings(f, eff)
            for _, _, f in ranked
            if eff.enabled(f.rule_id) and not any(fold(f) for fold in folding)
        ]
    )
    return AuditOutcome(
        findings=findings,
        not_evaluated=not_evaluated,
        checks_run=checks_run + len(diagnoses),
        checks_held=held + len(diagnoses) - len(diagnosed),
        facts=(len(facts) + 1 if facts else 0) + (len(diagnoses) + 1 if diagnoses else 0),  # + eod facts
        profile=eff.profile.name,
    )


def _diagnose(judgements: Sequence[Judgement], start: int) -> list[tuple[str, int, Finding]]:
    """Second engine session: the diagnoses of broken checks (digit slips, parent < child)."""
    facts: list[dict[str, FactValue]] = []
    kept: list[tuple[str, Judgement]] = []
    for i, j in enumerate(judgements):
        fid = f"d{i}"
        try:
            facts.append(j.fact(fid))
        except ValueError:
            continue  # a diagnosis that cannot be stated exactly is simply not offered
        kept.append((fid, j))
    if not facts:
        return []
    outcomes = table_engine().run(facts)
    out: list[tuple[str, int, Finding]] = []
    for seq, (fid, j) in enumerate(kept, start=start):
        finding = j.finding(outcomes[fid])
        if finding is not None:
            out.append((j.table_id, seq, finding))
    return out


def _with_settings(finding: Finding, eff: Effective) -> Finding:
    """A broken finding at the severity the settings give its rule (尾差 stay info). A rule that
    grades its own finding (X-NONFISCAL-CARRY) keeps its grade unless the settings set another."""
    if finding.outcome == "broken":
        declared = _declared_severity(finding.rule_id)
        configured = eff.severity(finding.rule_id, declared or finding.severity)
        if declared is None or configured != declared or finding.severity == declared:
            finding.severity = configured
    return finding


def _declared_severity(rule_id: str) -> Severity | None:
    try:
        return rule_by_id(rule_id).severity
    except KeyError:
        return None
