"""durable_rules behind a small interface: validated facts in, one outcome per fact out.

The driver follows the measured behaviour of durable_rules 2.0.28 (see the project notes):

- a `SyncHost` (no dispatcher or timer threads) is installed as ``durable.lang._main_host``
  lazily, once per process, before any ruleset is used; consequents therefore run only inside
  `do_actions`, on the caller's thread;
- the ruleset is registered once and verified after registration (a bad condition can make the
  ruleset disappear silently) and by a self-test, so a broken ruleset fails loudly at start-up;
- one session (sid) per call, always deleted in ``finally`` (live sessions are capped at 1,024
  per ruleset per process); an ``eod`` fact with a rule that always fires works around the
  ``delete_state`` crash on sessions where no consequent ran;
- every fact carries a unique ``id`` and is validated in Python before it enters (no None, NaN,
  float, Decimal or bool; ints inside the exact range), and every fact must match a rule, so
  the batch never trips over "not handled" or "already observed";
- the facts go in with one ``durable_rules_engine.assert_facts`` call and the consequents run in
  one ``do_actions`` call; consequents record outcomes in a Python dict keyed by sid;
- a process-wide lock serialises the engine (its C calls hold the GIL anyway).
"""

from __future__ import annotations

import itertools
import json
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import durable_rules_engine
import structlog
from durable import engine as durable_engine
from durable import lang

log = structlog.get_logger(__name__)

FactValue = str | int
Fact = Mapping[str, FactValue]

# Reserved fact kind and id of the end-of-document fact.
EOD_KIND = "eod"
EOD_ID = "__eod__"

# Largest batch a consequent receives at once (`cap`); one action per outcome keeps
# consequent overhead flat however many facts a document has.
ACTION_CAP = 100_000

# Limits that keep facts inside what the engine handles exactly (int64, < 255 keys per fact).
INT_LIMIT = 2**62
MAX_KEYS = 200

# Live sessions allowed per process before `run` refuses (the engine's hard cap is 1,024).
MAX_LIVE_SESSIONS = 1_000


class EngineError(RuntimeError):
    """The rule engine could not be set up or did not decide every fact."""


class FactError(TypeError):
    """A fact that must not enter the engine (wrong value type, duplicate id, reserved key...)."""


class SyncHost(durable_engine.Host):
    """A durable_rules host without dispatcher/timer threads: consequents run only in do_actions."""

    def _run(self) -> None:
        """Start nothing (the default host starts two timer threads here)."""
        return None


@dataclass(frozen=True)
class OutcomeRule:
    """One engine rule: a durable_rules condition and the outcome recorded for matching facts."""

    name: str  # unique rule name inside the ruleset
    outcome: str  # what the consequent records for each matching fact
    condition: Callable[[], Any]  # builds the durable_rules condition (a `durable.lang.value`)
    doc: str  # what the condition means


# Collected outcomes, keyed by sid then fact id; filled by consequents during `do_actions`.
_RESULTS: dict[str, dict[str, str]] = {}
_FAILURES: dict[str, list[str]] = {}
_LOCK = threading.RLock()


def _reset_after_fork() -> None:
    """A forked child gets a fresh lock and no half-collected results of the parent."""
    global _LOCK
    _LOCK = threading.RLock()
    _RESULTS.clear()
    _FAILURES.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


def _consequent(outcome: str) -> Callable[[Any], None]:
    """A consequent that records `outcome` for every fact of the action, in the sid's dict."""

    def record(c: Any) -> None:
        """Consequent: note `outcome` for each matched fact of session c.s.sid."""
        sid = c.s.sid
        try:
            bucket = _RESULTS[sid]
            matched = c.m if isinstance(c.m, list) else [c.m]
            for fact in matched:
                bucket[fact._d["id"]] = outcome  # the Content's dict: no attribute lookups
        except Exception as exc:  # the engine would swallow it into the state; keep it visible
            _FAILURES.setdefault(sid, []).append(repr(exc))

    return record


def validate_facts(facts: Sequence[Fact]) -> list[dict[str, FactValue]]:
    """Check every fact before it enters the engine and return plain dict copies.

    Raises FactError for: a non-mapping fact; a missing, empty or duplicate ``id``; a missing
    ``kind``; a reserved key (``sid``) or the reserved eod kind/id; too many keys; any value
    that is not ``str`` or ``int`` (so None, NaN, float, Decimal and bool are refused); an int
    outside the engine's exact range.
    """
    seen: set[str] = set()
    out: list[dict[str, FactValue]] = []
    for i, fact in enumerate(facts):
        if not isinstance(fact, Mapping):
            raise FactError(f"fact #{i} is {type(fact).__name__}, not a mapping")
        fid = fact.get("id")
        if not isinstance(fid, str) or not fid:
            raise FactError(f"fact #{i} has no string id")
        if fid in seen or fid == EOD_ID:
            raise FactError(f"fact id {fid!r} is duplicated or reserved")
        seen.add(fid)
        if not isinstance(fact.get("kind"), str) or fact["kind"] == EOD_KIND:
            raise FactError(f"fact {fid!r} has no kind or uses the reserved kind")
        if "sid" in fact:
            raise FactError(f"fact {fid!r} sets the reserved key 'sid'")
        if len(fact) > MAX_KEYS:
            raise FactError(f"fact {fid!r} has {len(fact)} keys (limit {MAX_KEYS})")
        for key, value in fact.items():
            if not isinstance(key, str):
                raise FactError(f"fact {fid!r} has a non-string key {key!r}")
            if type(value) is int:
                if abs(value) >= INT_LIMIT:
                    raise FactError(f"fact {fid!r}: {key}={value} is outside the exact range")
            elif type(value) is not str:
                raise FactError(f"fact {fid!r}: {key} is {type(value).__name__}; only str and int may enter")
        out.append(dict(fact))
    return out


def _sync_host() -> durable_engine.Host:
    """The process's durable_rules host, installing a SyncHost when there is none yet."""
    host = lang._main_host
    if host is None:
        host = SyncHost()
        lang._main_host = host
        log.info("engine.host_installed", pid=os.getpid())
    elif type(host)._run is durable_engine.Host._run:
        raise EngineError(
            "durable_rules' default host (with dispatcher threads) is already installed; "
            "rules.engine must install its SyncHost before any other ruleset use"
        )
    return host


class RuleEngine:
    """One durable_rules ruleset and the session driver around it.

    `run(facts)` returns the outcome of every fact, keyed by fact id. The ruleset is built and
    registered on first use in each process and checked against `self_test` facts.
    """

    def __init__(
        self,
        name: str,
        rules: Sequence[OutcomeRule],
        self_test: Sequence[tuple[Fact, str]] = (),
    ) -> None:
        """Describe the ruleset; nothing touches durable_rules until the first `run`."""
        self.name = name
        self.rules = tuple(rules)
        self.self_test = tuple(self_test)
        self._ruleset: Any = None
        self._pid: int | None = None
        self._seq = itertools.count(1)
        self._live: set[str] = set()

    def live_sessions(self) -> int:
        """Sessions opened by this engine and not yet deleted (0 between documents)."""
        return len(self._live)

    def _definition(self) -> dict[str, Any]:
        """The ruleset definition: one capped `when_all` per outcome rule, plus the eod rule."""
        definition: dict[str, Any] = {}
        for r in self.rules:
            rule = lang.when_all(lang.cap(ACTION_CAP), r.condition())(_consequent(r.outcome))
            definition[r.name] = rule.define()
        eod = lang.when_all(lang.cap(ACTION_CAP), lang.m.kind == EOD_KIND)(_consequent(EOD_KIND))
        definition["end_of_document"] = eod.define()
        return definition

    def _handle(self) -> Any:
        """The registered ruleset of this process, registering and self-testing it once."""
        pid = os.getpid()
        if self._ruleset is not None and self._pid == pid:
            return self._ruleset
        host = _sync_host()
        if self.name not in host._ruleset_directory:
            try:
                host.register_rulesets({self.name: self._definition()})
            except Exception as exc:
                raise EngineError(f"ruleset {self.name!r} failed to register: {exc}") from exc
        if self.name not in host._ruleset_directory:
            raise EngineError(f"ruleset {self.name!r} is missing after registration")
        self._ruleset = host.get_ruleset(self.name)
        self._pid = pid
        self._live.clear()
        if self.self_test:
            self._verify()
        log.info("engine.ruleset_ready", ruleset=self.name, rules=len(self.rules) + 1, pid=pid)
        return self._ruleset

    def _verify(self) -> None:
        """Run the self-test facts; any outcome other than the expected one is fatal."""
        facts = [dict(f) for f, _ in self.self_test]
        got = self._run_session(validate_facts(facts))
        for fact, expected in self.self_test:
            if got.get(str(fact["id"])) != expected:
                self._ruleset = None
                raise EngineError(
                    f"ruleset {self.name!r} self-test: fact {fact['id']!r} gave "
                    f"{got.get(str(fact['id']))!r}, expected {expected!r}"
                )

    def prepare(self) -> None:
        """Install the host, register the ruleset and run its self-test now (idempotent).

        Call it when a worker process starts so that a broken ruleset fails at start-up rather
        than on the first document; `run` does the same lazily otherwise.
        """
        with _LOCK:
            self._handle()

    def run(self, facts: Sequence[Fact]) -> dict[str, str]:
        """Assert the facts in a fresh session and return {fact id: outcome} for every fact.

        Raises FactError (before the engine is touched) for an invalid fact, and EngineError
        when the engine leaves a fact undecided or a consequent fails.
        """
        payload = validate_facts(facts)
        with _LOCK:
            self._handle()
            return self._run_session(payload)

    def _run_session(self, payload: list[dict[str, FactValue]]) -> dict[str, str]:
        """One session: assert all facts + eod in one call, run consequents, always delete."""
        rs = self._ruleset
        if len(self._live) >= MAX_LIVE_SESSIONS:
            raise EngineError(f"{len(self._live)} live sessions: refusing to open another")
        # Short: the sid is echoed with every matched fact in the engine's JSON results.
        sid = f"s{next(self._seq)}"
        for f in payload:  # our own copies (validate_facts): safe to stamp
            f["sid"] = sid
        batch = [*payload, {"sid": sid, "id": EOD_ID, "kind": EOD_KIND}]
        _RESULTS[sid] = {}
        self._live.add(sid)
        created = False
        try:
            code, state = durable_rules_engine.assert_facts(rs._handle, json.dumps(batch, ensure_ascii=False))
            created = True
            errors: list[Any] = []
            rs.do_actions(state, lambda e, _s: errors.append(e))
            if errors and errors[0]:
                raise EngineError(f"consequents failed: {errors[0]}") from (
                    errors[0] if isinstance(errors[0], BaseException) else None
                )
            failures = _FAILURES.get(sid)
            if failures:
                raise EngineError(f"consequents raised: {failures[:3]}")
            got = dict(_RESULTS[sid])
            if got.pop(EOD_ID, None) != EOD_KIND:
                raise EngineError("the eod rule did not fire")
            undecided = [f["id"] for f in payload if f["id"] not in got]
            if code != 0 or undecided:
                raise EngineError(
                    f"engine returned code {code}; {len(undecided)} facts undecided (first: {undecided[:3]})"
                )
            return got
        finally:
            ran = bool(_RESULTS.pop(sid, None))
            _FAILURES.pop(sid, None)
            if created and ran:
                try:
                    rs.delete_state(sid)
                except Exception:
                    log.error("engine.delete_state_failed", sid=sid, exc_info=True)
                    raise
                self._live.discard(sid)
            else:
                # Deleting a session in which no consequent ran frees an uninitialised pointer
                # (bug A): keep it and count it as live rather than risk the process.
                log.error("engine.session_kept", sid=sid, created=created, consequents_ran=ran)
