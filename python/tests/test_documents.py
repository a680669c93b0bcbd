"""The plan's public documents from Python: ``Scorecard.annual_report()`` and
``Plan.evaluation()``, each a ``Document``.

The core builds the model and the report crate renders it; these tests check
that Python hands over exactly what the ``seguimiento`` command writes (the
goldens of ``tests/golden/``, byte for byte, given the same inputs), what the
fingerprints on the cover are of, and the errors.
"""

from __future__ import annotations

import hashlib
import html
import json
from datetime import date
from pathlib import Path

import pytest

from seguimiento import (
    ConfigError,
    DisclosureRefused,
    Document,
    DocumentError,
    Evaluation,
    Ledger,
    LedgerMismatchError,
    Plan,
    SeguimientoError,
)

from conftest import DEMO_LEDGER, ROOT

GOLDEN = ROOT / "tests" / "golden"
YEAR_END = date(2010, 12, 31)
#: A victims' table by sexo and edad (sensitive).
BY_SEXO_EDAD = "E4.L2.M2.A1.I1"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def sample() -> Ledger:
    return Ledger.from_file(DEMO_LEDGER, Plan.embedded())


@pytest.mark.parametrize("lang, tag", [("es", "es-GT"), ("en", "en")])
def test_the_annual_report_is_the_commands_byte_for_byte(
    sample: Ledger, lang: str, tag: str
) -> None:
    card = Plan.embedded().evaluate(sample, as_of=YEAR_END)
    first = card.annual_report(2010, lang=lang, ledger_source=DEMO_LEDGER)
    again = card.annual_report(lang=lang, ledger_source=str(DEMO_LEDGER))
    expected = (GOLDEN / f"annual-2010-{tag}.html").read_text(encoding="utf-8")
    assert first.html == expected
    assert again.html == first.html
    assert first.lang == tag


@pytest.mark.parametrize("lang, tag", [("es-GT", "es-GT"), ("EN", "en")])
def test_the_evaluation_is_the_commands_byte_for_byte(
    sample: Ledger, lang: str, tag: str
) -> None:
    plan = Plan.embedded()
    source = DEMO_LEDGER.read_bytes()
    first = plan.evaluation(sample, years=(2009, 2010), lang=lang, ledger_source=source)
    again = plan.evaluation(sample, (2009, 2010), lang=lang, ledger_source=[DEMO_LEDGER])
    expected = (GOLDEN / f"evaluation-2009-2010-{tag}.html").read_text(encoding="utf-8")
    assert first.html == expected
    assert again.html == first.html
    assert first.lang == tag


def test_the_final_evaluation_covers_the_whole_plan(sample: Ledger) -> None:
    final = Plan.embedded().evaluation(sample, years=(2007, 2017), lang="en")
    # A thin space on each side of the en dash, as the report crate writes ranges.
    assert final.title.startswith("Final evaluation 2007\u2009–\u20092017 ·")
    assert final.html == Plan.embedded().evaluation(sample, (2007, 2017), lang="en").html


def test_the_cover_fingerprints_the_inputs(sample: Ledger, tmp_path: Path) -> None:
    plan_bytes = (ROOT / "core" / "data" / "plan.json").read_bytes()
    plan = Plan.embedded()
    card = plan.evaluate(sample, as_of=YEAR_END)
    # The defaults' configuration, as the command hashes it without --config.
    defaults = card.annual_report(ledger_source=DEMO_LEDGER).model["fingerprints"]
    assert defaults["ledger"] == _sha256(DEMO_LEDGER.read_bytes())
    # Without ledger_source, the ledger's own JSON export is hashed.
    exported = card.annual_report().model["fingerprints"]
    assert exported["ledger"] == _sha256(sample.to_json().encode("utf-8"))
    assert exported["plan"] == defaults["plan"] and exported["config"] == defaults["config"]
    # A dict is hashed as the configuration read from it; the defaults spelt
    # out are the defaults.
    as_dict = plan.evaluate(sample, as_of=YEAR_END, config={"green": "0.8"}).annual_report()
    assert as_dict.model["fingerprints"]["config"] not in (defaults["config"], None)
    # A configuration given as JSON text is hashed as given (the file's bytes).
    text = '{"green": "0.8",  "yellow": "0.5"}'
    shown = plan.evaluate(sample, as_of=YEAR_END, config=text).annual_report()
    assert shown.model["fingerprints"]["config"] == _sha256(text.encode("utf-8"))
    assert shown.model["fingerprints"]["config"] != defaults["config"]
    # A plan read from a file is fingerprinted by that file's bytes; the
    # embedded plan by the bytes it was compiled from.
    assert defaults["plan"] == _sha256(plan_bytes)
    copy = tmp_path / "plan.json"
    copy.write_bytes(b" " + plan_bytes)
    other = Plan.from_file(copy)
    ledger = Ledger.from_file(DEMO_LEDGER, other)
    from_file = other.evaluation(ledger, (2009, 2010), ledger_source=DEMO_LEDGER).model["fingerprints"]
    assert from_file["plan"] == _sha256(b" " + plan_bytes)
    # The fingerprint is printed on the cover.
    assert defaults["plan"] in card.annual_report(ledger_source=DEMO_LEDGER).html


def test_the_knowledge_date_is_carried_over(sample: Ledger) -> None:
    plan = Plan.embedded()
    known = date(2011, 3, 31)
    report = plan.evaluate(sample, as_of=YEAR_END, known_on=known).annual_report()
    evaluation = plan.evaluation(sample, (2009, 2010), known_on=known)
    assert report.model["known_on"] == known.isoformat()
    assert evaluation.model["known_on"] == known.isoformat()
    plain = plan.evaluate(sample, as_of=YEAR_END).annual_report()
    assert plain.model["known_on"] == YEAR_END.isoformat()
    # The year defaults to the scorecard's; another year can be asked for.
    earlier = plan.evaluate(sample, as_of=YEAR_END).annual_report(2009)
    assert earlier.model["year"] == "2009" and plain.model["year"] == "2010"
    # An Evaluation's scorecard carries its settings over too.
    followed = Evaluation(sample, YEAR_END, known_on=known).scorecard.annual_report()
    assert followed.html == report.html


def test_a_document_shows_saves_and_describes_itself(sample: Ledger, tmp_path: Path) -> None:
    doc = Plan.embedded().evaluate(sample, as_of=YEAR_END).annual_report(lang="en")
    assert isinstance(doc, Document)
    assert doc.title.startswith("Annual progress report 2010 · Plan de Acción")
    assert f"<title>{html.escape(doc.title, quote=False)}</title>" in doc.html
    assert doc.model["year"] == "2010" and len(doc.model["axes"]) == 5
    assert json.loads(doc.model_json()) == doc.model
    path = tmp_path / "report.html"
    doc.save(path)
    assert path.read_text(encoding="utf-8") == doc.html
    doc.save(str(tmp_path / "again.html"))
    assert (tmp_path / "again.html").read_bytes() == path.read_bytes()
    with pytest.raises(OSError, match="no-such-dir"):
        doc.save(tmp_path / "no-such-dir" / "report.html")
    # In a notebook: the whole document in a sandboxed iframe, so that its
    # stylesheet does not restyle the notebook; the HTML comes back intact.
    shown = doc._repr_html_()
    assert shown.startswith("<iframe ") and shown.endswith("</iframe>")
    assert "<style" not in shown and 'sandbox=""' in shown
    srcdoc = shown.split('srcdoc="', 1)[1].rsplit('"></iframe>', 1)[0]
    assert html.unescape(srcdoc) == doc.html
    assert "annual.html" in repr(doc) and "en" in repr(doc)


def test_overridden_templates_are_used(sample: Ledger, tmp_path: Path) -> None:
    (tmp_path / "annual.html").write_text(
        "<!DOCTYPE html><title>{{ year }}</title><p>{{ plan.title }}</p>\n", encoding="utf-8"
    )
    doc = Plan.embedded().evaluate(sample, as_of=YEAR_END).annual_report(templates=tmp_path)
    assert doc.title == "2010"
    assert doc.html.startswith("<!DOCTYPE html><title>2010</title><p>Plan de Acción")
    # Undefined names are errors (strict), reported against the templates.
    (tmp_path / "annual.html").write_text("{{ no_such_section.title }}\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="no_such_section|undefined") as failed:
        Plan.embedded().evaluate(sample, as_of=YEAR_END).annual_report(templates=tmp_path)
    assert failed.value.argument == "templates"


def test_bad_arguments_are_refused_clearly(sample: Ledger, tmp_path: Path) -> None:
    plan = Plan.embedded()
    card = plan.evaluate(sample, as_of=YEAR_END)
    with pytest.raises(DocumentError, match="lang") as bad_lang:
        card.annual_report(lang="fr")
    assert bad_lang.value.argument == "lang"
    with pytest.raises(DocumentError, match="lang"):
        plan.evaluation(sample, (2009, 2010), lang="es-ES")
    with pytest.raises(DocumentError, match="year 2020 is outside the plan's years 2007-2017"):
        card.annual_report(2020)
    with pytest.raises(DocumentError, match="outside the plan"):
        plan.evaluation(sample, years=(2005, 2006))
    with pytest.raises(DocumentError, match="two consecutive years"):
        plan.evaluation(sample, years=(2008, 2010))
    with pytest.raises(DocumentError, match="templates") as bad_templates:
        card.annual_report(templates=tmp_path / "missing")
    assert bad_templates.value.argument == "templates"
    with pytest.raises(ConfigError):
        card.annual_report(k=1)
    with pytest.raises(TypeError, match="ledger_source"):
        card.annual_report(ledger_source=42)  # type: ignore[arg-type]
    with pytest.raises(OSError, match="ledger_source"):
        card.annual_report(ledger_source=tmp_path / "missing.json")
    assert issubclass(DocumentError, SeguimientoError)
    assert issubclass(DocumentError, ValueError)
    assert DocumentError.__module__ == "seguimiento"


def test_a_release_the_audit_refuses_is_not_rendered() -> None:
    # MP's ten victims by sexo and edad, with a 1 among them, and PGN's
    # single victim: the grand total publishes 11, so the 1 and MP's total
    # cannot both be hidden.
    cells = [1, 0, 2, 0, 1, 0, 1, 3, 0, 2]
    sexo = ["mujer", "hombre"]
    edad = ["0-12", "13-17", "18-29", "30-59", "60+"]
    observations: list[dict[str, object]] = [
        {
            "indicator": BY_SEXO_EDAD,
            "period": "2009",
            "entity": "MP",
            "cell": {"sexo": sexo[i // 5], "edad": edad[i % 5]},
            "value": str(v),
        }
        for i, v in enumerate(cells)
    ]
    observations.append({"indicator": BY_SEXO_EDAD, "period": "2009", "entity": "PGN", "value": "1"})
    plan = Plan.embedded()
    ledger = Ledger(plan)
    ledger.add_json(json.dumps({"observations": observations}))
    card = plan.evaluate(ledger, as_of=date(2009, 12, 31))
    with pytest.raises(DisclosureRefused, match="2009-annual"):
        card.annual_report()
    with pytest.raises(DisclosureRefused, match="2009-annual"):
        plan.evaluation(ledger, years=(2009, 2010))


def test_a_scorecard_whose_ledger_changed_makes_no_document(demo_json: dict[str, object]) -> None:
    plan = Plan.embedded()
    ledger = Ledger.from_file(DEMO_LEDGER, plan)
    card = plan.evaluate(ledger, as_of=YEAR_END)
    ledger.add_json(
        json.dumps({"observations": [{"indicator": "E1.L1.M1.A2.I1", "period": "2010", "entity": "MRE", "value": "4"}]}),
        duplicates="sum",
    )
    with pytest.raises(LedgerMismatchError, match="annual report 2010"):
        card.annual_report()
    # A fresh scorecard of the same ledger makes it.
    assert plan.evaluate(ledger, as_of=YEAR_END).annual_report().model["year"] == "2010"
