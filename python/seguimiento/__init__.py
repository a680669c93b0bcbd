"""seguimiento: score how well a strategic action plan is carried out.

The plan (Guatemala's *Plan de Acción Estratégico contra la Trata de Personas
2007-2017* is embedded), the ledger of what institutions report, and the
scorecard as of a date, computed by the Rust core and handed back as exact
``decimal.Decimal`` values and pandas tables (``to_pandas()``: pandas is the
optional extra ``seguimiento[pandas]``; nothing else needs it).

>>> from datetime import date
>>> from seguimiento import Ledger, Plan
>>> plan = Plan.embedded()
>>> card = plan.evaluate(Ledger(plan), as_of=date(2010, 12, 31))
>>> card.plan_band in {"green", "yellow", "red", "none"}
True
"""

from ._errors import (
    ConfigError,
    DisclosureRefused,
    DocumentError,
    InternalError,
    LedgerMismatchError,
    PlanError,
    PlanMismatchError,
    SeguimientoError,
    ValidationError,
)
from ._seguimiento import (
    Action,
    Axis,
    Dimension,
    Document,
    Entity,
    Evaluation,
    Goal,
    Indicator,
    Ledger,
    Line,
    Plan,
    Plazo,
    PublicView,
    Scorecard,
    __version__,
    label,
    languages,
    percent,
    round_score,
)

__all__ = [
    "Action",
    "Axis",
    "ConfigError",
    "Dimension",
    "DisclosureRefused",
    "Document",
    "DocumentError",
    "Entity",
    "Evaluation",
    "Goal",
    "Indicator",
    "InternalError",
    "Ledger",
    "LedgerMismatchError",
    "Line",
    "Plan",
    "PlanError",
    "PlanMismatchError",
    "Plazo",
    "PublicView",
    "Scorecard",
    "SeguimientoError",
    "ValidationError",
    "__version__",
    "label",
    "languages",
    "percent",
    "round_score",
]
