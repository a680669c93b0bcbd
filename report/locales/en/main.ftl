# Messages of the plan's public reports, in English.
#
# Every message also exists in ../es-GT/main.ftl, with the same variables (a
# test checks it). The plan's own texts are not here: they are quoted in
# Spanish as the plan writes them. Variables arrive already formatted
# (numbers, dates, percentages) except $count, an integer that picks the
# plural. A year is passed as text, so that it gets no thousands separator.

## Documents

doc-annual-title = Annual progress report { $year }
doc-evaluation-title = Biennial evaluation { $period }
doc-final-evaluation-title = Final evaluation { $period }
doc-plan-verbatim-note = The plan's texts are quoted in Spanish, as the plan writes them.

## Cover

cover-year = Year { $year }
cover-period = Period: { $period }
cover-known-on = Data known as of { $date }
cover-as-of = Situation as of { $date }
cover-coordinator = Coordinator
cover-fingerprints = SHA-256 fingerprints of this report's data
cover-fingerprint-plan = Plan
cover-fingerprint-ledger = Ledger
cover-fingerprint-config = Configuration
cover-reproduce = With the same plan, ledger and configuration, anyone obtains this very document.
toc-title = Contents
page-label = Page

## Executive summary

summary-title = Executive summary
summary-plan-score = Plan score
summary-band = Band
summary-change = Change since { $year }
summary-transitions = Band changes
summary-transition = { $node }: from { $before } to { $after }
summary-no-transitions = No axis changed band.
summary-actions-by-status = Actions by status
summary-top-alerts = Main alerts

## The plan and the method

method-title = The plan and the method
method-plan-in-numbers = The plan in numbers
method-scoring = How the score is calculated
method-missing-data = Missing data
method-disclosure = Protection of sensitive data
count-axes = { $count ->
    [one] { $count } axis
   *[other] { $count } axes
}
count-lines = { $count ->
    [one] { $count } line of intervention
   *[other] { $count } lines of intervention
}
count-goals = { $count ->
    [one] { $count } goal
   *[other] { $count } goals
}
count-actions = { $count ->
    [one] { $count } strategic action
   *[other] { $count } strategic actions
}
count-indicators = { $count ->
    [one] { $count } indicator
   *[other] { $count } indicators
}
count-institutions = { $count ->
    [one] { $count } responsible institution
   *[other] { $count } responsible institutions
}

## Levels of the plan and the axis chapters

level-plan = Plan
level-axis = Axis
level-line = Line of intervention
level-goal = Goal
level-action = Strategic action
level-indicator = Indicator
level-plazo = Time frame (plazo)
axis-label = Axis { $number }
axis-score = Axis score
coverage = Coverage
milestones-due = Milestones due or overdue
text-indicators = Narrative indicators
text-indicators-note = Narrative indicators are reported in words and receive no score.

## Table columns

col-id = Code
col-text = Description
col-plazo = Time frame
col-responsible = Responsible institutions
col-status = Status
col-band = Band
col-score = Score
col-baseline = Baseline
col-target = Target
col-on-track-target = Target to date
col-value = Value
col-achievement = Achievement
col-period = Period
col-institution = Institution
col-year = Year
col-month = Month
col-count = Number
col-due = Due
col-start = Start
col-end = End
col-rank = Rank

## Bands

band-green = green
band-yellow = yellow
band-red = red
band-none = no score
band-green-meaning = on track
band-yellow-meaning = partial progress
band-red-meaning = insufficient progress
band-none-meaning = not enough data to calculate a score
band-threshold = { $band } from { $value }

## Status of actions, indicators and milestones

status-completed = completed
status-in-progress = in progress
status-overdue = overdue
status-not-started = not started
status-scored = scored
status-pending = pending
status-no-target = no target
status-text = narrative
milestone-on-time = achieved on time
milestone-late = achieved late
milestone-overdue = overdue
milestone-pending = pending

## Institutions and reporting

institutions-title = Institutions
institutions-ranking = Institutions by score
reporting-title = Reporting compliance
reporting-monthly = monthly
reporting-semiannual = semiannual
reporting-annual = annual
reporting-expected = Expected
reporting-on-time = on time
reporting-late = late
reporting-missing = missing
reporting-not-due = not yet due
reporting-rate = Submission rate
reporting-timeliness = Timeliness
reporting-missing-list = Missing reports
reporting-late-list = Reports submitted late
period-semester = { $half ->
    [1] first
   *[2] second
} half of { $year }

## Victims and the State's response

victims-title = Victims and the State's response
dim-sexo = Sex
dim-edad = Age
dim-etnia = People (ethnicity)
dim-departamento = Department
dim-municipio = Municipality
value-total = Total
value-confidential = confidential
value-no-data = no data
disclosure-note = Figures marked “confidential” are not published, to protect the identity of victims; the published totals do not allow them to be deduced.

## Complementary verification and social audit

audit-title = Complementary verification and social audit
audit-discrepancies = Differences between the official figure and the verification
audit-consistency = Consistency notes
audit-none = No differences were found.
col-official = Official figure
col-verification = Verification
col-difference = Difference

## Challenges

challenges-title = Challenges
alert-overdue-milestone = Overdue milestone: { $node }
alert-red-axis = Axis in red: { $node }
alert-missing-reports = { $institution }: { $count ->
    [one] { $count } missing report
   *[other] { $count } missing reports
}
alert-no-data = Indicator without data: { $node }

## Biennial evaluation

evaluation-start-end = Start and end of the period
evaluation-transitions = Band changes in the period
evaluation-window-targets = Targets of the period
evaluation-milestones = Milestones of the period
evaluation-reporting-trend = Reporting compliance in the period
evaluation-data-gaps = Data gaps
evaluation-recommendations = Follow-up of the previous evaluation's recommendations
evaluation-from-to = From { $start } to { $end }
evaluation-no-start = The period starts with the plan: there is no initial situation to compare.
evaluation-start-score = Score at the start
evaluation-end-score = Score at the end
col-change = Change
evaluation-window-targets-none = No indicator has targets for the whole period.
evaluation-milestones-none = No milestone is due in the period or overdue.
evaluation-data-gaps-none = Every target due in the period has data.
evaluation-previous = Recommendations of the { $period } evaluation and their latest follow-up reported by the end of the period.
evaluation-no-recommendations = No recommendations of the { $period } evaluation are recorded.
evaluation-final-recommendations = Recommendations of every evaluation of the plan and their latest follow-up reported by the end of the period.
follow-up-none = no follow-up reported
recommendation-not-started = not started
recommendation-in-progress = in progress
recommendation-implemented = implemented

## Annual report and biannual evaluation

cover-release = Release { $release }
summary-previous-score = Plan score at the end of { $year }
method-scoring-text = Each indicator is compared with its target: its achievement is the progress from the baseline towards the target (from 0 % to 100 %), and for targets of the whole period, towards the target due by the date. An indicator's score is the mean of its achievements; that of an action, goal, line, axis or the plan, the weighted mean of the scores of its parts that have one. A milestone achieved on time counts 100 %, achieved late { $late } and overdue 0 %. The band is green from { $green }, yellow from { $yellow } and red below.
method-ranking-text = An institution is ranked when at least { $coverage } of its actions have a score; the others are listed apart, for lack of data.
method-missing-zero = A due target without any data counts as 0 %: missing information does not improve the score.
method-missing-not-scored = A due target without any data gets no score and does not enter the means.
method-knowledge-date = Only data recorded by { $date } count.
method-grace-days = { $count ->
    [one] A report is due { $count } day after the end of its period.
   *[other] A report is due { $count } days after the end of its period.
}
method-disclosure-text = Counts of victims below { $k } are not published, nor those that would allow them to be deduced; an audit checks that no confidential figure can be calculated from the published ones.
results-caption = Results of indicator { $indicator }
results-none = No targets or data to date.
note-scored = scored
note-not-due = not yet due
note-no-month-ended = no month ended yet
note-no-data-scored-zero = no data (counts 0 %)
note-no-data-not-scored = no data (not scored)
milestones-none = No milestone is due in the year or overdue.
text-indicators-none = This axis has no narrative indicators.
reporting-of-year = Reports of the periods of { $year }
reporting-none = None.
victims-none = No sensitive data recorded for { $year }.
challenges-none = No alerts.
annex-disclosure-counts = Release { $release } (threshold { $k }): { $values } figures, { $published } published and { $confidential } confidential.
annex-downloads-how = The public values of release { $release }, the very ones this report shows, are carried inside the document: each link saves a file without any network connection.
dim-entidad = Institution
dim-periodo = Period
dim-institucion = Institution

## Annexes

annex-title = Annexes
annex-indicators = Full indicator table
annex-data-notes = Data notes
annex-institutions = Registry of institutions
annex-disclosure-audit = Disclosure-control summary
annex-downloads = The same data as CSV, JSON and SDMX-CSV

## Charts

chart-data-table = Data behind the chart
chart-as-of = As of { $date }
chart-axis-scores-title = Score by axis
chart-axis-scores-desc = Horizontal bars with the score of each axis, from 0 % to 100 %. The vertical lines mark the band thresholds. Each bar carries its band in words and as a shape: green circle, yellow triangle, red square.
chart-status-title = Strategic actions by status
chart-status-desc = Stacked bars with the number of actions completed, in progress, overdue and not started.
chart-reporting-title = Reporting by institution and month
chart-reporting-desc = A grid of institutions by months: each cell says whether the report was submitted on time, late, is missing or is not yet due.
chart-plazos-title = Time frames of the strategic actions
chart-plazos-desc = Each bar runs from the first to the last year of the time frame; the vertical line marks the date of this report.
chart-trend-title = Score year by year
chart-trend-desc = A line of the score at the end of each year; a year without a score breaks the line.

## Columns of the tables
#
# One message per label key of the core's tables (seguimiento::Column::label): the text
# report and the Python display name columns with these words.

column-accumulation = Accumulation
column-achieved-on = Achieved on
column-action = Strategic action
column-actions = Actions
column-aliases = Aliases
column-as-of = As of
column-recommendation = Recommendation
column-on = On
column-due = Due
column-issued-on = Issued on
column-evaluation = Evaluation
column-id = Identifier
column-report-status = Report status
column-known-on = Known on
column-days-late = Days late
column-due-on = Due on
column-standing = Standing
column-rank = Rank
column-axis = Axis
column-band = Band
column-baseline = Baseline
column-cell = Breakdown
column-cell-count = Number of cells
column-cells-sum = Sum of the cells
column-classification-reason = Reason for the classification
column-code = Problem code
column-corrected = Corrected text
column-coverage = Coverage
column-description = Description
column-dimensions = Breakdowns
column-end-year = End year
column-entities = Responsible entities
column-entity = Entity
column-entity-kind = Kind of entity
column-entity-name = Entity name
column-expected = Expected
column-field = Field
column-frequency = Frequency
column-from-year = From year
column-goal = Goal
column-goals = Goals
column-indicator = Indicator
column-indicators = Indicators
column-late = Late
column-level = Level
column-line = Line of intervention
column-lines = Lines of intervention
column-measure = Measure
column-members = Members
column-missing = Missing
column-missing-periods = Missing periods
column-node = Code
column-official-value = Official figure
column-on-time = On time
column-overdue-actions = Overdue actions
column-parent-entity = Parent entity
column-parent-node = Parent
column-period = Period
column-plazo = Time frame (plazo)
column-plazo-label = Time frame as the plan states it
column-plazo-labels = Time frames
column-plazos = Time frames
column-reason = Reason
column-record-index = Record
column-record-kind = Kind of record
column-recorded-on = Recorded on
column-report-kind = Kind of report
column-reported-total = Reported total
column-reporting-rate = Submission rate
column-responsible = Responsible as the plan states
column-score = Score
column-scored-actions = Scored actions
column-sensitive = Sensitive data
column-source = Source
column-start-year = Start year
column-stated-years = Stated years
column-status = Status
column-submitted-on = Submitted on
column-target-value = Target value
column-text = Text
column-timeliness = Timeliness
column-to-year = To year
column-value = Value
column-verification-value = Verification
column-weight = Weight

## Notebook display (Python's _repr_html_)

display-scorecard = Scorecard { $plan } as of { $date }
display-plan-score = plan { $score }
display-overdue-count = { $count ->
    [one] { $count } overdue action
   *[other] { $count } overdue actions
}
display-coordinator = coordinator { $entity }
display-axes = Axes
display-entities = Entities
display-rankings = Rankings
display-overdue-actions = Overdue actions
display-none = none
display-more-rows = { $count ->
    [one] … { $count } more row not shown
   *[other] … { $count } more rows not shown
}
display-scored-of = { $scored } of { $total }
display-public = Public release { $release } of { $plan } as of { $date }
display-public-counts = k = { $k } · { $values } values: { $published } published, { $confidential } confidential
display-public-narrowest = narrowest interval of a confidential value: { $name } in [{ $lower }, { $upper }]

## Text report (the core's report example)

text-scorecard-as-of = Scorecard as of { $date }
text-scorecard-as-known-on = Scorecard as of { $date }, as known on { $known }
text-rankings-institutions = Institutions, ranked by score (ranked with at least { $coverage } of their actions scored)
text-rankings-groups = Groups, ranked by score (ranked with at least { $coverage } of their actions scored)
text-ledger = Ledger { $name }: { $targets } targets, { $observations } observations, { $milestones } milestones, { $submissions } submissions, { $obligations } obligations
text-plan = PLAN
text-of-actions-scored = of actions scored
text-overdue-actions = Overdue actions ({ $number })
text-reports-due-by = reports due by { $date }
text-reports-not-on-time = Reports late or missing ({ $number })
text-reports-more = … { $rest } more (the reporting_detail table has them all)
text-consistency-note = totals that differ from the sum of their cells (the total counts)
text-footer = { $scored } nodes scored of { $nodes }; { $actions } actions. Full detail: --format json.

## Values of the rankings and of the reporting detail

standing-ranked = ranked
standing-insufficient-data = insufficient data
rank-group-institution = institution
rank-group-group = group
report-status-on-time = on time
report-status-late = late
report-status-missing = missing
