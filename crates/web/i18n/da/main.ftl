# Trappe: dansk (standardsprog)

skip-to-content = Gå til indhold
nav-label = Hovedmenu
nav-admin = Administration
nav-account = Konto
logout = Log ud
footer-text = Trappe: mål servicemodenheden, sammenlign jer med andre, og handl på det.
save = Gem
form-error = Formularen kunne ikke gemmes

home-title = Trappe: hvor servicemoden er jeres organisation?
home-lead = Trappe måler offentlige organisationers servicemodenhed på modenhedstrappens fem trin, sammenligner dem med hinanden og viser de næste skridt.
home-respondents = Har du fået et link til et spørgeskema? Så åbn linket direkte; du behøver ingen konto.

login = Log ind
login-failed = Brugernavn eller adgangskode er forkert. Prøv igen.
username = Brugernavn
password = Adgangskode

password-title = Skift adgangskode
password-forced = Du er logget ind med en engangsadgangskode. Vælg din egen adgangskode, før du fortsætter.
password-current = Nuværende adgangskode
password-new = Ny adgangskode
password-repeat = Gentag ny adgangskode
password-rule = Mindst 12 tegn. Brug gerne en sætning, du kan huske.
password-wrong-current = Den nuværende adgangskode er forkert.
password-mismatch = De to nye adgangskoder er ikke ens.
password-too-short = Den nye adgangskode er for kort: den skal have mindst 12 tegn.
password-too-common = Den nye adgangskode er for let at gætte. Vælg en anden.

admin-title = Administration
rounds = Målinger
no-rounds = Der er ingen målinger endnu.
round-name = Navn på målingen
model = Modenhedsmodel
status = Status
status-draft = Kladde (ikke åben)
status-open = Åben
status-closed = Lukket
participants = Deltagere
complete-responses = Fuldførte besvarelser
partial-responses = Påbegyndte besvarelser
round-create = Opret måling
min-responses = Mindste antal besvarelser
min-responses-hint = Under dette antal fuldførte besvarelser vises ingen resultater for en organisation (1 er tilladt ved selvevaluering).
organisations = Organisationer
no-orgs = Der er ingen organisationer endnu. Tilføj dem først.
org-name = Navn
org-kind = Type
org-cvr = CVR-nummer (valgfrit)
org-tags = Grupper
org-tags-hint = Adskil med komma, fx "Region Midt, over 50.000 indbyggere".
org-add = Tilføj organisation
kind-kommune = Kommune
kind-region = Region
kind-stat = Statslig myndighed
kind-andet = Anden

round-open = Åbn målingen
round-close = Luk målingen
results = Resultater
no-participants = Ingen organisationer deltager endnu. Lav links til en organisation herunder.
results-table-caption = Resultater pr. organisation
organisation = Organisation
overall-score = Samlet score
level = Trin
level-name = Trinnets navn
links-made = Links lavet
no-score = Ingen score
n-of-min = { $n } af { $min } besvarelser
invite = Invitér respondenter
invite-help = Lav anonyme links til en organisations respondenter. Et engangslink kan bruges af én person; et åbent link kan deles med en gruppe op til et loft.
link-kind = Slags link
link-kind-single = Engangslinks (ét pr. respondent)
link-kind-open = Ét åbent link med loft
link-count = Antal links (eller loft for det åbne link)
invite-make = Lav links

links-title = Links
links-made-n = { $n ->
    [one] Der er lavet ét engangslink.
   *[other] Der er lavet { $n } engangslinks.
}
links-open-made = Der er lavet ét åbent link til højst { $cap } respondenter.
links-once = Gem linkene nu: af hensyn til sikkerheden gemmer Trappe kun en kode, der ikke kan føres tilbage til linket, så de kan ikke vises igen.
links-copy = Alle links (til kopiering)

staircase-title = Modenhedstrappen
staircase-caption = Modenhedstrappens fem trin. Prikkerne viser organisationernes samlede score; tallene står også i tabellen.
staircase-table = Modenhedstrappen som tabel
here = Placering
withheld-explained = Resultaterne vises ikke endnu: { $n } af { $min } nødvendige fuldførte besvarelser. Så ingen enkelt besvarelse kan genkendes.
based-on-n = { $n ->
    [one] Baseret på én fuldført besvarelse.
   *[other] Baseret på { $n } fuldførte besvarelser.
}
how-computed = Sådan er scoren beregnet
how = Beregning
dimensions = Områder
dimension = Område
score = Score
respondents-counted = Respondenter talt med

rule-title = Beregningsreglen
rule-value = Hvert svar har værdien af sit trin, 1 til 5. "Ved ikke", "ikke relevant" og ubesvarede spørgsmål har ingen værdi.
rule-respondent = En respondents score for et område er det vægtede gennemsnit af værdierne i området. Har respondenten givet en værdi til færre end halvdelen af områdets spørgsmål, tæller respondenten ikke med i området.
rule-org = Organisationens score for et område er gennemsnittet af de fuldførte respondenters scorer for området.
rule-overall = Den samlede score er det vægtede gennemsnit af områdernes scorer (med modellens vægte).
rule-level = Trinnet er scoren rundet ned (fx 3,7 står på trin 3). Scoren vises med én decimal.
rule-min = Resultater vises først, når en organisation har mindst { $min } fuldførte besvarelser.
counted-uncounted = Talt med: { $counted } respondenter; ikke talt med (for få svar i området): { $uncounted }.
weight = Vægt
answers-per-question = Svar pr. spørgsmål (antal respondenter pr. trin)
question = Spørgsmål
unanswered = Ubesvaret
mean = Gennemsnit

link-unknown-title = Linket findes ikke
link-unknown-body = Linket er ikke gyldigt. Tjek, at du har kopieret hele linket, eller bed om et nyt.
round-not-open-title = Målingen er ikke åbnet endnu
round-not-open-body = Spørgeskemaet kan besvares, når målingen åbner. Prøv igen senere med det samme link.
round-closed-title = Målingen er lukket
round-closed-body = Målingen er afsluttet, så der kan ikke længere svares. Tak for din interesse.
link-used-title = Linket er allerede brugt
link-used-body = Der er allerede indsendt en besvarelse med dette link. Hvert link kan kun bruges én gang.
link-full-title = Linket er fuldt
link-full-body = Det største antal besvarelser for dette link er nået. Kontakt den, der sendte dig linket.
thanks-title = Tak for din besvarelse
thanks-body = Din besvarelse er modtaget. Den er anonym og indgår kun i resultater for grupper af respondenter.

progress-label = Fremskridt
page-of = Side { $n } af { $total }
intro-lead = Spørgeskemaet har { $n } spørgsmål om, hvordan jeres organisation arbejder med service. For hvert spørgsmål vælger du den beskrivelse, der passer bedst på jer i dag.
intro-anonymous = Din besvarelse er anonym: den kobles ikke til dit navn, din e-mail eller din adresse, og resultater vises kun for grupper.
intro-save = Hver side gemmes, når du går videre. Du kan lukke siden og fortsætte senere med det samme link.
welcome-back = Velkommen tilbage. Dine svar er gemt.
continue-where = Fortsæt, hvor du slap
start = Start
continue = Fortsæt
answer-dont-know = Ved ikke
answer-not-relevant = Ikke relevant for os
barriers-title = Barrierer
review-title = Gennemse og indsend
save-back = Gem og gå tilbage
save-next = Gem og fortsæt
saved-hint = Dine svar gemmes, når du trykker på en af knapperne.
review-lead = Her ser du, hvad du har svaret på. Du kan gå tilbage og rette, før du indsender. Ubesvarede spørgsmål tæller ikke med.
review-role-missing = Du har ikke angivet din rolle. Angiv den her (valgfrit).
section = Del
answered = Besvaret
all-answered = Alle besvaret
submit-final = Når du indsender, kan besvarelsen ikke ændres.
submit = Indsend besvarelse
