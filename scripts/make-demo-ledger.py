#!/usr/bin/env python3
"""Writes seeds/demo-ledger.json: a small, synthetic sample ledger for the
embedded 2007-2017 plan (see seeds/DEMO.md).

DEMONSTRATION DATA: every number and date below is invented. The file shows
what the ledger format holds and exercises every scoring rule of SPEC §2-§4;
it is not a record of what Guatemala's institutions reported.

Pure standard library, fixed random seed: re-running it writes the same
bytes. Each section (an indicator's block, the recommendations, the
follow-ups, the submissions) draws from its own random stream, seeded from
SEED and a stable hash of the section's name, so that editing one section
never re-rolls the numbers of another. `--check` compares instead of writing
(exit status 1 on a difference); `--stdout` prints the ledger instead of
writing it.

    python3 scripts/make-demo-ledger.py           # writes seeds/demo-ledger.json
    python3 scripts/make-demo-ledger.py --check   # is the committed file current?
    python3 scripts/make-demo-ledger.py --stdout  # the ledger on standard output
"""

import datetime as dt
import json
import os
import random
import sys
import zlib

SEED = 20071207
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "seeds", "demo-ledger.json")

rng = random.Random(SEED)


def section(name):
    """Starts a section: its own random stream, seeded from SEED and a stable
    hash of its name (CRC-32, not Python's per-process salted hash()), so the
    draws of a section depend on nothing written before it. Returns the name."""
    global rng
    rng = random.Random(SEED ^ zlib.crc32(name.encode("utf-8")))
    return name

targets = []
observations = []
milestones = []
submissions = []
obligations = []
recommendations = []
follow_ups = []


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def date(y, m, d):
    return dt.date(y, m, d)


def iso(d):
    return d.isoformat() if d is not None else None


def month_end(y, m):
    if m == 12:
        return date(y, 12, 31)
    return date(y, m + 1, 1) - dt.timedelta(days=1)


def half_end(y, h):
    return date(y, 6, 30) if h == 1 else date(y, 12, 31)


def plus(d, days):
    return d + dt.timedelta(days=days)


def money(x):
    """An amount in GTQ with 2 decimals, as an exact string."""
    return "%d.%02d" % (x // 100, x % 100)


def target(indicator, period, value, baseline=None, entity=None, recorded_on=None):
    rec = {"indicator": indicator, "period": str(period)}
    if entity is not None:
        rec["entity"] = entity
    if baseline is not None:
        rec["baseline"] = str(baseline)
    rec["value"] = str(value)
    if recorded_on is not None:
        rec["recorded_on"] = iso(recorded_on)
    targets.append(rec)


def obs(indicator, period, entity, value, cell=None, source=None, recorded_on=None):
    rec = {"indicator": indicator, "period": str(period), "entity": entity}
    if cell:
        rec["cell"] = dict(cell)
    rec["value"] = str(value)
    if source is not None:
        rec["source"] = source
    if recorded_on is not None:
        rec["recorded_on"] = iso(recorded_on)
    observations.append(rec)


def milestone(indicator, entity, achieved_on, recorded_on=None):
    rec = {"indicator": indicator, "entity": entity, "achieved_on": iso(achieved_on)}
    if recorded_on is not None:
        rec["recorded_on"] = iso(recorded_on)
    milestones.append(rec)


def grow(start, end, years, jitter):
    """Values rising roughly linearly from start to end over `years`, with noise."""
    n = len(years)
    out = {}
    for i, y in enumerate(years):
        base = start + (end - start) * i // max(n - 1, 1)
        out[y] = max(0, base + rng.randint(-jitter, jitter))
    return out


def december(y):
    """Recorded at the preliminary annual close, in December of the year."""
    return date(y, 12, rng.randint(10, 28))


PLAN_TARGETS_SET = date(2007, 3, 30)  # first targets agreed with the plan
MID_TERM_REVIEW = date(2011, 6, 30)  # targets for 2012-2017 agreed here

# ---------------------------------------------------------------------------
# Axis 1: institutional strengthening (MRE coordinates, GIT)
# ---------------------------------------------------------------------------

# Stock count, window target: staff hired for the responsible unit (MRE).
IND = section("E1.L1.M1.A2.I1")
target(IND, "2007/2017", 10, baseline=1, recorded_on=PLAN_TARGETS_SET)
for y, v in zip(range(2007, 2018), [2, 4, 5, 5, 6, 6, 7, 8, 8, 9, 9]):
    obs(IND, y, "MRE", v, recorded_on=december(y))

# Percentage, mean over entities: budget executed by MRE and its dependencies.
IND = section("E1.L1.M1.A2.I3")
for y in range(2008, 2018):
    target(IND, y, 90, recorded_on=PLAN_TARGETS_SET if y <= 2011 else MID_TERM_REVIEW)
for y in range(2008, 2018):
    for entity, lo, hi in (("MRE", 72, 96), ("CONSULADOS", 55, 90), ("DIGRAJUT", 60, 95)):
        pct = "%d.%d" % (rng.randint(lo, hi - 1), rng.randint(0, 9))
        obs(IND, y, entity, pct, recorded_on=december(y))

# Semiannual flow with cells (institucion), summed: reports per institution.
IND = section("E1.L1.M2.A4.I1")
target(IND, "2007/2017", 120, recorded_on=PLAN_TARGETS_SET)
REPORTERS = ["DGM", "MP", "OJ", "PGN", "PNC", "SBS"]
for y in range(2007, 2018):
    for h in (1, 2):
        if (y, h) == (2007, 1):
            continue  # the GIT was set up in 2007: first reports for 2007-S2
        rec = plus(half_end(y, h), rng.randint(20, 50))
        for inst in REPORTERS:
            v = 1 if rng.random() < 0.85 else 0
            obs(IND, "%d-S%d" % (y, h), "MRE", v, cell={"institucion": inst}, recorded_on=rec)

# Biennial flow, window target: evaluations of the plan (every two years + final).
IND = section("E1.L1.M2.A5.I1")
target(IND, "2007/2017", 6, recorded_on=PLAN_TARGETS_SET)
for y, v in ((2009, 1), (2011, 1), (2013, 1), (2015, 0), (2017, 1)):
    obs(IND, y, "MRE", v, recorded_on=december(y))

# Annual flow, year targets 2007-2017: public employees trained (GIT, reported by MRE).
IND = section("E1.L1.M3.A2.I1")
plan_t = {2007: 150, 2008: 200, 2009: 250, 2010: 300, 2011: 300}
review_t = {y: 350 for y in range(2012, 2018)}
for y, v in plan_t.items():
    target(IND, y, v, recorded_on=PLAN_TARGETS_SET)
for y, v in review_t.items():
    target(IND, y, v, recorded_on=MID_TERM_REVIEW)
for y, v in grow(110, 390, list(range(2007, 2018)), 40).items():
    obs(IND, y, "GIT" if y >= 2012 else "MRE", v, recorded_on=december(y))

# Amount (GTQ) with cells per institution, year targets 2008-2017.
IND = section("E1.L1.M4.A1.I4")
for y in range(2008, 2018):
    t = 4_000_000 + 400_000 * (y - 2008)
    target(IND, y, money(t * 100), recorded_on=PLAN_TARGETS_SET if y <= 2011 else MID_TERM_REVIEW)
BUDGET = {"MRE": 900_000, "MP": 1_400_000, "OJ": 700_000, "PNC": 800_000, "PGN": 350_000, "SBS": 600_000}
for y in range(2008, 2018):
    rec = december(y)
    for inst, base in BUDGET.items():
        # base GTQ, growing 6 % a year, times 0.80-1.10, in cents
        cents = base * (100 + 6 * (y - 2008)) * rng.randint(80, 110) // 100 + rng.randint(0, 99)
        obs(IND, y, "MRE", money(cents), cell={"institucion": inst}, recorded_on=rec)

# Milestones of axis 1.
milestone("E1.L1.M1.A1.I1", "MRE", date(2007, 6, 15))  # on time, no recorded_on
milestone("E1.L1.M1.A1.I2", "MRE", date(2007, 9, 3), date(2007, 9, 10))  # on time
milestone("E1.L1.M1.A1.I3", "GIT", date(2008, 4, 22), date(2008, 5, 2))  # late (due 2007-12-31)
milestone("E1.L1.M4.A1.I1", "MRE", date(2009, 10, 30), date(2009, 11, 12))  # 10-year, on time

# ---------------------------------------------------------------------------
# Axis 2: prevention
# ---------------------------------------------------------------------------

milestone("E2.L1.M1.A1.I1", "MRE", date(2008, 2, 12), date(2008, 2, 20))  # on time (due 2008)
# E2.L2.M1.A1.I1 (10-year milestone, UC-GIT): no record -> pending 2010, overdue 2017.
milestone("E2.L2.M1.A5.I1", "MP", date(2007, 11, 5), date(2007, 11, 30))  # hotline, on time

# Level (opinion survey score 0-10), window target.
IND = section("E2.L2.M1.A3.I4")
target(IND, "2007/2017", "6.5", baseline="3.2", recorded_on=PLAN_TARGETS_SET)
for y, v in ((2008, "3.4"), (2010, "4.1"), (2012, "4.6"), (2014, "5.2"), (2016, "5.9")):
    obs(IND, y, "UC-GIT", v, recorded_on=december(y))

# Semiannual flow: complaints received through the hotline. Year targets for MP
# and for MINGOB (PNC reports: a dependency counted in its parent's target),
# plus a window target for all entities.
IND = section("E2.L2.M1.A5.I3")
target(IND, "2007/2017", 2600, recorded_on=PLAN_TARGETS_SET)
for y in range(2008, 2018):
    when = PLAN_TARGETS_SET if y <= 2011 else MID_TERM_REVIEW
    target(IND, y, 60 + 8 * (y - 2008), entity="MP", recorded_on=when)
    target(IND, y, 40 + 6 * (y - 2008), entity="MINGOB", recorded_on=when)
for y in range(2007, 2018):
    for h in (1, 2):
        period = "%d-S%d" % (y, h)
        rec = plus(half_end(y, h), rng.randint(10, 40))
        k = y - 2007
        obs(IND, period, "MP", 25 + 4 * k + rng.randint(-6, 8), recorded_on=rec)
        obs(IND, period, "PNC", 15 + 3 * k + rng.randint(-5, 6), recorded_on=rec)
        obs(IND, period, "PGN", 5 + k + rng.randint(-3, 3), recorded_on=rec)

# Annual flow 2007-2009 (DGM): border records, year targets 2007-2009.
IND = section("E2.L3.M2.A1.I2")
for y, v in ((2007, 2_300_000), (2008, 2_450_000), (2009, 2_600_000)):
    target(IND, y, v)  # no recorded_on: known from the start
for y, v in ((2007, 2_187_412), (2008, 2_398_551), (2009, 2_634_090)):
    obs(IND, y, "DGM", v, recorded_on=date(y + 1, 1, 22))
IND = section("E2.L3.M2.A1.I3")
for y, v in ((2007, 150_000), (2008, 165_000), (2009, 180_000)):
    target(IND, y, v)
for y, v in ((2007, 138_905), (2008, 151_220), (2009, 172_318)):
    obs(IND, y, "DGM", v, recorded_on=date(y + 1, 1, 22))

# Monthly flow with no target (monitoring only): migrant minors travelling alone (DGM).
IND = section("E2.L3.M2.A4.I2")
for y in range(2009, 2018):
    for m in range(1, 13):
        v = 30 + 3 * (y - 2009) + rng.randint(-12, 15)
        obs(IND, "%d-%02d" % (y, m), "DGM", v, recorded_on=plus(month_end(y, m), rng.randint(5, 20)))

# Monthly flow, window target with a revision of the target (mid-term review):
# minors and women moving to work, reported monthly by PNC.
IND = section("E2.L3.M2.A5.I1")
target(IND, "2007/2017", 3600, recorded_on=date(2007, 2, 15))
target(IND, "2007/2017", 4200, recorded_on=date(2012, 2, 1))  # revised upwards
for y in range(2007, 2018):
    for m in range(1, 13):
        v = 15 + 3 * (y - 2007) + rng.randint(-6, 9)
        period = "%d-%02d" % (y, m)
        if y == 2007:
            obs(IND, period, "PNC", v)  # legacy 2007 data, loaded without recorded_on
        elif (y, m) == (2008, 5):
            obs(IND, period, "PNC", 9, recorded_on=date(2008, 6, 12))
            obs(IND, period, "PNC", 11, recorded_on=date(2008, 7, 3))  # corrected in July
        else:
            obs(IND, period, "PNC", v, recorded_on=plus(month_end(y, m), rng.randint(5, 25)))

# Level, window 2007/2011 (MINEDUC diagnostic tests, points 0-100).
IND = section("E2.L3.M3.A1.I2")
target(IND, "2007/2011", 60, baseline=35, recorded_on=PLAN_TARGETS_SET)
for y, v in ((2008, "41.5"), (2010, "49.0"), (2011, "52.5")):
    obs(IND, y, "MINEDUC", v, recorded_on=december(y))

# Missing data: due targets, no observation at all -> scored 0.
IND = section("E2.L3.M3.A3.I2")
target(IND, 2009, 5000, recorded_on=PLAN_TARGETS_SET)
target(IND, 2010, 6000, recorded_on=PLAN_TARGETS_SET)

# ---------------------------------------------------------------------------
# Axis 3: attention to victims
# ---------------------------------------------------------------------------

milestone("E3.L1.M1.A1.I1", "MRE", date(2009, 11, 30), date(2011, 2, 10))  # known only in 2011
# E3.L1.M1.A2.I1 (SBS directory, 2007): no record -> overdue.

# Stock count, window target: shelters in the support network (latest level).
IND = section("E3.L1.M1.A3.I1")
target(IND, "2007/2017", 18, baseline=3, recorded_on=PLAN_TARGETS_SET)
for y, v in zip(range(2007, 2018), [4, 5, 7, 8, 9, 11, 12, 12, 14, 15, 16]):
    obs(IND, y, "MRE", v, recorded_on=december(y))

# Annual flow, two reporters, year targets 2009-2017: victims attended by the
# education system.
IND = section("E3.L1.M1.A4.I3")
for y in range(2009, 2018):
    target(IND, y, 40 + 10 * (y - 2009), recorded_on=PLAN_TARGETS_SET if y <= 2011 else MID_TERM_REVIEW)
for y in range(2008, 2018):
    rec = december(y)
    obs(IND, y, "SBS", 20 + 5 * (y - 2008) + rng.randint(-5, 5), recorded_on=rec)
    obs(IND, y, "MINEDUC", 10 + 4 * (y - 2008) + rng.randint(-4, 4), recorded_on=rec)

# ---------------------------------------------------------------------------
# Axis 4: justice
# ---------------------------------------------------------------------------

milestone("E4.L1.M1.A1.I1", "MRE", date(2010, 8, 16), date(2010, 9, 1))  # late (due 2009-12-31)
milestone("E4.L1.M1.A1.I2", "CONGRESO", date(2009, 3, 18), date(2009, 4, 2))  # on time
milestone("E4.L4.M1.A2.I1", "PGN", date(2013, 6, 14), date(2013, 7, 1))  # 10-year: pending in 2010

# Count with cells sexo x edad and no total (MP, summed); PGN reports totals,
# and for 2009 both a total and cells that do not add up (consistency note).
IND = section("E4.L2.M2.A1.I1")
for y in range(2008, 2018):
    target(IND, y, 150 + 30 * (y - 2008), recorded_on=PLAN_TARGETS_SET if y <= 2011 else MID_TERM_REVIEW)
AGES = ["0-12", "13-17", "18-29", "30-59", "60+"]
SHARE = {
    ("mujer", "0-12"): 8, ("mujer", "13-17"): 30, ("mujer", "18-29"): 28,
    ("mujer", "30-59"): 7, ("mujer", "60+"): 1,
    ("hombre", "0-12"): 9, ("hombre", "13-17"): 8, ("hombre", "18-29"): 6,
    ("hombre", "30-59"): 3, ("hombre", "60+"): 0,
}
for y in range(2007, 2018):
    total = 90 + 28 * (y - 2007)
    rec = december(y)
    for sexo in ("mujer", "hombre"):
        for edad in AGES:
            share = SHARE[(sexo, edad)]
            v = total * share // 100 + (rng.randint(0, 3) if share else rng.randint(0, 1))
            if (y, sexo, edad) == (2012, "mujer", "13-17"):
                v = 71
            obs(IND, y, "MP", v, cell={"sexo": sexo, "edad": edad}, recorded_on=rec)
for y in range(2008, 2018):
    rec = december(y)
    if y == 2009:
        obs(IND, y, "PGN", 41, recorded_on=rec)
        cells = {("mujer", "0-12"): 4, ("mujer", "13-17"): 12, ("mujer", "18-29"): 11,
                 ("mujer", "30-59"): 2, ("mujer", "60+"): 0, ("hombre", "0-12"): 5,
                 ("hombre", "13-17"): 3, ("hombre", "18-29"): 1, ("hombre", "30-59"): 0,
                 ("hombre", "60+"): 0}  # 38, not 41
        for (sexo, edad), v in cells.items():
            obs(IND, y, "PGN", v, cell={"sexo": sexo, "edad": edad}, recorded_on=rec)
    else:
        obs(IND, y, "PGN", 30 + 4 * (y - 2008) + rng.randint(-5, 5), recorded_on=rec)
# Social audit of one cell (PDH), more than 10 % above the official 71.
obs(IND, 2012, "MP", 84, cell={"sexo": "mujer", "edad": "13-17"}, source="verification",
    recorded_on=date(2013, 5, 20))

# Annual flow, entity-specific year targets for MP: complaints received by MP.
# 2009 is revised after 2010-12-31; the PDH social audit disagrees with it.
IND = section("E4.L3.M1.A1.I1")
for y in range(2008, 2018):
    target(IND, y, 150 + 50 * (y - 2008), entity="MP",
           recorded_on=PLAN_TARGETS_SET if y <= 2011 else MID_TERM_REVIEW)
MP_COMPLAINTS = {2007: 121, 2008: 164, 2009: 180, 2010: 262, 2011: 318, 2012: 371,
                 2013: 402, 2014: 468, 2015: 455, 2016: 530, 2017: 561}
for y, v in MP_COMPLAINTS.items():
    if y == 2007:
        obs(IND, y, "MP", v)  # legacy, no recorded_on
    elif y == 2009:
        obs(IND, y, "MP", v, recorded_on=date(2010, 1, 20))
    else:
        obs(IND, y, "MP", v, recorded_on=december(y))
obs(IND, 2009, "MP", 205, recorded_on=date(2011, 3, 15))  # revision: cases filed late in the regions
obs(IND, 2009, "MP", 240, source="verification", recorded_on=date(2010, 6, 30))

# Annual flow, OJ statistics published in February of the next year: 2008-2012
# only; the targets 2013-2017 have no data (scored 0).
IND = section("E4.L3.M1.A1.I2")
for y in range(2008, 2018):
    target(IND, y, 20 + 6 * (y - 2008), recorded_on=PLAN_TARGETS_SET if y <= 2011 else MID_TERM_REVIEW)
for y, v in ((2008, 17), (2009, 26), (2010, 29), (2011, 41), (2012, 44)):
    obs(IND, y, "OJ", v, recorded_on=date(y + 1, 2, rng.randint(10, 27)))

# Annual flow, year targets all entities: sentences (OJ). 2010 has a social-audit
# value within the 10 % tolerance.
IND = section("E4.L3.M1.A1.I3")
for y in range(2008, 2018):
    target(IND, y, 10 + 5 * (y - 2008), recorded_on=PLAN_TARGETS_SET if y <= 2011 else MID_TERM_REVIEW)
for y, v in zip(range(2007, 2018), [4, 7, 11, 14, 19, 26, 28, 36, 41, 45, 52]):
    obs(IND, y, "OJ", v, recorded_on=december(y))
obs(IND, 2010, "OJ", 15, source="verification", recorded_on=date(2011, 4, 8))

# Annual flow with cells (sexo), four reporters: justice operators trained.
IND = section("E4.L3.M1.A2.I1")
for y in range(2008, 2018):
    target(IND, y, 300 + 20 * (y - 2008), recorded_on=PLAN_TARGETS_SET if y <= 2011 else MID_TERM_REVIEW)
for y in range(2007, 2018):
    rec = december(y)
    for entity, base in (("MP", 90), ("OJ", 70), ("IDPP", 25), ("PNC", 60)):
        n = base + 4 * (y - 2007) + rng.randint(-15, 15)
        women = n * rng.randint(42, 58) // 100
        obs(IND, y, entity, women, cell={"sexo": "mujer"}, recorded_on=rec)
        obs(IND, y, entity, n - women, cell={"sexo": "hombre"}, recorded_on=rec)

# Annual flow: cases with international cooperation. PNC-DESAPARECIDOS (a
# dependency of PNC, itself within MINGOB) reports too; the MINGOB targets
# count PNC and PNC-DESAPARECIDOS, MP is outside them.
IND = section("E4.L3.M1.A4.I1")
for y in range(2008, 2018):
    target(IND, y, 6 + (y - 2008), entity="MINGOB",
           recorded_on=PLAN_TARGETS_SET if y <= 2011 else MID_TERM_REVIEW)
for y in range(2008, 2018):
    rec = december(y)
    obs(IND, y, "PNC", 2 + (y - 2008) // 2 + rng.randint(0, 2), recorded_on=rec)
    obs(IND, y, "PNC-DESAPARECIDOS", 2 + (y - 2008) // 3 + rng.randint(0, 3), recorded_on=rec)
    obs(IND, y, "MP", 5 + (y - 2008) + rng.randint(0, 3), recorded_on=rec)

# Annual flow, window target: convictions with reparation (OJ).
IND = section("E4.L4.M1.A1.I1")
target(IND, "2007/2017", 60, recorded_on=PLAN_TARGETS_SET)
for y, v in zip(range(2009, 2018), [1, 2, 3, 5, 6, 6, 8, 9, 11]):
    obs(IND, y, "OJ", v, recorded_on=december(y))

# ---------------------------------------------------------------------------
# Axis 5: international cooperation
# ---------------------------------------------------------------------------

milestone("E5.L1.M2.A1.I2", "COPREDEH", date(2007, 10, 19), date(2007, 11, 2))  # on time
milestone("E5.L1.M2.A1.I3", "DIGRAJUT", date(2007, 12, 14), date(2008, 1, 9))  # on time
# E5.L1.M2.A1.I4 (2007): no record -> overdue.
milestone("E5.L2.M1.A1.I1", "MRE", date(2008, 3, 10), date(2008, 3, 25))  # late (due 2007-12-31)

# Reduce target: instruments not yet ratified should fall from 5 to 1 in 2007.
IND = section("E5.L1.M1.A1.I1")
target(IND, 2007, 1, baseline=5)  # no recorded_on: known from the start
obs(IND, 2007, "MRE", 2, recorded_on=date(2007, 12, 18))

# Annual flow, window 2007/2011: ratifications.
IND = section("E5.L1.M1.A2.I1")
target(IND, "2007/2011", 4, recorded_on=PLAN_TARGETS_SET)
for y, v in ((2007, 1), (2008, 0), (2009, 1), (2010, 1), (2011, 0)):
    obs(IND, y, "MRE", v, recorded_on=december(y))

# Stock count, window target: initiatives Guatemala takes part in.
IND = section("E5.L2.M1.A1.I2")
target(IND, "2007/2017", 8, baseline=2, recorded_on=PLAN_TARGETS_SET)
for y, v in zip(range(2007, 2018), [2, 3, 3, 4, 5, 5, 6, 6, 7, 7, 8]):
    obs(IND, y, "MRE", v, recorded_on=december(y))

# Annual flow, year targets 2008-2017: exchanges of experience (MRE).
IND = section("E5.L2.M2.A1.I1")
for y in range(2008, 2018):
    target(IND, y, 6, recorded_on=PLAN_TARGETS_SET if y <= 2011 else MID_TERM_REVIEW)
for y in range(2008, 2018):
    obs(IND, y, "MRE", rng.randint(3, 9), recorded_on=december(y))

# ---------------------------------------------------------------------------
# Reporting obligations and submissions
# ---------------------------------------------------------------------------

section("submissions")
MONTHLY = [("MP", 2008, 0.86, 0.09), ("OJ", 2008, 0.76, 0.16), ("PNC", 2008, 0.62, 0.24),
           ("DGM", 2009, 0.82, 0.12)]
SEMIANNUAL = [("SBS", 2008, 0.75, 0.18), ("PGN", 2008, 0.70, 0.20), ("SOSEP", 2008, 0.60, 0.25)]
for entity, start, _, _ in MONTHLY:
    obligations.append({"entity": entity, "kind": "monthly", "from": start, "to": 2017})
for entity, start, _, _ in SEMIANNUAL:
    obligations.append({"entity": entity, "kind": "semiannual", "from": start, "to": 2017})
obligations.append({"entity": "MRE", "kind": "annual", "from": 2007, "to": 2017})

# Outcomes fixed by hand, so that every row shows on-time, late and missing
# reports already in 2010, whatever the random draws.
FORCED = {
    ("MP", "2009-07"): "late", ("MP", "2010-03"): "missing",
    ("OJ", "2008-11"): "late", ("OJ", "2010-06"): "missing",
    ("PNC", "2009-02"): "late", ("PNC", "2010-08"): "missing",
    ("DGM", "2009-12"): "late", ("DGM", "2010-04"): "missing",
    ("SBS", "2009-S2"): "late", ("SBS", "2010-S1"): "missing",
    ("PGN", "2008-S1"): "late", ("PGN", "2009-S2"): "missing",
    ("SOSEP", "2008-S2"): "late", ("SOSEP", "2010-S1"): "missing",
    ("MRE", "2009"): "late", ("MRE", "2013"): "missing",
}


def submit(entity, kind, period, end, p_on_time, p_late):
    outcome = FORCED.get((entity, period))
    r = rng.random()
    if outcome is None:
        outcome = "on_time" if r < p_on_time else "late" if r < p_on_time + p_late else "missing"
    if outcome == "missing":
        return
    offset = rng.randint(3, 28) if outcome == "on_time" else rng.randint(35, 110)
    submissions.append({"entity": entity, "kind": kind, "period": period,
                        "submitted_on": iso(plus(end, offset))})


for entity, start, p_on, p_late in MONTHLY:
    for y in range(start, 2018):
        for m in range(1, 13):
            submit(entity, "monthly", "%d-%02d" % (y, m), month_end(y, m), p_on, p_late)
for entity, start, p_on, p_late in SEMIANNUAL:
    for y in range(start, 2018):
        for h in (1, 2):
            submit(entity, "semiannual", "%d-S%d" % (y, h), half_end(y, h), p_on, p_late)
for y in range(2007, 2018):
    submit("MRE", "annual", str(y), date(y, 12, 31), 0.9, 0.1)

# ---------------------------------------------------------------------------
# Recorded after the year end (SPEC §3, known_on): MP's and PGN's annual
# figures of victims rescued come in with the annual statistics, in February
# to April of the next year, so a year-end scorecard does not see the year just
# closed, and one "as known on" a quarter later does.
# ---------------------------------------------------------------------------

IND = section("E4.L3.M1.A5.I1")
for y in range(2008, 2018):
    target(IND, y, 40 + 6 * (y - 2008), recorded_on=PLAN_TARGETS_SET if y <= 2011 else MID_TERM_REVIEW)
for y in range(2008, 2018):
    obs(IND, y, "MP", 28 + 5 * (y - 2008) + rng.randint(-6, 6),
        recorded_on=date(y + 1, rng.randint(2, 4), rng.randint(1, 28)))
    obs(IND, y, "PGN", 9 + 2 * (y - 2008) + rng.randint(-3, 3),
        recorded_on=date(y + 1, rng.randint(2, 4), rng.randint(1, 28)))

# ---------------------------------------------------------------------------
# Recommendations of the biannual evaluations (indicator E1.L1.M2.A5.I2) and
# each institution's follow-up
# ---------------------------------------------------------------------------

section("recommendations")
EVALUATIONS = [  # (period evaluated, issued on)
    ("2009/2010", date(2011, 3, 15)),
    ("2011/2012", date(2013, 3, 14)),
    ("2013/2014", date(2015, 3, 12)),
    ("2015/2016", date(2017, 3, 16)),
    # The first evaluation, listed last so that the draws of the others stay
    # as they were: the 2009-2010 evaluation reports on its follow-up.
    ("2007/2008", date(2009, 3, 12)),
]
RECOMMENDED = [  # (addressee, node, text)
    ("PNC", "E4.L3.M1.A4", "Registrar cada caso con cooperación internacional en el sistema de la PNC."),
    ("MP", "E4.L3.M1.A1.I1", "Publicar cada semestre las denuncias recibidas, por departamento."),
    ("SBS", "E3.L1.M1.A3", "Ampliar la red de albergues a los departamentos sin cobertura."),
    ("OJ", "E4.L3.M1.A1", "Reducir el tiempo entre la denuncia y la sentencia."),
    ("MINEDUC", None, "Incluir la prevención de la trata en el currículo nacional."),
    ("DGM", "E2.L3.M2.A4", "Desagregar por edad y sexo los registros de menores migrantes."),
]
for number, (evaluation, issued) in enumerate(EVALUATIONS):
    for k in sorted(rng.sample(range(len(RECOMMENDED)), 3)):
        entity, node, text = RECOMMENDED[k]
        rec = {"id": "EV-%s-%02d" % (evaluation[-4:], k + 1), "evaluation": evaluation,
               "issued_on": iso(issued), "entity": entity}
        if node is not None:
            rec["node"] = node
        rec["text"] = text
        if rng.random() < 0.7:
            rec["due"] = iso(date(issued.year + 1, 12, 31))
        rec["recorded_on"] = iso(plus(issued, rng.randint(3, 20)))
        recommendations.append(rec)

section("follow_ups")
for rec in recommendations:
    issued = dt.date.fromisoformat(rec["issued_on"])
    # Each addressee reports at its next two year ends, some of them late:
    # recorded after the year end, in the next year's first months.
    status = "not_started"
    for year in (issued.year, issued.year + 1):
        if year > 2017:
            break
        status = {"not_started": rng.choice(["not_started", "in_progress", "in_progress"]),
                  "in_progress": rng.choice(["in_progress", "implemented"]),
                  "implemented": "implemented"}[status]
        on = date(year, 12, 31)
        late = rng.random() < 0.4
        recorded = date(year + 1, rng.randint(1, 3), rng.randint(1, 28)) if late else on
        follow_ups.append({"recommendation": rec["id"], "entity": rec["entity"], "status": status,
                           "on": iso(on), "recorded_on": iso(recorded)})

# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

ledger = {
    "targets": targets,
    "observations": observations,
    "milestones": milestones,
    "submissions": submissions,
    "obligations": obligations,
    "recommendations": recommendations,
    "follow_ups": follow_ups,
}
text = json.dumps(ledger, indent=2, ensure_ascii=False) + "\n"
data = text.encode("utf-8")

if "--stdout" in sys.argv[1:]:
    sys.stdout.buffer.write(data)
elif "--check" in sys.argv[1:]:
    try:
        with open(OUT, "rb") as f:
            current = f.read()
    except FileNotFoundError:
        current = b""
    if current != data:
        print("seeds/demo-ledger.json is out of date: run scripts/make-demo-ledger.py", file=sys.stderr)
        sys.exit(1)
    print("seeds/demo-ledger.json is current")
else:
    with open(OUT, "wb") as f:
        f.write(data)
    counts = ", ".join("%s %d" % (k, len(v)) for k, v in ledger.items())
    print("wrote seeds/demo-ledger.json: %s (%d records)" % (counts, sum(len(v) for v in ledger.values())))
