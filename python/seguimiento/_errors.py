"""The exceptions seguimiento raises, and the typed dicts they carry.

Defined here, in Python, so that the tree is plain Python (``except
ValueError`` catches bad input, as users expect); the compiled extension
imports these classes when it loads and raises them.

::

    SeguimientoError(Exception)
    ├── PlanError(SeguimientoError, ValueError)          a plan that cannot be loaded
    ├── ValidationError(SeguimientoError, ValueError)    rejected ledger records (.errors)
    ├── ConfigError(SeguimientoError, ValueError)        an evaluation setting out of range
    ├── PlanMismatchError(SeguimientoError, ValueError)  a ledger built for another plan
    ├── LedgerMismatchError(SeguimientoError, ValueError) a ledger changed since its scorecard
    ├── DisclosureRefused(SeguimientoError, ValueError)  a public release the audit refuses
    ├── DocumentError(SeguimientoError, ValueError)      a public document that cannot be made
    └── InternalError(SeguimientoError)                  a bug in seguimiento (a caught panic)

This module imports nothing from the package: the extension loads it while
the package itself is still being imported.
"""

from __future__ import annotations

from typing import Any, Optional, TypedDict


class RecordError(TypedDict):
    """One entry of ``ValidationError.errors``: a rejected record, or (with
    ``index`` None) a problem of the whole batch."""

    #: The record kind (``"observation"``, …), or ``"ledger"`` for a document.
    kind: str
    #: 0-based position of the record in the batch; None for the whole batch.
    index: Optional[int]
    #: The caller's label of the row (a DataFrame's index), else the position.
    row: Any
    #: The field (or column) at fault; empty for the record as a whole.
    field: str
    #: A stable snake_case code (``"unknown_indicator"``, ``"not_a_count"``,
    #: ``"missing_column"``, …).
    code: str
    #: Why, in words.
    reason: str


class PlanProblem(TypedDict):
    """One entry of ``PlanError.problems``."""

    #: Where in the document (``E1.L1.M1.A1.responsible[2]``, ``entities[3]``).
    location: str
    #: The rule broken, a stable snake_case code (``"duplicate_id"``, …).
    kind: str
    #: Why, in words.
    message: str


class SeguimientoError(Exception):
    """Base class of every error seguimiento raises."""


class PlanError(SeguimientoError, ValueError):
    """A plan document that cannot be loaded: not UTF-8, too large, malformed
    JSON, or breaking the plan's rules. ``.problems`` lists each problem as a
    dict with ``location``, ``kind`` and ``message`` (empty unless the
    document parsed)."""

    problems: list[PlanProblem]


class ValidationError(SeguimientoError, ValueError):
    """Ledger records that were rejected. ``.errors`` is a list of dicts with
    ``kind`` (the record kind), ``index`` (0-based position in the batch),
    ``row`` (the DataFrame index label, or the position), ``field``, ``code``
    (a stable snake_case code) and ``reason``; ``index`` and ``row`` are None
    for a problem of the whole batch (a missing column, malformed JSON)."""

    errors: list[RecordError]


class ConfigError(SeguimientoError, ValueError):
    """An evaluation setting that is unknown or out of range. ``.field`` names
    the setting, ``.reason`` says why."""

    field: str
    reason: str


class PlanMismatchError(SeguimientoError, ValueError):
    """A ledger evaluated against a plan other than the one it was built for."""


class LedgerMismatchError(SeguimientoError, ValueError):
    """A scorecard used with a ledger that is no longer the one it was
    evaluated from: the ledger took records after the scorecard was made
    (``Scorecard.public()`` reads the ledger's tables, which must be the ones
    the scores came from). Evaluate again."""


class DisclosureRefused(SeguimientoError, ValueError):
    """A public release that disclosure control refuses: the audit found a
    confidential value that everything published pins down, or a small count
    known to be small, or the suppression could not be completed. ``.key``
    names the value (None when the refusal is not about one value)."""

    key: Optional[str]


class DocumentError(SeguimientoError, ValueError):
    """A public document (``Scorecard.annual_report()``,
    ``Plan.evaluation()``) that cannot be made: a language it is not written
    in, a year outside the plan, a period that is neither two consecutive
    years nor the plan's whole period, templates that cannot be read or
    rendered. ``.argument`` names the argument at fault (``"lang"``,
    ``"templates"``; None for the years, which the message names)."""

    argument: Optional[str]


class InternalError(SeguimientoError):
    """A bug in seguimiento: an internal failure was caught before it could
    crash the interpreter. Please report it."""


# Shown as the package's own, where users import them from.
for _cls in (
    SeguimientoError,
    PlanError,
    ValidationError,
    ConfigError,
    PlanMismatchError,
    LedgerMismatchError,
    DisclosureRefused,
    DocumentError,
    InternalError,
):
    _cls.__module__ = "seguimiento"
del _cls
