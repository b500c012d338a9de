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
intro-save = Hver side gemmes, når du går videre. Du kan lukke siden og fortsætte senere med det samme link, på denne eller en anden enhed (fx fra computeren til telefonen).
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
submit-final = Når du indsender, kan besvarelsen ikke ændres.
submit = Indsend besvarelse

# cohort
min-orgs = Mindste antal organisationer i en sammenligningsgruppe
distribution = Fordeling på trappens trin
distribution-caption = Antal organisationer på hvert trin
group-withheld-why = Tallene for gruppen vises ikke: der skal være mindst { $min } organisationer med resultater, så ingen organisation kan genkendes.
group-withheld-short = Vises ikke (under { $min } organisationer)
group-withheld-complement = Vises ikke (ellers kunne en mindre gruppe regnes ud)
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
report-dims-above = Organisationen ligger mindst 0,1 over gennemsnittet på { $above } af { $n } områder.
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
report-strengths = Styrker: længst over gennemsnittet
report-gaps = Udfordringer: længst fra bedst i klassen
report-strength = { $dim }: { $diff } over gennemsnittet ({ $score } mod { $mean })
report-gap = { $dim }: { $diff } under bedst i klassen ({ $score } mod { $best })
report-no-strengths = Organisationen ligger ikke mindst 0,1 over gennemsnittet på noget område.
report-no-gaps = Organisationen ligger mindre end 0,1 fra de bedste på alle områder.
report-best-withheld = Bedst i klassen vises fra { $min } organisationer med resultater, så ingen enkelt organisations score kan regnes ud. Derfor er der ingen udfordringer målt mod den her.
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
login-wait-seconds = For mange forkerte forsøg på denne konto herfra. Prøv igen om { $seconds ->
    [one] et sekund
   *[other] { $seconds } sekunder
}.
login-wait-minutes = For mange forkerte forsøg på denne konto herfra. Prøv igen om { $minutes } minutter.

# export
export = Eksport
export-intro = Resultater, benchmarks, de anonyme besvarelser og respondenternes egne ord om barrierer (for sig, sorteret alfabetisk). Besvarelser og egne ord fra organisationer under minimum er udeladt.
export-xlsx = Excel (XLSX, fire ark)
export-csv = CSV
export-results = resultater
export-benchmarks = benchmarks
export-responses = besvarelser
export-json = JSON
link-throttled-title = For mange forsøg
link-throttled-body = Der er prøvet for mange ugyldige links fra din forbindelse. Vent et kvarter, og prøv igen med hele linket.

# privacy
footer-privacy = Privatlivspolitik
footer-accessibility = Tilgængelighedserklæring
privacy-title = Privatlivspolitik
privacy-intro = { $org } bruger Trappe til at måle, hvor servicemodne offentlige organisationer er. Her kan du læse, hvilke oplysninger Trappe gemmer, hvorfor de gemmes, og hvor længe.
privacy-controller-h = Dataansvarlig
privacy-controller = { $org } er dataansvarlig for de oplysninger, der behandles i denne installation af Trappe.
privacy-contact = Kontakt:
privacy-contact-unset = ingen kontaktadresse er angivet (start Trappe med --contact-email)
privacy-org-unset = installationens ejer (navnet er ikke angivet: start Trappe med --org-name)
privacy-answers-h = Når du besvarer spørgeskemaet
privacy-answers-anonymous = Dine svar er anonyme. Trappe gemmer dine svar, den rolle du vælger (topledelse, mellemleder eller medarbejder) og den barriere, du selv skriver, men ikke dit navn, din e-mailadresse, din IP-adresse eller oplysninger om din browser (user agent).
privacy-answers-freetext = Skriv ikke navne eller andre personoplysninger i feltet til din egen barriere.
privacy-answers-link = Dit link er kun til dig, men det siger ikke, hvem du er. Trappe gemmer aldrig selve linket, kun et kryptografisk fingeraftryk af det (en hash). Mens du svarer, holder linket styr på dine svar, så du kan fortsætte senere. Når du indsender, klippes forbindelsen mellem linket og dine svar over: tilbage står kun, at linket er brugt.
privacy-answers-threshold = Resultater vises aldrig for en gruppe, der er mindre end målingens minimum (som udgangspunkt 3 besvarelser for en organisation og 5 organisationer for en sammenligningsgruppe), så ingen kan genkendes på sine svar.
privacy-purpose-h = Formål
privacy-purpose = Oplysningerne bruges til at vise hver organisation, hvor den står på modenhedstrappen, til at sammenligne den med andre organisationer og til at pege på dens næste skridt. De bruges ikke til andet, og de sælges eller videregives ikke. Den dataansvarlige fastlægger grundlaget for behandlingen; for offentlige myndigheder er det typisk udførelsen af en opgave i samfundets interesse (databeskyttelsesforordningens artikel 6, stk. 1, litra e).
privacy-accounts-h = Brugerkonti, cookies og logbog
privacy-accounts = For arrangører og kontaktpersoner gemmer Trappe brugernavn, rolle, organisation og en hash af adgangskoden, aldrig selve adgangskoden. Én cookie holder dig logget ind, en anden husker dit sprogvalg, og en tredje husker i et halvt år, at denne browser har logget ind på kontoen før, så andres forkerte forsøg ikke kan spærre dig ude (den indeholder kun et tilfældigt tal og et segl). Trappe bruger ingen cookies til statistik eller markedsføring, og siderne henter intet fra andre websteder.
privacy-throttle = For at bremse forsøg på at gætte adgangskoder og links gemmer Trappe mislykkede log-ind og forsøg med ugyldige links i op til et kvarter, knyttet til brugernavnet eller til en hash af IP-adressen. Det knyttes aldrig til en besvarelse.
privacy-audit = Trappe fører en logbog over, hvem der har gjort hvad: log-ind, eksporter, sletninger, og hvornår arrangører har set resultater. Logbogen kan ikke ændres eller slettes, og kun arrangører kan se den.
privacy-retention-h = Hvor længe oplysningerne gemmes
privacy-retention = En målings besvarelser, svar og links slettes automatisk, når målingens opbevaringsperiode udløber: som udgangspunkt 3 år efter, at målingen er lukket. Målingens navn bevares med en note om, at dens data er slettet, og sletningen skrives i logbogen.
privacy-leave = Når en organisation forlader Trappe, kan den få udleveret alt, hvad Trappe har om den, og derefter få det hele slettet.
privacy-rights-h = Dine rettigheder
privacy-rights = Fordi besvarelserne er anonyme, kan hverken vi eller andre finde netop dine svar frem, rette dem eller slette dem. Har du en brugerkonto, har du ret til indsigt i, berigtigelse af og sletning af oplysningerne om dig; skriv til os på adressen ovenfor. Du kan også klage til Datatilsynet (www.datatilsynet.dk).
privacy-admin-h = Databeskyttelse
a11y-title = Tilgængelighedserklæring
a11y-intro = { $org } ønsker, at denne installation af Trappe kan bruges af alle, i overensstemmelse med lov om tilgængelighed af offentlige organers websteder og mobilapplikationer. Erklæringen gælder for { $site }.
a11y-status-h = Overensstemmelse
a11y-status = Trappe er bygget til at opfylde WCAG 2.1 på niveau AA. Siderne virker uden JavaScript, kan bruges med tastatur alene og med skærmlæser, hver graf har sine tal i en tabel ved siden af, og farve er aldrig det eneste, der bærer information. Installationen er ikke gennemgået af en uafhængig part; { $org } opdaterer erklæringen efter sin egen test.
a11y-known-h = Kendte problemer
a11y-known = Vi kender ikke til indhold, der ikke er tilgængeligt. Finder du noget, så skriv til os.
a11y-feedback-h = Feedback og kontakt
a11y-feedback = Oplever du problemer med tilgængeligheden, eller har du brug for indholdet i en anden form, så skriv til { $org }. Vi svarer så hurtigt som muligt.
a11y-enforcement-h = Klagemulighed
a11y-enforcement = Digitaliseringsstyrelsen fører tilsyn med, at offentlige organers websteder er tilgængelige. Er du ikke tilfreds med vores svar, kan du klage til Digitaliseringsstyrelsen (was.digst.dk).
audit-title = Logbog
audit-intro = Hvem har gjort hvad i Trappe, det nyeste først. Logbogen kan ikke ændres eller slettes.
audit-filter = Handling
audit-all = Alle handlinger
audit-show = Vis
audit-csv = Hent logbogen som CSV
audit-empty = Logbogen har ingen poster.
audit-when = Tidspunkt
audit-actor = Hvem
audit-action = Handling
audit-subject = Vedrører
audit-detail = Detaljer
audit-system = systemet
audit-position = Side { $page } af { $pages } ({ $total } poster)
audit-pages = Sider i logbogen
audit-newer = Nyere poster
audit-older = Ældre poster
retention = Opbevaring
retention-days = Opbevaring (dage efter lukning)
retention-days-hint = Besvarelser, svar og links slettes automatisk så mange dage efter, at målingen er lukket. 1095 dage er 3 år.
retention-n-days = { $days } dage efter lukning
round-closed-at = Lukket
round-purged = Data slettet
round-purged-note = Målingens besvarelser, svar og links er slettet, fordi opbevaringsperioden udløb. Kun navnet er tilbage.

# accounts
nav-start = Forside
nav-users = Brugere
yes = Ja
no = Nej
role-organiser = Administrator
role-contact = Kontaktperson
role-viewer = Læser
start-title = Jeres målinger
start-no-orgs = Din konto er ikke knyttet til en organisation endnu. Kontakt administratoren.
start-no-rounds = Organisationen deltager ikke i nogen målinger endnu.
start-rounds = Målinger, organisationen deltager i
start-open = Se
start-results = Resultater
start-invite-hint = Som kontaktperson kan du lave links til jeres respondenter fra resultatsiden for en åben måling.
users-title = Brugere og adgang
users-accounts = Konti
users-role = Rolle
users-totp = Totrinsbekræftelse
users-sessions = Aktive logins
users-created = Oprettet
users-manage = Administrér
users-set-role = Skift rolle
users-unlink = Fjern organisation
users-link-org = Tilføj organisation
users-add = Tilføj
users-delete = Slet konto
users-not-yourself = Du kan ikke slette din egen konto.
users-invite = Invitér en bruger
users-invite-help = Invitationen er et engangslink, der gælder i 7 dage. Giv det til personen, fx i en mail. Den, der åbner linket, vælger selv brugernavn og adgangskode.
users-org-hint = Skal udfyldes for kontaktpersoner og læsere. En administrator har adgang til alle organisationer.
users-invite-make = Lav invitationslink
users-link-made = Invitationslinket er lavet
users-link-once = Linket vises kun denne ene gang, for Trappe gemmer det ikke. Kopiér det nu.
users-link = Invitationslink
users-open-invitations = Invitationer, der ikke er brugt endnu
users-invited-by = Inviteret af
users-expires = Udløber
users-revoke = Tilbagekald
invite-title = Opret din konto
invite-role = Du er inviteret som
invite-create = Opret konto
invite-gone-title = Linket virker ikke
invite-gone = Invitationen er allerede brugt, tilbagekaldt eller udløbet. Bed administratoren om en ny.
invite-username-rule = Vælg et brugernavn på 1 til 64 tegn.
invite-username-taken = Brugernavnet er optaget. Vælg et andet.
password-too-long = Adgangskoden er for lang: den må højst have 128 tegn.
security-title = Konto og sikkerhed
totp-title = Totrinsbekræftelse
totp-off = Totrinsbekræftelse er slået fra. Slår du den til, skal du ud over adgangskoden indtaste en kode fra en app på din telefon, når du logger ind.
totp-start = Slå totrinsbekræftelse til
totp-setup-help = Tilføj en konto i din autentificeringsapp (fx Microsoft Authenticator eller Google Authenticator): indtast nøglen, eller indsæt adressen. Skriv derefter den sekscifrede kode, appen viser.
totp-secret = Nøgle
totp-uri = Adresse
totp-code = Kode fra appen (6 cifre)
totp-confirm = Bekræft og slå til
totp-on = Totrinsbekræftelse er slået til: du skal indtaste en kode fra appen, når du logger ind.
totp-disable = Slå totrinsbekræftelse fra
totp-wrong-code = Koden er forkert eller allerede brugt. Prøv med den næste kode, appen viser.
totp-login-title = Indtast din kode
totp-login-help = Åbn din autentificeringsapp, og skriv den sekscifrede kode til Trappe.
sessions-title = Aktive logins
sessions-created = Logget ind
sessions-expires = Udløber
sessions-current = dette login
sessions-end = Log ud her
sessions-end-others = Log ud alle andre steder
min-orgs-hint = Sammenligningsgrupper med færre organisationer med resultater vises ikke, så ingen organisation kan genkendes.

# api
tokens-title = API-nøgler
tokens-intro = Andre systemer kan læse målinger og resultater gennem Trappes JSON-API med en nøgle. En nøgle til én organisation ser kun den organisations resultater og de fælles sammenligninger. Nøglerne kan kun læse.
token-created = Nøglen er lavet. Kopiér den nu: den vises ikke igen.
token = Nøgle
no-tokens = Der er ingen API-nøgler endnu.
token-name = Navn
token-scope = Adgang til
token-scope-all = Hele installationen
token-created-at = Lavet
token-last-used = Sidst brugt
token-revoked = Tilbagekaldt
token-revoke = Tilbagekald
token-make = Lav en API-nøgle

# single sign-on and recovery codes
sso-or = Eller log ind gennem din organisation
sso-login-with = Log ind med
sso-refused-title = Du blev ikke logget ind
sso-provider-down = Log-ind-tjenesten kan ikke nås lige nu. Prøv igen om lidt, eller log ind med brugernavn og adgangskode.
sso-expired = Log-ind-forsøget er udløbet eller blev ikke startet i denne browser. Gå tilbage til login-siden, og prøv igen.
sso-provider-said-no = Log-ind-tjenesten afviste forsøget. Prøv igen, eller kontakt jeres it-afdeling.
sso-failed = Svaret fra log-ind-tjenesten kunne ikke godkendes, så du er ikke logget ind
sso-no-role = Log-ind-tjenesten sendte ingen rolle ({ $claim }), og Trappe har ingen standardrolle. Bed administratoren af Trappe om adgang.
sso-unmapped-role = Trappe kender ikke din rolle: log-ind-tjenesten sendte { $claim } = "{ $values }". Bed administratoren af Trappe om at knytte rollen til Trappe.
sso-no-org = Log-ind-tjenesten sendte ingen organisation ({ $claim }). Bed administratoren af Trappe om adgang.
sso-unmapped-org = Din organisation er ikke med i Trappe: log-ind-tjenesten sendte { $claim } = "{ $values }", og ingen organisation har det CVR-nummer eller er knyttet til værdien. Bed administratoren af Trappe om at tilføje organisationen.
recovery-title = Gendannelseskoder
recovery-new = Her er dine nye gendannelseskoder. Gem dem et sikkert sted nu: de vises ikke igen. Mister du din telefon, kan hver kode bruges én gang i stedet for koden fra appen.
recovery-left = { $count ->
    [one] Du har én ubrugt gendannelseskode.
   *[other] Du har { $count } ubrugte gendannelseskoder.
}
recovery-regenerate = Lav nye gendannelseskoder (de gamle holder op med at virke)
recovery-use = Har du ikke din telefon? Brug en gendannelseskode
recovery-code = Gendannelseskode
recovery-wrong-code = Gendannelseskoden er forkert eller allerede brugt.

# channels (kanaler: kontaktlog, kanalmix, mål, priser, scenarie, upload)
channel-phone = Telefon
channel-web = Hjemmeside
channel-selfservice = Selvbetjening
channel-digital_post = Digital Post
channel-email = E-mail
channel-chat = Chat
channel-front_desk = Borgerservice (personligt fremmøde)
channel-letter = Brev
channel-sms = SMS
channel-social = Sociale medier
channel-video = Videomøde
channel-app = App
channel-meeting = Personligt møde
channel-information = Information og vejledning
channels-link = Kanaler
channels-title = Kanaler
channels-back = Tilbage
channels-sections = Afsnit på siden
channels-headline = { $contacts } henvendelser fra { $first } til { $last }; { $share } af dem digitale.
channels-mix = Kanalmix over tid
channels-mix-chart = Henvendelser pr. måned fordelt på kanal
channels-legend = Forklaring: kanalernes mønstre
channels-mix-table = Henvendelser pr. måned og kanal
channels-mix-summary = { $months } måneder fra { $first } til { $last } på { $channels } kanaler. Flest henvendelser kom via { $channel } ({ $share } af alle).
channels-month = Måned
channels-total = I alt
channels-contacts = Henvendelser
channels-digital = Digitale
channels-digital-total = Digital i alt
channels-digital-share = Digital andel
channels-channel = Kanal
channels-service = Ydelse
channels-no-service = (ingen ydelse angivet)
channels-empty-title = Ingen kontaktlog endnu
channels-empty = Der er ikke indlæst nogen kontaktlog for organisationen endnu. Når en log er indlæst, viser siden kanalmix, digital andel, gentagne henvendelser, tilfredshed, besvær og omkostninger.
channels-empty-upload = Indlæs en kontaktlog
channels-empty-cli = En stor log kan også indlæses på serveren:
channels-share = Digital andel og mål
channels-share-chart = Digital andel pr. måned med organisationens mål
channels-share-table = Digital andel pr. måned
channels-share-summary = Den digitale andel gik fra { $from } i { $first } til { $to } i { $last }.
channels-share-target-met = Målet på { $share } inden { $due } er nået i seneste måned.
channels-share-target-not-met = Målet på { $share } inden { $due } er ikke nået i seneste måned.
channels-target-line = Mål { $share } ({ $due })
channels-target-digital = Mål for digital andel (stiplet)
channels-targets = Mål
channels-targets-rule = Et mål for digital i alt eller for en digital kanal er et minimum; et mål for telefon, borgerservice eller brev er et maksimum. Målet måles på seneste måned i loggen.
channels-no-targets = Organisationen har ikke sat nogen mål.
channels-targets-table = Organisationens mål for kanalerne
channels-target-scope = Mål for
channels-target = Mål
channels-target-due = Frist
channels-target-latest = Seneste måned
channels-target-status = Status
channels-target-met = nået
channels-target-not-met = ikke nået
channels-target-delete = Slet
channels-target-add = Sæt et mål
channels-target-share = Andel i procent (0 til 100)
channels-target-save = Gem mål
channels-at-least = mindst { $share }
channels-at-most = højst { $share }
channels-error-share = Skriv en procent fra 0 til 100, fx 80 eller 12,5.
channels-error-due = Skriv en dato som ÅÅÅÅ-MM-DD, fx 2027-12-31.
channels-error-scope = Vælg digital i alt eller en kanal.
channels-error-channel = Vælg en kanal.
channels-repeats = Gentagne henvendelser
channels-repeat-summary = { $rate } af henvendelserne blev fulgt af en ny henvendelse fra samme borger om samme sag inden for { $days } dage (fejlefterspørgsel). Højest er { $channel } med { $worst }.
channels-repeats-channel = Gentagne henvendelser pr. kanal (kanalen for den første henvendelse)
channels-repeats-service = Gentagne henvendelser pr. ydelse (de mest kontaktede)
channels-repeated = Gentaget
channels-repeat-rate = Andel gentaget
channels-satisfaction = Tilfredshed og besvær pr. kanal
channels-satisfaction-rule = Tilfredshed på 1 til 5 (CSAT er andelen af 4 og 5); besvær på 1 til 7 (andelen af 5 til 7 er dem, der fandt det besværligt). Tal vises først fra 5 svar, så ingen enkelt borger kan genkendes.
channels-satisfaction-table = Tilfredshed og besvær pr. kanal
channels-sat-answered = Svar om tilfredshed
channels-sat-mean = Gns. tilfredshed
channels-csat = CSAT (4 og 5)
channels-effort-answered = Svar om besvær
channels-effort-mean = Gns. besvær
channels-effort-high = Andel 5 til 7
channels-too-few = under 5 svar
channels-services = Mest kontaktede ydelser
channels-services-table = Ydelser med flest henvendelser og deres kanaler
channels-services-split = Kanaler
channels-services-more = Viser de { $shown } mest kontaktede af { $all } ydelser.
channels-costs = Omkostninger
channels-cost-summary = Henvendelserne fra { $first } til { $last } kostede { $cost } efter organisationens priser.
channels-cost-none = Der er ikke sat priser, så der vises ingen omkostninger. Trappe antager ingen priser: sæt organisationens egne nedenfor.
channels-cost-unpriced = Uden pris og derfor ikke med i omkostningerne: { $channels } ({ $contacts } henvendelser).
channels-cost-channel-table = Omkostninger pr. kanal
channels-cost-month-table = Omkostninger pr. måned
channels-price = Pris pr. henvendelse
channels-cost = Omkostning
channels-unpriced = Henvendelser uden pris
channels-prices = Priser pr. henvendelse
channels-prices-hint = Organisationens egen pris i kroner pr. henvendelse på hver kanal. Lad feltet stå tomt, hvis kanalen ikke skal have en pris.
channels-prices-errors = Nogle priser kunne ikke læses. Ret felterne, der er markeret.
channels-prices-save = Gem priser
channels-error-price = { $channel }: "{ $text }" er ikke et beløb i kroner fra 0 til 1.000.000.
scenario-title = Scenarie: kanalskift
scenario-lead = Hvad sker der, hvis en del af en kanals henvendelser flyttes til en anden kanal? Beregnet på hele loggen.
scenario-percent = Andel der flyttes, i procent
scenario-from = Fra kanal
scenario-to = Til kanal
scenario-services = Ydelser
scenario-services-hint = Vælg en eller flere ydelser; vælg ingen for alle ydelser.
scenario-run = Beregn
scenario-table = Før og efter kanalskiftet
scenario-figure = Tal
scenario-before = Før
scenario-after = Efter
scenario-change = Ændring
scenario-contacts-on = Henvendelser via { $channel }
scenario-contacts-all = Henvendelser i alt
scenario-digital-share = Digital andel
scenario-cost = Omkostning
scenario-points = { $points } procentpoint
scenario-all-services = alle ydelser
scenario-summary = Flyttes { $percent } % af henvendelserne via { $from } om { $services } til { $to }, flyttes { $moved } henvendelser, og den digitale andel går fra { $before } til { $after }.
scenario-saving = Det sparer { $amount }.
scenario-extra-cost = Det koster { $amount } mere.
scenario-missing-prices = Omkostningen efter skiftet kan ikke beregnes, fordi { $channels } ikke har en pris.
scenario-error-percent = Skriv en procent fra 0 til 100.
scenario-error-same = Vælg en anden kanal end den, der flyttes fra.
scenario-error-service = Ydelsen "{ $service }" findes ikke i loggen.
scenario-error-nothing = { $channel } har ingen henvendelser om de valgte ydelser.
upload-title = Indlæs kontaktlog
upload-lead = En fil med én række pr. henvendelse: CSV (komma, semikolon eller tabulator; UTF-8 eller Windows-1252) eller XLSX. Du vælger bagefter, hvilke kolonner der er hvad. Borger- og sagsnøgler gemmes kun som nøglede hashværdier, og kolonner, der ikke vælges, gemmes ikke.
upload-file = Fil
upload-hint = Højst 200 MB.
upload-send = Send fil
upload-imports = Seneste indlæsninger
upload-file-name = Fil
upload-when = Startet
upload-status = Status
upload-rows = Rækker gemt
upload-rejected = Rækker afvist
upload-kind-xlsx = XLSX (Excel-projektmappe, første ark)
upload-delim-comma = komma
upload-delim-semicolon = semikolon
upload-delim-tab = tabulator
upload-error-empty = Filen er tom.
upload-error-unreadable = Filen kunne ikke læses
upload-error-no-file = Vælg en fil.
upload-error-missing = Vælg, hvilken kolonne der er { $name }.
upload-error-twice = { $name } er valgt for mere end én kolonne.
upload-error-canonical = Kolonnen hedder { $name } og læses altid som { $name }: vælg { $name } for den.
upload-error-channel = Vælg en kanal for "{ $name }".
import-status-running = i gang
import-status-done = færdig
import-status-rejected = afvist
import-status-failed = fejlet
column-contact_id = Henvendelses-id
column-org_id = Organisation
column-timestamp = Tidspunkt
column-channel = Kanal
column-service = Ydelse
column-citizen_key = Borgernøgle (hashes)
column-case_key = Sagsnøgle (hashes)
column-duration_s = Varighed i sekunder
column-resolved = Løst (0 eller 1)
column-satisfaction = Tilfredshed (1 til 5)
column-effort = Besvær (1 til 7)
mapping-title = Vælg kolonner og kanaler
mapping-size = Størrelse
mapping-detected = Genkendt format
mapping-rows = Rækker
mapping-columns = Kolonner
mapping-columns-hint = Vælg for hver kolonne i filen, hvad den indeholder. Henvendelses-id, tidspunkt og kanal skal vælges. Kolonner, der ikke bruges, gemmes ikke.
mapping-source = Kolonne i filen
mapping-canonical = Indeholder
mapping-examples = Første værdier
mapping-example-empty = tom
mapping-unnamed = kolonne uden navn
mapping-ignore = (bruges ikke)
mapping-date-order = Datoformat
mapping-date-iso = År først (2025-03-14 10:15)
mapping-date-day-first = Dag først (14-03-2025 10:15)
mapping-values = Kanaler
mapping-values-hint = Vælg, hvilken kanal hver værdi i kanalkolonnen står for. Kolonne:
mapping-values-none = Kolonnen har kun Trappes egne kanalnavne; der er intet at vælge.
mapping-value = Værdi i filen
mapping-value-rows = Rækker
mapping-channel = Kanal
mapping-choose = (vælg kanal)
mapping-values-more = Kolonnen har flere end 100 forskellige værdier. Er det den rigtige kolonne? Rækker med en værdi, der ikke er valgt her, afvises.
mapping-values-no-column = Vælg først, hvilken kolonne der er kanalen, og tryk Opdater.
mapping-refresh = Opdater
mapping-import = Indlæs
import-title = Indlæsning
import-running = Indlæsningen er i gang.
import-of = af
import-reload = Du kan lade siden stå eller komme tilbage senere.
import-failed = Indlæsningen mislykkedes
import-refused = Filen blev afvist: intet er gemt
import-done = Indlæsningen er færdig.
import-stored = Rækker gemt
import-rejected = Rækker afvist
import-errors = Afviste rækker
import-line = Linje
import-reason = Årsag
import-to-channels = Til kanalsiden
report-channels = Kanaler
report-channels-text = I { $month } var { $share } af henvendelserne digitale ({ $trend }). { $repeat } af alle { $contacts } henvendelser blev fulgt af en gentagen henvendelse.
report-channels-trend-up = op { $points } procentpoint siden { $first }
report-channels-trend-down = ned { $points } procentpoint siden { $first }
report-channels-one-month = kun én måned i loggen
report-channels-top = De mest brugte kanaler
report-channels-share = Andel
report-channels-link = Se hele kanalsiden

# citizen journeys (issue 5)
journeys-link = Borgerforløb
journeys-title = Borgerforløb
journeys-lead = Et borgerforløb er en ydelses øjeblikke i rækkefølge, fx fra at finde information til opfølgningen på en afgørelse. Borgerne vurderer hvert øjeblik og forløbet som helhed gennem et kort link eller en QR-kode, og siden viser, hvilke øjeblikke de husker.
journeys-list = Forløb
journeys-none = Der er ingen borgerforløb endnu.
journey-name = Navn på forløbet
journey-service = Ydelse
journey-service-hint = Fx »Boligstøtte«. Vises kun for organisationen.
journey-moments = Øjeblikke
journey-responses = Besvarelser
journey-create = Opret forløb
journey-scale = Skala for øjeblikkene
journey-scale-bipolar7 = 1 til 7, hvor 7 er meget godt (standard)
journey-scale-unipolar-bad10 = 0 til 10, hvor 10 er værst (som smerte)
journey-retention = Opbevaring af svar (dage)
journey-retention-hint = Hvert svar slettes dette antal dage efter den dag, det blev givet. Standard er 730 dage (2 år).
journey-moments-legend = Forløbets øjeblikke i rækkefølge (3 til 10)
journey-moments-hint = Skriv et dansk navn for hvert øjeblik, gerne også et engelsk. Tomme rækker springes over. Kanalen er valgfri.
journey-position = Øjeblik
journey-name-da = Dansk navn
journey-name-en = Engelsk navn
journey-channel = Kanal
journey-channel-none = Ingen kanal
journey-channel-phone = Telefon
journey-channel-web = Hjemmeside
journey-channel-selfservice = Digital selvbetjening
journey-channel-digital_post = Digital Post
journey-channel-email = E-mail
journey-channel-chat = Chat
journey-channel-front_desk = Borgerservice (personligt fremmøde)
journey-channel-letter = Brev
journey-channel-sms = SMS
journey-channel-social = Sociale medier
journey-channel-video = Videomøde
journey-channel-app = App
journey-channel-meeting = Personligt møde
journey-channel-information = Information og vejledning
journey-edit = Redigér forløbet
journey-edit-moments-hint = Øjeblikkenes id'er og rækkefølge ligger fast, fordi svarene er gemt under dem. Navne og kanaler kan ændres.
journey-save = Gem ændringer
journey-moments-caption = Forløbets øjeblikke med id (kolonnenavn ved import) og kanal
journey-moment = Øjeblik
journey-moment-id = Id
journey-links = Feedbacklinks og QR-koder
journey-links-lead = Lav et link for hvert sted, borgerne møder det: i et brev, en e-mail, på en kvittering eller en skærm i borgerservice. Linkene er korte og kan skrives af. Svarene er anonyme og bliver ikke knyttet til linket.
journey-links-none = Der er ingen links endnu.
journey-link-revoked = lukket
journey-link-made = Lavet
journey-qr-alt = QR-kode til
journey-qr-svg = Hent QR-kode som SVG
journey-qr-png = Hent QR-kode som PNG
journey-link-revoke = Luk linket
journey-link-label = Hvor skal linket bruges?
journey-link-label-hint = Fx »Brev med afgørelse« eller »Skærm i borgerservice«.
journey-link-make = Lav link
journey-link-default-label = Link
journey-results = Resultater
journey-period = Periode
journey-month = Måned
journey-period-all = Alle gemte svar
journey-from = Fra og med
journey-to = Til og med
journey-period-hint = Vælg en måned, eller angiv datoer. Datoer går forud for måneden.
journey-show = Vis
journey-n-responses = { $n ->
    [one] én besvarelse
   *[other] { $n } besvarelser
}
journey-period-from-to = Fra { $from } til { $to }
journey-withheld = Perioden har { $n } besvarelser. Tallene vises først ved { $min } besvarelser, så ingen borger kan genkendes.
journey-measures = Standardmål
journey-measures-caption = NPS, CSAT og CES med antal svar (n)
journey-measure = Mål
journey-value = Værdi
journey-measures-hint = NPS: andelen, der svarer 9 eller 10, minus andelen, der svarer 0 til 6. CSAT: andelen af samlede vurderinger på 6 eller 7. CES: gennemsnittet af »gjorde det nemt for mig« (1 til 7) og andelen, der svarer 5 til 7.
journey-nps = NPS (anbefaling)
journey-csat = CSAT (tilfredse med forløbet)
journey-ces-mean = CES, gennemsnit (1 til 7)
journey-ces-high = CES, andel 5 til 7
journey-per-moment = Øjeblik for øjeblik
journey-per-moment-lead = Toppen er det øjeblik, der blev vurderet mest yderligt (længst fra midten af skalaen; ved lighed det negative, derefter det seneste). Slutningen er det sidste øjeblik, borgeren vurderede. Andelene er ud af de besvarelser, der vurderede mindst ét øjeblik.
journey-mean-chart = Gennemsnitlig vurdering pr. øjeblik
journey-mean-chart-desc = Søjlerne viser hvert øjebliks gennemsnit. Tallene står også i tabellen nedenfor.
journey-share-chart = Hvor ofte hvert øjeblik var toppen og slutningen
journey-chart-summary = { $moment } var oftest toppen ({ $share } af besvarelserne). Tallene står også i tabellen nedenfor.
journey-per-moment-caption = Pr. øjeblik: besvarelser, gennemsnit og andel som top og slutning
journey-mean = Gennemsnit
journey-peak-share = Andel som top
journey-end-share = Andel som slutning
journey-fit = Husker borgerne toppen og slutningen?
journey-fit-caption = Hvor godt hvert mål forudsiger den samlede vurdering: korrelation (r), gennemsnitlig afvigelse og antal svar
journey-predictor = Forudsigelse ud fra
journey-mae = Gns. afvigelse
journey-fit-by-peak-end = Top og slutning (peak-end)
journey-fit-by-mean = Gennemsnit af øjeblikkene
journey-fit-by-end = Slutningen alene
journey-fit-hint = r nær 1 betyder, at målet følger den samlede vurdering tæt. Afvigelsen er den gennemsnitlige forskel i point mellem målet og den samlede vurdering.
journey-fit-peak-end = Borgerne her bedømmer forløbet mest ud fra toppen og slutningen: top og slutning forudsiger den samlede vurdering bedre (r = { $pe }) end gennemsnittet af øjeblikkene (r = { $mean }); forskellen ligger med 95 % sikkerhed mellem { $lo } og { $hi }. Ret derfor først de øjeblikke, der ofte er en dårlig top eller slutningen.
journey-fit-mean = Borgerne her bedømmer forløbet mere ud fra gennemsnittet af øjeblikkene (r = { $mean }) end ud fra toppen og slutningen (r = { $pe }); forskellen ligger med 95 % sikkerhed mellem { $lo } og { $hi }. Alle øjeblikke tæller altså med.
journey-fit-undecided = Besvarelserne kan ikke afgøre, om top og slutning (r = { $pe }) eller gennemsnittet af øjeblikkene (r = { $mean }) forudsiger den samlede vurdering bedst: forskellen kan ligge alt fra { $lo } til { $hi }.
journey-fit-few = Der er for få besvarelser med både øjeblikke og samlet vurdering til at sige, hvad borgerne husker (mindst { $min }).
journey-fit-undefined = Vurderingerne varierer for lidt til at beregne en sammenhæng.
journey-fix = Øjeblikke, der bør rettes først
journey-fix-lead = Øjeblikkene er ordnet efter, hvor meget det ville løfte det huskede forløb at rette dem: hvor ofte øjeblikket er den negative top eller slutningen, gange hvor langt vurderingen så ligger under midten af skalaen.
journey-fix-none = Intet øjeblik var en dårlig top eller slutning i perioden.
journey-fix-caption = Øjeblikke, der bør rettes først, med vægt (summen af manglende point under midten)
journey-fix-weight = Vægt
journey-comments = Kommentarer
journey-comments-search = Søg i kommentarerne
journey-search = Søg
journey-comments-count = Viser { $shown } af { $n } kommentarer.
journey-import = Importér feedback (CSV)
journey-import-lead = Én række pr. besvarelse: en kolonne pr. øjebliks-id (vurdering, eller tom for »ikke en del af mit forløb«), derefter overall, ces, nps og comment (alle må være tomme). Semikolon eller komma. Er der en fejl i filen, importeres intet. Kolonnerne:
journey-import-file = Vælg en CSV-fil
journey-import-paste = Eller indsæt CSV-tekst
journey-import-go = Importér
journey-import-refused = Filen blev ikke importeret: intet er gemt
journey-import-again = Ret filen, og prøv igen
journey-import-problem = Linje { $line }, kolonne { $column }: { $reason }
journey-import-empty = Der er ingen besvarelser at importere: vælg en fil, eller indsæt CSV-tekst.
journey-imported = { $n ->
    [one] Én besvarelse er importeret.
   *[other] { $n } besvarelser er importeret.
}
journey-error-scale = Vælg en af de to skalaer.
journey-error-retention = Opbevaringen skal være et helt antal dage fra 1 til 3650.
journey-error-count = Et forløb har { $min } til { $max } øjeblikke; der er { $n }. Skriv et navn for hvert øjeblik.
journey-error-date = Datoen skal skrives som ÅÅÅÅ-MM-DD. Alle gemte svar vises.
fb-intro = { $org } vil gerne vide, hvordan du oplevede dit forløb. Det tager omkring et minut.
fb-anonymous = Dit svar er anonymt: vi gemmer ikke din IP-adresse eller noget andet, der kan føre tilbage til dig.
fb-moments = Forløbets øjeblikke
fb-moments-hint = Hvordan oplevede du hvert øjeblik? 1 er meget dårligt, 7 er meget godt. Var et øjeblik ikke en del af dit forløb, så vælg det.
fb-moments-hint-unipolar = Hvor slemt var hvert øjeblik? 0 er slet ikke, 10 er det værst tænkelige. Var et øjeblik ikke en del af dit forløb, så vælg det.
fb-very-bad = Meget dårligt
fb-very-good = Meget godt
fb-not-at-all = Slet ikke
fb-worst = Værst tænkeligt
fb-not-part = Ikke en del af mit forløb
fb-whole = Hele forløbet
fb-overall = Hvordan vil du samlet vurdere forløbet?
fb-ces = { $org } gjorde det nemt for mig.
fb-disagree = Helt uenig
fb-agree = Helt enig
fb-nps = Hvor sandsynligt er det, at du vil anbefale { $org } til andre i samme situation?
fb-unlikely = Slet ikke sandsynligt
fb-likely = Meget sandsynligt
fb-comment = Kommentar (valgfri)
fb-comment-hint = Skriv ikke navne, CPR-numre eller andre personlige oplysninger. Højst { $max } tegn.
fb-send = Send svar
fb-error-title-prefix = Fejl:
fb-error-summary = { $n ->
    [one] Der er én fejl i formularen
   *[other] Der er { $n } fejl i formularen
}
fb-error-moment = Vælg en vurdering fra { $min } til { $max }, eller »Ikke en del af mit forløb«.
fb-error-overall = Vælg en samlet vurdering fra { $min } til { $max }.
fb-error-range = Vælg et tal fra { $min } til { $max }.
fb-error-comment = Kommentaren må højst have { $max } tegn; den har { $n }.
fb-thanks-title = Tak for din feedback
fb-thanks-body = Dit svar er sendt til { $org }. Det bruges til at gøre forløbet bedre.
fb-thanks-anonymous = Svaret er gemt uden noget, der kan føre tilbage til dig. Du kan lukke siden nu.
fb-unknown-title = Linket findes ikke
fb-unknown-body = Tjek, at adressen er skrevet rigtigt. Linket står i brevet, e-mailen eller på skærmen, hvor du fandt det.
fb-revoked-title = Linket er lukket
fb-revoked-body = Der indsamles ikke længere svar gennem dette link. Tak for din interesse.
fb-used-title = Svaret er allerede sendt
fb-used-body = Formularen er allerede sendt, eller den er for gammel. Vil du give et nyt svar, så åbn linket igen.
fb-limited-title = For mange svar på kort tid
fb-limited-body = Der er sendt mange svar fra denne forbindelse eller gennem dette link på kort tid. Prøv igen om et kvarter.
report-journeys = Borgerforløb og oplevelse
report-journeys-lead = Borgernes feedback på organisationens forløb, ved siden af dens egen vurdering af
report-journeys-table = Borgerforløb: besvarelser, NPS, CSAT, CES og det øjeblik, der bør rettes først
report-journey = Forløb
report-journey-responses = Besvarelser
report-journey-fix = Ret først
report-journey-withheld = For få besvarelser: tallene vises først ved 5.
report-journeys-hint = NPS fra -100 til 100; CSAT er andelen af samlede vurderinger på 6 eller 7; CES er gennemsnittet af »gjorde det nemt for mig« fra 1 til 7. Alle gemte svar er medregnet.
channels-totals-table = Henvendelser pr. kanal i hele perioden
channels-kind = Art
channels-kind-digital = digital
channels-kind-personal = personlig eller papir
channels-share-of-all = Andel af alle
import-seconds = { $n } sekunder gået.
import-rows-done = rækker behandlet
import-refused-rows = Nogle rækker havde fejl, og uden valget "spring dårlige rækker over" afvises hele filen. Ret rækkerne nedenfor, og indlæs filen igen.
import-failed-inside = Der opstod en fejl hos os. Intet er gemt; prøv igen senere.
mapping-bad-rows = Rækker med fejl
mapping-skip-bad = Spring rækker med fejl over, og indlæs resten
mapping-skip-bad-hint = Uden dette afvises hele filen, hvis blot én række har en fejl. Rækkerne med fejl vises bagefter med linje, kolonne og årsag.
db-unavailable-title = Trappe kan ikke nå sin database lige nu
db-unavailable-text = Intet af det, du allerede har gemt, er gået tabt. Har du lige sendt en side, så send den igen om et øjeblik: Trappe virker igen, så snart databasen svarer.

# accessibility and forms (issue 8)
error-title-prefix = Fejl:
respond-error-summary = { $n ->
    [one] Der mangler svar på 1 spørgsmål
   *[other] Der mangler svar på { $n } spørgsmål
}
respond-error-hint = Vælg et svar for hvert spørgsmål, eller »Ved ikke«. Dine andre svar er gemt.
respond-error-question = Vælg et svar, eller »Ved ikke«.
error-404-title = Siden findes ikke
error-404-text = Siden er flyttet, slettet eller har aldrig fandtes. Tjek adressen, eller start forfra på forsiden.
error-403-title = Du har ikke adgang til siden
error-403-text = Siden hører til en anden rolle eller organisation. Log ind med den rigtige konto, eller spørg den, der administrerer Trappe.
error-400-title = Det kunne ikke lade sig gøre
error-400-text = Noget i adressen eller formularen kunne ikke bruges. Gå tilbage, ret det, og prøv igen.
error-500-title = Der opstod en fejl hos os
error-500-text = Det er ikke din skyld. Prøv igen om lidt; fejlen er skrevet i Trappes log.
error-home = Til forsiden
error-detail = Teknisk besked til den, der driver Trappe:
form-errors-n = { $n ->
    [one] Der er 1 fejl i formularen
   *[other] Der er { $n } fejl i formularen
}
org-cvr-hint = Valgfrit: 8 cifre, fx 29189838.
err-org-name = Skriv organisationens navn.
err-org-exists = Der findes allerede en organisation med det navn. Skriv et andet navn, eller brug den, der findes.
err-org-kind = Vælg en type: kommune, region, statslig myndighed eller anden.
err-org-cvr-format = Et CVR-nummer har præcis 8 cifre; »{ $cvr }« har ikke det.
err-org-cvr-checksum = CVR-nummeret { $cvr } består ikke modulus-11-kontrollen, så et ciffer er nok skrevet forkert.
err-round-name = Skriv et navn på målingen.
err-round-model = Vælg en modenhedsmodel fra listen.
err-number-range = Skriv et helt tal fra { $min } til { $max }.
form-errors-n-1 = Der er en fejl
import-reload-link = Opdater siden for at se, hvor langt den er nået
a11y-method-h = Sådan er det testet
a11y-method = Trappes egne test kører ved hver ændring af programmet: en automatisk gennemgang med axe-core (WCAG 2.1 niveau A og AA) af hver side, som hver brugerrolle ser den, på dansk og engelsk og i en telefons og en computers skærmbredde, og en test, der udfylder spørgeskemaet og borgernes feedbackformular med tastaturet alene og kontrollerer, at fokus altid kan ses. Automatiske test finder ikke alle problemer, så din feedback er vigtig.
analysis-progress-title = Resultaterne beregnes
analysis-progress-text = Trappe beregner målingens resultater, sammenligninger og usikkerhedsintervaller. Siden vises, så snart de er klar.
analysis-progress-count = { $done } af { $total } organisationer analyseret
analysis-progress-reading = Besvarelserne læses.
analysis-progress-next = Siden opdateres af sig selv.
analysis-progress-reload = Opdater siden
account-refused-unknown-role = Vælg en rolle på listen: administrator, kontaktperson eller læser.
account-refused-last-organiser-role = Den sidste administrator kan ikke miste rollen. Giv først en anden konto rollen som administrator.
account-refused-last-organiser-delete = Den sidste administrator kan ikke slettes. Giv først en anden konto rollen som administrator.
account-refused-organiser-sees-all = En administrator ser allerede alle organisationer.
account-refused-organiser-without-org = En administrator knyttes ikke til en organisation. Lad organisationen stå tom.
account-refused-needs-org = Vælg den organisation, kontoen skal høre til.
account-refused-username-length = Et brugernavn har 1 til 64 tegn.
account-refused-username-invisible = Et brugernavn må ikke indeholde usynlige tegn, kontroltegn eller formateringstegn (fx mellemrum uden ombrydning eller nulbredde-tegn). Skriv navnet igen med almindelige tegn.
account-refused-username-looks-like = Brugernavnet ligner for meget en eksisterende kontos navn (fx samme bogstaver fra et andet alfabet). Vælg et andet.
account-refused-gone = Kontoen eller organisationen findes ikke længere. Opdater siden, og prøv igen.
journey-text-moment-da = Øjeblik { $n }, dansk navn
journey-text-moment-en = Øjeblik { $n }, engelsk navn
journey-refused-required = Udfyld »{ $text }«.
journey-refused-too-long = »{ $text }« må højst have 200 tegn.
journey-refused-channel = Vælg en kanal på listen for øjeblik { $n }.
journey-refused-moment-id = Øjeblikket »{ $id }« har et id, Trappe ikke kan bruge: 1 til 40 tegn af a-z, 0-9, - og _.
journey-refused-moment-twice = Øjeblikket »{ $id }« står der to gange.
journey-refused-moments = Øjeblikkene kan ikke bruges. Tjek navnene, og prøv igen.
journey-refused-moment-count = Forløbet har { $expected } øjeblikke, men formularen sendte { $got }. Opdater siden, og prøv igen.
row-reason-field-count = Rækken har { $found } felter, men første linje har { $expected } kolonner.
row-reason-empty = Feltet er tomt.
row-reason-not-utf8 = Teksten kan ikke læses som UTF-8.
row-reason-not-integer = »{ $value }« er ikke et helt tal.
row-reason-id-too-long = Et id må højst have { $max } tegn.
row-reason-not-timestamp = »{ $value }« er ikke et tidspunkt. Skriv fx 2025-03-14 10:15 eller 2025-03-14T09:15:00Z.
row-reason-no-such-date = Datoen i »{ $value }« findes ikke.
row-reason-no-such-time = Klokkeslættet i »{ $value }« findes ikke.
row-reason-unknown-channel = Trappe kender ikke kanalen »{ $value }«. Vælg en kanal for den, når du vælger kolonner.
row-reason-not-seconds = »{ $value }« er ikke et antal sekunder.
row-reason-not-boolean = »{ $value }« er ikke 0 eller 1 (eller ja eller nej).
row-reason-not-on-scale = »{ $value }« er ikke et helt tal fra 1 til { $max }.
import-refusal-cannot-read = Filen kunne ikke læses ({ $detail }). Intet er gemt.
import-refusal-workbook = Filen kunne ikke læses som et Excel-regneark ({ $detail }). Intet er gemt.
import-refusal-header = Første linje med kolonnenavne kunne ikke læses ({ $detail }). Intet er gemt.
import-refusal-header-text = Kolonnenavnene i første linje kunne ikke læses: { $reason } Intet er gemt.
import-refusal-no-header = Filen er tom: den har ikke engang en linje med kolonnenavne.
import-refusal-header-too-long = Første linje i filen er længere end 1 MB. Tjek, at det er den rigtige fil.
import-refusal-column-twice = Kolonnen »{ $column }« er valgt to gange (kolonne { $first } og { $second }). Intet er gemt.
import-refusal-missing-columns = Filen mangler kolonnerne { $missing }. Filens kolonner er: { $found }. Intet er gemt.
import-refusal-unreadable = Filen kunne ikke læses til ende ({ $detail }). Intet er gemt.
import-refusal-broke-off = Indlæsningen stoppede undervejs. Intet er gemt; prøv igen.
import-refusal-cpr = Kolonnen »{ $name }« (kolonne { $number }) ser ud til at indeholde CPR-numre (fx linje { $line }). Intet er gemt. Vælg den som borgernøgle eller sagsnøgle, så gemmes den kun som en nøgle, der ikke kan føres tilbage til personen, eller fjern kolonnen fra filen.
import-refusal-stopped = Indlæsningen blev afbrudt, fordi programmet, der kørte den, stoppede. Intet fra filen er gemt. Indlæs filen igen.
import-refusal-xlsx = { $reason } Intet er gemt.
xlsx-unreadable = Filen kan ikke læses som et Excel-regneark ({ $detail }).
xlsx-no-sheet = Regnearket har intet ark.
xlsx-sheet-unreadable = Regnearkets første ark kan ikke læses ({ $detail }).
xlsx-empty = Regnearkets første ark er tomt: det har ikke engang en række med kolonnenavne.
xlsx-too-many-parts = Regnearket består af { $parts } filer; Trappe læser højst { $limit }.
xlsx-part-too-large = Delen { $part } fylder { $size } udpakket; Trappe læser højst { $limit }.
xlsx-too-large = Regnearket fylder { $size } udpakket; Trappe læser højst { $limit }.
xlsx-too-wide = Det første ark når til kolonne { $columns } ({ $at }); Trappe læser højst { $limit } kolonner. Slet de tomme kolonner efter dataene, eller gem arket som CSV.
xlsx-too-long = Det første ark når til række { $rows } ({ $at }); Trappe læser højst { $limit } rækker. Del filen op, eller gem den som CSV.
xlsx-too-many-cells = Det første ark har { $cells } celler ({ $at }); Trappe læser højst { $limit }. Slet de tomme rækker og kolonner efter dataene, eller gem arket som CSV.
round-refused-thresholds = Mindste antal besvarelser og organisationer skal begge være mindst 1.

# single sign-on started too often from one address
sso-limited = Der er for mange forsøg på at logge ind fra din adresse på kort tid. Vent et kvarter, og prøv igen.

# respondent anonymity: when results show, staff-made links, tallies, links page
results-shown = Hvornår organisationerne ser resultater
results-shown-closed = Når målingen er lukket (anbefales)
results-shown-batches = Mens målingen er åben, i portioner på mindst det mindste antal nye besvarelser
results-shown-closed-note = Målingen er åben. Resultaterne opdateres, når den lukker, så ingen kan se en enkelt besvarelse komme til.
results-shown-batches-note = Målingen er åben. Resultaterne opdateres kun, når der er kommet mindst { $min } nye besvarelser, så ingen enkelt besvarelse kan aflæses ved at sammenligne to besøg.
staff-responses-note = { $n ->
    [one] Én besvarelse kom via et link, som organisationens egne medarbejdere har lavet. Den tæller ikke med i det mindste antal, før arrangøren har godkendt linket, men indgår i resultatet, når det vises.
   *[other] { $n } besvarelser kom via links, som organisationens egne medarbejdere har lavet. De tæller ikke med i det mindste antal, før arrangøren har godkendt linkene, men indgår i resultatet, når det vises.
}
tallies-withheld = Fordelingen af svar på hvert spørgsmål vises først fra { $min } besvarelser, der tæller med (her { $n }), så ingen enkelt persons svar kan regnes ud ved at trække fra.
min-tally = Mindste antal besvarelser for svarfordeling pr. spørgsmål
min-tally-hint = Under dette antal vises kun scorer, ikke hvor mange der svarede hvad på hvert spørgsmål. Skal være mindst det mindste antal besvarelser; 10 anbefales.
links-staff-made = Linkene er lavet af organisationen selv. Besvarelser via dem tæller først med i det mindste antal ({ $min }), når arrangøren har godkendt dem, så ingen kan finde en kollegas svar ved selv at udfylde nogle.
links-manage = links
links-page-title = Links
links-page-lead = Alle links til organisationen i denne måling og deres tilstand. Selve linkene vises aldrig igen, og intet her knytter et link til en besvarelse.
links-approve-title = Godkend organisationens egne links
links-approve-lead = { $n ->
    [one] Ét link er lavet af organisationens egne medarbejdere.
   *[other] { $n } links er lavet af organisationens egne medarbejdere.
} Besvarelser via dem tæller først med i det mindste antal ({ $min }), når du godkender dem. Godkend kun, hvis du stoler på, at linkene er gået til rigtige respondenter. Godkendelsen logges.
links-approve = Godkend linkene
links-none = Der er ingen links til organisationen i denne måling.
links-page-caption = Links og deres tilstand
link-number = Nr.
link-made-by = Lavet af
link-action = Handling
links-row-single = Engangslink
links-row-open = Åbent link ({ $spawned } af { $cap } pladser brugt)
link-made-organiser = Arrangøren
link-made-staff = Organisationen (ikke godkendt)
link-made-staff-approved = Organisationen (godkendt)
link-state = Tilstand
link-state-not-opened = Ikke åbnet
link-state-started = Påbegyndt
link-state-completed = Indsendt
link-state-revoked = Tilbagekaldt
link-revoke = Tilbagekald
link-revoke-refused = Linket kan ikke tilbagekaldes: det er allerede indsendt eller tilbagekaldt.
link-revoked-title = Linket er tilbagekaldt
link-revoked-body = Linket er tilbagekaldt af den, der står for målingen, og kan ikke bruges længere. Eventuelle gemte svar er slettet. Kontakt den, der sendte dig linket, hvis du skal have et nyt.
intro-link-is-access = Linket er din adgang: alle, der har det, kan se og ændre dine gemte svar fra en hvilken som helst enhed, indtil du indsender. Del det ikke med andre.

## Mail (issue 14): the organiser's mail page and the mails themselves.
mail-title = Mail
mail-help-smtp = Mails sendes gennem mailserveren { $server }, én afsender ad gangen, og hver mail registreres, før den sendes.
mail-help-outbox = Der er ingen mailserver sat op (--smtp): mails skrives som filer i mappen { $dir } og kan læses her.
mail-help-queue = Mails venter i køen, til en kørende Trappe-server sender dem.
mail-help-body = Når en mail er sendt eller endeligt afvist, slettes dens tekst, for den kan rumme et engangslink. Modtager, emne, status og serverens svar bliver.
mail-counts = Mails efter status
mail-state = Status
mail-state-queued = I kø
mail-state-sending = Sendes
mail-state-sent = Sendt
mail-state-failed = Afvist
mail-state-unknown = Uvis
mail-unknown-h = Mails med uvist udfald
mail-unknown-help = Trappe blev stoppet, mens disse mails blev sendt: de kan være nået frem eller ej. Trappe sender dem ikke igen af sig selv. Send igen, eller markér dem som sendt.
mail-choice = Valg
mail-resend = Send igen
mail-dismiss = Markér som sendt
mail-recent-h = Seneste mails
mail-none = Der er ingen mails endnu.
mail-recipient = Modtager
mail-subject = Emne
mail-kind = Slags
mail-kind-account_invitation = Invitation til konto
mail-attempts = Forsøg
mail-time = Tidspunkt
mail-reply = Serverens svar
mail-created = Lagt i kø
mail-sent-at = Sendt
mail-message-id = Message-ID
mail-outbox-text = Teksten, som den blev skrevet til udbakken
mail-outbox-raw = Hele filen
mail-queued-text = Teksten, som venter på at blive sendt
mail-body-gone = Teksten er slettet, efter at mailen blev sendt eller afvist.
mail-greeting = Hej
mail-invite-subject = Invitation til Trappe
mail-invite-subject-org = Invitation til Trappe: { $org }
mail-invite-intro = Du er inviteret til at oprette en konto i Trappe som { $role }.
mail-invite-intro-org = Du er inviteret til at oprette en konto i Trappe som { $role } for { $org }.
mail-invite-what = Trappe måler, hvor servicemodne offentlige organisationer er, og viser hver organisation, hvor den står blandt andre.
mail-invite-open = Åbn linket for at vælge dit brugernavn og din adgangskode:
mail-invite-button = Opret din konto
mail-invite-expires = Linket kan bruges én gang og gælder til { $expires }.
mail-invite-ignore = Har du ikke ventet denne mail, kan du se bort fra den.
mail-regards = Venlig hilsen
mail-lang = Mailens sprog
mail-lang-da = Dansk
mail-lang-en = Engelsk
users-invite-email = E-mail (valgfri)
users-invite-email-hint = Med en adresse sendes invitationen som mail til den og vises ikke her.
users-mailed = Invitationen er lagt i kø til { $to }.
users-see-mail = Se mails
users-contacts-h = Invitér alle organisationers kontaktpersoner
users-contacts-help = { $n ->
    [one] Én organisation har en kontaktadresse og endnu ingen kontaktperson-konto eller åben invitation. Kontaktpersonen får en invitation på mail.
   *[other] { $n } organisationer har en kontaktadresse og endnu ingen kontaktperson-konto eller åben invitation. Hver kontaktperson får en invitation på mail.
}
users-contacts-none = Ingen organisation har en kontaktadresse uden kontaktperson-konto eller åben invitation. Kontaktadressen står på organisationen.
users-contacts-send = Send invitationerne
err-email = Skriv en e-mailadresse som navn@kommune.dk.
org-contact-email = Kontaktpersonens e-mail (valgfri)
org-contact-email-hint = Bruges til at invitere organisationens kontaktperson på mail.
err-org-contact-email = Kontaktpersonens e-mail skal være en adresse som navn@kommune.dk.

## ---- Organisations in bulk: import, edit, erase, demo removal (issue 14) ----
org-import-title = Indlæs organisationer fra en fil
org-import-hint = En CSV- eller Excel-fil (XLSX) med en overskriftslinje og kolonnerne name (navn), kind (type: kommune, region, stat eller andet), cvr, tags (grupper, adskilt med |) og contact_email (kontakt_email), i vilkårlig rækkefølge. En organisation med samme CVR-nummer, ellers samme navn, bliver opdateret, ikke oprettet igen. Er der en fejl i filen, bliver intet indlæst.
org-import-file = Fil (CSV eller XLSX)
org-import-button = Indlæs organisationer
org-import-no-file = Vælg en fil at indlæse.
org-import-refused = { $n ->
    [one] Filen blev afvist på grund af én fejl. Intet er indlæst.
   *[other] Filen blev afvist på grund af { $n } fejl. Intet er indlæst.
}
org-import-again = Ret filen, og indlæs den igen
org-import-done = Oprettet: { $created }. Opdateret: { $updated }.
org-import-what = Hvad skete der
org-import-created = Oprettet
org-import-updated = Opdateret
org-id = Id
org-back = Tilbage til organisationerne
org-import-at-column = Linje { $line }, kolonne { $column } ({ $field }): { $reason }
org-import-at-line = Linje { $line }: { $reason }
org-import-unreadable = filen kan ikke læses som CSV ({ $detail })
org-import-not-text = teksten er hverken UTF-8 eller Windows-1252
org-import-no-header = filen er tom; den første linje skal være en overskrift
org-import-no-rows = der er ingen organisationer i filen, kun overskriften
org-import-unknown-column = ukendt kolonne »{ $column }« (brug name, kind, cvr, tags og contact_email)
org-import-column-twice = kolonnen står der to gange
org-import-missing-column = kolonnen mangler; den skal være der
org-import-field-count = linjen har { $fields } felter, men overskriften har { $header }
org-import-unknown-kind = ukendt type »{ $kind }« (brug kommune, region, stat eller andet)
org-import-email = »{ $value }« er ikke en e-mailadresse som navn@kommune.dk
org-import-name-twice = navnet »{ $name }« står også på linje { $first }
org-import-cvr-twice = CVR-nummeret { $cvr } står også på linje { $first }
org-import-name-taken = navnet »{ $name }« tilhører en anden organisation (id { $id })
org-import-cvr-differs = organisationen »{ $name }« (id { $id }) har CVR-nummeret { $cvr }
org-import-same-org = rammer samme organisation (id { $id }) som linje { $first }
org-edit-title = Ret organisationen
org-save = Gem ændringerne
org-delete-title = Slet organisationen
org-delete-link = Slet organisationen og alt om den
org-delete-intro = Sletningen fjerner organisationen og alt, hvad Trappe har om den, og kan ikke fortrydes. Kontaktpersoner og læsere, der kun hører til denne organisation, bliver også slettet.
org-delete-what = Det bliver slettet
erase-what = Hvad
erase-count = Antal
org-delete-export = Vil du gemme en kopi først, så hent den med
org-delete-confirm = Ja, slet det hele
org-delete-cancel = Nej, tilbage
demo-remove-title = Fjern demodata
demo-remove-link = Fjern alle demoens målinger og organisationer
demo-remove-intro = Demoens målinger og organisationer bliver slettet med deres besvarelser, links, kontaktlogge og rejser. Det, du selv har oprettet, bliver stående (men dine besvarelser i en demomåling forsvinder med målingen).
demo-remove-responses = { $n ->
    [one] Målingerne har én besvarelse.
   *[other] Målingerne har { $n } besvarelser.
}
demo-remove-confirm = Ja, fjern demodata
demo-none = Der er ingen demodata.
erase-row-answers = Svar
erase-row-responses = Besvarelser
erase-row-invitations = Links til spørgeskemaet
erase-row-organisation-tags = Grupper
erase-row-accounts-left-with-no-organisation = Konti uden anden organisation
erase-row-sessions-of-those-accounts = Sessioner for de konti
erase-row-API-keys-of-those-accounts = API-nøgler for de konti
erase-row-account-invitations-by-those-accounts = Kontoinvitationer fra de konti
erase-row-account-invitations = Kontoinvitationer til organisationen
erase-row-user-organisations = Kontiens medlemskaber af organisationen
erase-row-api-tokens = API-nøgler for organisationen
erase-row-contacts = Kontakter i kontaktloggen
erase-row-contact-imports = Indlæsninger af kontaktloggen
erase-row-contact-cubes = Kontaktloggens opsummering
erase-row-contact-log-chunks = Dele af kontaktloggen
erase-row-contact-uploads = Uploadede kontaktlogge
erase-row-channel-prices = Kanalpriser
erase-row-channel-targets = Kanalmål
erase-row-journeys = Borgerrejser
erase-row-journey-moments = Rejsernes øjeblikke
erase-row-journey-links = Rejsernes links
erase-row-journey-feedback = Borgernes feedback
erase-row-journey-nonces = Brugte formularnøgler
erase-row-mail-messages = Mails
erase-row-respondents = Respondenter på lister
erase-row-completions-per-day = Fuldførte pr. dag
erase-row-organisations = Organisationen
## Respondent lists, invitations and reminders by e-mail (issue 14)
mail-kind-respondent_invitation = Invitation til respondent
mail-kind-respondent_reminder = Påmindelse til respondent
rmail-invitation-subject = Spørgeskema til { $organisation }: svar senest { $deadline }
rmail-invitation-body =
    Hej

    { $sender } måler, hvor servicemodne offentlige organisationer er, og du er inviteret til at svare for { $organisation }.

    Åbn dit personlige link for at svare. Linket virker én gang og kun for dig:

    { $link }

    Svar senest { $deadline }. Dine svar er anonyme: de gemmes uden din adresse og uden linket.

    Venlig hilsen
    { $sender }
rmail-reminder-subject = Påmindelse: spørgeskema til { $organisation }, svar senest { $deadline }
rmail-reminder-body =
    Hej

    Vi mangler stadig dit svar for { $organisation }. Du kan fortsætte, hvor du slap.

    Brug dette link (det erstatter linket i den første mail):

    { $link }

    Svar senest { $deadline }.

    Venlig hilsen
    { $sender }
rmail-err-unknown = ukendt pladsholder { $name }. De kendte er {"{"}organisation{"}"}, {"{"}link{"}"}, {"{"}deadline{"}"} og {"{"}sender{"}"}.
rmail-err-unclosed = en {"{"} uden sin {"}"}.
rmail-err-no-link = teksten skal rumme {"{"}link{"}"}, ellers kan ingen svare.
rmail-err-link-in-subject = emnet kan ikke rumme {"{"}link{"}"}.
rmail-err-empty = emne og tekst må ikke være tomme.
rmail-err-subject = emnet må højst have 200 tegn og ingen linjeskift.
rmail-no-deadline = rundens afslutning
rmail-button = Åbn spørgeskemaet
resp-title = Respondentliste og mails: { $round }
resp-link = Respondentliste og mails
resp-intro = Her lægger du en liste med adresser for alle organisationer, redigerer invitationen og påmindelsen og sender dem. Hver adresse får sit eget link, der virker én gang. Listen ved kun, om en person har svaret, aldrig hvad vedkommende svarede.
resp-counts-h = Listen pr. organisation
resp-org = Organisation
resp-listed = På listen
resp-invited = Inviteret
resp-completed = Har svaret
resp-failed = Afvist af mailserveren
resp-none = Der er ingen adresser på listen endnu.
resp-addresses-link = Se adresserne
resp-upload-h = Læg en liste ind
resp-upload-help = En CSV- eller Excel-fil med kolonnerne org, email og eventuelt role. org er organisationens id, CVR-nummer eller præcise navn. En adresse, der allerede er på listen (uanset store og små bogstaver), kommer ikke på igen.
resp-upload-help-staff = En CSV- eller Excel-fil med kolonnerne org, email og eventuelt role, kun for { $org }. Svar gennem links til jeres egen liste tæller først med i rundens minimum, når arrangøren har godkendt dem.
resp-file = Fil
resp-upload = Læg listen ind
resp-upload-error-h = Listen blev ikke lagt ind
resp-upload-error-intro = Intet er lagt ind. Ret disse rækker, og prøv igen:
resp-upload-no-file = Vælg en fil.
resp-upload-too-big = Filen er for stor (højst { $mb } MB).
resp-imported-h = Listen er lagt ind
resp-added = Nye
resp-already = Fandtes allerede
resp-texts-h = Mailenes tekst
resp-texts-help = Pladsholdere: {"{"}organisation{"}"}, {"{"}link{"}"}, {"{"}deadline{"}"} og {"{"}sender{"}"}. Teksten skal rumme {"{"}link{"}"}, der kommer på sin egen linje. Tom tekst giver standardteksten på rundens sprog.
resp-invitation = Invitation
resp-reminder = Påmindelse
resp-subject = Emne
resp-body = Tekst
resp-save-texts = Gem teksterne
resp-texts-saved = Teksterne er gemt.
resp-text-error = { $which }: { $error }
resp-send-h = Send
resp-will-invite = { $n ->
    [one] 1 adresse får en invitation.
   *[other] { $n } adresser får en invitation.
}
resp-will-remind = { $n ->
    [one] 1 adresse får en påmindelse.
   *[other] { $n } adresser får en påmindelse.
}
resp-preview-invitation = Se invitationen, før den sendes
resp-preview-reminder = Se påmindelsen, før den sendes
resp-progress-h = Rundens mails
resp-progress-reload = Opdatér
resp-progress-unknown = Mails med uvist udfald kan sendes igen efter dit valg under Mail.
resp-preview-title = { $which }: se mailen, før den sendes
resp-preview-example = Eksemplet bruger { $org } fra listen og et eksempellink, der ikke virker. Hver modtager får sit eget link.
resp-preview-none = Ingen får denne mail lige nu.
resp-confirm = Send til { $n } adresser
resp-count-changed = Listen er ændret, siden du så forhåndsvisningen: nu får { $n } adresser mailen, ikke { $before }. Intet er sendt. Se efter, og bekræft igen.
resp-queued = { $n } mails er lagt i kø og sendes nu.
resp-busy = En anden sender allerede mails i denne runde. Prøv igen om lidt.
resp-delete-h = Slet adresserne
resp-delete-help = Runden er lukket. Du kan slette rundens adresser nu; ellers slettes de, når rundens opbevaringstid udløber. Svarene og tællingerne bliver.
resp-delete = Slet rundens adresser
resp-delete-confirm-title = Slet adresserne i { $round }?
resp-delete-confirm-text = { $n } adresser og rundens mails til dem slettes. Det kan ikke fortrydes. Ingen kan herefter få en påmindelse.
resp-delete-done = Rundens adresser er slettet.
resp-addresses-title = Adresser: { $round }
resp-addresses-help = Kun om personen er inviteret, og om vedkommende har svaret – aldrig hvad vedkommende svarede.
resp-email = Adresse
resp-role = Rolle
resp-yes = ja
resp-no = nej
resp-staff-title = Jeres respondentliste: { $org }
resp-staff-link = Jeres respondentliste
resp-example-token = eksempel-ikke-et-rigtigt-link
resp-preview-html = Mailen som HTML
resp-delete-open = Adresserne kan slettes, når runden er lukket. Indtil da kan de få påmindelser.
resp-problem-column = Linje { $line }, kolonne { $column }: { $reason }
resp-problem-line = Linje { $line }: { $reason }
resp-err-unknown-column = ukendt kolonne (kolonnerne er org, email og role).
resp-err-column-twice = kolonnen står der to gange.
resp-err-missing-columns = overskriften skal have kolonnerne org og email (role er valgfri).
resp-err-too-many-rows = listen har { $n } rækker; højst { $max }.
resp-err-field-count = { $got } felter, men overskriften har { $want }.
resp-err-no-org = der står ingen organisation.
resp-err-no-email = der står ingen adresse.
resp-err-bad-email = det er ikke en e-mailadresse som navn@kommune.dk.
resp-err-role-too-long = rollen er længere end 100 tegn.
resp-err-no-addresses = listen har ingen adresser.
resp-err-empty = filen er tom.
resp-err-unreadable = filen kan ikke læses ({ $why }).
resp-err-unknown-org = »{ $org }« er ikke en organisation (skriv id, CVR-nummer eller det præcise navn).
resp-err-other-org = »{ $org }« er en anden organisation: jeres liste kan kun rumme jeres egen.
resp-back = Tilbage
## Rates: deadline, participation, links handed over as files, open links (issue 14)
intro-deadline = Svar senest { $date }.
round-deadline = Svarfrist (valgfri)
round-deadline-hint = Sidste dag, der kan svares, som ÅÅÅÅ-MM-DD (dansk tid). Vises på linkenes første side og i mails.
round-close-after-deadline = Luk runden af sig selv, når svarfristens dag er omme
round-language = Rundens sprog (mails og linkenes første side)
round-closes-itself = lukker af sig selv bagefter
round-no-deadline = Ingen
round-deadline-change = Ret svarfrist og sprog
round-deadline-save = Gem svarfrist og sprog
err-deadline = Svarfristen "{ $date }" er ikke en dato som 2027-01-31.
err-deadline-needed = Skriv en svarfrist, hvis runden skal lukke af sig selv.
err-deadline-closed = Runden er lukket: dens svarfrist kan ikke længere ændres.
participation-title = Deltagelse
participation-lead = Hvor mange der er inviteret, er gået i gang og har svaret, pr. organisation. Tallene tæller links, aldrig svar.
participation-definitions = Sådan tælles der
participation-invited = Inviteret
participation-started = I gang
participation-completed = Svaret
participation-rate = Svarprocent
participation-invited-def = Adresser på svarlisten, der har fået mindst én mail, plus enkeltlinks lavet i hånden (ikke dem, et åbent link har givet videre). Tilbagekaldte links tæller ikke.
participation-started-def = Links, hvor mindst én side er gemt (i gang eller svaret), også åbne links' besøgende.
participation-completed-def = Links, hvis besvarelse er sendt, også åbne links' besøgende.
participation-rate-def = Svaret delt med inviteret; tom, når ingen er inviteret. Den kan komme over 100 %, når åbne links bringer flere end de inviterede.
participation-filter = Filtrér
participation-all = Alle
participation-tag = Mærke
participation-table = Deltagelse pr. organisation
participation-col-name = Organisation
participation-col-kind = Type
participation-col-invited = Inviteret
participation-col-started = I gang
participation-col-completed = Svaret
participation-col-rate = Svarprocent
participation-col-id = Id
participation-shown-total = I alt (de viste)
participation-total = Netværket i alt
participation-total-withheld = Netværkets samlede tal vises, når mindst { $min } andre organisationer deltager: med færre kunne de afsløre en enkelt organisation.
participation-days = Besvarelser pr. dag
participation-days-none = Ingen besvarelser endnu.
participation-days-network = Sendte besvarelser pr. dag i hele netværket (dansk tid).
participation-days-shown = Sendte besvarelser pr. dag for de viste organisationer (dansk tid).
participation-days-own = Sendte besvarelser pr. dag for jeres organisation (dansk tid).
participation-day = Dag
participation-csv = Hent deltagelsen som CSV
participation-xlsx = Hent deltagelsen som Excel (XLSX)
links-output = Hvordan vil du have linkene?
links-output-hint = Linkene kan kun hentes nu: Trappe gemmer dem ikke i klar tekst.
links-output-screen = Vis dem her
links-output-csv = Hent en CSV-fil (til brevfletning)
links-output-xlsx = Hent en Excel-fil (XLSX)
links-file-link = Link
links-page-tokens-note = Linkene selv vises aldrig her: Trappe gemmer kun en kode, der ikke kan føres tilbage til linket. Hent dem som fil, når du laver dem.
language-da = Dansk
language-en = English
# report: summary, peer groups, print (issue 15)
report-summary = Sammenfatning
report-made = Udarbejdet { $date }
report-sum-step = Trin { $level }: { $name }
report-sum-here = Organisationen står på
report-sum-next = Næste trin er
report-sum-next-requires = Det kræver
report-sum-next-dims = Længst fra trin { $level }: { $dims }.
report-sum-top = Organisationen står på øverste trin.
report-sum-position = Nr. { $rank } af { $n } i sammenligningsgruppen ({ $group }).
report-sum-certain = Placeringen på trin { $level } er sikker: 95 %-intervallet ({ $lo } til { $hi }) ligger inden for trinnet.
report-sum-uncertain = Placeringen på trin { $level } er usikker: 95 %-intervallet går fra { $lo } til { $hi }, over et trin.
report-sum-role-none = Forskellen mellem ledere og medarbejdere vises først med { $min } besvarelser fra hver.
report-sum-role-higher = Lederne vurderer organisationen { $diff } højere end medarbejderne i gennemsnit; forskellen er størst på { $dim } ({ $widest }).
report-sum-role-lower = Lederne vurderer organisationen { $diff } lavere end medarbejderne i gennemsnit; forskellen er størst på { $dim } ({ $widest }).
report-sum-role-same = Ledere og medarbejdere vurderer organisationen ens på alle områder (under 0,1 fra hinanden).
report-sum-position-head = Blandt sammenligningsgruppen
report-sum-role-head = Ledere og medarbejdere
report-list-and = { $init } og { $last }
report-peers-all = alle organisationer i målingen
report-peers-kind = samme type ({ $kind })
report-peers-tag = mærket «{ $tag }»
report-peer-group = { $group }, { $n } organisationer
report-peers-choose = Sammenlign med
report-peers-show = Vis
report-compared-with = Sammenligningsgruppe: { $group }.
report-own-words = Med respondenternes egne ord
report-own-words-lead = Hvad holder organisationen tilbage? Svarene står i alfabetisk rækkefølge, uden rolle og uden rækkefølgen de kom i.
cohort-own-words-lead = Respondenternes egne ord om barrierer, for organisationer med viste resultater; i alfabetisk rækkefølge, uden rolle.
report-appendix = Bilag: tallene bag figurerne
report-appendix-lead = Hver figur i rapporten med sine tal som tabel.
report-page-of = Side { $page } af { $pages }
cohort-stairs-filter = Vis trappen for
cohort-stairs-n = { $n } organisationer med score.
cohort-stairs-median = Median

# respondent's questionnaire (issue 16, items 1-5): first page, other answers, review, scale
intro-answers-for = Du svarer for { $org }.
intro-scope-default = Når spørgsmålene siger «jeres organisation», menes { $org }.
intro-sender-h = Afsender
intro-deadline-h = Frist
intro-time-h = Tid
intro-time = Typisk { $lo }–{ $hi } minutter, beregnet ud fra spørgsmålenes længde.
answer-others-h = Andre svar:
scale-end-low = 1: { $text }
scale-end-high = { $n }: { $text }
save-review = Gem og gå til gennemsyn
review-unanswered-count = { $n ->
    [one] Ét spørgsmål er ikke besvaret.
   *[other] { $n } spørgsmål er ikke besvaret.
} De er markeret «Ikke besvaret» nedenfor. Du kan besvare dem eller indsende alligevel; så tæller de ikke med.
review-role = Din rolle
review-role-none = Ikke angivet (valgfrit)
review-change = Ret
review-answer = Besvar
review-not-answered = Ikke besvaret
review-answered-of = { $n } af { $total } besvaret
review-own = Din egen barriere
resp-scope = Hvad betyder «jeres organisation»?
resp-scope-help = Vises på spørgeskemaets første side under navnet på den organisation, respondenten svarer for. Skriv fx, om det er den enkelte enhed eller hele kommunen. Tomt: «Når spørgsmålene siger «jeres organisation», menes» og organisationens navn.
resp-scope-label = Tekst til respondenterne (højst 500 tegn)
resp-scope-error = Teksten om «jeres organisation» er for lang: højst { $max } tegn.

## Contacts: refused rows grouped, figures that cannot be computed (issue 16 items 7 and 8)
import-group = { $n ->
    [one] { $count } række afvist i kolonnen { $column }:
   *[other] { $count } rækker afvist i kolonnen { $column }:
}
import-group-row = { $n ->
    [one] { $count } række afvist:
   *[other] { $count } rækker afvist:
}
import-group-more = … og { $n } rækker mere af samme slags (se dem alle i filen med de afviste rækker).
import-refused-download = Hent alle afviste rækker (CSV)
import-refused-download-hint = Rækkerne som i filen, med dens første linje. Filen slettes to timer efter, at du lagde den op.
channels-unknown = kan ikke beregnes
channels-repeats-unknown = Gentagne henvendelser kan ikke beregnes: ingen henvendelse i loggen har både en borgernøgle og en sagsnøgle, og en gentagen henvendelse er en ny henvendelse fra samme borger om samme sag. Tilføj kolonnerne »{ $citizen }« og »{ $case }« til loggen (de gemmes kun som nøgler, der ikke kan føres tilbage til personen), så kan tallet beregnes.
channels-satisfaction-unknown = Tilfredshed kan ikke beregnes: ingen henvendelse i loggen har et svar i kolonnen »{ $column }«. Tilføj kolonnen med borgernes svar, så kan tallet beregnes.
channels-effort-unknown = Besvær kan ikke beregnes: ingen henvendelse i loggen har et svar i kolonnen »{ $column }«. Tilføj kolonnen med borgernes svar, så kan tallet beregnes.
report-channels-text-no-keys = I { $month } var { $share } af henvendelserne digitale ({ $trend }). Gentagne henvendelser { $repeat }: loggens { $contacts } henvendelser har ingen borger- og sagsnøgler.

## Exports in the page's language (issue 16 item 14; issue 15 item 5 in exports)
export-own-words = egne ord
export-yes = ja
export-no = nej
export-answer-dk = ved ikke
export-answer-na = ikke relevant
export-group-all = alle
export-group-kind = type
export-group-tag = tag
export-col-org-id = Organisations-id
export-col-name = Navn
export-col-kind = Type
export-col-tags = Tags
export-col-responses = Besvarelser
export-col-withheld = Tilbageholdt
export-col-overall = Samlet
export-col-group-kind = Gruppe
export-col-group-value = Gruppens navn
export-col-measure = Mål
export-col-n = Antal
export-col-mean = Gennemsnit
export-col-median = Median
export-col-best-in-class = Bedst i klassen
export-col-min = Mindste
export-col-max = Største
export-col-response = Besvarelse
export-col-org = Organisation
export-col-role = Rolle
export-col-text = Tekst
export-col-dim-level = { $dim }: trin
export-col-dim-low = { $dim }: nedre grænse
export-col-dim-high = { $dim }: øvre grænse
export-col-level-n = Trin { $level }
export-col-barrier = Barriere: { $name }

## Report: chart downloads and print (issue 15, items 6 and 7)
chart-download-svg = Hent som SVG
chart-download-png = Hent som PNG
chart-source = Kilde: Trappe, { $round }, { $org }, { $date }
cohort-chart-source = Kilde: Trappe, { $round }, { $group } ({ $n } organisationer), { $date }

## Any maturity model (issue 18): the scoring rule as a model states it, targets
rule-value-model = Hvert svar har den værdi, modellen giver svarmuligheden (fx 0, 0,25, 0,5 eller 1 i OWASP SAMM).
rule-unanswered-none = "Ved ikke" og ubesvarede spørgsmål har ingen værdi.
rule-unanswered-lowest = "Ved ikke" og ubesvarede spørgsmål tæller som den laveste værdi.
rule-na-none = "Ikke relevant" tæller som et ubesvaret spørgsmål.
rule-na-excluded = "Ikke relevant" tæller hverken for eller imod: spørgsmålet tages ud af nævneren.
rule-respondent-mean = En respondents score for et område er det vægtede gennemsnit af værdierne i området.
rule-stream-sum = En respondents score for en strøm er summen af strømmens værdier; scoren for et område er gennemsnittet af dets strømme (OWASP SAMM's regel).
rule-groups = En gruppes score er det vægtede gennemsnit af dens områders scorer; den samlede score er det vægtede gennemsnit af grupperne.

## ---- Models on the web (issue 18) ----
models-title = Modenhedsmodeller
models-link = Modenhedsmodeller: se dem, og indlæs en ny
models-intro = En runde bruger én bestemt version af en model, og en gemt version ændres aldrig. En ændret model er en ny model: giv den et nyt versionsnummer.
models-stored = De gemte modeller
model-key = Model og version
model-name = Navn
model-questions = Spørgsmål
model-rounds = Runder, der bruger den
model-no-rounds = Ingen
model-upload-title = Indlæs en model
model-upload-hint = En modelfil i TOML-format (som trappe model validate tjekker) eller en OWASP SAMM-udgivelse som ZIP-fil med mappen model/. Du ser alle fejl eller en forhåndsvisning, før noget bliver gemt.
model-version = Version (kun for en SAMM-udgivelse)
model-version-hint = SAMM-dataene siger ikke selv, hvilken udgivelse de er, fx 2.2.0. Modellen bliver gemt som samm@VERSION. En TOML-fil angiver selv sin version.
model-file = Fil (TOML eller ZIP)
model-file-problems = { $n ->
    [one] Filen har en fejl; se den øverst på siden.
   *[other] Filen har { $n } fejl; se dem øverst på siden.
}
model-upload-button = Tjek og vis modellen
model-refused = { $n ->
    [one] Modellen blev afvist for én fejl. Intet er gemt.
   *[other] Modellen blev afvist for { $n } fejl. Intet er gemt.
}
model-imported = Modellen er gemt:
model-preview-title = Forhåndsvisning
model-preview-valid = Modellen er gyldig. Den er endnu ikke gemt.
model-languages = Sprog
model-groups = Grupper
model-dimensions = Områder
model-scale = Trin
model-import-hint = Tjek spørgeskemaet nedenfor på begge sprog. Når modellen er gemt, kan den ikke ændres.
model-import-button = Gem modellen
model-upload-other = Indlæs en anden fil
model-preview-in-da = Spørgeskemaet på dansk
model-preview-in-en = Spørgeskemaet på engelsk
model-preview-missing-lang = Modellen har ingen tekster på dette sprog; den viser sit første sprog
model-option-legend = Hvert svar er vist som trin (værdi): tekst.
model-weight = vægt
model-stream = strøm
model-no-file = Vælg en fil at indlæse.
model-version-missing = Skriv SAMM-udgivelsens version, fx 2.2.0.
model-version-bad = Versionen må kun have bogstaver, tal, punktum, bindestreg og understregning, højst 32 tegn.
model-not-text = Filen er hverken en ZIP-fil eller tekst i UTF-8 (TOML).
model-too-large = Modellen fylder { $size } MB; højst { $limit } MB bliver læst.
model-syntax = Filen er ikke gyldig TOML: { $detail }
model-problem-line = Linje { $line }: { $path }: { $message }
model-problem-field = { $path }: { $message }
model-problem-file = { $file }: { $message }
model-zip-unreadable = Filen kan ikke læses som ZIP-arkiv ({ $detail }).
model-zip-too-many = Arkivet har { $entries } filer og mapper; højst { $limit } bliver læst.
model-zip-too-large = Arkivet fylder over { $size } MB udpakket; højst { $limit } MB bliver læst.
model-zip-unsafe = Arkivet er afvist: stien »{ $name }« peger uden for arkivet.
model-zip-encrypted = Arkivet er afvist: filen »{ $name }« er krypteret.
model-zip-no-model = Arkivet har ingen .yml-filer i en mappe ved navn model/ (SAMM-udgivelsens model-mappe).
model-zip-two-models = Arkivet har to model-mapper, »{ $a }« og »{ $b }«; indlæs én udgivelse ad gangen.
model-zip-not-text = Filen { $name } i arkivet er ikke tekst i UTF-8.
model-exists = Modellen { $key } er allerede gemt og bliver ikke ændret. En ny version er en ny model: giv den ændrede model et nyt versionsnummer.
target-title = Mål for { $org }
target-saved = Målet er gemt.
target-intro = Besvar spørgeskemaet, som I gerne vil være. Målet er jeres eget: det tæller aldrig med i en benchmark, et gennemsnit eller antallet af besvarelser.
target-scores-h = Score og mål
target-score-now = Score nu
target-score-target = Mål
target-scores-hint = Målet er scoret efter modellens regler, som var det én besvarelse. – betyder ingen score.
target-none = Der er ikke sat noget mål i denne runde endnu.
target-no-target = Intet mål
target-save = Gem målet
target-link-edit = Sæt jeres mål
target-link-view = Se målet
target-refused = »{ $value }« er ikke et svar på spørgsmålet »{ $question }«. Intet er gemt.
target-unknown-question = Spørgsmålet »{ $question }« findes ikke i rundens model. Intet er gemt.
