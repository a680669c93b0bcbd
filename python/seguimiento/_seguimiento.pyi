"""Type stubs of the compiled extension ``seguimiento._seguimiento``."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from os import PathLike
from typing import IO, Any, Literal, Optional, Union, final

from typing_extensions import TypeAlias, TypedDict

from seguimiento._errors import ConfigError as ConfigError
from seguimiento._errors import DisclosureRefused as DisclosureRefused
from seguimiento._errors import DocumentError as DocumentError
from seguimiento._errors import InternalError as InternalError
from seguimiento._errors import LedgerMismatchError as LedgerMismatchError
from seguimiento._errors import PlanError as PlanError
from seguimiento._errors import PlanMismatchError as PlanMismatchError
from seguimiento._errors import SeguimientoError as SeguimientoError
from seguimiento._errors import ValidationError as ValidationError

#: A pandas _DataFrame (pandas ships no type information of its own).
_DataFrame: TypeAlias = Any
#: What the ``add_*`` methods read: a pandas _DataFrame, a list of dicts, or
#: Arrow data (any object with ``__arrow_c_stream__``, read through pyarrow).
_RecordsLike: TypeAlias = Union[_DataFrame, Sequence[Mapping[str, Any]], Any]
#: A number as the ledger reads it: exact, or a float read through its repr.
_Number: TypeAlias = Union[Decimal, int, float, str]
_Mode: TypeAlias = Literal["strict", "lenient"]
_Duplicates: TypeAlias = Literal["reject", "sum"]
_Band: TypeAlias = Literal["green", "yellow", "red", "none"]
_LevelName: TypeAlias = Literal["plan", "axis", "line", "goal", "action", "indicator"]
_StrPath: TypeAlias = Union[str, PathLike[str]]
#: The file (or files, in order) a ledger was read from, or their bytes: what
#: a document's cover fingerprints as the ledger.
_LedgerSource: TypeAlias = Union[_StrPath, bytes, Sequence[Union[_StrPath, bytes]]]
#: A document's language: es (es-GT) or en, in any case.
_DocumentLang: TypeAlias = str
_PlanTableName: TypeAlias = Literal["axes", "actions", "plazos", "indicators", "entities"]
_LedgerTableName: TypeAlias = Literal[
    "targets",
    "observations",
    "milestones",
    "submissions",
    "obligations",
    "recommendations",
    "follow_ups",
]
_ScorecardTableName: TypeAlias = Literal[
    "nodes",
    "entities",
    "rankings",
    "reporting",
    "reporting_detail",
    "discrepancies",
    "consistency",
]

class _Column(TypedDict):
    """One column of a core table, as ``_table(name)`` gives it."""

    name: str
    type: Literal[
        "text",
        "optional_text",
        "integer",
        "optional_integer",
        "decimal",
        "score",
        "date",
        "bool",
        "category",
        "text_list",
        "text_map",
    ]
    label: str
    unit: Optional[Literal["fraction", "count", "year", "indicator"]]
    score: bool
    categories: Optional[list[str]]
    values: list[Any]

class _TableData(TypedDict):
    """A core table, laid out by the Rust core: its columns, in order."""

    name: str
    rows: int
    columns: list[_Column]

__version__: str
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
    "label",
    "languages",
    "percent",
    "record_fields",
    "round_score",
    "__version__",
]

def record_fields() -> dict[str, list[tuple[str, bool]]]:
    """The fields of each record kind as the core reads them, by array name:
    ``{"observations": [("indicator", True), …, ("recorded_on", False)]}``
    (name, required)."""

def percent(score: _Number) -> str:
    """A score in [0, 1] as a percentage with 2 decimals: ``"73.45 %"`` (ValueError outside [0, 1])."""

def label(key: str, lang: str = "es-GT", **args: str | int) -> str:
    """The message `key` of the catalogs (es-GT or en); KeyError if absent."""

def languages() -> list[str]:
    """The languages of the catalogs, the default first."""

def round_score(value: _Number) -> Decimal:
    """Rounds to 6 decimal places, half away from zero (the core's rounding)."""

@final
class Axis:
    """A political axis (eje político)."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def corrected(self) -> str | None: ...
    @property
    def lines(self) -> list[Line]: ...
    @property
    def actions(self) -> list[Action]: ...

@final
class Line:
    """A line of intervention (línea de intervención)."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def corrected(self) -> str | None: ...
    @property
    def axis(self) -> str: ...
    @property
    def goals(self) -> list[Goal]: ...

@final
class Goal:
    """A goal (meta)."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def corrected(self) -> str | None: ...
    @property
    def axis(self) -> str: ...
    @property
    def line(self) -> str: ...
    @property
    def actions(self) -> list[Action]: ...

@final
class Action:
    """A strategic action with its plazos, responsible entities and indicators."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def corrected(self) -> str | None: ...
    @property
    def axis(self) -> str: ...
    @property
    def line(self) -> str: ...
    @property
    def goal(self) -> str: ...
    @property
    def plazos(self) -> list[Plazo]: ...
    @property
    def responsible(self) -> list[str]: ...
    @property
    def entities(self) -> list[str]: ...
    @property
    def indicators(self) -> list[Indicator]: ...

@final
class Indicator:
    """An indicator and its classification."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def corrected(self) -> str | None: ...
    @property
    def action(self) -> str: ...
    @property
    def measure(self) -> Literal["count", "amount", "percentage", "level", "milestone", "text"]: ...
    @property
    def accumulation(self) -> Literal["flow", "stock"]: ...
    @property
    def frequency(self) -> Literal["monthly", "semiannual", "annual", "biennial", "once"]: ...
    @property
    def dimensions(self) -> list[str]: ...
    @property
    def sensitive(self) -> bool: ...
    @property
    def plazo(self) -> Plazo: ...
    @property
    def weight(self) -> Decimal: ...
    @property
    def reason(self) -> str | None: ...

@final
class Plazo:
    """A deadline: its window runs from 1 January start_year to 31 December end_year."""

    @property
    def id(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def stated_years(self) -> int: ...
    @property
    def start_year(self) -> int: ...
    @property
    def end_year(self) -> int: ...

@final
class Entity:
    """An institution or group of the entity registry."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> Literal["institution", "group"]: ...
    @property
    def parent(self) -> str | None: ...
    @property
    def members(self) -> list[str]: ...
    @property
    def description(self) -> str | None: ...
    @property
    def aliases(self) -> list[str]: ...

@final
class Dimension:
    """A disaggregation and its allowed values."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def values(self) -> list[str]: ...
    @property
    def description(self) -> str | None: ...

@final
class Plan:
    """A strategic action plan: the tree, the entity registry, the dimensions."""

    @staticmethod
    def embedded() -> Plan:
        """The 2007-2017 plan compiled into the library."""
    @staticmethod
    def from_json(text: str) -> Plan:
        """Loads and validates a plan from its JSON text; PlanError if invalid."""
    @staticmethod
    def from_file(path: _StrPath) -> Plan:
        """Loads and validates a plan from a JSON file; OSError, PlanError."""
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def coordinator(self) -> str: ...
    @property
    def source(self) -> str | None: ...
    @property
    def axes(self) -> list[Axis]: ...
    @property
    def lines(self) -> list[Line]: ...
    @property
    def goals(self) -> list[Goal]: ...
    @property
    def actions(self) -> list[Action]: ...
    @property
    def indicators(self) -> list[Indicator]: ...
    @property
    def plazos(self) -> list[Plazo]: ...
    @property
    def entities(self) -> list[Entity]: ...
    @property
    def dimensions(self) -> list[Dimension]: ...
    @property
    def notes(self) -> list[dict[str, str]]: ...
    def axis(self, id: str) -> Axis:
        """The axis with this id; KeyError if none."""
    def line(self, id: str) -> Line:
        """The line with this id; KeyError if none."""
    def goal(self, id: str) -> Goal:
        """The goal with this id; KeyError if none."""
    def action(self, id: str) -> Action:
        """The action with this id; KeyError if none."""
    def indicator(self, id: str) -> Indicator:
        """The indicator with this id; KeyError if none."""
    def entity(self, code: str) -> Entity:
        """The entity with this code or alias (case-insensitive); KeyError if none."""
    def node(self, id: str) -> Axis | Line | Goal | Action | Indicator | Plazo:
        """Any node by id; KeyError if none."""
    def __contains__(self, key: str, /) -> bool: ...
    def parent(self, id: str) -> str | None:
        """The id of a node's parent (None for an axis)."""
    def children(self, id: str) -> list[str]:
        """The ids of a node's children."""
    def actions_of_entity(self, code: str) -> list[Action]:
        """The actions the entity or one of its dependencies answers for."""
    def resolve(self, code: str) -> list[Entity]:
        """The registry entities a responsible code names."""
    def deadlines_in_year(self, year: int) -> list[tuple[Action, Plazo]]:
        """(action, plazo) pairs whose plazo ends in the year."""
    def counts(self) -> list[dict[str, Any]]:
        """Node counts per axis."""
    def to_json(self) -> str:
        """The plan in the plan format (loads back unchanged)."""
    def dimension(self, id: str) -> _DataFrame:
        """A dimension's code list with each value's name (columns code, name); KeyError if unknown."""
    def to_pandas(self, *, exact: bool = False) -> dict[str, _DataFrame]:
        """Tables axes, actions, plazos, indicators, entities (needs pandas);
        numbers as float64, or Decimal with exact=True."""
    def _table(self, name: _PlanTableName) -> _TableData: ...
    @staticmethod
    def _table_names() -> list[_PlanTableName]: ...
    def evaluate(
        self,
        ledger: Ledger,
        as_of: date,
        config: Mapping[str, Any] | str | None = None,
        known_on: date | None = None,
    ) -> Scorecard:
        """Scores the plan on the ledger as of a date, as known on ``known_on``
        (default ``as_of``): the core's evaluation."""
    def evaluation(
        self,
        ledger: Ledger,
        years: tuple[int, int],
        lang: _DocumentLang = "es",
        known_on: date | None = None,
        k: int = 11,
        templates: _StrPath | None = None,
        config: Mapping[str, Any] | str | None = None,
        ledger_source: _LedgerSource | None = None,
    ) -> Document:
        """The biannual evaluation of two consecutive years (or the plan's whole period)
        as a Document; DocumentError for a bad language, years or templates,
        DisclosureRefused when the audit refuses a release."""
    def evaluate_many(
        self,
        ledger: Ledger,
        dates: Iterable[date],
        known_on: date | None = None,
        config: Mapping[str, Any] | str | None = None,
        what: _ScorecardTableName = "nodes",
        *,
        exact: bool = False,
    ) -> _DataFrame:
        """Scores the plan as of each date; one long table ``what`` led by
        ``as_of`` and ``known_on`` (needs pandas)."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def _repr_html_(self) -> str: ...
    def to_html(self, lang: str = "es-GT") -> str:
        """The notebook display's HTML, labelled in es-GT (default) or en."""

@final
class Ledger:
    """The records reported against a plan, validated as they enter."""

    def __new__(cls, plan: Plan | None = None) -> Ledger:
        """An empty ledger for a plan (default: the embedded plan)."""
    @staticmethod
    def from_json(text: str, plan: Plan | None = None) -> Ledger:
        """A ledger from a JSON ledger document; ValidationError if any record is invalid."""
    @staticmethod
    def from_file(path: _StrPath, plan: Plan | None = None) -> Ledger:
        """A ledger from a JSON ledger file; OSError, ValidationError."""
    def add_json(
        self, text: str, mode: _Mode = "strict", duplicates: _Duplicates = "reject"
    ) -> _DataFrame:
        """Ingests a JSON ledger document; the rejections (lenient) as a _DataFrame (needs pandas)."""
    def add_csv(
        self,
        source: _StrPath | bytes | bytearray | memoryview | IO[str] | IO[bytes],
        mode: _Mode = "strict",
        duplicates: _Duplicates = "reject",
    ) -> _DataFrame:
        """Ingests observations from a CSV file (a path, a file object or bytes); the rejections (lenient)."""
    def add_csv_text(
        self, text: str, mode: _Mode = "strict", duplicates: _Duplicates = "reject"
    ) -> _DataFrame:
        """Ingests observations from CSV held in a str; the rejections (lenient) as a _DataFrame."""
    def add_targets(
        self, data: _RecordsLike, mode: _Mode = "strict", duplicates: _Duplicates = "reject"
    ) -> _DataFrame:
        """Adds targets; the rejections (lenient) as a _DataFrame."""
    def add_observations(
        self,
        data: _RecordsLike,
        mode: _Mode = "strict",
        duplicates: _Duplicates = "reject",
        aggregate: bool = False,
    ) -> _DataFrame:
        """Adds observations; the rejections (lenient) as a _DataFrame."""
    def add_milestones(
        self, data: _RecordsLike, mode: _Mode = "strict", duplicates: _Duplicates = "reject"
    ) -> _DataFrame:
        """Adds milestones; the rejections (lenient) as a _DataFrame."""
    def add_submissions(self, data: _RecordsLike, mode: _Mode = "strict") -> _DataFrame:
        """Adds report submissions; the rejections (lenient) as a _DataFrame."""
    def add_obligations(self, data: _RecordsLike, mode: _Mode = "strict") -> _DataFrame:
        """Adds reporting obligations; the rejections (lenient) as a _DataFrame."""
    def add_recommendations(self, data: _RecordsLike, mode: _Mode = "strict") -> _DataFrame:
        """Adds recommendations of the evaluations; the rejections (lenient) as a _DataFrame."""
    def add_follow_ups(self, data: _RecordsLike, mode: _Mode = "strict") -> _DataFrame:
        """Adds follow-ups of recommendations; the rejections (lenient) as a _DataFrame."""
    @property
    def plan(self) -> Plan: ...
    def counts(self) -> dict[str, int]:
        """Records of each kind, revisions included."""
    def __len__(self) -> int: ...
    def to_json(self) -> str:
        """The whole ledger as a JSON ledger document."""
    def to_pandas(self, *, exact: bool = False) -> dict[str, _DataFrame]:
        """Every record as tables targets, observations, milestones, submissions, obligations,
        recommendations, follow_ups (needs pandas); values as float64 and dates as datetime64,
        or Decimal and date with exact=True. The observations' indicator, period, entity,
        source and cell.<dimension> columns are Categoricals, laid out in Rust."""
    def to_arrow(self, kind: _LedgerTableName = "observations") -> Any:
        """One kind of record as a pyarrow.Table (needs pyarrow), built in Rust and handed
        over through the Arrow PyCapsule interface; it can be added back as it is."""
    def _observation_columns(self, exact: bool) -> list[dict[str, Any]]: ...
    def _table(self, name: _LedgerTableName) -> _TableData: ...
    @staticmethod
    def _table_names() -> list[_LedgerTableName]: ...

@final
class Evaluation:
    """An evaluation as of a date that follows its ledger: ``refresh()`` reads only the
    records added since and scores again only what they touch; ``scorecard`` is always
    what ``plan.evaluate(ledger, as_of, config, known_on)`` gives, byte for byte."""

    def __new__(
        cls,
        ledger: Ledger,
        as_of: date,
        config: Mapping[str, Any] | str | None = None,
        known_on: date | None = None,
    ) -> Evaluation:
        """Evaluates the ledger (on its plan) as of a date, keeping what a refresh needs."""
    def refresh(self) -> int:
        """Brings the scorecard up to date with the records added to the ledger since;
        returns how many indicators were scored again."""
    @property
    def scorecard(self) -> Scorecard:
        """The scorecard as of the last refresh (a copy)."""
    @property
    def ledger(self) -> Ledger: ...
    @property
    def as_of(self) -> date: ...
    @property
    def known_on(self) -> date: ...

@final
class Scorecard:
    """The result of an evaluation as of a date."""

    @property
    def as_of(self) -> date: ...
    @property
    def known_on(self) -> date: ...
    @property
    def plan_id(self) -> str: ...
    @property
    def plan_score(self) -> Decimal | None: ...
    @property
    def plan_band(self) -> _Band: ...
    @property
    def overdue_actions(self) -> list[str]: ...
    def node(self, id: str) -> dict[str, Any]:
        """One node's result: id, level, parent, text, score, band, coverage, status."""
    def scores(self, level: _LevelName) -> dict[str, Decimal | None]:
        """Scores of one level, id -> score."""
    def entity(self, code: str) -> dict[str, Any]:
        """One entity's scorecard."""
    def explain(self, node_id: str) -> dict[str, Any]:
        """Why a node has its score: its items or its children."""
    def to_json(self) -> str:
        """The scorecard JSON, byte for byte the Rust core's."""
    def to_pandas(self, *, exact: bool = False) -> dict[str, _DataFrame]:
        """Tables nodes, entities, rankings, reporting, reporting_detail, discrepancies,
        consistency (needs pandas), each starting with as_of and known_on (datetime64); scores
        as float64, or Decimal with exact=True; band an ordered Categorical red < yellow <
        green."""
    def reporting_detail(self, *, exact: bool = False) -> _DataFrame:
        """One row per expected report: due date, submission, status, days late (needs pandas)."""
    def public(
        self,
        k: Optional[int] = None,
        release: Optional[str] = None,
        sensitive: Optional[Iterable[str]] = None,
        earlier: Union[PublicView, _SavedRelease, Iterable[Union[PublicView, _SavedRelease]], None] = None,
    ) -> PublicView:
        """The public release (disclosure control, k = 11 by default), audited; raises
        DisclosureRefused naming the value, LedgerMismatchError if the ledger changed."""
    def annual_report(
        self,
        year: int | None = None,
        lang: _DocumentLang = "es",
        k: int = 11,
        templates: _StrPath | None = None,
        ledger_source: _LedgerSource | None = None,
    ) -> Document:
        """The annual progress report of ``year`` (default: the as-of year) as a Document;
        DocumentError for a bad language, year or templates, DisclosureRefused when the
        audit refuses a release, LedgerMismatchError if the ledger changed."""
    def _table(self, name: _ScorecardTableName) -> _TableData: ...
    @staticmethod
    def _table_names() -> list[_ScorecardTableName]: ...
    def _repr_html_(self) -> str: ...
    def to_html(self, lang: str = "es-GT") -> str:
        """The notebook display's HTML, labelled in es-GT (default) or en."""

class _Pattern(TypedDict):
    suppressed: list[str]

class _SavedRelease(TypedDict):
    pattern: _Pattern
    published_values: dict[str, Decimal]

@final
class PublicView:
    """A public release of a scorecard: every value published or confidential."""

    @property
    def release(self) -> str: ...
    @property
    def k(self) -> int: ...
    @property
    def plan_id(self) -> str: ...
    @property
    def as_of(self) -> date: ...
    @property
    def known_on(self) -> date: ...
    @property
    def audit(self) -> dict[str, Any]:
        """The audit summary: k, values, published, primary, secondary, unbounded, narrowest."""
    @property
    def pattern(self) -> _Pattern:
        """The keys suppressed, for the next release."""
    @property
    def published_values(self) -> dict[str, Decimal]:
        """The sensitive values published, by key, for the next release."""
    def saved(self) -> _SavedRelease:
        """What the next release needs of this one (pattern, published_values)."""
    def to_json(self) -> str: ...
    def to_csv(self) -> str: ...
    def to_sdmx_csv(self) -> str: ...
    def to_internal_sdmx_csv(self) -> str:
        """Every value, CONF_STATUS F/A/D: the internal audit record, never to publish."""
    def to_pandas(self, *, exact: bool = False) -> _DataFrame:
        """One row per value; value pd.NA and confidential True where suppressed."""
    def _repr_html_(self) -> str: ...
    def to_html(self, lang: str = "es-GT") -> str: ...

@final
class Document:
    """A public document of the plan (annual report, biannual evaluation), rendered."""

    @property
    def html(self) -> str:
        """The self-contained HTML: the command's bytes for the same inputs."""
    @property
    def lang(self) -> Literal["es-GT", "en"]: ...
    @property
    def title(self) -> str:
        """The document's title, as its HTML ``<title>`` shows it."""
    @property
    def model(self) -> dict[str, Any]:
        """The document's model (every section and figure as data) as a dict."""
    def model_json(self) -> str:
        """The model as the command's ``--format json`` writes it."""
    def save(self, path: _StrPath) -> None:
        """Writes the HTML (UTF-8) to ``path``."""
    def _repr_html_(self) -> str:
        """The document in a sandboxed ``<iframe srcdoc>``, its CSS kept inside."""
