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
