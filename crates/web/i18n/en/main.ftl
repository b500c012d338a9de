# Trappe: English

skip-to-content = Skip to content
nav-label = Main menu
nav-admin = Administration
nav-account = Account
logout = Log out
footer-text = Trappe: measure service maturity, compare with your peers, and act on it.
save = Save
form-error = The form could not be saved

home-title = Trappe: how service-mature is your organisation?
home-lead = Trappe measures public organisations' service maturity on the five steps of the maturity staircase, compares them with each other and shows the next steps.
home-respondents = Have you received a link to a questionnaire? Open the link directly; you need no account.

login = Log in
login-failed = Wrong username or password. Please try again.
username = Username
password = Password

password-title = Change password
password-forced = You are logged in with a one-time password. Choose your own password before you go on.
password-current = Current password
password-new = New password
password-repeat = Repeat new password
password-rule = At least 12 characters. A sentence you can remember works well.
password-wrong-current = The current password is wrong.
password-mismatch = The two new passwords differ.
password-too-short = The new password is too short: it needs at least 12 characters.
password-too-common = The new password is too easy to guess. Choose another.

admin-title = Administration
rounds = Measurement rounds
no-rounds = There are no measurement rounds yet.
round-name = Name of the round
model = Maturity model
status = Status
status-draft = Draft (not open)
status-open = Open
status-closed = Closed
participants = Participants
complete-responses = Complete responses
partial-responses = Started responses
round-create = Create round
min-responses = Minimum number of responses
min-responses-hint = Below this number of complete responses no results are shown for an organisation (1 is allowed for a self-assessment).
organisations = Organisations
no-orgs = There are no organisations yet. Add them first.
org-name = Name
org-kind = Kind
org-cvr = CVR number (optional)
org-tags = Groups
org-tags-hint = Separate with commas, e.g. "Region Midt, over 50,000 inhabitants".
org-add = Add organisation
kind-kommune = Municipality
kind-region = Region
kind-stat = State agency
kind-andet = Other

round-open = Open the round
round-close = Close the round
results = Results
no-participants = No organisation takes part yet. Make links for an organisation below.
results-table-caption = Results per organisation
organisation = Organisation
overall-score = Overall score
level = Step
level-name = Name of the step
links-made = Links made
no-score = No score
n-of-min = { $n } of { $min } responses
invite = Invite respondents
invite-help = Make anonymous links for an organisation's respondents. A single-use link is for one person; an open link can be shared with a group up to a cap.
link-kind = Kind of link
link-kind-single = Single-use links (one per respondent)
link-kind-open = One open link with a cap
link-count = Number of links (or the open link's cap)
invite-make = Make links

links-title = Links
links-made-n = { $n ->
    [one] One single-use link has been made.
   *[other] { $n } single-use links have been made.
}
links-open-made = One open link for at most { $cap } respondents has been made.
links-once = Keep the links now: for security Trappe stores only a code that cannot be turned back into the link, so they cannot be shown again.
links-copy = All links (to copy)

staircase-title = The maturity staircase
staircase-caption = The five steps of the maturity staircase. The dots show the organisations' overall scores; the numbers are also in the table.
staircase-table = The maturity staircase as a table
here = Placement
withheld-explained = Results are not shown yet: { $n } of the { $min } complete responses needed. So that no single response can be recognised.
based-on-n = { $n ->
    [one] Based on one complete response.
   *[other] Based on { $n } complete responses.
}
how-computed = How the score was computed
how = Computation
dimensions = Dimensions
dimension = Dimension
score = Score
respondents-counted = Respondents counted

rule-title = The scoring rule
rule-value = Each answer has the value of its step, 1 to 5. "Don't know", "not relevant" and unanswered questions carry no value.
rule-respondent = A respondent's score for a dimension is the weighted mean of the values in it. A respondent who gave a value to fewer than half of the dimension's questions is not counted in that dimension.
rule-org = The organisation's score for a dimension is the mean of its complete respondents' scores for it.
rule-overall = The overall score is the weighted mean of the dimension scores (with the model's weights).
rule-level = The step is the score rounded down (3.7 stands on step 3). Scores are shown with one decimal.
rule-min = Results are shown only when an organisation has at least { $min } complete responses.
counted-uncounted = Counted: { $counted } respondents; not counted (too few answers in the dimension): { $uncounted }.
weight = Weight
answers-per-question = Answers per question (respondents per step)
question = Question
unanswered = Unanswered
mean = Mean

link-unknown-title = The link does not exist
link-unknown-body = The link is not valid. Check that you copied the whole link, or ask for a new one.
round-not-open-title = The round has not opened yet
round-not-open-body = The questionnaire can be answered when the round opens. Try again later with the same link.
round-closed-title = The round is closed
round-closed-body = The round has ended, so answers are no longer taken. Thank you for your interest.
link-used-title = The link has been used
link-used-body = A response has already been submitted with this link. Each link can be used once.
link-full-title = The link is full
link-full-body = The largest number of responses for this link has been reached. Contact whoever sent you the link.
thanks-title = Thank you for your response
thanks-body = Your response has been received. It is anonymous and is only shown in results for groups of respondents.

progress-label = Progress
page-of = Page { $n } of { $total }
intro-lead = The questionnaire has { $n } questions on how your organisation works with service. For each question, choose the description that fits you best today.
intro-anonymous = Your response is anonymous: it is not linked to your name, e-mail or address, and results are only shown for groups.
intro-save = Each page is saved when you go on. You can close the page and continue later with the same link.
welcome-back = Welcome back. Your answers are saved.
continue-where = Continue where you left off
start = Start
continue = Continue
answer-dont-know = Don't know
answer-not-relevant = Not relevant for us
barriers-title = Barriers
review-title = Review and submit
save-back = Save and go back
save-next = Save and continue
saved-hint = Your answers are saved when you press one of the buttons.
review-lead = Here you see what you have answered. You can go back and change it before you submit. Unanswered questions do not count.
review-role-missing = You have not given your role. Give it here (optional).
section = Part
answered = Answered
all-answered = All answered
submit-final = Once you submit, the response cannot be changed.
submit = Submit response

# cohort
min-orgs = Minimum number of organisations in a peer group
distribution = Distribution on the steps
distribution-caption = Number of organisations on each step
group-withheld-why = The group's figures are not shown: it needs at least { $min } organisations with results, so that no organisation can be recognised.
group-withheld-short = Not shown (fewer than { $min } organisations)
cohort-table = All organisations
sort-by = sort
spread = Spread per dimension
spread-desc = For each dimension: a line from the lowest to the highest score, a vertical tick at the median and a dot at the mean, on a scale from 1 to 5.
spread-caption = The line runs from the lowest to the highest score; the tick is the median, the dot the mean. The numbers are in the table.
min = Lowest
max = Highest
median = Median
best-in-class = Best in class
barriers-ranked = Barriers across the participants
barriers-ranked-caption = Barriers ranked by how much they hold the organisations back (1 = not at all, 5 = very much)
barrier = Barrier
barrier-mean = Mean (1-5)
answers = Answers
peer-groups = Peer groups
peer-groups-caption = Overall score per peer group
peer-group = Peer group
group-all = All participants

# report
report-link = Report
report-title = Report
report-print-hint = The report is laid out to print on A4 or to save as PDF from the browser's print menu.
report-peers-withheld = The average and best in class are not shown, because fewer than { $min } organisations in the round have results (there are { $n }). This way no organisation can be recognised.
report-uncertain-overall = The placement is uncertain, because the interval reaches across a step:
report-step = step { $level }
report-step-interval = step { $level } ({ $lo } to { $hi })
report-staircase = Position on the maturity staircase
report-stair-summary = { $name } stands on step { $level }, { $level_name }, with an overall score of { $score }.
report-stair-peers = { $n ->
    [one] The other organisation in the round is shown as an anonymous white dot.
   *[other] The { $n } other organisations in the round are shown as anonymous white dots.
}
report-stair-no-peers = The other organisations are not shown, because fewer than { $min } organisations have results.
report-orgs-on-step = Organisations on the step
report-dimensions = The dimensions
report-dims-lead = For each dimension: the organisation's score with a 95 % interval, and where the average and the best of the round stand. The scale runs from 1 to 5.
report-dims-chart = Score per dimension with 95 % interval, average and best in class
report-dims-table = The dimensions as a table
report-dims-summary = Highest: { $high } ({ $high_score }). Lowest: { $low } ({ $low_score }).
report-dims-above = The organisation is above the average on { $above } of { $n } dimensions.
report-legend-score = Score
report-legend-interval = 95 % interval
report-legend-mean = Average
report-legend-best = Best in class
report-interval = 95 % interval
report-placement = Placement
report-peer-mean = Average
report-best = Best in class
report-uncertain-hint = The interval shows how certain the score is: with other respondents from the same organisation the score would lie within it with 95 % probability. Where the interval reaches across a step, it is given in brackets with the placement. Best in class is the mean of the top quarter of the organisations.
report-radar = Profile across the dimensions
report-radar-chart = Profile: the organisation against the average and best in class
report-radar-table = The profile as a table
report-radar-summary = The profile shows { $name } (solid line) against the average (dashed line) and best in class (dotted line) on the { $n } dimensions. The further out, the higher the score.
report-radar-summary-alone = The profile shows the scores of { $name } on the { $n } dimensions. The further out, the higher the score.
report-radar-none = The profile needs a score on every dimension.
report-strengths-gaps = Strengths and gaps
report-strengths = Strengths: furthest above the average
report-gaps = Gaps: furthest below best in class
report-strength = { $dim }: { $diff } above the average ({ $score } against { $mean })
report-gap = { $dim }: { $diff } below best in class ({ $score } against { $best })
report-no-strengths = The organisation is not above the average on any dimension.
report-no-gaps = The organisation is level with the best on every dimension.
report-traits = The four traits of the best
report-traits-lead = The best service organisations have four things in common. The score for each trait is the mean of the answers to the questions that show it.
report-traits-peers = The comparison is the mean of the other organisations in the round.
report-traits-chart = The four traits of the best: the organisation against the others
report-traits-table = The traits as a table
report-traits-summary = Strongest: { $high } ({ $high_score }). Weakest: { $low } ({ $low_score }).
report-trait = Trait
report-peers = Other organisations
report-barriers = Barriers
report-barriers-lead = How much each barrier holds the organisation back according to its respondents, from 1 (not at all) to 5 (very much). The largest barrier comes first.
report-barriers-peers = The comparison is the mean of all respondents in the round.
report-barriers-chart = Barriers: the organisation against the others
report-barriers-table = The barriers as a table
report-barriers-summary = Largest barrier: { $high } ({ $high_score }). Smallest: { $low } ({ $low_score }).
report-barrier = Barrier
report-ratings = Answers
report-barrier-few = fewer than { $min } answers
report-no-values = There are no figures to show yet.
report-next-steps = Next steps
report-next-lead-best = Ordered by the distance to best in class, largest first.
report-next-lead-step = Ordered by the distance to the next step, largest first.
report-next-from-to = from step { $from } to step { $to }
report-next-stay = stay on step { $level }
report-next-none = The round suggests no next steps.
report-role-gap = Leaders and employees
report-role-gap-lead = How leaders ({ $leaders } responses) and employees ({ $employees } responses) see the organisation. A positive difference means that leaders rate the dimension higher than employees do.
report-role-gap-table = Leaders' and employees' scores per dimension
report-leaders = Leaders
report-employees = Employees
report-difference = Difference
report-trend = The trend
report-trend-chart = Overall score in the organisation's rounds
report-trend-table = Scores in the organisation's rounds on the same model
report-trend-summary = The overall score has gone from { $first } in { $first_round } to { $last } in { $last_round }.
report-trend-first = This is the organisation's first round on this model. The trend shows from the next round.
report-this-round = this round
report-all-equal = The same score throughout: { $score }.

# security
login-throttled = Too many failed attempts to log in. Wait a quarter of an hour and try again.

# export
export = Export
export-intro = Results, benchmarks and the anonymous responses. Responses of organisations below the minimum are left out.
export-xlsx = Excel (XLSX, three sheets)
export-csv = CSV
export-results = results
export-benchmarks = benchmarks
export-responses = responses
export-json = JSON
