"""The follow-up workflow of a finding: its statuses and the moves an inspector may make."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

WorkflowStatus = Literal["open", "confirmed", "dismissed", "sent_to_unit", "resolved"]

#: Every workflow status, in the order a finding normally goes through them.
WORKFLOW_STATUSES: tuple[str, ...] = get_args(WorkflowStatus)

#: Status of a finding the ruleset has just produced.
INITIAL_STATUS: WorkflowStatus = "open"

#: Allowed moves, as an inspector team works:
#: - open → confirmed | dismissed, or straight to resolved (the unit corrected it before anyone wrote);
#: - confirmed → sent_to_unit (the optional step of writing to the unit) | resolved | dismissed, or
#:   back to open;
#: - dismissed → open | confirmed (the decision taken back);
#: - sent_to_unit → resolved, or back to confirmed / open (the unit disputes it, the letter is withdrawn);
#: - resolved → open (re-opened: the correction did not hold, or it was resolved by mistake).
#: Moving to the status a finding already has is not a move (use the note of the next move).
TRANSITIONS: Mapping[str, frozenset[str]] = {
    "open": frozenset({"confirmed", "dismissed", "resolved"}),
    "confirmed": frozenset({"sent_to_unit", "resolved", "dismissed", "open"}),
    "dismissed": frozenset({"open", "confirmed"}),
    "sent_to_unit": frozenset({"resolved", "confirmed", "open"}),
    "resolved": frozenset({"open"}),
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
        choices = ", ".join(s for s in WORKFLOW_STATUSES if s in allowed)
        raise ValueError(
            f"不允许的状态变更 {from_status} → {to_status}，可改为：{choices} "
            f"(illegal workflow transition {from_status} → {to_status}; allowed: {choices})"
        )
