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

# cohort
min-orgs = Mindste antal organisationer i en sammenligningsgruppe
distribution = Fordeling på trappens trin
distribution-caption = Antal organisationer på hvert trin
group-withheld-why = Tallene for gruppen vises ikke: der skal være mindst { $min } organisationer med resultater, så ingen organisation kan genkendes.
group-withheld-short = Vises ikke (under { $min } organisationer)
cohort-table = Alle organisationer
sort-by = sortér
spread = Spredning pr. område
spread-desc = For hvert område: en linje fra laveste til højeste score, en lodret streg ved medianen og en prik ved gennemsnittet, på en skala fra 1 til 5.
spread-caption = Linjen går fra laveste til højeste score; stregen er medianen, prikken gennemsnittet. Tallene står i tabellen.
min = Laveste
max = Højeste
median = Median
best-in-class = Bedst i klassen
barriers-ranked = Barrierer på tværs af deltagerne
barriers-ranked-caption = Barrierer rangeret efter, hvor meget de holder organisationerne tilbage (1 = slet ikke, 5 = meget)
barrier = Barriere
barrier-mean = Gennemsnit (1-5)
answers = Svar
peer-groups = Sammenligningsgrupper
peer-groups-caption = Samlet score pr. sammenligningsgruppe
peer-group = Sammenligningsgruppe
group-all = Alle deltagere

# report
report-link = Rapport
report-title = Rapport
report-print-hint = Rapporten er sat op til at blive udskrevet på A4 eller gemt som pdf fra browserens udskriftsmenu.
report-peers-withheld = Gennemsnit og bedst i klassen vises ikke, fordi der er færre end { $min } organisationer med resultater i målingen (der er { $n }). Sådan sikrer vi, at ingen organisation kan genkendes.
report-uncertain-overall = Placeringen er usikker, fordi intervallet når over et trin:
report-step = trin { $level }
report-step-interval = trin { $level } ({ $lo } til { $hi })
report-staircase = Placering på modenhedstrappen
report-stair-summary = { $name } står på trin { $level }, { $level_name }, med en samlet score på { $score }.
report-stair-peers = { $n ->
    [one] Den anden organisation i målingen er vist som en anonym, hvid prik.
   *[other] De { $n } andre organisationer i målingen er vist som anonyme, hvide prikker.
}
report-stair-no-peers = De andre organisationer vises ikke, fordi der er færre end { $min } organisationer med resultater.
report-orgs-on-step = Organisationer på trinnet
report-dimensions = Områderne
report-dims-lead = For hvert område: organisationens score med et 95 %-interval, og hvor gennemsnittet og de bedste i målingen ligger. Skalaen går fra 1 til 5.
report-dims-chart = Score pr. område med 95 %-interval, gennemsnit og bedst i klassen
report-dims-table = Områderne som tabel
report-dims-summary = Højest: { $high } ({ $high_score }). Lavest: { $low } ({ $low_score }).
report-dims-above = Organisationen ligger over gennemsnittet på { $above } af { $n } områder.
report-legend-score = Score
report-legend-interval = 95 %-interval
report-legend-mean = Gennemsnit
report-legend-best = Bedst i klassen
report-interval = 95 %-interval
report-placement = Placering
report-peer-mean = Gennemsnit
report-best = Bedst i klassen
report-uncertain-hint = Intervallet viser, hvor sikker scoren er: med andre respondenter fra samme organisation ville scoren med 95 % sandsynlighed ligge inden for det. Når intervallet når over et trin, står det i parentes ved placeringen. Bedst i klassen er gennemsnittet af den bedste fjerdedel af organisationerne.
report-radar = Profil på tværs af områderne
report-radar-chart = Profil: organisationen mod gennemsnittet og bedst i klassen
report-radar-table = Profilen som tabel
report-radar-summary = Profilen viser { $name } (fuld linje) mod gennemsnittet (stiplet linje) og bedst i klassen (prikket linje) på de { $n } områder. Jo længere ude, jo højere score.
report-radar-summary-alone = Profilen viser scoren for { $name } på de { $n } områder. Jo længere ude, jo højere score.
report-radar-none = Profilen kræver en score på alle områder.
report-strengths-gaps = Styrker og udfordringer
report-strengths = Styrker: længst over gennemsnittet
report-gaps = Udfordringer: længst fra bedst i klassen
report-strength = { $dim }: { $diff } over gennemsnittet ({ $score } mod { $mean })
report-gap = { $dim }: { $diff } under bedst i klassen ({ $score } mod { $best })
report-no-strengths = Organisationen ligger ikke over gennemsnittet på noget område.
report-no-gaps = Organisationen er på højde med de bedste på alle områder.
report-traits = De fire kendetegn ved de bedste
report-traits-lead = De bedste serviceorganisationer har fire ting til fælles. Scoren for hvert kendetegn er gennemsnittet af svarene på de spørgsmål, der viser det.
report-traits-peers = Sammenligningen er gennemsnittet af de øvrige organisationer i målingen.
report-traits-chart = De fire kendetegn ved de bedste: organisationen mod de øvrige
report-traits-table = Kendetegnene som tabel
report-traits-summary = Stærkest: { $high } ({ $high_score }). Svagest: { $low } ({ $low_score }).
report-trait = Kendetegn
report-peers = Øvrige organisationer
report-barriers = Barrierer
report-barriers-lead = Hvor meget hver barriere holder organisationen tilbage ifølge respondenterne, fra 1 (slet ikke) til 5 (meget). Den største barriere står øverst.
report-barriers-peers = Sammenligningen er gennemsnittet af alle respondenter i målingen.
report-barriers-chart = Barrierer: organisationen mod de øvrige
report-barriers-table = Barriererne som tabel
report-barriers-summary = Største barriere: { $high } ({ $high_score }). Mindste: { $low } ({ $low_score }).
report-barrier = Barriere
report-ratings = Antal svar
report-barrier-few = under { $min } svar
report-no-values = Der er ingen tal at vise endnu.
report-next-steps = Næste skridt
report-next-lead-best = Ordnet efter afstanden til bedst i klassen, den største først.
report-next-lead-step = Ordnet efter afstanden til næste trin, den største først.
report-next-from-to = fra trin { $from } til trin { $to }
report-next-stay = bliv på trin { $level }
report-next-none = Der er ingen næste skridt at foreslå ud fra målingen.
report-role-gap = Ledere og medarbejdere
report-role-gap-lead = Sådan ser ledere ({ $leaders } besvarelser) og medarbejdere ({ $employees } besvarelser) organisationen. En positiv forskel betyder, at lederne vurderer området højere end medarbejderne.
report-role-gap-table = Ledernes og medarbejdernes score pr. område
report-leaders = Ledere
report-employees = Medarbejdere
report-difference = Forskel
report-trend = Udviklingen over tid
report-trend-chart = Samlet score i organisationens målinger
report-trend-table = Scorer i organisationens målinger på samme model
report-trend-summary = Den samlede score er gået fra { $first } i { $first_round } til { $last } i { $last_round }.
report-trend-first = Det er organisationens første måling på denne model. Udviklingen vises fra næste måling.
report-this-round = denne måling
report-all-equal = Samme score overalt: { $score }.

# security
login-throttled = For mange mislykkede forsøg på at logge ind. Vent et kvarter, og prøv igen.

# export
export = Eksport
export-intro = Resultater, benchmarks og de anonyme besvarelser. Besvarelser fra organisationer under minimum er udeladt.
export-xlsx = Excel (XLSX, tre ark)
export-csv = CSV
export-results = resultater
export-benchmarks = benchmarks
export-responses = besvarelser
export-json = JSON
