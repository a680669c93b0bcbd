"""The attacker: an independent check of public releases by linear programming.

It reads only what a reader of a release has: the public JSON
(``PublicView.to_json()``) and the plan, a public document (for the entity
registry's parents and the actions each entity answers for). It does not use
the library's audit, its relations or its keys beyond the JSON's own. For
every confidential value it solves the smallest and the largest value
consistent with everything published, with ``scipy.optimize.linprog``
(HiGHS): counts are non-negative integers (the linear relaxation's optimum
when it is whole, which it is at every vertex of a table with hierarchical
margins, else the mixed-integer program), scores lie in [0, 1], other values
are non-negative. A release passes when every
confidential value's interval is wider than zero and every confidential count
can reach k (a confidential count is a small one, 1..k-1, or a larger one
whose interval holds its own value, so the reader cannot tell which).

The public JSON does not state the relations among its values; the attacker
rebuilds them from the published structure (SPEC §5):

- **table margins**: each table (``cells``, grouped by ``table``) is the
  cross product of its dimensions' codes, ``total`` the margin of each;
  every cell with a ``total`` (or, for ``municipio``, a ``departamento``, the
  code's two-digit prefix) in some dimension is the sum of its children
  along that dimension, in every dimension (not only the first);
- **entity and cell tables**: an entity's cell in ``…|entidad`` equals its
  margin in ``…|celdas`` unless a consistency note says its total and its
  cells differ;
- **explanations**: a flow indicator's period value ``A`` is the sum of its
  entity-table cells in the period (the item's entity and its dependencies
  when the target is an entity's); an achievement ``a`` that is published
  inside (0, 1) gives ``(A − B)/(T′ − B)`` within half a millionth, a
  published 0 or 1 gives only the inequality (it may be clamped), a
  confidential one beside a published ``A`` is ``A``'s clamped achievement;
- **roll-ups**: an indicator's score is the mean of its achievements, an
  aggregate's the weighted mean of its scored children, an entity's the mean
  of the scores of the actions it answers for, each within half a millionth
  times the total weight (the 6-decimal rounding);
- **social audit**: a discrepancy's official value is its table cell; a
  consistency note's total and sum of cells are its entity-table cell and its
  cell-table margin;
- **bands**: a confidential score shows its band, so it lies in the band's
  range (green 0.90–1, yellow 0.60–0.90, red 0–0.60: the default thresholds,
  which the releases here use and a report's legend prints).

Not modelled (a weaker attacker, so a release it passes may still fall to a
stronger one): a confidential achievement beside a confidential value (the
clamp is not linear: no relation is added between them), and the reporting
rows (counts of reports, not of people).

The check must be able to fail: ``test_the_attacker_catches_primary_only_
suppression`` publishes again every secondary suppression of a release (from
the internal SDMX export, which keeps every value) and finds a value pinned
down or a small count known to be small.
"""

from __future__ import annotations

import csv
import io
import json
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, Optional, Union

import pytest

np = pytest.importorskip("numpy")
optimize = pytest.importorskip("scipy.optimize")

from seguimiento import Ledger, Plan  # noqa: E402

from conftest import DEMO_LEDGER  # noqa: E402

K = 11
CONFIDENTIAL = "confidential"
#: Scores are solved in millionths, so that their rounding is half a unit.
MILLION = Fraction(1_000_000)
#: Half a millionth: the rounding of every score.
HALF = Fraction(1, 2_000_000)
#: A width below this is zero (HiGHS works in floating point; every genuine
#: width here is a whole count or at least a millionth of a score, which is 1
#: in the scaled units).
ZERO_WIDTH = 1e-6
#: Each band's range of scores in millionths (SPEC §3, default thresholds;
#: a score is a whole number of millionths).
BAND_RANGE = {
    "green": (Fraction(900_000), Fraction(1_000_000)),
    "yellow": (Fraction(600_000), Fraction(899_999)),
    "red": (Fraction(0), Fraction(599_999)),
}

#: A quantity: a published value (exact) or a confidential one (a variable).
Quantity = Union[Fraction, "Var"]


@dataclass(frozen=True)
class Var:
    index: int


@dataclass
class Model:
    """Variables (the confidential values) and linear constraints among them."""

    names: list[str] = field(default_factory=list)
    upper: list[Optional[float]] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    count: list[bool] = field(default_factory=list)
    #: (coefficients by variable, lower, upper): lower ≤ Σ c·x ≤ upper.
    rows: list[tuple[dict[int, Fraction], Optional[Fraction], Optional[Fraction]]] = field(
        default_factory=list
    )

    def quantity(
        self,
        name: str,
        shown: Any,
        *,
        count: bool = False,
        integer: bool = False,
        upper: Optional[float] = None,
        scale: Fraction = Fraction(1),
    ) -> Quantity:
        """A published value as an exact Fraction (times `scale`), or a new
        variable for a confidential one."""
        if shown != CONFIDENTIAL:
            return Fraction(str(shown)) * scale
        self.names.append(name)
        self.upper.append(upper)
        self.integer.append(integer)
        self.count.append(count)
        return Var(len(self.names) - 1)

    def score(self, name: str, shown: Any, band: Optional[str] = None) -> Quantity:
        """A score in millionths; a confidential one with its band lies in
        the band's range."""
        q = self.quantity(name, shown, upper=1_000_000.0, scale=MILLION)
        if isinstance(q, Var) and band in BAND_RANGE:
            lower, upper = BAND_RANGE[band]
            self.relation(f"band of {name}", [(Fraction(1), q)], lower, upper)
        return q

    def relation(
        self,
        label: str,
        terms: list[tuple[Fraction, Quantity]],
        lower: Optional[Fraction],
        upper: Optional[Fraction],
    ) -> None:
        """`lower ≤ Σ c·q ≤ upper` (None: unbounded on that side). A relation
        among published values only is checked: the model must hold for the
        values the release shows, or the attacker's reading of it is wrong."""
        coefficients: dict[int, Fraction] = defaultdict(Fraction)
        constant = Fraction(0)
        for c, q in terms:
            if isinstance(q, Var):
                coefficients[q.index] += c
            else:
                constant += c * q
        coefficients = {v: c for v, c in coefficients.items() if c != 0}
        lo = None if lower is None else lower - constant
        hi = None if upper is None else upper - constant
        if not coefficients:
            assert (lo is None or lo <= 0) and (hi is None or hi >= 0), (
                f"the attacker's relation {label} does not hold for the published values "
                f"(constant {constant}, bounds {lower}..{upper})"
            )
            return
        self.rows.append((coefficients, lo, hi))

    def equal(self, label: str, terms: list[tuple[Fraction, Quantity]],
              tolerance: Fraction = Fraction(0)) -> None:
        self.relation(label, terms, -tolerance, tolerance)


@dataclass
class Interval:
    name: str
    lower: float
    upper: Optional[float]  # None: unbounded
    count: bool

    @property
    def width(self) -> float:
        return float("inf") if self.upper is None else self.upper - self.lower


# ---------------------------------------------------------------------------
# Reading the release: its tables and the relations a reader rebuilds.


def _month_range(period: str) -> tuple[int, int]:
    """The first and last month (as year·12 + month − 1) of a period text:
    2009, 2009-S1, 2009-Q3, 2009-03, 2007/2017."""
    if "/" in period:
        first, last = period.split("/")
        return int(first) * 12, int(last) * 12 + 11
    year = int(period[:4])
    rest = period[5:]
    if not rest:
        return year * 12, year * 12 + 11
    if rest.startswith("S"):
        half = int(rest[1:])
        return year * 12 + (half - 1) * 6, year * 12 + half * 6 - 1
    if rest.startswith("Q"):
        quarter = int(rest[1:])
        return year * 12 + (quarter - 1) * 3, year * 12 + quarter * 3 - 1
    month = int(rest)
    return year * 12 + month - 1, year * 12 + month - 1


def _contains(outer: str, inner: str) -> bool:
    a, b = _month_range(outer)
    c, d = _month_range(inner)
    return a <= c and d <= b


class Table:
    """One published table: its dimensions and its cells by codes."""

    def __init__(self, name: str, cells: list[dict[str, Any]]) -> None:
        self.name = name
        self.indicator, year, self.kind = name.split("|")
        self.year = int(year)
        self.dims = [d for d, _ in cells[0]["coordinates"]]
        self.cells: dict[tuple[str, ...], dict[str, Any]] = {
            tuple(code for _, code in c["coordinates"]): c for c in cells
        }
        codes = [
            sorted({key[i] for key in self.cells} - {"total"}) for i in range(len(self.dims))
        ]
        # Children of each non-leaf code, per dimension: flat under total,
        # except municipio, under its departamento when the table shows it.
        self.children: list[dict[str, list[str]]] = []
        for dim, present in zip(self.dims, codes):
            tree: dict[str, list[str]] = defaultdict(list)
            for code in present:
                parent = "total"
                if dim == "municipio":
                    prefixes = [p for p in present if p != code and code.startswith(p)]
                    if prefixes:
                        parent = max(prefixes, key=len)
                tree[parent].append(code)
            self.children.append(dict(tree))

    def leaves(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """Entity-table leaves: (entity, period, codes)."""
        out = []
        for key in self.cells:
            if "total" in key:
                continue
            period = key[1] if "periodo" in self.dims else str(self.year)
            out.append((key[0], period, key))
        return out


def build_model(public: dict[str, Any], plan: Plan) -> Model:
    """The attacker's program for one release (see the module's docstring)."""
    m = Model()
    sensitive_counts = {
        i.id for i in plan.indicators if i.sensitive and i.measure == "count"
    }
    flows = {i.id for i in plan.indicators if i.accumulation == "flow"}
    parent_of = {e.code: e.parent for e in plan.entities}

    def within(entity: str, ancestor: str) -> bool:
        seen = entity
        while seen is not None:
            if seen == ancestor:
                return True
            seen = parent_of.get(seen)
        return False

    # Tables.
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in public["cells"]:
        by_table[c["table"]].append(c)
    tables = {name: Table(name, cells) for name, cells in by_table.items()}
    q_cell: dict[str, Quantity] = {}
    for c in public["cells"]:
        q_cell[c["key"]] = m.quantity(c["key"], c["value"], count=True, integer=True)
    for t in tables.values():
        for key, cell in t.cells.items():
            for i, code in enumerate(key):
                children = t.children[i].get(code)
                if not children:
                    continue
                parts = []
                for child in children:
                    part = t.cells.get(key[:i] + (child,) + key[i + 1:])
                    assert part is not None, f"{t.name}: no cell under {cell['key']}"
                    parts.append((Fraction(-1), q_cell[part["key"]]))
                m.equal(f"margin {cell['key']} along {t.dims[i]}",
                        [(Fraction(1), q_cell[cell["key"]])] + parts)

    def entity_cell(indicator: str, period: str, entity: str) -> Optional[Quantity]:
        t = tables.get(f"{indicator}|{period[:4]}|entidad")
        if t is None:
            return None
        key = (entity, period) if "periodo" in t.dims else (entity,)
        if "periodo" not in t.dims and period != str(t.year):
            return None
        cell = t.cells.get(key)
        return None if cell is None else q_cell[cell["key"]]

    def cells_cell(indicator: str, period: str, entity: str,
                   cell: dict[str, str]) -> Optional[Quantity]:
        t = tables.get(f"{indicator}|{period[:4]}|celdas")
        if t is None:
            return None
        if "periodo" not in t.dims and period != str(t.year):
            return None
        key = []
        for d in t.dims:
            if d == "entidad":
                key.append(entity)
            elif d == "periodo":
                key.append(period)
            else:
                key.append(cell.get(d, "total"))
        found = t.cells.get(tuple(key))
        return None if found is None else q_cell[found["key"]]

    # An entity's value in both tables, unless a note says they differ.
    noted = {(n["indicator"], n["period"], n["entity"]) for n in public["consistency"]}
    for t in tables.values():
        if t.kind != "entidad":
            continue
        for entity, period, key in t.leaves():
            if (t.indicator, period, entity) in noted:
                continue
            margin = cells_cell(t.indicator, period, entity, {})
            if margin is not None:
                m.equal(f"entity {entity} {period} in both tables of {t.indicator}",
                        [(Fraction(1), q_cell[t.cells[key]["key"]]), (Fraction(-1), margin)])

    # Explanations and roll-ups.
    q_score: dict[str, Quantity] = {}
    for n in public["nodes"]:
        if n["score"] is not None:
            q_score[n["id"]] = m.score(f"score {n['id']}", n["score"], n["band"])
    for n in public["nodes"]:
        explanation = n["explanation"]
        if explanation["kind"] == "children":
            terms = [
                (Fraction(c["weight"]), q_score[c["id"]])
                for c in explanation["children"]
                if c["score"] is not None and Fraction(c["weight"]) > 0
            ]
            if n["id"] in q_score and terms:
                total = sum(w for w, _ in terms)
                m.equal(f"weighted mean {n['id']}",
                        [(total, q_score[n["id"]])] + [(-w, q) for w, q in terms],
                        total / 2)
            continue
        indicator = n["id"]
        achievements: list[Quantity] = []
        for position, item in enumerate(explanation["items"]):
            label = f"{indicator} item {position}"
            if item["kind"] == "milestone":
                if item["achievement"] is not None:
                    achievements.append(m.score(f"achievement {label}", item["achievement"]))
                continue
            value: Optional[Quantity] = None
            if item.get("value") is not None:
                is_count = indicator in sensitive_counts
                value = m.quantity(f"value {label} ({item['period']})", item["value"],
                                   count=is_count, integer=is_count)
                if indicator in flows:
                    leaves = [
                        q_cell[t.cells[key]["key"]]
                        for t in tables.values()
                        if t.indicator == indicator and t.kind == "entidad"
                        for entity, period, key in t.leaves()
                        if _contains(item["period"], period)
                        and (item.get("entity") is None or within(entity, item["entity"]))
                    ]
                    if leaves:
                        m.equal(f"sum value {label}",
                                [(Fraction(1), value)] + [(Fraction(-1), q) for q in leaves])
            if item["achievement"] is None:
                continue
            a = m.score(f"achievement {label} ({item['period']})", item["achievement"])
            achievements.append(a)
            if value is None:
                continue
            baseline, target = Fraction(item["baseline"]), Fraction(item["target"])
            span = target - baseline
            if item.get("months") and item.get("months_ended") is not None:
                span = span * item["months_ended"] / item["months"]
            if span == 0:
                continue
            # raw = (A − B)/span; a = clamp(raw) rounded to 6 decimals.
            raw = [(1 / span, value)]
            minus_b = -baseline / span
            if isinstance(a, Fraction) and 0 < a < MILLION:
                m.relation(f"achievement {label}",
                           raw + [(-1 / MILLION, a)], -HALF - minus_b, HALF - minus_b)
            elif isinstance(a, Fraction) and a == 0:
                m.relation(f"achievement {label} at 0", raw, None, HALF - minus_b)
            elif isinstance(a, Fraction) and a == MILLION:
                m.relation(f"achievement {label} at 1", raw, 1 - HALF - minus_b, None)
            elif isinstance(a, Var) and isinstance(value, Fraction):
                clamped = min(max((value - baseline) / span, Fraction(0)), Fraction(1))
                m.relation(f"achievement {label} from its value", [(1 / MILLION, a)],
                           clamped - HALF, clamped + HALF)
        if indicator in q_score and achievements:
            count = Fraction(len(achievements))
            m.equal(f"mean {indicator}",
                    [(count, q_score[indicator])] + [(Fraction(-1), q) for q in achievements],
                    count / 2)

    for e in public["entities"]:
        if e["score"] is None:
            continue
        own = m.score(f"entity score {e['code']}", e["score"], e["band"])
        actions = [a.id for a in plan.actions_of_entity(e["code"]) if a.id in q_score]
        if actions:
            count = Fraction(len(actions))
            m.equal(f"entity mean {e['code']}",
                    [(count, own)] + [(Fraction(-1), q_score[a]) for a in actions], count / 2)

    # The social audit.
    for d in public["discrepancies"]:
        label = f"discrepancy {d['indicator']} {d['period']} {d['entity']} {d['cell']}"
        official = m.quantity(f"official {label}", d["official"], count=True, integer=True)
        m.quantity(f"verification {label}", d["verification"], count=True, integer=True)
        tied = (
            entity_cell(d["indicator"], d["period"], d["entity"])
            if not d["cell"]
            else cells_cell(d["indicator"], d["period"], d["entity"], d["cell"])
        )
        if tied is not None:
            m.equal(f"official {label}", [(Fraction(1), official), (Fraction(-1), tied)])
    for note in public["consistency"]:
        label = f"note {note['indicator']} {note['period']} {note['entity']}"
        total = m.quantity(f"total {label}", note["total"], count=True, integer=True)
        cells_sum = m.quantity(f"cells_sum {label}", note["cells_sum"], count=True,
                               integer=True)
        at = (note["indicator"], note["period"], note["entity"])
        for mine, tied in (
            (total, entity_cell(*at)),
            (cells_sum, cells_cell(*at, {})),
        ):
            if tied is not None:
                m.equal(f"{label}", [(Fraction(1), mine), (Fraction(-1), tied)])
    return m


# ---------------------------------------------------------------------------
# Solving.


def solve(m: Model, integer: bool = True) -> list[Interval]:
    """Each variable's min and max, one component of the constraint graph at
    a time. `integer=False` solves the linear relaxation."""
    n = len(m.names)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for coefficients, _, _ in m.rows:
        first, *rest = coefficients
        for other in rest:
            parent[find(other)] = find(first)
    components: dict[int, list[int]] = defaultdict(list)
    for v in range(n):
        components[find(v)].append(v)
    rows_of: dict[int, list[int]] = defaultdict(list)
    for r, (coefficients, _, _) in enumerate(m.rows):
        rows_of[find(next(iter(coefficients)))].append(r)

    out: list[Interval] = []
    for root, variables in components.items():
        local = {v: i for i, v in enumerate(variables)}
        a_ub, b_ub, a_eq, b_eq = [], [], [], []
        for r in rows_of[root]:
            coefficients, lo, hi = m.rows[r]
            row = np.zeros(len(variables))
            for v, c in coefficients.items():
                row[local[v]] = float(c)
            if lo is not None and hi is not None and lo == hi:
                a_eq.append(row)
                b_eq.append(float(lo))
                continue
            if hi is not None:
                a_ub.append(row)
                b_ub.append(float(hi))
            if lo is not None:
                a_ub.append(-row)
                b_ub.append(-float(lo))
        bounds = [(0, m.upper[v]) for v in variables]
        integrality = [1 if (integer and m.integer[v]) else 0 for v in variables]
        problem = dict(
            A_ub=np.array(a_ub) if a_ub else None,
            b_ub=b_ub or None,
            A_eq=np.array(a_eq) if a_eq else None,
            b_eq=b_eq or None,
            bounds=bounds,
            integrality=integrality,
            method="highs",
        )
        relaxed = dict(problem, integrality=None)
        whole = np.array(integrality, dtype=bool)

        def optimum(objective: Any) -> Any:
            """The relaxation's optimum, or the integer program's where the
            relaxation's vertex is not whole (a table with all its margins
            has whole vertices, so this is rare and cheap)."""
            result = optimize.linprog(objective, **relaxed)
            if result.status != 0 or not whole.any():
                return result
            if np.allclose(result.x[whole], np.round(result.x[whole]), atol=1e-7):
                return result
            return optimize.linprog(objective, **problem)

        for v in variables:
            objective = np.zeros(len(variables))
            objective[local[v]] = 1.0
            low = optimum(objective)
            assert low.status == 0, (
                f"the attacker's program for {m.names[v]} is {low.message}: its reading of "
                "the release is wrong (the release's own values satisfy every relation)"
            )
            high = optimum(-objective)
            assert high.status in (0, 3), f"{m.names[v]}: {high.message}"
            upper = None if high.status == 3 else -high.fun
            out.append(Interval(m.names[v], low.fun, upper, m.count[v]))
    return out


def findings(intervals: list[Interval], k: int = K) -> list[str]:
    """What a reader learns: a confidential value pinned down, or a
    confidential count known to be below k."""
    found = []
    for i in intervals:
        if i.width <= ZERO_WIDTH:
            found.append(f"{i.name} is exactly {i.lower:g}")
        elif i.count and i.upper is not None and i.upper < k - ZERO_WIDTH:
            found.append(f"{i.name} is in [{i.lower:g}, {i.upper:g}], below {k}")
    return found


def attack(public_json: str, plan: Plan, integer: bool = True) -> tuple[list[Interval], list[str]]:
    public = json.loads(public_json)
    model = build_model(public, plan)
    intervals = solve(model, integer)
    return intervals, findings(intervals, public["k"])


# ---------------------------------------------------------------------------
# The releases attacked.


def _random_ledger(plan: Plan, seed: int, demo: dict[str, Any]) -> tuple[Ledger, date]:
    """The demo ledger's targets, milestones and reporting, its observations
    of the indicators that are not sensitive, and random observations of 2
    to 5 sensitive counts: many small counts (40 % of them 1 to 4), some
    zeros, a few large ones, over one or two years, by 1 to 3 of the
    entities responsible and, where the indicator has dimensions, by cell
    (2 or 3 categories of each dimension; municipios of one to three
    departamentos). Monthly indicators get 3 to 5 months a year."""
    rng = random.Random(seed)
    sensitive = [i for i in plan.indicators if i.sensitive and i.measure == "count"]
    years = list(range(2008, 2008 + rng.randint(1, 2)))
    observations = [o for o in demo["observations"]
                    if not plan.indicator(o["indicator"]).sensitive]

    def count() -> str:
        roll = rng.random()
        if roll < 0.15:
            return "0"
        if roll < 0.55:
            return str(rng.randint(1, 4))
        if roll < 0.85:
            return str(rng.randint(5, 20))
        return str(rng.randint(21, 90))

    for ind in rng.sample(sensitive, rng.randint(2, 5)):
        responsible = list(plan.action(ind.action).entities)
        categories = {}
        for d in ind.dimensions:
            codes = [str(v[0]) for v in plan.dimension(d).values]
            if d == "municipio":
                departamentos = rng.sample(sorted({c[:2] for c in codes}), rng.randint(1, 3))
                codes = [c for c in codes if c[:2] in departamentos]
                categories[d] = rng.sample(codes, min(len(codes), rng.randint(3, 5)))
            else:
                categories[d] = rng.sample(codes, min(len(codes), rng.randint(2, 3)))
        periods = []
        for y in years:
            if ind.frequency == "monthly":
                months = sorted(rng.sample(range(1, 13), rng.randint(3, 5)))
                periods += [f"{y}-{m:02d}" for m in months]
            else:
                periods.append(str(y))
        for entity in rng.sample(responsible, min(len(responsible), rng.randint(1, 3))):
            for period in periods:
                if not categories:
                    observations.append({"indicator": ind.id, "period": period,
                                         "entity": entity, "value": count()})
                    continue
                combos: list[dict[str, str]] = [{}]
                for d, codes in categories.items():
                    combos = [dict(c, **{d: code}) for c in combos for code in codes]
                for cell in combos:
                    observations.append({"indicator": ind.id, "period": period,
                                         "entity": entity, "cell": cell, "value": count()})
    document = {k: v for k, v in demo.items() if k != "observations"}
    document["observations"] = observations
    ledger = Ledger(plan)
    ledger.add_json(json.dumps(document))  # strict: every record is taken
    return ledger, date(years[-1], 12, 31)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return Plan.embedded()


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    with open(DEMO_LEDGER, encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def test_the_attacker_finds_nothing_in_the_demo_release(plan: Plan) -> None:
    ledger = Ledger.from_file(DEMO_LEDGER, plan)
    view = plan.evaluate(ledger, as_of=date(2017, 12, 31)).public(k=K)
    intervals, found = attack(view.to_json(), plan)
    assert len(intervals) == len(view.pattern["suppressed"]) > 0
    assert found == []


def test_the_attacker_finds_nothing_in_50_random_releases(
    plan: Plan, demo: dict[str, Any]
) -> None:
    started = time.perf_counter()
    attacked = 0
    for seed in range(50):
        ledger, as_of = _random_ledger(plan, seed, demo)
        view = plan.evaluate(ledger, as_of=as_of).public(k=K)
        intervals, found = attack(view.to_json(), plan)
        assert found == [], f"seed {seed}: {found[:5]}"
        attacked += len(intervals)
    # Enough to mean something: many small counts, so many confidential values.
    assert attacked > 50 * 20, attacked
    print(f"50 random releases, {attacked} confidential values attacked "
          f"in {time.perf_counter() - started:.1f} s")


def _primary_only(view: Any) -> str:
    """The release's public JSON with every secondary suppression published
    again, its value read from the internal SDMX export (which keeps every
    value, CONF_STATUS A primary and D secondary; its rows are the public
    CSV's, in the same order, and the CSV names each row's key)."""
    internal = list(csv.DictReader(io.StringIO(view.to_internal_sdmx_csv())))
    rows = list(csv.DictReader(io.StringIO(view.to_csv())))
    secondary = {
        row["key"]: inner["OBS_VALUE"]
        for row, inner in zip(rows, internal)
        if inner["CONF_STATUS"] == "D"
    }
    assert secondary, "the release has no secondary suppression"
    public = json.loads(view.to_json())
    shown = 0
    for c in public["cells"]:
        if c["key"] in secondary:
            c["value"] = secondary[c["key"]]
            shown += 1
    for n in public["nodes"]:
        key = f"score|{n['id']}"
        if key in secondary:
            n["score"] = secondary[key]
            shown += 1
    public["pattern"]["suppressed"] = [k for k in public["pattern"]["suppressed"]
                                       if k not in secondary]
    assert shown > 0
    return json.dumps(public)


def test_the_attacker_catches_primary_only_suppression(plan: Plan) -> None:
    ledger = Ledger.from_file(DEMO_LEDGER, plan)
    view = plan.evaluate(ledger, as_of=date(2017, 12, 31)).public(k=K)
    _, found = attack(_primary_only(view), plan)
    assert found, "suppressing only the small counts must give some of them away"
