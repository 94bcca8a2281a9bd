"""The follow-up workflow of a finding: its statuses and the moves an inspector may make."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

WorkflowStatus = Literal["open", "confirmed", "dismissed", "sent_to_unit", "resolved"]

#: Every workflow status, in the order a finding normally goes through them.
WORKFLOW_STATUSES: tuple[str, ...] = get_args(WorkflowStatus)

#: Status of a finding the ruleset has just produced.
INITIAL_STATUS: WorkflowStatus = "open"

#: Allowed moves. open → confirmed | dismissed; confirmed → sent_to_unit; sent_to_unit → resolved.
#: An inspector may take back a decision not yet acted on: confirmed → open, dismissed → open.
#: resolved is final.
TRANSITIONS: Mapping[str, frozenset[str]] = {
    "open": frozenset({"confirmed", "dismissed"}),
    "confirmed": frozenset({"sent_to_unit", "open"}),
    "dismissed": frozenset({"open"}),
    "sent_to_unit": frozenset({"resolved"}),
    "resolved": frozenset(),
}

#: Actor recorded on events the store itself writes (a finding retired by a re-audit).
SYSTEM_ACTOR = "auditor"


def check_transition(from_status: str, to_status: str) -> None:
    """Raise ValueError unless a finding may move from `from_status` to `to_status`."""
    if to_status not in TRANSITIONS:
        raise ValueError(
            f"unknown workflow status {to_status!r}; expected one of {', '.join(WORKFLOW_STATUSES)}"
        )
    allowed = TRANSITIONS.get(from_status, frozenset())
    if to_status not in allowed:
        choices = ", ".join(s for s in WORKFLOW_STATUSES if s in allowed) or "none (final)"
        raise ValueError(f"illegal workflow transition {from_status} → {to_status}; allowed: {choices}")
