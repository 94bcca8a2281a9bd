"""The follow-up workflow of a finding: its statuses and the moves an inspector may make."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Literal, get_args

from store.models import Finding, FindingEvent

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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


def system_move(session: Session, finding: Finding, to_status: str, comment: str, now: datetime) -> None:
    """A status change the store makes on its own (no workflow check: a re-audit, a delivered
    alert), recorded in the finding's history as the system actor's."""
    session.add(
        FindingEvent(
            finding_id=finding.id,
            from_status=finding.workflow_status,
            to_status=to_status,
            actor=SYSTEM_ACTOR,
            comment=comment,
            at=now,
        )
    )
    finding.workflow_status = to_status
