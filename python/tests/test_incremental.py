"""An Evaluation kept up to date with its ledger: after records are appended, its
refreshed scorecard is byte for byte what ``plan.evaluate`` gives, and only the
indicators the new records name are scored again."""

from __future__ import annotations

from datetime import date

import pytest

from seguimiento import ConfigError, Evaluation, Ledger, Plan, ValidationError

from conftest import DEMO_LEDGER

AS_OF = date(2010, 12, 31)

BATCHES = [
    # Observations (one recorded after the evaluation date) and a target.
    {
        "observations": [
            {"indicator": "E1.L1.M2.A2.I3", "period": "2010", "entity": "GIT", "value": "7",
             "recorded_on": "2010-11-02"},
            {"indicator": "E1.L1.M2.A2.I3", "period": "2009", "entity": "GIT", "value": "4",
             "recorded_on": "2011-02-01"},
        ],
        "targets": [{"indicator": "E1.L1.M2.A2.I3", "period": "2010", "value": "9"}],
    },
    # A revision of a key the first batch brought.
    {
        "observations": [
            {"indicator": "E1.L1.M2.A2.I3", "period": "2010", "entity": "GIT", "value": "12",
             "recorded_on": "2010-12-15"},
        ]
    },
    # Reporting only.
    {
        "obligations": [{"entity": "MP", "kind": "annual", "from": 2008, "to": 2010}],
        "submissions": [{"entity": "MP", "kind": "annual", "period": "2009",
                         "submitted_on": "2010-01-20"}],
    },
]


@pytest.mark.parametrize(
    ("config", "known_on"),
    [(None, None), ({"late_credit": "0.25", "grace_days": 10}, date(2010, 12, 31))],
)
def test_a_refreshed_evaluation_is_the_full_evaluation(
    plan: Plan, config: dict[str, object] | None, known_on: date | None
) -> None:
    import json

    ledger = Ledger.from_file(DEMO_LEDGER, plan)
    evaluation = Evaluation(ledger, AS_OF, config=config, known_on=known_on)
    assert evaluation.ledger is ledger
    assert evaluation.as_of == AS_OF
    full = plan.evaluate(ledger, AS_OF, config=config, known_on=known_on)
    assert evaluation.scorecard.to_json() == full.to_json()
    scored = []
    for batch in BATCHES:
        before = evaluation.scorecard.to_json()
        ledger.add_json(json.dumps(batch))
        scored.append(evaluation.refresh())
        full = plan.evaluate(ledger, AS_OF, config=config, known_on=known_on)
        assert evaluation.scorecard.to_json() == full.to_json()
        assert evaluation.scorecard.to_json() != before
    assert scored == [1, 1, 0]


def test_a_refused_strict_batch_leaves_nothing_to_refresh(plan: Plan) -> None:
    ledger = Ledger.from_file(DEMO_LEDGER, plan)
    evaluation = Evaluation(ledger, AS_OF)
    card = evaluation.scorecard
    with pytest.raises(ValidationError):
        ledger.add_observations(
            [{"indicator": "E1.L1.M2.A2.I3", "period": "2010", "entity": "NOBODY", "value": "1"}]
        )
    assert evaluation.refresh() == 0
    assert evaluation.scorecard.to_json() == card.to_json()
    assert evaluation.scorecard.to_json() == plan.evaluate(ledger, AS_OF).to_json()


def test_a_scorecard_taken_does_not_change_with_refreshes(plan: Plan) -> None:
    ledger = Ledger.from_file(DEMO_LEDGER, plan)
    evaluation = Evaluation(ledger, AS_OF)
    taken = evaluation.scorecard
    text = taken.to_json()
    ledger.add_targets([{"indicator": "E1.L1.M2.A2.I3", "period": "2010", "value": "9"}])
    assert evaluation.refresh() == 1
    assert taken.to_json() == text


def test_bad_arguments_raise_as_evaluate_does(plan: Plan) -> None:
    ledger = Ledger(plan)
    with pytest.raises(ConfigError):
        Evaluation(ledger, AS_OF, config={"grace_days": -1})
    with pytest.raises(TypeError):
        Evaluation(ledger, None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="1990"):
        Evaluation(ledger, date(1990, 12, 31))
    assert "2010-12-31" in repr(Evaluation(ledger, AS_OF))
