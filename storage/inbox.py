"""An update is marked done in the unit of work that handled it.

The adapter that takes an update from the inbox says which rows it is handling
(`with handling([row_id]): ...`); the first commit of a session in that context — the handler's
own unit of work — also sets those rows' `done_at`, in the same transaction. So the change a
person made and "this update was handled" are kept together or not at all: a crash before the
commit leaves the row to be handled again at start, a crash after it never repeats the change.
A handler that commits nothing (a reply from what is already known) is marked done by the
adapter when it returns (`finish`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from storage.models import Inbox

_INFO_KEY = "loa_inbox_handling"


@dataclass
class Handling:
    """The inbox rows the current task is handling, and whether a commit has marked them."""

    row_ids: list[int] = field(default_factory=list)
    done: bool = False


CURRENT: ContextVar[Handling | None] = ContextVar("loa_inbox_handling", default=None)


@contextlib.contextmanager
def handling(row_ids: Sequence[int]) -> Iterator[Handling]:
    """Within this block, the first commit of any session also marks `row_ids` done."""
    state = Handling(list(row_ids))
    token = CURRENT.set(state)
    try:
        yield state
    finally:
        CURRENT.reset(token)


@contextlib.contextmanager
def handling_all(states: Sequence[Handling | None]) -> Iterator[Handling]:
    """One unit of work answering several updates at once (a batch of presses) marks them all;
    each one's own state learns it was marked."""
    mine = [s for s in states if s is not None and not s.done]
    with handling([i for s in mine for i in s.row_ids]) as joint:
        yield joint
    if joint.done:
        for state in mine:
            state.done = True


class LoaSession(Session):
    """The sessions Loa's sessionmaker makes: they know the inbox rows of their context."""


@event.listens_for(LoaSession, "before_commit")
def _mark_in_the_same_transaction(session: Session) -> None:
    state = CURRENT.get()
    if state is None or state.done or not state.row_ids:
        return
    session.execute(
        update(Inbox)
        .where(Inbox.id.in_(state.row_ids), Inbox.done_at.is_(None))
        .values(done_at=datetime.now(UTC), lease_until=None)
    )
    session.info[_INFO_KEY] = state


@event.listens_for(LoaSession, "after_commit")
def _committed(session: Session) -> None:
    state = session.info.pop(_INFO_KEY, None)
    if state is not None:
        state.done = True


@event.listens_for(LoaSession, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_INFO_KEY, None)
