"""The rules kernel's knowledge tables: what the classification standard says, as data an inspector
can extend without touching the code.

econ_func.toml: which economic items (the unit's contributions for its staff — 基本养老保险 30108,
职业年金 30109, 医疗保险 30110/30111, 住房公积金 30113) belong under which functional 项 (2080505,
2080506, 21011x, 2210201), the words that name a 运行 项 (行政运行, 事业运行 …), and the subsidy 项
for employees or for residents with the words that name each kind's projects ([[subsidy]]). Read by
the classification rules (rules/classification.py, rules/classification_subsidy.py), by
X06-05-SOCIAL (rules/cross_table/basic.py: each item with figures needs one of its 项, `func_of`)
and by N-ITEM-WORDING (rules/narrative_items.py).

task_concepts.toml: the words of a 部门整体支出 form's task name (任务1（人员经费）) that say which 决算
figure its 执行数 is (人员经费, 公用经费, 基本支出, 项目支出), read by XP-EXEC-FINAL
(rules/cross_table/performance_forms.py).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

KNOWLEDGE = Path(__file__).with_name("econ_func.toml")


@dataclass(frozen=True)
class Contribution:
    """One entry of the knowledge table: economic items and the functional 项 they belong under."""

    name: str
    econ: tuple[str, ...]
    econ_names: tuple[str, ...]
    func: tuple[str, ...]
    func_names: tuple[str, ...]
    # ``booked_under``: of an economic item, the 项 it is booked under where narrower than `func`
    # (30110 职工基本医疗保险 → 2101101/2101102, 30111 公务员医疗补助 → 2101103)
    booked: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def func_of(self, econ: str) -> tuple[str, ...]:
        """The functional 项 economic item `econ` belongs under (X06-05-SOCIAL)."""
        return dict(self.booked).get(econ, self.func)


@dataclass(frozen=True)
class Knowledge:
    """The knowledge table read from rules/knowledge/econ_func.toml."""

    contributions: tuple[Contribution, ...]
    running_words: tuple[str, ...]


def read_knowledge(path: Path = KNOWLEDGE) -> Knowledge:
    """The knowledge table at `path`; a malformed entry is a ValueError naming it."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out: list[Contribution] = []
    for k, e in enumerate(data.get("contribution", []), start=1):
        try:
            c = Contribution(
                name=str(e["name"]),
                econ=tuple(str(x) for x in e["econ"]),
                econ_names=tuple(str(x) for x in e.get("econ_names", ())),
                func=tuple(str(x) for x in e["func"]),
                func_names=tuple(str(x) for x in e.get("func_names", ())),
                booked=tuple(
                    (str(econ), tuple(str(f) for f in funcs))
                    for econ, funcs in e.get("booked_under", {}).items()
                ),
            )
        except (KeyError, AttributeError, TypeError) as exc:
            raise ValueError(f"{path}: 第{k}个 [[contribution]] 缺少或写错 {exc.args[0]}") from exc
        if not all(len(x) == 5 for x in c.econ) or not all(len(x) == 7 for x in c.func):
            raise ValueError(f"{path}: “{c.name}”的经济科目应为5位编码、功能科目应为7位编码")
        if any(econ not in c.econ or not funcs or not set(funcs) <= set(c.func) for econ, funcs in c.booked):
            raise ValueError(
                f"{path}: “{c.name}”的 booked_under 须以本段 econ 的编码为键、以本段 func 中的编码为值"
            )
        out.append(c)
    words = tuple(str(x) for x in data.get("running", {}).get("name_words", ()))
    return Knowledge(tuple(out), words)


@cache
def knowledge() -> Knowledge:
    """The packaged knowledge table (read once)."""
    return read_knowledge()


@dataclass(frozen=True)
class Subsidy:
    """One [[subsidy]] entry of the knowledge table."""

    func: str
    name: str
    beneficiary: str
    project_words: tuple[str, ...]
    not_words: tuple[str, ...]

    def names(self, project: str) -> bool:
        """True when a project's name says it is this kind's subsidy."""
        return any(w in project for w in self.project_words) and not any(w in project for w in self.not_words)


@cache
def subsidies() -> tuple[Subsidy, ...]:
    """The [[subsidy]] entries (read once); one without project_words is reference only."""
    data = tomllib.loads(KNOWLEDGE.read_text(encoding="utf-8"))
    out = []
    for k, e in enumerate(data.get("subsidy", []), start=1):
        try:
            s = Subsidy(
                func=str(e["func"]),
                name=str(e["name"]),
                beneficiary=str(e["for"]),
                project_words=tuple(str(x) for x in e.get("project_words", ())),
                not_words=tuple(str(x) for x in e.get("not_words", ())),
            )
        except KeyError as exc:
            raise ValueError(f"{KNOWLEDGE}: 第{k}个 [[subsidy]] 缺少 {exc.args[0]}") from exc
        if len(s.func) != 7:
            raise ValueError(f"{KNOWLEDGE}: “{s.name}”的功能科目应为7位编码")
        if s.project_words:
            out.append(s)
    return tuple(out)


TASKS = Path(__file__).with_name("task_concepts.toml")
# The 决算 figures a task may name (rules/cross_table/performance_forms.py finds each one's cell).
TASK_CONCEPTS = ("personnel", "operating", "basic", "project")


@dataclass(frozen=True)
class TaskConcept:
    """One [[task]] entry: the 决算 figure (`concept`) a task name containing one of `words` names."""

    concept: str
    name: str  # how a finding names the figure (人员经费 …)
    words: tuple[str, ...]


def read_task_concepts(path: Path = TASKS) -> tuple[TaskConcept, ...]:
    """The [[task]] entries at `path`, in order; a malformed entry is a ValueError naming it."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out: list[TaskConcept] = []
    for k, e in enumerate(data.get("task", []), start=1):
        try:
            words = e["words"]
            t = TaskConcept(
                concept=str(e["concept"]), name=str(e["name"]), words=tuple(str(w) for w in words)
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{path}: 第{k}个 [[task]] 缺少或写错 {exc.args[0]}") from exc
        if t.concept not in TASK_CONCEPTS:
            raise ValueError(
                f"{path}: 第{k}个 [[task]] 的 concept “{t.concept}”不是 {'、'.join(TASK_CONCEPTS)} 之一"
            )
        if not isinstance(words, list) or not t.words or not all(t.words) or not t.name:
            raise ValueError(f"{path}: 第{k}个 [[task]]（{t.concept}）的 name 与 words 须为非空的词")
        out.append(t)
    if {t.concept for t in out} != set(TASK_CONCEPTS):
        missing = "、".join(c for c in TASK_CONCEPTS if c not in {t.concept for t in out})
        raise ValueError(f"{path}: 缺少 concept 为 {missing} 的 [[task]]（结论中须能称呼每个口径）")
    return tuple(out)


@cache
def task_concepts() -> tuple[TaskConcept, ...]:
    """The packaged [[task]] entries (read once)."""
    return read_task_concepts()
