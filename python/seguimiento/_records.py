"""The records the ``Ledger.add_*`` methods take, as typed dicts: one row of
a list of dicts (or of a DataFrame) for each record kind.

The fields and which of them are required are the core's (the same names
as the JSON ledger format and the CSV columns); the tests check these dicts
against ``seguimiento._seguimiento.record_fields()``. Observations may also
give their cell as ``cell.<dimension>`` columns, which no typed dict can
spell.

>>> from seguimiento._records import ObservationRecord
>>> row: ObservationRecord = {"indicator": "E1.L1.M2.A2.I3", "period": "2008",
...                           "entity": "GIT", "value": 12}
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal, TypedDict, Union

#: A number as the ledger reads it: exact, or a float read through its repr.
_Number = Union[Decimal, int, float, str]
#: A date: a ``datetime.date`` (a ``datetime`` or ``Timestamp`` at midnight) or a
#: ``YYYY-MM-DD`` str.
_DateLike = Union[date, str]
#: A period: a str (``2009``, ``2009-S1``, ``2009-03``, ``2007/2017``) or an int year.
_PeriodLike = Union[str, int]


class _TargetRequired(TypedDict):
    indicator: str
    period: _PeriodLike
    value: _Number


class TargetRecord(_TargetRequired, total=False):
    """What an indicator should reach, for one year or its whole window."""

    entity: str
    baseline: _Number
    recorded_on: _DateLike


class _ObservationRequired(TypedDict):
    indicator: str
    period: _PeriodLike
    entity: str
    value: _Number


class ObservationRecord(_ObservationRequired, total=False):
    """A value an entity reports for an indicator and period."""

    cell: dict[str, str]
    source: Literal["official", "verification"]
    recorded_on: _DateLike


class _MilestoneRequired(TypedDict):
    indicator: str
    entity: str
    achieved_on: _DateLike


class MilestoneRecord(_MilestoneRequired, total=False):
    """The date a milestone indicator was achieved."""

    recorded_on: _DateLike


class SubmissionRecord(TypedDict):
    """A periodic report an entity handed in."""

    entity: str
    kind: Literal["monthly", "semiannual", "annual"]
    period: _PeriodLike
    submitted_on: _DateLike


#: Which reports an entity must submit, for which years (``from`` is a
#: keyword, hence the functional form).
ObligationRecord = TypedDict(
    "ObligationRecord",
    {
        "entity": str,
        "kind": Literal["monthly", "semiannual", "annual"],
        "from": int,
        "to": int,
    },
)

class _RecommendationRequired(TypedDict):
    id: str
    evaluation: _PeriodLike
    issued_on: _DateLike
    entity: str
    text: str


class RecommendationRecord(_RecommendationRequired, total=False):
    """A recommendation an evaluation of the plan made to an institution."""

    node: str
    due: _DateLike
    recorded_on: _DateLike


class _FollowUpRequired(TypedDict):
    recommendation: str
    entity: str
    status: Literal["not_started", "in_progress", "implemented"]
    on: _DateLike


class FollowUpRecord(_FollowUpRequired, total=False):
    """Where an institution stands on a recommendation, as of a date."""

    recorded_on: _DateLike


#: The typed dict of each record kind, by the name of its array.
RECORDS: dict[str, type] = {
    "targets": TargetRecord,
    "observations": ObservationRecord,
    "milestones": MilestoneRecord,
    "submissions": SubmissionRecord,
    "obligations": ObligationRecord,
    "recommendations": RecommendationRecord,
    "follow_ups": FollowUpRecord,
}
