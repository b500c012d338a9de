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
intro-save = Each page is saved when you go on. You can close the page and continue later with the same link, on this or another device (e.g. from your computer to your phone).
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
submit-final = Once you submit, the response cannot be changed.
submit = Submit response

# cohort
min-orgs = Minimum number of organisations in a peer group
distribution = Distribution on the steps
distribution-caption = Number of organisations on each step
group-withheld-why = The group's figures are not shown: it needs at least { $min } organisations with results, so that no organisation can be recognised.
group-withheld-short = Not shown (fewer than { $min } organisations)
group-withheld-complement = Not shown (a smaller group could be worked out from it)
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
report-dims-above = The organisation is 0.1 or more above the average on { $above } of { $n } dimensions.
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
report-strengths = Strengths: furthest above the average
report-gaps = Gaps: furthest below best in class
report-strength = { $dim }: { $diff } above the average ({ $score } against { $mean })
report-gap = { $dim }: { $diff } below best in class ({ $score } against { $best })
report-no-strengths = The organisation is not 0.1 or more above the average on any dimension.
report-no-gaps = The organisation is within 0.1 of the best on every dimension.
report-best-withheld = Best in class shows from { $min } organisations with results, so that no single organisation's score can be worked out; so there are no gaps against it here.
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
login-wait-seconds = Too many wrong attempts at this account from here. Try again in { $seconds ->
    [one] one second
   *[other] { $seconds } seconds
}.
login-wait-minutes = Too many wrong attempts at this account from here. Try again in { $minutes } minutes.

# export
export = Export
export-intro = Results, benchmarks, the anonymous responses and the respondents' own words on barriers (on their own, sorted alphabetically). Responses and own words of organisations below the minimum are left out.
export-xlsx = Excel (XLSX, four sheets)
export-csv = CSV
export-results = results
export-benchmarks = benchmarks
export-responses = responses
export-json = JSON
link-throttled-title = Too many attempts
link-throttled-body = Too many invalid links have been tried from your connection. Wait a quarter of an hour and try again with the whole link.

# privacy
footer-privacy = Privacy notice
footer-accessibility = Accessibility statement
privacy-title = Privacy notice
privacy-intro = { $org } uses Trappe to measure how service-mature public organisations are. This page tells you what Trappe stores, why, and for how long.
privacy-controller-h = Data controller
privacy-controller = { $org } is the data controller for the information processed in this installation of Trappe.
privacy-contact = Contact:
privacy-contact-unset = no contact address has been given (start Trappe with --contact-email)
privacy-org-unset = the owner of this installation (no name has been given: start Trappe with --org-name)
privacy-answers-h = When you answer the questionnaire
privacy-answers-anonymous = Your answers are anonymous. Trappe stores your answers, the role you choose (top management, middle manager or employee) and the barrier you write yourself, but not your name, your e-mail address, your IP address or details of your browser (user agent).
privacy-answers-freetext = Please do not write names or other personal data in the field for your own barrier.
privacy-answers-link = Your link is yours alone, but it does not say who you are. Trappe never stores the link itself, only a cryptographic fingerprint of it (a hash). While you answer, the link keeps track of your answers so you can continue later. When you submit, the tie between the link and your answers is cut: all that remains is that the link has been used.
privacy-answers-threshold = Results are never shown for a group smaller than the round's minimum (by default 3 responses for an organisation and 5 organisations for a peer group), so nobody can be recognised from their answers.
privacy-purpose-h = Purpose
privacy-purpose = The information is used to show each organisation where it stands on the maturity staircase, to compare it with other organisations and to point out its next steps. It is used for nothing else, and it is not sold or passed on. The data controller decides the legal basis for the processing; for public authorities it is usually the performance of a task carried out in the public interest (Article 6(1)(e) of the GDPR).
privacy-accounts-h = Accounts, cookies and the audit log
privacy-accounts = For organisers and organisation contacts Trappe stores the username, role, organisation and a hash of the password, never the password itself. One cookie keeps you signed in, another remembers your choice of language, and a third remembers for half a year that this browser has signed in to the account before, so that wrong attempts by others cannot lock you out (it holds only a random number and a seal). Trappe uses no cookies for statistics or marketing, and its pages load nothing from other websites.
privacy-throttle = To slow down the guessing of passwords and links, Trappe keeps failed logins and attempts with invalid links for up to a quarter of an hour, tied to the username or to a hash of the IP address. This is never tied to a response.
privacy-audit = Trappe keeps an audit log of who did what: logins, exports, deletions, and when organisers viewed results. The log cannot be changed or deleted, and only organisers can read it.
privacy-retention-h = How long information is kept
privacy-retention = A round's responses, answers and links are deleted automatically when the round's retention period runs out: by default 3 years after the round closes. The round's name is kept with a note that its data was deleted, and the deletion is written to the audit log.
privacy-leave = When an organisation leaves Trappe, it can be given everything Trappe holds about it, and then have all of it deleted.
privacy-rights-h = Your rights
privacy-rights = Because responses are anonymous, neither we nor anyone else can find, correct or delete your answers in particular. If you have an account, you have the right to access, correct and delete the information about you; write to us at the address above. You can also complain to the Danish Data Protection Agency (Datatilsynet, www.datatilsynet.dk).
privacy-admin-h = Data protection
a11y-title = Accessibility statement
a11y-intro = { $org } wants everyone to be able to use this installation of Trappe, in line with the Danish act on the accessibility of public sector bodies' websites and mobile applications. This statement covers { $site }.
a11y-status-h = Compliance status
a11y-status = Trappe is built to meet WCAG 2.1 at level AA. Its pages work without JavaScript, with a keyboard alone and with a screen reader, every chart has its figures in a table beside it, and colour is never the only carrier of information. The installation has not been reviewed by an independent party; { $org } updates this statement after its own testing.
a11y-known-h = Known issues
a11y-known = We know of no content that is not accessible. If you find something, please write to us.
a11y-feedback-h = Feedback and contact
a11y-feedback = If you run into accessibility problems, or need the content in another form, write to { $org }. We answer as soon as we can.
a11y-enforcement-h = Enforcement procedure
a11y-enforcement = The Danish Agency for Digital Government (Digitaliseringsstyrelsen) monitors the accessibility of public sector websites. If you are not satisfied with our answer, you can complain to the agency (was.digst.dk).
audit-title = Audit log
audit-intro = Who did what in Trappe, newest first. The log cannot be changed or deleted.
audit-filter = Action
audit-all = All actions
audit-show = Show
audit-csv = Download the log as CSV
audit-empty = The log has no entries.
audit-when = Time
audit-actor = Who
audit-action = Action
audit-subject = Concerning
audit-detail = Detail
audit-system = the system
audit-position = Page { $page } of { $pages } ({ $total } entries)
audit-pages = Pages of the audit log
audit-newer = Newer entries
audit-older = Older entries
retention = Retention
retention-days = Retention (days after closing)
retention-days-hint = Responses, answers and links are deleted automatically this many days after the round closes. 1095 days is 3 years.
retention-n-days = { $days } days after closing
round-closed-at = Closed
round-purged = Data deleted
round-purged-note = The round's responses, answers and links were deleted when its retention period ran out. Only its name remains.

# accounts
nav-start = Home
nav-users = Users
yes = Yes
no = No
role-organiser = Organiser
role-contact = Contact
role-viewer = Viewer
start-title = Your measurements
start-no-orgs = Your account is not linked to an organisation yet. Please contact the organiser.
start-no-rounds = The organisation does not take part in any measurement yet.
start-rounds = Measurements the organisation takes part in
start-open = Open
start-results = Results
start-invite-hint = As a contact you can make links for your respondents from the results page of an open measurement.
users-title = Users and access
users-accounts = Accounts
users-role = Role
users-totp = Two-step verification
users-sessions = Active sign-ins
users-created = Created
users-manage = Manage
users-set-role = Change role
users-unlink = Remove organisation
users-link-org = Add organisation
users-add = Add
users-delete = Delete account
users-not-yourself = You cannot delete your own account.
users-invite = Invite a user
users-invite-help = The invitation is a one-time link, valid for 7 days. Hand it to the person, for example by e-mail. Whoever opens it chooses their own username and password.
users-org-hint = Required for contacts and viewers. An organiser has access to every organisation.
users-invite-make = Make invitation link
users-link-made = The invitation link is ready
users-link-once = The link is shown this once only: Trappe does not keep it. Copy it now.
users-link = Invitation link
users-open-invitations = Invitations not used yet
users-invited-by = Invited by
users-expires = Expires
users-revoke = Revoke
invite-title = Create your account
invite-role = You are invited as
invite-create = Create account
invite-gone-title = This link does not work
invite-gone = The invitation has been used, revoked or has expired. Ask the organiser for a new one.
invite-username-rule = Choose a username of 1 to 64 characters.
invite-username-taken = That username is taken. Choose another.
password-too-long = The password is too long: it may have at most 128 characters.
security-title = Account and security
totp-title = Two-step verification
totp-off = Two-step verification is off. Turn it on, and signing in takes a code from an app on your phone as well as your password.
totp-start = Turn on two-step verification
totp-setup-help = Add an account in your authenticator app (for example Microsoft Authenticator or Google Authenticator): type in the key, or paste the address. Then enter the six-digit code the app shows.
totp-secret = Key
totp-uri = Address
totp-code = Code from the app (6 digits)
totp-confirm = Confirm and turn on
totp-on = Two-step verification is on: signing in asks for a code from the app.
totp-disable = Turn off two-step verification
totp-wrong-code = The code is wrong or already used. Try the next code the app shows.
totp-login-title = Enter your code
totp-login-help = Open your authenticator app and enter the six-digit code for Trappe.
sessions-title = Active sign-ins
sessions-created = Signed in
sessions-expires = Expires
sessions-current = this sign-in
sessions-end = Sign out there
sessions-end-others = Sign out everywhere else
min-orgs-hint = Peer groups with fewer organisations with results are not shown, so that no organisation can be recognised.

# api
tokens-title = API keys
tokens-intro = Other systems can read rounds and results through Trappe's JSON API with a key. A key for one organisation sees only that organisation's results and the shared benchmarks. Keys can only read.
token-created = The key has been made. Copy it now: it is not shown again.
token = Key
no-tokens = There are no API keys yet.
token-name = Name
token-scope = Access to
token-scope-all = The whole installation
token-created-at = Made
token-last-used = Last used
token-revoked = Revoked
token-revoke = Revoke
token-make = Make an API key

# single sign-on and recovery codes
sso-or = Or sign in through your organisation
sso-login-with = Sign in with
sso-refused-title = You were not signed in
sso-provider-down = The sign-in service cannot be reached right now. Try again in a little while, or sign in with username and password.
sso-expired = The sign-in has expired or was not started in this browser. Go back to the login page and try again.
sso-provider-said-no = The sign-in service turned the attempt down. Try again, or contact your IT department.
sso-failed = The sign-in service's answer could not be verified, so you are not signed in
sso-no-role = The sign-in service sent no role ({ $claim }), and Trappe has no default role. Ask Trappe's administrator for access.
sso-unmapped-role = Trappe does not know your role: the sign-in service sent { $claim } = "{ $values }". Ask Trappe's administrator to map the role.
sso-no-org = The sign-in service sent no organisation ({ $claim }). Ask Trappe's administrator for access.
sso-unmapped-org = Your organisation is not in Trappe: the sign-in service sent { $claim } = "{ $values }", and no organisation has that CVR number or is mapped to the value. Ask Trappe's administrator to add the organisation.
recovery-title = Recovery codes
recovery-new = Here are your new recovery codes. Keep them somewhere safe now: they are not shown again. If you lose your phone, each code works once instead of the code from the app.
recovery-left = { $count ->
    [one] You have one unused recovery code.
   *[other] You have { $count } unused recovery codes.
}
recovery-regenerate = Make new recovery codes (the old ones stop working)
recovery-use = No phone at hand? Use a recovery code
recovery-code = Recovery code
recovery-wrong-code = The recovery code is wrong or already used.

# channels (contact log, channel mix, targets, prices, scenario, upload)
channel-phone = Phone
channel-web = Website
channel-selfservice = Self-service
channel-digital_post = Digital Post
channel-email = Email
channel-chat = Chat
channel-front_desk = Front desk (in person)
channel-letter = Letter
channel-sms = SMS
channel-social = Social media
channel-video = Video meeting
channel-app = App
channel-meeting = Personal meeting
channel-information = Information and signposting
channels-link = Channels
channels-title = Channels
channels-back = Back
channels-sections = Sections of the page
channels-headline = { $contacts } contacts from { $first } to { $last }; { $share } of them digital.
channels-mix = Channel mix over time
channels-mix-chart = Contacts per month by channel
channels-legend = Key: the channels' patterns
channels-mix-table = Contacts per month and channel
channels-mix-summary = { $months } months from { $first } to { $last } on { $channels } channels. Most contacts came by { $channel } ({ $share } of all).
channels-month = Month
channels-total = Total
channels-contacts = Contacts
channels-digital = Digital
channels-digital-total = Digital in total
channels-digital-share = Digital share
channels-channel = Channel
channels-service = Service
channels-no-service = (no service given)
channels-empty-title = No contact log yet
channels-empty = No contact log has been imported for this organisation yet. Once one is, this page shows the channel mix, digital share, repeat contacts, satisfaction, effort and cost.
channels-empty-upload = Import a contact log
channels-empty-cli = A large log can also be imported on the server:
channels-share = Digital share and targets
channels-share-chart = Digital share per month with the organisation's targets
channels-share-table = Digital share per month
channels-share-summary = The digital share went from { $from } in { $first } to { $to } in { $last }.
channels-share-target-met = The target of { $share } by { $due } is met in the latest month.
channels-share-target-not-met = The target of { $share } by { $due } is not met in the latest month.
channels-target-line = Target { $share } ({ $due })
channels-target-digital = Target for the digital share (dashed)
channels-targets = Targets
channels-targets-rule = A target for digital in total or for a digital channel is a minimum; a target for phone, front desk or letter is a maximum. It is measured on the latest month of the log.
channels-no-targets = The organisation has set no targets.
channels-targets-table = The organisation's channel targets
channels-target-scope = Target for
channels-target = Target
channels-target-due = Due
channels-target-latest = Latest month
channels-target-status = Status
channels-target-met = met
channels-target-not-met = not met
channels-target-delete = Delete
channels-target-add = Set a target
channels-target-share = Share in per cent (0 to 100)
channels-target-save = Save target
channels-at-least = at least { $share }
channels-at-most = at most { $share }
channels-error-share = Enter a percentage from 0 to 100, e.g. 80 or 12.5.
channels-error-due = Enter a date as YYYY-MM-DD, e.g. 2027-12-31.
channels-error-scope = Choose digital in total or a channel.
channels-error-channel = Choose a channel.
channels-repeats = Repeat contacts
channels-repeat-summary = { $rate } of contacts were followed by another from the same citizen about the same case within { $days } days (failure demand). Highest is { $channel } at { $worst }.
channels-repeats-channel = Repeat contacts per channel (the channel of the first contact)
channels-repeats-service = Repeat contacts per service (the most contacted)
channels-repeated = Repeated
channels-repeat-rate = Share repeated
channels-satisfaction = Satisfaction and effort per channel
channels-satisfaction-rule = Satisfaction on 1 to 5 (CSAT is the share of 4 and 5); effort on 1 to 7 (the share of 5 to 7 found it hard). Figures show from 5 answers on, so no single citizen can be recognised.
channels-satisfaction-table = Satisfaction and effort per channel
channels-sat-answered = Satisfaction answers
channels-sat-mean = Mean satisfaction
channels-csat = CSAT (4 and 5)
channels-effort-answered = Effort answers
channels-effort-mean = Mean effort
channels-effort-high = Share 5 to 7
channels-too-few = under 5 answers
channels-services = Most contacted services
channels-services-table = Services with the most contacts and their channels
channels-services-split = Channels
channels-services-more = Showing the { $shown } most contacted of { $all } services.
channels-costs = Cost
channels-cost-summary = The contacts from { $first } to { $last } cost { $cost } at the organisation's prices.
channels-cost-none = No prices are set, so no cost is shown. Trappe assumes no prices: set the organisation's own below.
channels-cost-unpriced = Without a price and so not in the cost: { $channels } ({ $contacts } contacts).
channels-cost-channel-table = Cost per channel
channels-cost-month-table = Cost per month
channels-price = Price per contact
channels-cost = Cost
channels-unpriced = Contacts without a price
channels-prices = Prices per contact
channels-prices-hint = The organisation's own price in kroner per contact on each channel. Leave a field empty for a channel without a price.
channels-prices-errors = Some prices could not be read. Correct the marked fields.
channels-prices-save = Save prices
channels-error-price = { $channel }: "{ $text }" is not an amount of kroner from 0 to 1,000,000.
scenario-title = Scenario: channel shift
scenario-lead = What happens if part of one channel's contacts moves to another channel? Worked out on the whole log.
scenario-percent = Share to move, in per cent
scenario-from = From channel
scenario-to = To channel
scenario-services = Services
scenario-services-hint = Choose one or more services; choose none for all services.
scenario-run = Work it out
scenario-table = Before and after the channel shift
scenario-figure = Figure
scenario-before = Before
scenario-after = After
scenario-change = Change
scenario-contacts-on = Contacts by { $channel }
scenario-contacts-all = Contacts in total
scenario-digital-share = Digital share
scenario-cost = Cost
scenario-points = { $points } percentage points
scenario-all-services = all services
scenario-summary = Moving { $percent } % of the contacts by { $from } about { $services } to { $to } moves { $moved } contacts, and the digital share goes from { $before } to { $after }.
scenario-saving = It saves { $amount }.
scenario-extra-cost = It costs { $amount } more.
scenario-missing-prices = The cost after the shift cannot be worked out, as { $channels } has no price.
scenario-error-percent = Enter a percentage from 0 to 100.
scenario-error-same = Choose another channel than the one to move from.
scenario-error-service = The service "{ $service }" is not in the log.
scenario-error-nothing = { $channel } has no contacts about the chosen services.
upload-title = Import a contact log
upload-lead = A file with one row per contact: CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or XLSX. Next you choose which column is what. Citizen and case keys are stored only as keyed hashes, and columns not chosen are not stored.
upload-file = File
upload-hint = At most 200 MB.
upload-send = Send file
upload-imports = Latest imports
upload-file-name = File
upload-when = Started
upload-status = Status
upload-rows = Rows stored
upload-rejected = Rows rejected
upload-kind-xlsx = XLSX (Excel workbook, first sheet)
upload-delim-comma = comma
upload-delim-semicolon = semicolon
upload-delim-tab = tab
upload-error-empty = The file is empty.
upload-error-unreadable = The file could not be read
upload-error-no-file = Choose a file.
upload-error-missing = Choose which column is { $name }.
upload-error-twice = { $name } is chosen for more than one column.
upload-error-canonical = The column is named { $name } and is always read as { $name }: choose { $name } for it.
upload-error-channel = Choose a channel for "{ $name }".
import-status-running = running
import-status-done = done
import-status-rejected = rejected
import-status-failed = failed
column-contact_id = Contact id
column-org_id = Organisation
column-timestamp = Time
column-channel = Channel
column-service = Service
column-citizen_key = Citizen key (hashed)
column-case_key = Case key (hashed)
column-duration_s = Duration in seconds
column-resolved = Resolved (0 or 1)
column-satisfaction = Satisfaction (1 to 5)
column-effort = Effort (1 to 7)
mapping-title = Choose columns and channels
mapping-size = Size
mapping-detected = Detected format
mapping-rows = Rows
mapping-columns = Columns
mapping-columns-hint = Choose for each column of the file what it holds. Contact id, time and channel are needed. Columns not used are not stored.
mapping-source = Column in the file
mapping-canonical = Holds
mapping-examples = First values
mapping-example-empty = empty
mapping-unnamed = column without a name
mapping-ignore = (not used)
mapping-date-order = Date format
mapping-date-iso = Year first (2025-03-14 10:15)
mapping-date-day-first = Day first (14-03-2025 10:15)
mapping-values = Channels
mapping-values-hint = Choose which channel each value of the channel column stands for. Column:
mapping-values-none = The column holds only Trappe's own channel names; there is nothing to choose.
mapping-value = Value in the file
mapping-value-rows = Rows
mapping-channel = Channel
mapping-choose = (choose a channel)
mapping-values-more = The column has more than 100 different values. Is it the right column? Rows with a value not chosen here are rejected.
mapping-values-no-column = First choose which column is the channel, and press Update.
mapping-refresh = Update
mapping-import = Import
import-title = Import
import-running = The import is running.
import-of = of
import-reload = You can leave the page open or come back later.
import-failed = The import failed
import-refused = The file was refused: nothing was stored
import-done = The import is done.
import-stored = Rows stored
import-rejected = Rows rejected
import-errors = Rejected rows
import-line = Line
import-reason = Reason
import-to-channels = To the channel page
report-channels = Channels
report-channels-text = In { $month }, { $share } of contacts were digital ({ $trend }). { $repeat } of all { $contacts } contacts were followed by a repeat contact.
report-channels-trend-up = up { $points } percentage points since { $first }
report-channels-trend-down = down { $points } percentage points since { $first }
report-channels-one-month = only one month in the log
report-channels-top = The most used channels
report-channels-share = Share
report-channels-link = See the whole channel page

# citizen journeys (issue 5)
journeys-link = Citizen journeys
journeys-title = Citizen journeys
journeys-lead = A citizen journey is a service's moments in order, e.g. from finding information to the follow-up on a decision. Citizens rate each moment and the journey as a whole through a short link or a QR code, and the page shows which moments they remember.
journeys-list = Journeys
journeys-none = There are no citizen journeys yet.
journey-name = Name of the journey
journey-service = Service
journey-service-hint = E.g. "Housing benefit". Shown to the organisation only.
journey-moments = Moments
journey-responses = Responses
journey-create = Create journey
journey-scale = Scale of the moments
journey-scale-bipolar7 = 1 to 7, where 7 is very good (default)
journey-scale-unipolar-bad10 = 0 to 10, where 10 is worst (like pain)
journey-retention = Keep responses for (days)
journey-retention-hint = Each response is deleted this many days after the day it was given. The default is 730 days (2 years).
journey-moments-legend = The journey's moments in order (3 to 10)
journey-moments-hint = Write a Danish name for each moment, and an English one if you can. Empty rows are skipped. The channel is optional.
journey-position = Moment
journey-name-da = Danish name
journey-name-en = English name
journey-channel = Channel
journey-channel-none = No channel
journey-channel-phone = Phone
journey-channel-web = Website
journey-channel-selfservice = Digital self-service
journey-channel-digital_post = Digital Post
journey-channel-email = E-mail
journey-channel-chat = Chat
journey-channel-front_desk = Front desk (in person)
journey-channel-letter = Letter
journey-channel-sms = SMS
journey-channel-social = Social media
journey-channel-video = Video meeting
journey-channel-app = App
journey-channel-meeting = Personal meeting
journey-channel-information = Information and signposting
journey-edit = Edit the journey
journey-edit-moments-hint = The moments' ids and order are fixed, as responses are stored under them. Names and channels may change.
journey-save = Save changes
journey-moments-caption = The journey's moments with their id (the column name in imports) and channel
journey-moment = Moment
journey-moment-id = Id
journey-links = Feedback links and QR codes
journey-links-lead = Make a link for each place citizens meet it: in a letter, an e-mail, on a receipt or a screen at the front desk. Links are short enough to type. Responses are anonymous and are not tied to the link.
journey-links-none = There are no links yet.
journey-link-revoked = closed
journey-link-made = Made
journey-qr-alt = QR code for
journey-qr-svg = Download the QR code as SVG
journey-qr-png = Download the QR code as PNG
journey-link-revoke = Close the link
journey-link-label = Where will the link be used?
journey-link-label-hint = E.g. "Decision letter" or "Front desk screen".
journey-link-make = Make link
journey-link-default-label = Link
journey-results = Results
journey-period = Period
journey-month = Month
journey-period-all = All responses kept
journey-from = From
journey-to = To (inclusive)
journey-period-hint = Choose a month, or give dates. Dates take precedence over the month.
journey-show = Show
journey-n-responses = { $n ->
    [one] one response
   *[other] { $n } responses
}
journey-period-from-to = From { $from } to { $to }
journey-withheld = The period has { $n } responses. Figures are shown from { $min } responses, so that no citizen can be recognised.
journey-measures = Standard measures
journey-measures-caption = NPS, CSAT and CES with the number of answers (n)
journey-measure = Measure
journey-value = Value
journey-measures-hint = NPS: the share answering 9 or 10 minus the share answering 0 to 6. CSAT: the share of whole-journey ratings of 6 or 7. CES: the mean of "made it easy for me" (1 to 7) and the share answering 5 to 7.
journey-nps = NPS (recommendation)
journey-csat = CSAT (satisfied with the journey)
journey-ces-mean = CES, mean (1 to 7)
journey-ces-high = CES, share 5 to 7
journey-per-moment = Moment by moment
journey-per-moment-lead = The peak is the moment rated most extremely (furthest from the middle of the scale; on a tie the negative one, then the later one). The end is the last moment the citizen rated. Shares are of the responses that rated at least one moment.
journey-mean-chart = Mean rating per moment
journey-mean-chart-desc = The bars show each moment's mean. The numbers are also in the table below.
journey-share-chart = How often each moment was the peak and the end
journey-chart-summary = { $moment } was most often the peak ({ $share } of responses). The numbers are also in the table below.
journey-per-moment-caption = Per moment: responses, mean, and share as peak and as end
journey-mean = Mean
journey-peak-share = Share as peak
journey-end-share = Share as end
journey-fit = Do citizens remember the peak and the end?
journey-fit-caption = How well each measure predicts the whole-journey rating: correlation (r), mean absolute error and number of responses
journey-predictor = Predicted from
journey-mae = Mean abs. error
journey-fit-by-peak-end = Peak and end (peak-end)
journey-fit-by-mean = Mean of the moments
journey-fit-by-end = The end alone
journey-fit-hint = r near 1 means the measure follows the whole-journey rating closely. The error is the mean difference in points between the measure and the whole-journey rating.
journey-fit-peak-end = Citizens here judge the journey mostly by its peak and end: peak and end predict the whole-journey rating better (r = { $pe }) than the mean of the moments (r = { $mean }); with 95 % confidence the difference lies between { $lo } and { $hi }. Fix first the moments that are often a bad peak or the end.
journey-fit-mean = Citizens here judge the journey more by the mean of its moments (r = { $mean }) than by its peak and end (r = { $pe }); with 95 % confidence the difference lies between { $lo } and { $hi }. Every moment counts.
journey-fit-undecided = The responses cannot tell whether peak and end (r = { $pe }) or the mean of the moments (r = { $mean }) predicts the whole-journey rating better: the difference could be anywhere from { $lo } to { $hi }.
journey-fit-few = There are too few responses with both moments and a whole-journey rating to tell what citizens remember (at least { $min }).
journey-fit-undefined = The ratings vary too little to compute a correlation.
journey-fix = Moments to fix first
journey-fix-lead = Moments ranked by how much fixing them would lift the remembered journey: how often the moment is the negative peak or the end, times how far its rating then falls below the middle of the scale.
journey-fix-none = No moment was a bad peak or end in the period.
journey-fix-caption = Moments to fix first, with their weight (the summed points below the middle)
journey-fix-weight = Weight
journey-comments = Comments
journey-comments-search = Search the comments
journey-search = Search
journey-comments-count = Showing { $shown } of { $n } comments.
journey-import = Import feedback (CSV)
journey-import-lead = One row per response: a column per moment id (the rating, or empty for "not part of my journey"), then overall, ces, nps and comment (each may be empty). Semicolons or commas. If the file has an error, nothing is imported. The columns:
journey-import-file = Choose a CSV file
journey-import-paste = Or paste CSV text
journey-import-go = Import
journey-import-refused = The file was not imported: nothing was stored
journey-import-again = Correct the file and try again
journey-import-problem = Line { $line }, column { $column }: { $reason }
journey-import-empty = There are no responses to import: choose a file or paste CSV text.
journey-imported = { $n ->
    [one] One response was imported.
   *[other] { $n } responses were imported.
}
journey-error-scale = Choose one of the two scales.
journey-error-retention = Keeping must be a whole number of days from 1 to 3650.
journey-error-count = A journey has { $min } to { $max } moments; there are { $n }. Write a name for each moment.
journey-error-date = Write dates as YYYY-MM-DD. All responses kept are shown.
fb-intro = { $org } would like to know how you experienced your journey. It takes about a minute.
fb-anonymous = Your answer is anonymous: we do not store your IP address or anything else that could lead back to you.
fb-moments = The journey's moments
fb-moments-hint = How did you find each moment? 1 is very bad, 7 is very good. If a moment was not part of your journey, choose that.
fb-moments-hint-unipolar = How bad was each moment? 0 is not at all, 10 is the worst imaginable. If a moment was not part of your journey, choose that.
fb-very-bad = Very bad
fb-very-good = Very good
fb-not-at-all = Not at all
fb-worst = Worst imaginable
fb-not-part = Not part of my journey
fb-whole = The whole journey
fb-overall = How would you rate the journey as a whole?
fb-ces = { $org } made it easy for me.
fb-disagree = Strongly disagree
fb-agree = Strongly agree
fb-nps = How likely is it that you would recommend { $org } to others in the same situation?
fb-unlikely = Not at all likely
fb-likely = Extremely likely
fb-comment = Comment (optional)
fb-comment-hint = Do not write names, CPR numbers or other personal details. At most { $max } characters.
fb-send = Send answer
fb-error-title-prefix = Error:
fb-error-summary = { $n ->
    [one] There is one error in the form
   *[other] There are { $n } errors in the form
}
fb-error-moment = Choose a rating from { $min } to { $max }, or "Not part of my journey".
fb-error-overall = Choose an overall rating from { $min } to { $max }.
fb-error-range = Choose a number from { $min } to { $max }.
fb-error-comment = The comment may have at most { $max } characters; it has { $n }.
fb-thanks-title = Thank you for your feedback
fb-thanks-body = Your answer has been sent to { $org }. It is used to make the journey better.
fb-thanks-anonymous = The answer is stored without anything that could lead back to you. You may close the page now.
fb-unknown-title = The link does not exist
fb-unknown-body = Check that the address is typed correctly. The link is in the letter, the e-mail or on the screen where you found it.
fb-revoked-title = The link is closed
fb-revoked-body = Answers are no longer collected through this link. Thank you for your interest.
fb-used-title = The answer has already been sent
fb-used-body = The form has already been sent, or it is too old. To give a new answer, open the link again.
fb-limited-title = Too many answers in a short time
fb-limited-body = Many answers were sent from this connection or through this link in a short time. Please try again in a quarter of an hour.
report-journeys = Citizen journeys and experience
report-journeys-lead = Citizens' feedback on the organisation's journeys, beside its own assessment of
report-journeys-table = Citizen journeys: responses, NPS, CSAT, CES and the moment to fix first
report-journey = Journey
report-journey-responses = Responses
report-journey-fix = Fix first
report-journey-withheld = Too few responses: figures are shown from 5.
report-journeys-hint = NPS from -100 to 100; CSAT is the share of whole-journey ratings of 6 or 7; CES is the mean of "made it easy for me" from 1 to 7. Every response kept is counted.
channels-totals-table = Contacts per channel over the whole period
channels-kind = Kind
channels-kind-digital = digital
channels-kind-personal = in person or on paper
channels-share-of-all = Share of all
import-seconds = { $n } seconds gone.
import-rows-done = rows handled
import-refused-rows = Some rows had errors, and without "skip rows with errors" the whole file is refused. Correct the rows below and import the file again.
import-failed-inside = Something went wrong on our side. Nothing was stored; try again later.
mapping-bad-rows = Rows with errors
mapping-skip-bad = Skip rows with errors and import the rest
mapping-skip-bad-hint = Without this the whole file is refused if a single row has an error. The rows with errors are listed afterwards with line, column and reason.
db-unavailable-title = Trappe cannot reach its database right now
db-unavailable-text = Nothing you have already saved is lost. If you just sent a page, send it again in a moment: Trappe works again as soon as the database answers.

# accessibility and forms (issue 8)
error-title-prefix = Error:
respond-error-summary = { $n ->
    [one] 1 question has no answer
   *[other] { $n } questions have no answer
}
respond-error-hint = Choose an answer for every question, or "Don't know". Your other answers are saved.
respond-error-question = Choose an answer, or "Don't know".
error-404-title = Page not found
error-404-text = The page has moved, been deleted or never existed. Check the address, or start again from the front page.
error-403-title = You do not have access to this page
error-403-text = The page belongs to another role or organisation. Sign in with the right account, or ask whoever runs Trappe.
error-400-title = That could not be done
error-400-text = Something in the address or the form could not be used. Go back, correct it and try again.
error-500-title = Something went wrong on our side
error-500-text = It is not your fault. Try again in a moment; the error is written to Trappe's log.
error-home = To the front page
error-detail = Technical message for whoever runs Trappe:
form-errors-n = { $n ->
    [one] There is 1 problem in the form
   *[other] There are { $n } problems in the form
}
org-cvr-hint = Optional: 8 digits, e.g. 29189838.
err-org-name = Enter the organisation's name.
err-org-exists = There is already an organisation with that name. Enter another name, or use the one there is.
err-org-kind = Choose a kind: municipality, region, state agency or other.
err-org-cvr-format = A CVR number has exactly 8 digits; "{ $cvr }" does not.
err-org-cvr-checksum = The CVR number { $cvr } fails the modulus-11 check, so a digit is probably mistyped.
err-round-name = Enter a name for the round.
err-round-model = Choose a maturity model from the list.
err-number-range = Enter a whole number from { $min } to { $max }.
form-errors-n-1 = There is a problem
import-reload-link = Reload the page to see how far it has got
a11y-method-h = How it is tested
a11y-method = Trappe's own tests run on every change to the program: an automated review with axe-core (WCAG 2.1 level A and AA) of every page as each role sees it, in Danish and English, at a phone's and a computer's screen width, and a test that fills in the questionnaire and the citizens' feedback form with the keyboard alone and checks that the focus can always be seen. Automated tests do not find every problem, so your feedback matters.
analysis-progress-title = Calculating the results
analysis-progress-text = Trappe is calculating the round's results, benchmarks and uncertainty intervals. The page appears as soon as they are ready.
analysis-progress-count = { $done } of { $total } organisations analysed
analysis-progress-reading = Reading the responses.
analysis-progress-next = The page updates by itself.
analysis-progress-reload = Reload the page
account-refused-unknown-role = Choose a role from the list: organiser, contact or viewer.
account-refused-last-organiser-role = The last organiser cannot lose the role. First make another account an organiser.
account-refused-last-organiser-delete = The last organiser cannot be deleted. First make another account an organiser.
account-refused-organiser-sees-all = An organiser sees every organisation already.
account-refused-organiser-without-org = An organiser is not tied to an organisation. Leave the organisation empty.
account-refused-needs-org = Choose the organisation the account belongs to.
account-refused-username-length = A username has 1 to 64 characters.
account-refused-username-invisible = A username cannot hold invisible, control or format characters (such as a no-break space or a zero-width character). Type the name again in ordinary characters.
account-refused-username-looks-like = That username looks too much like an existing account's name (for example the same letters from another alphabet). Choose another.
account-refused-gone = The account or the organisation no longer exists. Reload the page and try again.
journey-text-moment-da = Moment { $n }, Danish name
journey-text-moment-en = Moment { $n }, English name
journey-refused-required = Fill in "{ $text }".
journey-refused-too-long = "{ $text }" may have at most 200 characters.
journey-refused-channel = Choose a channel from the list for moment { $n }.
journey-refused-moment-id = The moment "{ $id }" has an id Trappe cannot use: 1 to 40 characters of a-z, 0-9, - and _.
journey-refused-moment-twice = The moment "{ $id }" is there twice.
journey-refused-moments = The moments cannot be used. Check their names and try again.
journey-refused-moment-count = The journey has { $expected } moments, but the form sent { $got }. Reload the page and try again.
row-reason-field-count = The row has { $found } fields, but the first line has { $expected } columns.
row-reason-empty = The field is empty.
row-reason-not-utf8 = The text cannot be read as UTF-8.
row-reason-not-integer = "{ $value }" is not a whole number.
row-reason-id-too-long = An id can have at most { $max } characters.
row-reason-not-timestamp = "{ $value }" is not a timestamp. Write e.g. 2025-03-14 10:15 or 2025-03-14T09:15:00Z.
row-reason-no-such-date = The date in "{ $value }" does not exist.
row-reason-no-such-time = The time of day in "{ $value }" does not exist.
row-reason-unknown-channel = Trappe does not know the channel "{ $value }". Choose a channel for it when you choose the columns.
row-reason-not-seconds = "{ $value }" is not a number of seconds.
row-reason-not-boolean = "{ $value }" is not 0 or 1 (or yes or no).
row-reason-not-on-scale = "{ $value }" is not a whole number from 1 to { $max }.
import-refusal-cannot-read = The file could not be read ({ $detail }). Nothing was stored.
import-refusal-workbook = The file could not be read as an Excel workbook ({ $detail }). Nothing was stored.
import-refusal-header = The first line, with the column names, could not be read ({ $detail }). Nothing was stored.
import-refusal-header-text = The column names in the first line could not be read: { $reason } Nothing was stored.
import-refusal-no-header = The file is empty: it does not even have a line of column names.
import-refusal-header-too-long = The file's first line is longer than 1 MB. Check that it is the right file.
import-refusal-column-twice = The column "{ $column }" is chosen twice (columns { $first } and { $second }). Nothing was stored.
import-refusal-missing-columns = The file lacks the columns { $missing }. The file's columns are: { $found }. Nothing was stored.
import-refusal-unreadable = The file could not be read to its end ({ $detail }). Nothing was stored.
import-refusal-broke-off = The import stopped halfway. Nothing was stored; try again.
import-refusal-cpr = The column "{ $name }" (column { $number }) seems to hold CPR numbers (e.g. line { $line }). Nothing was stored. Choose it as the citizen key or the case key, so that it is stored only as a key that cannot be traced back to the person, or remove the column from the file.
import-refusal-stopped = The import was cut off because the program running it stopped. Nothing of the file was stored. Import the file again.
import-refusal-xlsx = { $reason } Nothing was stored.
xlsx-unreadable = The file cannot be read as an Excel workbook ({ $detail }).
xlsx-no-sheet = The workbook has no sheet.
xlsx-sheet-unreadable = The workbook's first sheet cannot be read ({ $detail }).
xlsx-empty = The workbook's first sheet is empty: it does not even have a row of column names.
xlsx-too-many-parts = The workbook is made of { $parts } files; Trappe reads at most { $limit }.
xlsx-part-too-large = The part { $part } takes { $size } unpacked; Trappe reads at most { $limit }.
xlsx-too-large = The workbook takes { $size } unpacked; Trappe reads at most { $limit }.
xlsx-too-wide = The first sheet reaches column { $columns } ({ $at }); Trappe reads at most { $limit } columns. Delete the empty columns after the data, or save the sheet as CSV.
xlsx-too-long = The first sheet reaches row { $rows } ({ $at }); Trappe reads at most { $limit } rows. Split the file, or save it as CSV.
xlsx-too-many-cells = The first sheet has { $cells } cells ({ $at }); Trappe reads at most { $limit }. Delete the empty rows and columns after the data, or save the sheet as CSV.
round-refused-thresholds = The least number of responses and of organisations must both be at least 1.

# single sign-on started too often from one address
sso-limited = Too many sign-ins have been started from your address in a short time. Wait a quarter of an hour and try again.

# respondent anonymity: when results show, staff-made links, tallies, links page
results-shown = When organisations see results
results-shown-closed = When the round has closed (recommended)
results-shown-batches = While the round is open, in batches of at least the minimum number of new responses
results-shown-closed-note = The round is open. The results are updated when it closes, so nobody can see a single response come in.
results-shown-batches-note = The round is open. The results are updated only once at least { $min } new responses have come in, so no single response can be read by comparing two visits.
staff-responses-note = { $n ->
    [one] One response came through a link the organisation's own staff made. It does not count toward the minimum until the organiser approves the link, but it is part of the results once they show.
   *[other] { $n } responses came through links the organisation's own staff made. They do not count toward the minimum until the organiser approves the links, but they are part of the results once they show.
}
tallies-withheld = How each question was answered shows only from { $min } responses that count (here { $n }), so that no single person's answers can be worked out by subtraction.
min-tally = Minimum responses for answers per question
min-tally-hint = Below this number only scores show, not how many gave which answer to each question. At least the minimum number of responses; 10 is recommended.
links-staff-made = These links were made by the organisation itself. Responses through them count toward the minimum ({ $min }) only once the organiser approves them, so nobody can find a colleague's answers by filling some in themselves.
links-manage = links
links-page-title = Links
links-page-lead = Every link to the organisation in this round and its state. The links themselves are never shown again, and nothing here ties a link to a response.
links-approve-title = Approve the organisation's own links
links-approve-lead = { $n ->
    [one] One link was made by the organisation's own staff.
   *[other] { $n } links were made by the organisation's own staff.
} Responses through them count toward the minimum ({ $min }) only once you approve them. Approve only if you trust that the links went to real respondents. The approval is logged.
links-approve = Approve the links
links-none = There are no links to the organisation in this round.
links-page-caption = Links and their state
link-number = No.
link-made-by = Made by
link-action = Action
links-row-single = Single-use link
links-row-open = Open link ({ $spawned } of { $cap } places used)
link-made-organiser = The organiser
link-made-staff = The organisation (not approved)
link-made-staff-approved = The organisation (approved)
link-state = State
link-state-not-opened = Not opened
link-state-started = Started
link-state-completed = Submitted
link-state-revoked = Revoked
link-revoke = Revoke
link-revoke-refused = The link cannot be revoked: it has been submitted or revoked already.
link-revoked-title = The link has been revoked
link-revoked-body = The link was revoked by whoever runs the survey and can no longer be used. Any saved answers have been deleted. Contact whoever sent you the link if you need a new one.
intro-link-is-access = The link is your access: anyone who has it can see and change your saved answers from any device until you submit. Do not share it.

## Mail (issue 14): the organiser's mail page and the mails themselves.
mail-title = Mail
mail-help-smtp = Mails go through the mail server { $server }, one sender at a time, and each mail is recorded before it is sent.
mail-help-outbox = No mail server is set up (--smtp): mails are written as files to the folder { $dir } and can be read here.
mail-help-queue = Mails wait in the queue until a running Trappe server sends them.
mail-help-body = Once a mail is sent or refused for good, its text is deleted, as it may hold a one-time link. The recipient, subject, state and the server's reply stay.
mail-counts = Mails by state
mail-state = State
mail-state-queued = Queued
mail-state-sending = Sending
mail-state-sent = Sent
mail-state-failed = Refused
mail-state-unknown = Unknown
mail-unknown-h = Mails whose outcome is unknown
mail-unknown-help = Trappe was stopped while these mails were being sent: they may or may not have arrived. Trappe does not send them again by itself. Send them again, or mark them as sent.
mail-choice = Choice
mail-resend = Send again
mail-dismiss = Mark as sent
mail-recent-h = Latest mails
mail-none = There are no mails yet.
mail-recipient = Recipient
mail-subject = Subject
mail-kind = Kind
mail-kind-account_invitation = Account invitation
mail-attempts = Attempts
mail-time = Time
mail-reply = Server's reply
mail-created = Queued
mail-sent-at = Sent
mail-message-id = Message-ID
mail-outbox-text = The text as written to the outbox
mail-outbox-raw = The whole file
mail-queued-text = The text waiting to be sent
mail-body-gone = The text was deleted when the mail was sent or refused.
mail-greeting = Hello
mail-invite-subject = Invitation to Trappe
mail-invite-subject-org = Invitation to Trappe: { $org }
mail-invite-intro = You are invited to create an account in Trappe as { $role }.
mail-invite-intro-org = You are invited to create an account in Trappe as { $role } for { $org }.
mail-invite-what = Trappe measures how service-mature public organisations are, and shows each organisation where it stands among others.
mail-invite-open = Open the link to choose your username and password:
mail-invite-button = Create your account
mail-invite-expires = The link can be used once and works until { $expires }.
mail-invite-ignore = If you did not expect this mail, you can ignore it.
mail-regards = Kind regards
mail-lang = Language of the mail
mail-lang-da = Danish
mail-lang-en = English
users-invite-email = E-mail (optional)
users-invite-email-hint = With an address, the invitation is mailed to it and not shown here.
users-mailed = The invitation is queued for { $to }.
users-see-mail = See mails
users-contacts-h = Invite every organisation's contact
users-contacts-help = { $n ->
    [one] One organisation has a contact address and no contact account or open invitation yet. Its contact gets an invitation by mail.
   *[other] { $n } organisations have a contact address and no contact account or open invitation yet. Each contact gets an invitation by mail.
}
users-contacts-none = No organisation has a contact address without a contact account or open invitation. The contact address is set on the organisation.
users-contacts-send = Send the invitations
err-email = Write an e-mail address like name@municipality.dk.
org-contact-email = Contact's e-mail (optional)
org-contact-email-hint = Used to invite the organisation's contact by mail.
err-org-contact-email = The contact's e-mail must be an address like name@municipality.dk.

## ---- Organisations in bulk: import, edit, erase, demo removal (issue 14) ----
org-import-title = Import organisations from a file
org-import-hint = A CSV or Excel (XLSX) file with a header line and the columns name, kind (kommune, region, stat or andet), cvr, tags (separated by |) and contact_email, in any order. An organisation with the same CVR number, else the same name, is updated, not added again. If the file has an error, nothing is imported.
org-import-file = File (CSV or XLSX)
org-import-button = Import organisations
org-import-no-file = Choose a file to import.
org-import-refused = { $n ->
    [one] The file was refused for one error. Nothing was imported.
   *[other] The file was refused for { $n } errors. Nothing was imported.
}
org-import-again = Correct the file and import it again
org-import-done = Created: { $created }. Updated: { $updated }.
org-import-what = What happened
org-import-created = Created
org-import-updated = Updated
org-id = Id
org-back = Back to the organisations
org-import-at-column = Line { $line }, column { $column } ({ $field }): { $reason }
org-import-at-line = Line { $line }: { $reason }
org-import-unreadable = the file cannot be read as CSV ({ $detail })
org-import-not-text = the text is neither UTF-8 nor Windows-1252
org-import-no-header = the file is empty; its first line must be a header
org-import-no-rows = there is no organisation in the file, only the header
org-import-unknown-column = unknown column '{ $column }' (use name, kind, cvr, tags and contact_email)
org-import-column-twice = the column is given twice
org-import-missing-column = the column is missing; it is required
org-import-field-count = the line has { $fields } fields, but the header has { $header }
org-import-unknown-kind = unknown kind '{ $kind }' (use kommune, region, stat or andet)
org-import-email = '{ $value }' is not an e-mail address such as name@kommune.dk
org-import-name-twice = the name '{ $name }' is also on line { $first }
org-import-cvr-twice = the CVR number { $cvr } is also on line { $first }
org-import-name-taken = the name '{ $name }' belongs to another organisation (id { $id })
org-import-cvr-differs = the organisation '{ $name }' (id { $id }) has the CVR number { $cvr }
org-import-same-org = matches the same organisation (id { $id }) as line { $first }
org-edit-title = Edit the organisation
org-save = Save the changes
org-delete-title = Delete the organisation
org-delete-link = Delete the organisation and everything about it
org-delete-intro = Deleting removes the organisation and everything Trappe holds about it, and cannot be undone. Contacts and viewers who belong to this organisation only are deleted too.
org-delete-what = What is deleted
erase-what = What
erase-count = Count
org-delete-export = To keep a copy first, export it with
org-delete-confirm = Yes, delete all of it
org-delete-cancel = No, go back
demo-remove-title = Remove the demo data
demo-remove-link = Remove all of the demo's rounds and organisations
demo-remove-intro = The demo's rounds and organisations are deleted with their responses, links, contact logs and journeys. What you added yourself stays (but your responses in a demo round go with the round).
demo-remove-responses = { $n ->
    [one] The rounds hold one response.
   *[other] The rounds hold { $n } responses.
}
demo-remove-confirm = Yes, remove the demo data
demo-none = There is no demo data.
erase-row-answers = Answers
erase-row-responses = Responses
erase-row-invitations = Questionnaire links
erase-row-organisation-tags = Tags
erase-row-accounts-left-with-no-organisation = Accounts with no other organisation
erase-row-sessions-of-those-accounts = Sessions of those accounts
erase-row-API-keys-of-those-accounts = API keys of those accounts
erase-row-account-invitations-by-those-accounts = Account invitations by those accounts
erase-row-account-invitations = Account invitations to the organisation
erase-row-user-organisations = Accounts' memberships of the organisation
erase-row-api-tokens = API keys of the organisation
erase-row-contacts = Contacts in the contact log
erase-row-contact-imports = Contact log imports
erase-row-contact-cubes = Contact log summary
erase-row-contact-log-chunks = Parts of the contact log
erase-row-contact-uploads = Uploaded contact logs
erase-row-channel-prices = Channel prices
erase-row-channel-targets = Channel targets
erase-row-journeys = Citizen journeys
erase-row-journey-moments = Journey moments
erase-row-journey-links = Journey links
erase-row-journey-feedback = Citizens' feedback
erase-row-journey-nonces = Used form keys
erase-row-mail-messages = Mails
erase-row-respondents = Respondents on lists
erase-row-completions-per-day = Completions per day
erase-row-organisations = The organisation
## Respondent lists, invitations and reminders by e-mail (issue 14)
mail-kind-respondent_invitation = Respondent invitation
mail-kind-respondent_reminder = Respondent reminder
rmail-invitation-subject = Questionnaire for { $organisation }: please answer by { $deadline }
rmail-invitation-body =
    Hello

    { $sender } measures how mature public organisations' services are, and you are invited to answer for { $organisation }.

    Open your personal link to answer. It works once and only for you:

    { $link }

    Please answer by { $deadline }. Your answers are anonymous: they are kept without your address and without the link.

    Kind regards
    { $sender }
rmail-reminder-subject = Reminder: questionnaire for { $organisation }, please answer by { $deadline }
rmail-reminder-body =
    Hello

    We are still missing your answer for { $organisation }. You can go on where you left off.

    Use this link (it replaces the one in the first mail):

    { $link }

    Please answer by { $deadline }.

    Kind regards
    { $sender }
rmail-err-unknown = unknown placeholder { $name }. The known ones are {"{"}organisation{"}"}, {"{"}link{"}"}, {"{"}deadline{"}"} and {"{"}sender{"}"}.
rmail-err-unclosed = a {"{"} without its {"}"}.
rmail-err-no-link = the text must hold {"{"}link{"}"}, or nobody can answer.
rmail-err-link-in-subject = the subject cannot hold {"{"}link{"}"}.
rmail-err-empty = the subject and the text cannot be empty.
rmail-err-subject = the subject can have at most 200 characters and no line break.
rmail-no-deadline = the end of the round
rmail-button = Open the questionnaire
resp-title = Respondent list and mails: { $round }
resp-link = Respondent list and mails
resp-intro = Here you upload a list of addresses for all organisations, edit the invitation and the reminder, and send them. Each address gets a link of its own that works once. The list only knows whether someone has answered, never what they answered.
resp-counts-h = The list per organisation
resp-org = Organisation
resp-listed = Listed
resp-invited = Invited
resp-completed = Completed
resp-failed = Refused by the mail server
resp-none = The list holds no addresses yet.
resp-addresses-link = See the addresses
resp-upload-h = Upload a list
resp-upload-help = A CSV or Excel file with the columns org, email and optionally role. org is the organisation's id, CVR number or exact name. An address already on the list (in any letter case) is not added again.
resp-upload-help-staff = A CSV or Excel file with the columns org, email and optionally role, for { $org } only. Answers through links to your own list count toward the round's minimum once the organiser has approved them.
resp-file = File
resp-upload = Upload the list
resp-upload-error-h = The list was not uploaded
resp-upload-error-intro = Nothing was imported. Correct these rows and try again:
resp-upload-no-file = Choose a file.
resp-upload-too-big = The file is too large (at most { $mb } MB).
resp-imported-h = The list is uploaded
resp-added = New
resp-already = Already listed
resp-texts-h = The mails' text
resp-texts-help = Placeholders: {"{"}organisation{"}"}, {"{"}link{"}"}, {"{"}deadline{"}"} and {"{"}sender{"}"}. The text must hold {"{"}link{"}"}, which goes on a line of its own. An empty text gives the default text in the round's language.
resp-invitation = Invitation
resp-reminder = Reminder
resp-subject = Subject
resp-body = Text
resp-save-texts = Save the texts
resp-texts-saved = The texts are saved.
resp-text-error = { $which }: { $error }
resp-send-h = Send
resp-will-invite = { $n ->
    [one] 1 address will get an invitation.
   *[other] { $n } addresses will get an invitation.
}
resp-will-remind = { $n ->
    [one] 1 address will get a reminder.
   *[other] { $n } addresses will get a reminder.
}
resp-preview-invitation = See the invitation before it is sent
resp-preview-reminder = See the reminder before it is sent
resp-progress-h = The round's mails
resp-progress-reload = Refresh
resp-progress-unknown = Mails of unknown outcome can be resent by your choice under Mail.
resp-preview-title = { $which }: see the mail before it is sent
resp-preview-example = The example uses { $org } from the list and an example link that does not work. Each recipient gets a link of their own.
resp-preview-none = Nobody gets this mail right now.
resp-confirm = Send to { $n } addresses
resp-count-changed = The list has changed since you saw the preview: { $n } addresses now get the mail, not { $before }. Nothing was sent. Check, and confirm again.
resp-queued = { $n } mails are queued and being sent.
resp-busy = Someone else is sending this round's mails right now. Try again in a moment.
resp-delete-h = Delete the addresses
resp-delete-help = The round is closed. You can delete its addresses now; otherwise they are deleted when the round's retention ends. The answers and the counts stay.
resp-delete = Delete the round's addresses
resp-delete-confirm-title = Delete the addresses of { $round }?
resp-delete-confirm-text = { $n } addresses and the round's mails to them are deleted. This cannot be undone. Nobody can get a reminder afterwards.
resp-delete-done = The round's addresses are deleted.
resp-addresses-title = Addresses: { $round }
resp-addresses-help = Only whether someone was invited and whether they have answered – never what they answered.
resp-email = Address
resp-role = Role
resp-yes = yes
resp-no = no
resp-staff-title = Your respondent list: { $org }
resp-staff-link = Your respondent list
resp-example-token = example-not-a-real-link
resp-preview-html = The mail as HTML
resp-delete-open = The addresses can be deleted once the round has closed. Until then they can get reminders.
resp-problem-column = Line { $line }, column { $column }: { $reason }
resp-problem-line = Line { $line }: { $reason }
resp-err-unknown-column = unknown column (the columns are org, email and role).
resp-err-column-twice = the column is given twice.
resp-err-missing-columns = the header must name the columns org and email (role is optional).
resp-err-too-many-rows = the list has { $n } rows; at most { $max }.
resp-err-field-count = { $got } fields, but the header has { $want }.
resp-err-no-org = no organisation is given.
resp-err-no-email = no address is given.
resp-err-bad-email = this is not an e-mail address like name@kommune.dk.
resp-err-role-too-long = the role is longer than 100 characters.
resp-err-no-addresses = the list holds no addresses.
resp-err-empty = the file is empty.
resp-err-unreadable = the file cannot be read ({ $why }).
resp-err-unknown-org = “{ $org }” is no organisation (give its id, CVR number or exact name).
resp-err-other-org = “{ $org }” is another organisation: your list can only hold your own.
resp-back = Back
## Rates: deadline, participation, links handed over as files, open links (issue 14)
intro-deadline = Please answer by { $date }.
round-deadline = Deadline (optional)
round-deadline-hint = The last day to answer, as YYYY-MM-DD (Danish time). Shown on the links' first page and in mails.
round-close-after-deadline = Close the round by itself once the deadline day is over
round-language = The round's language (mails and the links' first page)
round-closes-itself = closes by itself afterwards
round-no-deadline = None
round-deadline-change = Change the deadline and language
round-deadline-save = Save deadline and language
err-deadline = The deadline "{ $date }" is not a date such as 2027-01-31.
err-deadline-needed = Give a deadline if the round is to close by itself.
err-deadline-closed = The round is closed: its deadline can no longer change.
participation-title = Participation
participation-lead = How many were invited, have started and have completed, per organisation. The figures count links, never answers.
participation-definitions = How it is counted
participation-invited = Invited
participation-started = Started
participation-completed = Completed
participation-rate = Response rate
participation-invited-def = Addresses on the respondent list that were sent at least one mail, plus single-use links made by hand (not those an open link handed out). Revoked links do not count.
participation-started-def = Links on which at least one page was saved (started or completed), open links' visitors included.
participation-completed-def = Links whose response was submitted, open links' visitors included.
participation-rate-def = Completed divided by invited; empty when nobody was invited. It can pass 100 % when open links bring more people than were invited.
participation-filter = Filter
participation-all = All
participation-tag = Tag
participation-table = Participation per organisation
participation-col-name = Organisation
participation-col-kind = Kind
participation-col-invited = Invited
participation-col-started = Started
participation-col-completed = Completed
participation-col-rate = Response rate
participation-col-id = Id
participation-shown-total = Total (shown)
participation-total = Network total
participation-total-withheld = The network's total shows once at least { $min } other organisations take part: with fewer it could give away a single organisation.
participation-days = Completions per day
participation-days-none = No completed responses yet.
participation-days-network = Submitted responses per day across the network (Danish time).
participation-days-shown = Submitted responses per day for the organisations shown (Danish time).
participation-days-own = Submitted responses per day for your organisation (Danish time).
participation-day = Day
participation-csv = Download participation as CSV
participation-xlsx = Download participation as Excel (XLSX)
links-output = How do you want the links?
links-output-hint = The links can only be fetched now: Trappe does not keep them in clear text.
links-output-screen = Show them here
links-output-csv = Download a CSV file (for a mail merge)
links-output-xlsx = Download an Excel file (XLSX)
links-file-link = Link
links-page-tokens-note = The links themselves are never shown here: Trappe keeps only a code that cannot be turned back into the link. Download them as a file when you make them.
language-da = Dansk
language-en = English
# report: summary, peer groups, print (issue 15)
report-summary = Summary
report-made = Made { $date }
report-sum-step = Step { $level }: { $name }
report-sum-here = The organisation stands on
report-sum-next = The next step is
report-sum-next-requires = It takes
report-sum-next-dims = Furthest from step { $level }: { $dims }.
report-sum-top = The organisation stands on the top step.
report-sum-position = Number { $rank } of { $n } in the peer group ({ $group }).
report-sum-certain = The placement on step { $level } is certain: the 95% interval ({ $lo } to { $hi }) lies within the step.
report-sum-uncertain = The placement on step { $level } is uncertain: the 95% interval runs from { $lo } to { $hi }, across a step.
report-sum-role-none = The difference between leaders and employees is shown from { $min } responses of each.
report-sum-role-higher = Leaders rate the organisation { $diff } higher than employees on average; the difference is largest in { $dim } ({ $widest }).
report-sum-role-lower = Leaders rate the organisation { $diff } lower than employees on average; the difference is largest in { $dim } ({ $widest }).
report-sum-role-same = Leaders and employees rate the organisation alike in every dimension (within 0.1).
report-sum-position-head = Among the peer group
report-sum-role-head = Leaders and employees
report-list-and = { $init } and { $last }
report-peers-all = all organisations in the round
report-peers-kind = the same kind ({ $kind })
report-peers-tag = tagged “{ $tag }”
report-peer-group = { $group }, { $n } organisations
report-peers-choose = Compare with
report-peers-show = Show
report-compared-with = Peer group: { $group }.
report-own-words = In the respondents' own words
report-own-words-lead = What holds the organisation back? The answers are in alphabetical order, without role and without the order they came in.
cohort-own-words-lead = The respondents' own words on barriers, for organisations whose results are shown; in alphabetical order, without role.
report-appendix = Appendix: the figures behind the charts
report-appendix-lead = Each chart of the report with its numbers as a table.
report-page-of = Page { $page } of { $pages }
cohort-stairs-filter = Show the staircase for
cohort-stairs-n = { $n } organisations with a score.
cohort-stairs-median = Median

# respondent's questionnaire (issue 16, items 1-5): first page, other answers, review, scale
intro-answers-for = You answer for { $org }.
intro-scope-default = When the questions say "your organisation", they mean { $org }.
intro-sender-h = Sender
intro-deadline-h = Deadline
intro-time-h = Time
intro-time = Typically { $lo }–{ $hi } minutes, worked out from the length of the questions.
answer-others-h = Other answers:
scale-end-low = 1: { $text }
scale-end-high = { $n }: { $text }
save-review = Save and go to the review
review-unanswered-count = { $n ->
    [one] One question is not answered.
   *[other] { $n } questions are not answered.
} They are marked "Not answered" below. You can answer them or submit anyway; then they do not count.
review-role = Your role
review-role-none = Not given (optional)
review-change = Change
review-answer = Answer
review-not-answered = Not answered
review-answered-of = { $n } of { $total } answered
review-own = Your own barrier
resp-scope = What does "your organisation" mean?
resp-scope-help = Shown on the questionnaire's first page under the name of the organisation the respondent answers for. Say, for example, whether it is the unit or the whole municipality. Empty: "When the questions say "your organisation", they mean" and the organisation's name.
resp-scope-label = Text for the respondents (at most 500 characters)
resp-scope-error = The text about "your organisation" is too long: at most { $max } characters.

## Contacts: refused rows grouped, figures that cannot be computed (issue 16 items 7 and 8)
import-group = { $n ->
    [one] { $count } row refused in the column { $column }:
   *[other] { $count } rows refused in the column { $column }:
}
import-group-row = { $n ->
    [one] { $count } row refused:
   *[other] { $count } rows refused:
}
import-group-more = … and { $n } more rows of the same kind (see them all in the file of refused rows).
import-refused-download = Download every refused row (CSV)
import-refused-download-hint = The rows as they were in the file, under its first line. The file is deleted two hours after you uploaded it.
channels-unknown = cannot be computed
channels-repeats-unknown = Repeat contacts cannot be computed: no contact in the log has both a citizen key and a case key, and a repeat contact is another contact from the same citizen about the same case. Add the columns "{ $citizen }" and "{ $case }" to the log (they are stored only as keys that cannot be traced back to the person), and the figure can be computed.
channels-satisfaction-unknown = Satisfaction cannot be computed: no contact in the log has an answer in the column "{ $column }". Add the column with the citizens' answers, and the figure can be computed.
channels-effort-unknown = Effort cannot be computed: no contact in the log has an answer in the column "{ $column }". Add the column with the citizens' answers, and the figure can be computed.
report-channels-text-no-keys = In { $month }, { $share } of the contacts were digital ({ $trend }). Repeat contacts { $repeat }: the log's { $contacts } contacts have no citizen and case keys.

## Exports in the page's language (issue 16 item 14; issue 15 item 5 in exports)
export-own-words = own words
export-yes = yes
export-no = no
export-answer-dk = don't know
export-answer-na = not relevant
export-group-all = all
export-group-kind = kind
export-group-tag = tag
export-col-org-id = Organisation id
export-col-name = Name
export-col-kind = Kind
export-col-tags = Tags
export-col-responses = Responses
export-col-withheld = Withheld
export-col-overall = Overall
export-col-group-kind = Group
export-col-group-value = Group name
export-col-measure = Measure
export-col-n = Count
export-col-mean = Mean
export-col-median = Median
export-col-best-in-class = Best in class
export-col-min = Min
export-col-max = Max
export-col-response = Response
export-col-org = Organisation
export-col-role = Role
export-col-text = Text
export-col-dim-level = { $dim }: step
export-col-dim-low = { $dim }: lower bound
export-col-dim-high = { $dim }: upper bound
export-col-level-n = Step { $level }
export-col-barrier = Barrier: { $name }

## Report: chart downloads and print (issue 15, items 6 and 7)
chart-download-svg = Download as SVG
chart-download-png = Download as PNG
chart-source = Source: Trappe, { $round }, { $org }, { $date }
cohort-chart-source = Source: Trappe, { $round }, { $group } ({ $n } organisations), { $date }

## Any maturity model (issue 18): the scoring rule as a model states it, targets
rule-value-model = Each answer has the value the model gives its option (e.g. 0, 0.25, 0.5 or 1 in OWASP SAMM).
rule-unanswered-none = "Don't know" and unanswered questions carry no value.
rule-unanswered-lowest = "Don't know" and unanswered questions count as the lowest value.
rule-na-none = "Not relevant" counts as an unanswered question.
rule-na-excluded = "Not relevant" counts neither for nor against: the question leaves the denominator.
rule-respondent-mean = A respondent's score for a dimension is the weighted mean of the values in it.
rule-stream-sum = A respondent's score for a stream is the sum of the stream's values; a dimension's score is the mean of its streams (OWASP SAMM's rule).
rule-groups = A group's score is the weighted mean of its dimensions' scores; the overall score is the weighted mean of the groups.

## ---- Models on the web (issue 18) ----
models-title = Maturity models
models-link = Maturity models: see them, and import a new one
models-intro = A round uses one particular version of a model, and a stored version never changes. A changed model is a new model: give it a new version number.
models-stored = The stored models
model-key = Model and version
model-name = Name
model-questions = Questions
model-rounds = Rounds using it
model-no-rounds = None
model-upload-title = Import a model
model-upload-hint = A model file in TOML (as trappe model validate checks it) or an OWASP SAMM release as a ZIP file with its model/ folder. You see every problem, or a preview, before anything is stored.
model-version = Version (for a SAMM release only)
model-version-hint = The SAMM data does not state which release it is, e.g. 2.2.0. The model is stored as samm@VERSION. A TOML file states its own version.
model-file = File (TOML or ZIP)
model-file-problems = { $n ->
    [one] The file has one problem; see it at the top of the page.
   *[other] The file has { $n } problems; see them at the top of the page.
}
model-upload-button = Check and show the model
model-refused = { $n ->
    [one] The model was refused for one problem. Nothing was stored.
   *[other] The model was refused for { $n } problems. Nothing was stored.
}
model-imported = The model is stored:
model-preview-title = Preview
model-preview-valid = The model is valid. It is not stored yet.
model-languages = Languages
model-groups = Groups
model-dimensions = Dimensions
model-scale = Steps
model-import-hint = Check the questionnaire below in both languages. Once stored, the model cannot change.
model-import-button = Store the model
model-upload-other = Import another file
model-preview-in-da = The questionnaire in Danish
model-preview-in-en = The questionnaire in English
model-preview-missing-lang = The model has no texts in this language; its first language is shown
model-option-legend = Each answer is shown as step (value): text.
model-weight = weight
model-stream = stream
model-no-file = Choose a file to import.
model-version-missing = Give the SAMM release's version, e.g. 2.2.0.
model-version-bad = The version may only have letters, digits, full stops, hyphens and underscores, at most 32 characters.
model-not-text = The file is neither a ZIP file nor UTF-8 text (TOML).
model-too-large = The model is { $size } MB; at most { $limit } MB is read.
model-syntax = The file is not valid TOML: { $detail }
model-problem-line = Line { $line }: { $path }: { $message }
model-problem-field = { $path }: { $message }
model-problem-file = { $file }: { $message }
model-zip-unreadable = The file cannot be read as a ZIP archive ({ $detail }).
model-zip-too-many = The archive has { $entries } files and folders; at most { $limit } are read.
model-zip-too-large = The archive unpacks to over { $size } MB; at most { $limit } MB is read.
model-zip-unsafe = The archive is refused: the path “{ $name }” points outside the archive.
model-zip-encrypted = The archive is refused: the file “{ $name }” is encrypted.
model-zip-no-model = The archive has no .yml files in a folder named model/ (the SAMM release's model folder).
model-zip-two-models = The archive has two model folders, “{ $a }” and “{ $b }”; import one release at a time.
model-zip-not-text = The file { $name } in the archive is not UTF-8 text.
model-exists = The model { $key } is stored already and is not changed. A new version is a new model: give the changed model a new version number.
target-title = Target for { $org }
target-saved = The target is saved.
target-intro = Answer the questionnaire as you want to be. The target is your own: it never counts in a benchmark, an average or the number of responses.
target-scores-h = Score and target
target-score-now = Score now
target-score-target = Target
target-scores-hint = The target is scored by the model's rules as if it were one response. – means no score.
target-none = No target has been set in this round yet.
target-no-target = No target
target-save = Save the target
target-link-edit = Set your target
target-link-view = See the target
target-refused = “{ $value }” is not an answer to the question “{ $question }”. Nothing was saved.
target-unknown-question = The question “{ $question }” is not in the round's model. Nothing was saved.
