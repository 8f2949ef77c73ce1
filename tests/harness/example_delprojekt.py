"""A delprojekt written as a real one would be: a gemensam bakjourslinje för akut barnkirurgi in the
four regions of Södra sjukvårdsregionen, from the initiation through the ledningsgrupp's start
decision, an arbetsgrupp from every region, minuted meetings with distinct beslut and vägval with the
alternatives weighed, the checklist (template 2.0) answered in the arbetsgrupp's own words, the
remiss of the draft, the ledningsgrupp's approval, the nämnd's decision and each region's decision
and first steps of implementation. The dates follow one course: every stage is entered after what
its gate needs and before what is done in it. Deterministic, so reports made from it can be
compared byte for byte.

Used by the report tests, `bench/reports.py` and `docs/examples/` (docs/examples/make_examples.py).
`example_project(until=...)` stops the course at an earlier stage (e.g. a slutrapport not yet
approved: then the remiss and the last part of the communication plan are still unwritten);
`example_meetings(meetings=N)` adds meetings beyond the written ones for the bench."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from domain.anchoring import AnchoringEntry, AnchoringForum, AnchoringOutcome
from domain.arbetsgrupp import Member, Role
from domain.characters import Character
from domain.checklists.library import TemplateLibrary
from domain.checklists.model import Answer, AnswerType, Item, Template
from domain.decisions import (
    DECISION_STAGE,
    DecisionKind,
    ImplementationStatus,
    ProjectDecision,
    RegionalDecision,
    RegionalOutcome,
    RegionImplementation,
)
from domain.delprojekt import Delprojekt, StageChange
from domain.keys import DelprojektKey
from domain.minutes import Amendment, Entry, EntryKind, Meeting, Person, mark_done
from domain.stages import STAGE_PATH, Stage
from domain.strategic_questions import Forum, QuestionStatus, StrategicQuestion
from domain.uppdrag import Uppdrag, UppdragVersion
from reports.snapshot import DelprojektSnapshot

BLEKINGE, KRONOBERG, SKANE, HALLAND = "Region Blekinge", "Region Kronoberg", "Region Skåne", "Region Halland"
REGIONS = [BLEKINGE, KRONOBERG, SKANE, HALLAND]  # as the programme names them (domain/programmes/sodra.toml)
START = datetime(2026, 1, 12, 8, 0, tzinfo=UTC)
KANSLI = "Karin Wallin"
CHAIR = "Eva Lindqvist"
# Required items still unanswered while the report is being written (stage Slutrapport): the remiss
# is out and the communication after the decisions is planned last. Answered once it is approved.
GAP_ITEMS = ("sr_remiss", "sr_kommunikation_efter")
# Meetings written out below; more (the bench) are generated from the same kinds of entries.
WRITTEN_MEETINGS = 12

PEOPLE = [
    (CHAIR, Role.ORDFORANDE, SKANE, "Barnkirurgiska kliniken, Skånes universitetssjukhus", "aad-eva"),
    ("Björn Berg", Role.LEDAMOT, BLEKINGE, "Kirurgikliniken, Blekingesjukhuset", "aad-bjorn"),
    ("Åsa Öberg", Role.LEDAMOT, KRONOBERG, "Kirurgkliniken, Centrallasarettet Växjö", "aad-asa"),
    ("Hanna Holm", Role.LEDAMOT, HALLAND, "Kirurgkliniken, Hallands sjukhus Halmstad", "aad-hanna"),
    ("Per Nilsson", Role.PATIENTREPRESENTANT, None, "Patientföreningen Syd", None),
    ("Maria Ek", Role.ADJUNGERAD_EKONOMI, SKANE, "Koncernekonomi, Region Skåne", None),
    ("Hedda Sjöberg", Role.ADJUNGERAD_HR, HALLAND, "HR-avdelningen, Region Halland", None),
    ("Jens Larsson", Role.ADJUNGERAD_JURIDIK, KRONOBERG, "Juridiska enheten, Region Kronoberg", None),
    ("Klara Mårtensson", Role.KOMMUNIKATOR, None, "Södra sjukvårdsregionens kansli", "aad-klara"),
    (KANSLI, Role.KANSLISTOD, None, "Södra sjukvårdsregionens kansli", "aad-karin"),
]
UPPDRAG = Uppdrag(
    bakgrund=(
        "Akut barnkirurgi nattetid och under helger bemannas i dag med en egen bakjour på fyra sjukhus. "
        "På tre av dem handlar det om färre än ett ingrepp per natt i veckan, och Blekingesjukhuset och "
        "Centrallasarettet Växjö har under 2025 haft vakanta bakjourspass i elva respektive sju veckor, som "
        "täckts med hyrläkare eller genom att barnen transporterats till Lund. Barnkirurgerna är få, och "
        "sårbarheten ökar när två specialister går i pension 2027."
    ),
    syfte_mal=(
        "Syftet är att barn i hela sjukvårdsregionen med akuta kirurgiska tillstånd ska få samma snabba "
        "bedömning av barnkirurg dygnet runt, med en bemanning som håller även när enskilda sjukhus har "
        "vakanser."
    ),
    mal=(
        "Inget bakjourspass i barnkirurgi ska vara obemannat efter införandet. Tiden från ankomst till "
        "bedömning av barnkirurg ska vara högst 60 minuter för 90 procent av barnen, på alla fyra sjukhusen."
    ),
    avgransning=(
        "Planerad barnkirurgi, barnortopedi och neonatalkirurgi ingår inte. Primärjouren på varje sjukhus "
        "och den akuta bedömningen av barn på akutmottagningarna ligger kvar i varje region."
    ),
    patientnytta=(
        "Barn med till exempel misstänkt blindtarmsinflammation, invagination eller testikeltorsion "
        "bedöms snabbare av barnkirurg, färre barn behöver transporteras i onödan och färre operationer "
        "skjuts upp till dagtid."
    ),
    kunskapsstyrning="NPO Barn och ungdomars hälsa och RPO Barn och ungdom i Södra sjukvårdsregionen",
    desired_start=date(2026, 2, 1),
    desired_end=date(2026, 9, 30),
    tidplan=(
        "Nulägesanalys mars–april 2026, alternativ och vägval maj–juni, förslag och förankring i linjen "
        "augusti, slutrapport till ledningsgruppen i september 2026."
    ),
    leveranser=(
        "En slutrapport med förslag till beslut, en gemensam jourinstruktion och en plan för införande och "
        "uppföljning per region."
    ),
    resurser=(
        "Varje region bekostar sina ledamöters tid. Kansliet bidrar med processtöd och sammanställning av "
        "data, cirka 20 procent av en tjänst under arbetet."
    ),
)

# Where the idea was anchored: region, forum, days from START, with whom, views, outcome.

# The stages as the delprojekt entered them: each after what its gate needs (the anchoring in every
# region, the start decision, the composition, the approval, the nämnd, every region's decision).
STAGE_DATES = {
    Stage.INITIERING: START,
    Stage.BESLUT_OM_START: datetime(2026, 1, 27, 9, 0, tzinfo=UTC),
    Stage.ARBETSGRUPP_TILLSATT: datetime(2026, 2, 4, 9, 0, tzinfo=UTC),
    Stage.NULAGESANALYS: datetime(2026, 3, 5, 9, 0, tzinfo=UTC),
    Stage.ANALYS: datetime(2026, 4, 16, 9, 0, tzinfo=UTC),
    Stage.FORSLAG: datetime(2026, 5, 28, 9, 0, tzinfo=UTC),
    Stage.SLUTRAPPORT: datetime(2026, 7, 30, 9, 0, tzinfo=UTC),
    Stage.GODKAND_AV_LEDNINGSGRUPP: datetime(2026, 9, 8, 15, 0, tzinfo=UTC),
    Stage.BESLUT_I_NAMND: datetime(2026, 10, 21, 9, 0, tzinfo=UTC),
    Stage.IMPLEMENTERING: datetime(2026, 11, 11, 9, 0, tzinfo=UTC),
    Stage.UPPFOLJNING: datetime(2028, 3, 6, 9, 0, tzinfo=UTC),
    Stage.AVSLUTAD: datetime(2028, 4, 10, 9, 0, tzinfo=UTC),
}
# The arbetsgrupp is put together after the start decision, before the first meeting.
MEMBERS_ADDED = datetime(2026, 2, 12, 10, 0, tzinfo=UTC)

# The anchoring log: region, forum, date, with whom, views, outcome. Before the start in every
# region; with the hospital managements while the alternatives were weighed; the remiss of the
# draft in August and September.
ANCHORING = [
    (BLEKINGE, AnchoringForum.FORVALTNINGSLEDNING, date(2026, 1, 19), "Förvaltningsledningen Blekingesjukhuset", "",
     AnchoringOutcome.FORANKRAT),
    (KRONOBERG, AnchoringForum.LINJEN, date(2026, 1, 20), "Verksamhetschef kirurgi, Centrallasarettet Växjö",
     "Vill se bemanningsplanen före start.", AnchoringOutcome.MED_SYNPUNKTER),
    (SKANE, AnchoringForum.CHEFSAMRAD, date(2026, 1, 22), "Chefsamrådet för barn- och ungdomsmedicin", "",
     AnchoringOutcome.FORANKRAT),
    (HALLAND, AnchoringForum.FORVALTNINGSLEDNING, date(2026, 1, 26), "Förvaltningsledningen Hallands sjukhus", "",
     AnchoringOutcome.FORANKRAT),
    (KRONOBERG, AnchoringForum.FORVALTNINGSLEDNING, date(2026, 5, 12), "Sjukhusledningen Centrallasarettet Växjö",
     "Stöder en gemensam bakjour om primärjouren får utbildning i videokonsultation.",
     AnchoringOutcome.MED_SYNPUNKTER),
    (BLEKINGE, AnchoringForum.FORVALTNINGSLEDNING, date(2026, 5, 13), "Sjukhusledningen Blekingesjukhuset",
     "Stöder alternativet med gemensam bakjour.", AnchoringOutcome.FORANKRAT),
    (HALLAND, AnchoringForum.LINJEN, date(2026, 5, 19), "Verksamhetschef kirurgi, Hallands sjukhus",
     "Två barnkirurger kan ingå i ett gemensamt schema.", AnchoringOutcome.FORANKRAT),
    (SKANE, AnchoringForum.CHEFSAMRAD, date(2026, 5, 20), "Chefsamrådet för barn- och ungdomsmedicin",
     "Ser positivt på att bakjouren samlas med värdskap i Lund.", AnchoringOutcome.FORANKRAT),
    (BLEKINGE, AnchoringForum.FACK, date(2026, 8, 27), "Vårdförbundet och Läkarföreningen i Blekinge",
     "Vill att primärjourens arbetsmiljö följs upp under försöksperioden.", AnchoringOutcome.MED_SYNPUNKTER),
    (KRONOBERG, AnchoringForum.FORVALTNINGSLEDNING, date(2026, 9, 1), "Förvaltningsledningen Region Kronoberg (remiss)",
     "Tillstyrker under förutsättning att den digitala konsultationen är på plats före start.",
     AnchoringOutcome.FORANKRAT),
    (BLEKINGE, AnchoringForum.FORVALTNINGSLEDNING, date(2026, 9, 2),
     "Förvaltningsledningen Blekingesjukhuset (remiss)", "Tillstyrker.", AnchoringOutcome.FORANKRAT),
    (SKANE, AnchoringForum.FORVALTNINGSLEDNING, date(2026, 9, 3),
     "Sjukhusledningen Skånes universitetssjukhus (remiss)",
     "Tillstyrker; vill att beläggningen i barnintensivvården följs under försöket.", AnchoringOutcome.MED_SYNPUNKTER),
    (HALLAND, AnchoringForum.FORVALTNINGSLEDNING, date(2026, 9, 4), "Förvaltningsledningen Hallands sjukhus (remiss)",
     "Tillstyrker.", AnchoringOutcome.FORANKRAT),
]  # fmt: skip
# Each region's own decision after the nämnd: region, body, date, dnr, outcome, note.
REGIONAL_DECISIONS = [
    (BLEKINGE, "Regionstyrelsen", date(2026, 10, 28), "RS 2026/140", RegionalOutcome.BIFALL, ""),
    (SKANE, "Hälso- och sjukvårdsnämnden", date(2026, 10, 30), "HSN 2026/1203", RegionalOutcome.DELVIS,
     "Bifall till jourlinjen; kostnadsfördelningen efter befolkningsandel prövas på nytt efter uppföljningen."),
    (KRONOBERG, "Hälso- och sjukvårdsnämnden", date(2026, 11, 4), "HSN 2026/77", RegionalOutcome.BIFALL, ""),
    (HALLAND, "Regionstyrelsen", date(2026, 11, 10), "RS 2026/98", RegionalOutcome.BIFALL, ""),
]  # fmt: skip
# Implementation as reported by 2026-11-20: preparations in Blekinge and Kronoberg, Skåne decided,
# Halland not yet reported.
IMPLEMENTATION = [
    (BLEKINGE, ImplementationStatus.IN_PROGRESS, date(2026, 11, 16),
     "Videoutrustningen är beställd och utbildningen av primärjourerna är bokad till januari 2027."),
    (KRONOBERG, ImplementationStatus.IN_PROGRESS, date(2026, 11, 18),
     "Videoutrustningen är beställd; rutinen för röntgenjouren skrivs."),
    (SKANE, ImplementationStatus.DECIDED, date(2026, 11, 2), ""),
]  # fmt: skip
DECISIONS = (
    (DecisionKind.LEDNINGSGRUPP_START, date(2026, 2, 3), "Ledningsgruppen", "SSR 2026/12",
     "Ordförande: Eva Lindqvist, Skånes universitetssjukhus."),
    (DecisionKind.LEDNINGSGRUPP_APPROVAL, date(2026, 9, 8), "Ledningsgruppen", "SSR 2026/88",
     "Ledningsgruppen vill att uppföljningen också redovisar primärjourens arbetsmiljö."),
    (DecisionKind.NAMND, date(2026, 10, 20), "Södra regionvårdsnämnden", "RVN 2026/31",
     "Nämnden rekommenderar regionerna att besluta i enlighet med förslagen."),
)  # fmt: skip

# The arbetsgrupp's answers to template 2.0, in its own words; a region's line begins with the
# region's name, as the template asks. Every item that applies is answered (the items of the
# uppföljning are answered only when the course reaches it).
ANSWERS: dict[str, object] = {
    "init_kriterier": "ja",
    "init_initiativtagare": "chefsamrad",
    "ks_npo_avstamt": "ja",
    "start_ordforande": "i_startbeslutet",
    "start_linjen": (
        "Region Blekinge: Björn Berg informerar verksamhetschefen för kirurgi efter varje möte och "
        "förvaltningsledningen för Blekingesjukhuset en gång i kvartalet.\n"
        "Region Kronoberg: Åsa Öberg informerar verksamhetschefen för kirurgi efter varje möte; "
        "sjukhusledningen får en avstämning i maj och i augusti.\n"
        "Region Skåne: Eva Lindqvist redovisar arbetet för ledningen för barn- och ungdomsmedicin och "
        "barnkirurgi vid Skånes universitetssjukhus varje månad.\n"
        "Region Halland: Hanna Holm informerar verksamhetschefen för kirurgi vid Hallands sjukhus efter varje "
        "möte och förvaltningsledningen i maj.\n"
        "Ordföranden redovisar arbetet i chefsamrådet för barn- och ungdomsmedicin en gång per termin, och "
        "referensgruppen träffas i mars, maj och augusti."
    ),
    "start_kommunikationsplan_fore": (
        "Inför starten skriver kommunikatören en kort nyhet om uppdraget till de fyra regionernas intranät och "
        "till sjukvårdsregionens webbplats i februari. Verksamhetscheferna för kirurgi och barnmedicin "
        "informerar sina medarbetare på arbetsplatsträffar samma månad, med ett gemensamt underlag från "
        "arbetsgruppen. Patientföreningen Syd berättar om arbetet i sitt nyhetsbrev till medlemmarna."
    ),
    "sf_referensgrupp": "ja",
    "ag_motesplan": "var tredje vecka från mars till augusti 2026, växelvis i Teams och på plats i Hässleholm",
    "nu_underlag": ["volymer", "vantetider", "bemanning", "patientfloden", "patienterfarenhet"],
    "nu_sammanfattning": (
        "Under 2025 opererades 412 barn akut på kvällar, nätter och helger i de fyra regionerna. Volymerna "
        "bygger på regionernas operationsregister och bemanningen på jourscheman, med gemensamma definitioner.\n"
        "Region Skåne: 236 barn opererades vid Skånes universitetssjukhus i Lund, som har barnkirurgisk "
        "operationssal och barnintensivvård dygnet runt. Inga bakjourspass var vakanta.\n"
        "Region Halland: 74 barn opererades vid Hallands sjukhus Halmstad, som har operationssal för barn "
        "nattetid men ingen barnintensivvård. Inga bakjourspass var vakanta.\n"
        "Region Kronoberg: 58 barn opererades vid Centrallasarettet Växjö, i genomsnitt 0,8 operationer per "
        "natt och vecka. Bakjouren var vakant i sju veckor och täcktes med hyrläkare.\n"
        "Region Blekinge: 44 barn opererades vid Blekingesjukhuset i Karlskrona, i genomsnitt 0,6 operationer "
        "per natt och vecka. Bakjouren var vakant i elva veckor, och 19 barn transporterades till Lund under "
        "vakanserna."
    ),
    "nu_patientperspektiv": (
        "Patientföreningen Syd har intervjuat tolv familjer vars barn sökt akut nattetid under 2025. Familjerna "
        "beskriver långa väntetider på de mindre sjukhusen innan barnet bedömts av en barnkirurg, och "
        "transporter till Lund som i efterhand inte behövdes. De vill hellre åka en gång till rätt sjukhus än "
        "bli flyttade under natten, och de vill veta varför ett barn flyttas. Per Nilsson, patientrepresentant "
        "i arbetsgruppen, känner igen bilden från föreningens samtal med medlemmar."
    ),
    "an_orsaker": (
        "Problemen har tre huvudsakliga orsaker. Få barnkirurger delas på fyra bakjourslinjer, så varje vakans "
        "slår direkt mot bemanningen. Volymerna nattetid i Karlskrona och Växjö är för små för att bära en egen "
        "bakjourslinje, vilket gör linjerna dyra och sårbara. Det saknas dessutom ett gemensamt sätt för en "
        "barnkirurg att bedöma ett barn på distans, så osäkra fall transporteras hellre än bedöms på plats. "
        "Regionerna är överens om orsakerna; Region Halland har inte haft vakanser men ser samma risk när två "
        "barnkirurger går i pension 2027."
    ),
    "an_kommunikation_under": (
        "Efter varje möte får berörda verksamhetschefer en kort sammanfattning att föra vidare. När alternativen "
        "presenteras i maj berättar kommunikatören om dem på de fyra sjukhusens intranät, och "
        "Patientföreningen Syd får samma information."
    ),
    "ks_kunskapsstod": "ja",
    "fo_forslag": (
        "Arbetsgruppen föreslår en gemensam bakjourslinje för akut barnkirurgi kvällar, nätter och helger, med "
        "Skånes universitetssjukhus som värdsjukhus och med barnkirurger från Region Skåne och Region Halland i "
        "ett gemensamt schema. Primärjouren och den akuta bedömningen av barn ligger kvar på varje sjukhus, med "
        "videokonsultation till bakjouren dygnet runt. Försöket pågår i två år och följs upp efter ett.\n"
        "att rekommendera regionerna att inrätta en gemensam bakjourslinje för akut barnkirurgi kvällar, nätter "
        "och helger från och med 2027-03-01, med Skånes universitetssjukhus som värdsjukhus\n"
        "att rekommendera regionerna att behålla primärjour och akut bedömning av barn på Blekingesjukhuset, "
        "Centrallasarettet Växjö och Hallands sjukhus, med videokonsultation till bakjouren dygnet runt\n"
        "att kostnaden för bakjourslinjen fördelas mellan regionerna efter befolkningsandel under "
        "försöksperioden, enligt en skriftlig överenskommelse mellan regionerna\n"
        "att uppdra åt kansliet att följa upp jourlinjen efter ett år och redovisa resultatet för ledningsgruppen"
    ),
    "fo_patientnytta": (
        "Barn och föräldrar i alla fyra regionerna får en barnkirurgisk bedömning inom en timme dygnet runt, och "
        "färre barn flyttas i onödan. Riskanalysen visar att bedömning på distans är säker när barnet alltid "
        "undersöks på plats av primärjouren, när video är standard och när beslut om transport fattas av "
        "bakjouren tillsammans med primärjouren. Patientrepresentanten stöder förslaget och vill att familjerna "
        "får skriftlig information om varför ett barn flyttas.\n"
        "Region Blekinge: omkring 15 av de 19 transporterna till Lund under vakanserna 2025 hade kunnat "
        "undvikas med bedömning via video.\n"
        "Region Kronoberg: barnen bedöms av barnkirurg via video i stället för att vänta på en hyrläkare; "
        "väntetiden nattetid beräknas minska från i genomsnitt tre timmar till under en timme.\n"
        "Region Skåne: något fler barn kommer till Lund nattetid, högst två per vecka enligt arbetsgruppens "
        "beräkning.\n"
        "Region Halland: ingen förändring för barnen; bakjouren nattetid delas med Region Skåne."
    ),
    "fo_ekonomi": (
        "Den gemensamma linjen kostar 5,9 miljoner kronor per år i jourersättning och drift av "
        "videokonsultationen, 1,9 miljoner kronor mindre än regionernas samlade kostnad för bakjour och "
        "hyrläkare 2025. Videoutrustningen kostar 0,3 miljoner kronor en gång.\n"
        "Region Skåne: 4,2 miljoner kronor per år, 0,3 miljoner kronor mer än 2025; merkostnaden vägs upp av "
        "att övertiden i den egna bakjouren minskar.\n"
        "Region Halland: 0,6 miljoner kronor per år, 0,7 miljoner kronor mindre än 2025.\n"
        "Region Kronoberg: 0,6 miljoner kronor per år, 0,8 miljoner kronor mindre än 2025, främst eftersom "
        "hyrläkarna inte längre behövs.\n"
        "Region Blekinge: 0,5 miljoner kronor per år, 0,7 miljoner kronor mindre än 2025; hyrläkarna och de "
        "flesta transporterna försvinner."
    ),
    "fo_hr": (
        "Ingen medarbetare behöver byta arbetsplats eller arbetsgivare, och de fackliga organisationerna har "
        "fått förslaget till schema.\n"
        "Region Skåne: fem barnkirurger ingår i det gemensamma schemat och går fler bakjourspass men färre pass "
        "totalt, eftersom schemat delas med Region Halland.\n"
        "Region Halland: två barnkirurger ingår i schemat och går bakjour enligt ett avtal om tjänsteköp.\n"
        "Region Kronoberg: omkring 20 läkare i primärjouren utbildas i videokonsultation och i den gemensamma "
        "jourinstruktionen; den egna bakjouren i barnkirurgi upphör.\n"
        "Region Blekinge: omkring 16 läkare i primärjouren utbildas på samma sätt; den egna bakjouren i "
        "barnkirurgi upphör."
    ),
    "fo_juridik_konsekvenser": (
        "Bakjouren bedömer barn i en annan region än den där barnkirurgen är anställd. Regionerna tecknar därför "
        "ett avtal om tjänsteköp, där värdregionen har det medicinska ansvaret för bakjourens bedömning och den "
        "region där barnet vårdas har ansvaret för vården på plats. Bakjouren behöver kunna läsa journalen i "
        "den region där barnet vårdas; det sker genom sammanhållen journalföring med vårdnadshavarens "
        "samtycke. Jens Larsson, adjungerad jurist, har granskat upplägget."
    ),
    "fo_andra_verksamheter": (
        "Primärvården påverkas inte: remissvägarna för akuta barn ändras inte dagtid, och nattetid går barnen "
        "som i dag till närmaste akutmottagning. Ambulanssjukvården får en gemensam instruktion om när ett barn "
        "ska köras direkt till Lund. Kommunernas vård och omsorg berörs inte.\n"
        "Region Skåne: barnintensivvården i Lund kan få något fler barn nattetid, och planerade operationer "
        "dagen efter en belastad natt kan behöva flyttas; arbetsgruppen bedömer det till högst två barn per "
        "vecka och föreslår att det följs upp särskilt.\n"
        "Region Blekinge: akutmottagningen och röntgenjouren i Karlskrona behöver rutiner för videokonsultation "
        "och för att skicka bilder till bakjouren.\n"
        "Region Kronoberg: samma rutiner behövs för akutmottagningen och röntgenjouren i Växjö.\n"
        "Region Halland: ingen märkbar påverkan på andra verksamheter."
    ),
    "fo_finansiering": ["solidarisk", "utvecklingsmedel"],
    "sf_overenskommelse": "ja",
    "sf_riskanalys": "ja",
    "sr_sammanfattning": (
        "Akut barnkirurgi nattetid bemannas i dag med fyra egna bakjourslinjer, och två av dem har haft vakanta "
        "pass under stora delar av 2025. Arbetsgruppen, med ledamöter från alla fyra regionerna och en "
        "patientrepresentant, föreslår en gemensam bakjourslinje med Skånes universitetssjukhus som "
        "värdsjukhus, medan primärjouren ligger kvar på varje sjukhus med videokonsultation dygnet runt.\n\n"
        "Förslaget ger barnen en snabbare bedömning av barnkirurg, färre onödiga transporter och en bemanning "
        "som håller. Det kostar 5,9 miljoner kronor per år, 1,9 miljoner mindre än i dag, och prövas under två "
        "år med uppföljning efter ett. Alla fyra regionerna står bakom förslaget."
    ),
    "sr_remiss": (
        "Utkastet gick på remiss till förvaltningsledningarna i de fyra regionerna den 21 augusti, med svar "
        "senast den 4 september, och till referensgruppen och de fackliga organisationerna. Alla fyra "
        "regionerna tillstyrkte. Efter remissen har arbetsgruppen lagt till att primärjourens arbetsmiljö följs "
        "upp särskilt under försöket, som de fackliga organisationerna i Region Blekinge bad om, och förtydligat "
        "att videokonsultationen ska vara på plats före start, som Region Kronoberg bad om. Region Skånes "
        "synpunkt om barnintensivvården finns med i uppföljningsplanen."
    ),
    "sr_implementeringsplan": (
        "Region Blekinge: regionstyrelsen beslutar i oktober 2026. Verksamhetschefen för kirurgi vid "
        "Blekingesjukhuset ansvarar för utbildningen av primärjouren och för videoutrustningen, som ska vara på "
        "plats före 2027-02-01.\n"
        "Region Kronoberg: hälso- och sjukvårdsnämnden beslutar i november 2026. Verksamhetschefen för kirurgi "
        "vid Centrallasarettet Växjö ansvarar för utbildning och videoutrustning på samma sätt.\n"
        "Region Skåne: hälso- och sjukvårdsnämnden beslutar i oktober 2026. Verksamhetschefen för barnkirurgi "
        "vid Skånes universitetssjukhus ansvarar för schemat och värdskapet.\n"
        "Region Halland: regionstyrelsen beslutar i november 2026. Verksamhetschefen för kirurgi vid Hallands "
        "sjukhus ansvarar för att två barnkirurger ingår i schemat.\n"
        "Avtalet om tjänsteköp och överenskommelsen om kostnadsfördelningen tecknas före 2027-01-31. Kansliet "
        "samordnar utbildningen av primärjourerna i januari 2027, och jourlinjen startar 2027-03-01."
    ),
    "sr_uppfoljningsplan": (
        "Kansliet följer varje kvartal antalet obemannade bakjourspass, tiden från ankomst till bedömning av "
        "barnkirurg, antalet transporter till Lund, antalet avvikelser som rör jourlinjen och primärjourens "
        "arbetsmiljö. Data hämtas ur regionernas journalsystem, avvikelsesystem och jourscheman med samma "
        "definitioner som i nulägesanalysen, och beläggningen i barnintensivvården i Lund följs särskilt. "
        "Resultatet redovisas för ledningsgruppen efter ett år."
    ),
    "sr_uppfoljning_datum": "2028-03-01",
    "sr_kunskapsstyrning": (
        "Förslaget bygger på NPO Barn och ungdomars hälsas rekommendationer om akut omhändertagande av barn och "
        "är avstämt med RPO Barn och ungdom. Den gemensamma jourinstruktionen lämnas till RPO Barn och ungdom, "
        "som kan sprida den till andra jourlinjer, och resultatet av uppföljningen återkopplas dit."
    ),
    "sr_kommunikation_efter": (
        "När ledningsgruppen har godkänt rapporten informerar verksamhetscheferna de berörda klinikerna på "
        "arbetsplatsträffar, innan rapporten publiceras på sjukvårdsregionens webbplats. Efter nämndens "
        "behandling skriver kommunikatören en nyhet till de fyra regionernas intranät och ett underlag som "
        "regionerna kan använda inför sina egna beslut. Familjerna får information genom 1177 och "
        "Patientföreningen Syd före starten 2027-03-01. Kommunikatören ansvarar för planen och "
        "verksamhetscheferna för informationen på sina kliniker."
    ),
    "sr_mjuka_resultat": (
        "Barnkirurgerna i de fyra regionerna har för första gången en gemensam arena och har redan börjat "
        "konsultera varandra dagtid. Primärjourerna i Region Blekinge och Region Kronoberg säger att de inte "
        "längre känner sig ensamma nattetid. Arbetet har också gett en gemensam bild av vårdbehovet som RPO Barn "
        "och ungdom vill använda i andra frågor."
    ),
    "sr_enighet": "ja",
    "sf_facklig_samverkan": "ja",
    "imp_remissvagar": "ja",
    "imp_kommunikation": "ja",
    "imp_stod": (
        "Kansliet samordnar utbildningen av primärjourerna i januari 2027 och tar fram underlaget för den "
        "första kvartalsuppföljningen."
    ),
    "sf_overforing_plan": "ja",
    "upp_resultat": (
        "Region Blekinge: inga obemannade bakjourspass sedan starten; 4 barn transporterades till Lund, mot 19 "
        "året före.\n"
        "Region Kronoberg: inga obemannade pass; 92 procent av barnen bedömdes av barnkirurg inom 60 minuter.\n"
        "Region Skåne: 88 procent av barnen bedömdes inom 60 minuter; målet på 90 procent nåddes inte under de "
        "två första kvartalen.\n"
        "Region Halland: 93 procent inom 60 minuter; inga obemannade pass."
    ),
    "upp_effekter_andra": (
        "Barnintensivvården i Lund fick i genomsnitt ett barn mer per vecka nattetid, färre än bedömt, och inga "
        "planerade operationer behövde flyttas. Röntgenjouren i Karlskrona och Växjö behövde mer stöd i början "
        "än planerat."
    ),
    "upp_lardomar": "Att ta in sjukhusledningarna tidigt gjorde förankringen och remissen enklare.",
    "upp_fortsattning": "avslutas",
    "sf_patientsakerhet_uppfoljning": (
        "Sju avvikelser rapporterades under året, ingen allvarlig; tre gällde överföring av röntgenbilder och "
        "åtgärdades med en gemensam rutin."
    ),
    "ks_aterkoppling": "ja",
}


def _member(key: str, index: int, person) -> Member:
    name, role, region, organisation, aad = person
    return Member(f"{key}-m{index}", name, role, region, organisation, KANSLI, MEMBERS_ADDED, aad)


def example_project(key: str = "SBV-2026-03", until: Stage = Stage.IMPLEMENTERING) -> Delprojekt:
    """The example delprojekt as it stands in stage `until`: only the decisions taken before it."""
    project = Delprojekt.initiate(
        DelprojektKey.parse(key),
        "Gemensam bakjourslinje för akut barnkirurgi",
        by=CHAIR,
        at=START,
        regions=list(REGIONS),
        characters={Character.STRUCTURAL_CHANGE, Character.KUNSKAPSSTYRNING},
        uppdrag=UPPDRAG,
        by_id="aad-eva",
    )
    project.id = None
    project.checklist_template = TemplateLibrary.load().default().ref
    for index, person in enumerate(PEOPLE):
        project.members.append(_member(key, index, person))
    project.history.clear()
    previous = None
    for stage in STAGE_PATH[: STAGE_PATH.index(until) + 1]:
        project.history.append(StageChange(previous, stage, KANSLI, STAGE_DATES[stage]))
        previous = stage
    project.stage = until
    for kind, on, body, dnr, note in DECISIONS:
        if STAGE_PATH.index(DECISION_STAGE[kind]) >= STAGE_PATH.index(until):
            continue
        project.decisions.append(
            ProjectDecision(kind, on, body, dnr, note, KANSLI, datetime.combine(on, datetime.min.time(), UTC))
        )
    # The uppdrag as the ledningsgrupp decided to start on it (it has not changed since).
    project.uppdrag_frozen = 1 if project.decision(DecisionKind.LEDNINGSGRUPP_START) else None
    for region, forum, on, who, views, outcome in ANCHORING:
        recorded = datetime.combine(on, datetime.min.time(), UTC) + timedelta(hours=15)
        project.anchoring.append(AnchoringEntry(region, forum, on, who, views, outcome, KANSLI, recorded))
    if STAGE_PATH.index(until) >= STAGE_PATH.index(Stage.IMPLEMENTERING):
        for region, body, on, dnr, outcome, note in REGIONAL_DECISIONS:
            at = datetime.combine(on, datetime.min.time(), UTC)
            project.regional_decisions.append(RegionalDecision(region, body, on, dnr, outcome, note, KANSLI, at))
        for region, status, on, comment in IMPLEMENTATION:
            at = datetime.combine(on, datetime.min.time(), UTC) + timedelta(hours=9)
            project.implementation[region] = RegionImplementation(region, status, on, comment, KANSLI, at)
    return project


def _person(index: int) -> Person:
    name, role, region, _, aad = PEOPLE[index % len(PEOPLE)]
    return Person(name, aad, region, role.value)


# What each meeting was about; the entries follow the kinds in turn, each with its own text.
AGENDAS = [
    ["Arbetsgruppens uppdrag och mötesplan", "Vilka data behövs för nulägesanalysen", "Patientperspektivet"],
    ["Volymer och bemanning 2025 per sjukhus", "Vakanta bakjourspass", "Intervjuer med familjer"],
    ["Nulägesanalysen klar", "Orsaker till vakanserna", "Återkoppling till linjen"],
    ["Tre alternativ för bakjouren", "Transporter och ambulans", "Patientsäkerhet vid distansbedömning"],
    ["Val av modell", "Videokonsultation: teknik och juridik", "Kostnader"],
    ["Schema för en gemensam bakjour", "Arbetsmiljö för primärjouren", "Facklig samverkan"],
    ["Kostnadsfördelning mellan regionerna", "Riskanalys", "Utkast till förslag"],
    ["Förankring av förslaget i linjen", "Synpunkter från sjukhusledningarna", "Implementeringsplan"],
    ["Slutrapportens utkast", "Uppföljningsplan", "Kommunikation efter beslut"],
    ["Ledningsgruppens synpunkter", "Underlag till nämnden", "Tidplan för regionernas beslut"],
    ["Utbildning av primärjourerna", "Videoutrustning", "Samverkansavtal om tjänsteköp"],
    ["Status per region inför start", "Uppföljningens mått", "Nästa steg"],
]
BESLUT = [
    "Arbetsgruppen fastställer mötesplanen och att minnesanteckningar justeras inom en vecka.",
    "Kansliet får i uppdrag att ta fram volymer och bemanning per sjukhus för 2025.",
    "Nulägesanalysen godkänns som underlag för arbetet med alternativ.",
    "Tre alternativ utreds vidare: egna linjer med hyrläkare, samling i Lund och gemensam bakjour.",
    "Videokonsultation ska ingå i alla alternativ som innebär bedömning på distans.",
    "Schemat för den gemensamma bakjouren bygger på sju barnkirurger från Skåne och Halland.",
    "Kostnaden föreslås fördelas efter befolkningsandel; frågan lyfts till ledningsgruppen.",
    "Förslaget skickas till sjukhusledningarna för synpunkter före slutrapporten.",
    "Slutrapportens utkast godkänns för förankring i linjen och chefsamrådet.",
    "Underlaget till nämnden kompletteras med primärjourens arbetsmiljö.",
    "Utbildningen av primärjourerna genomförs i januari 2027.",
    "Jourlinjen startar som planerat 2027-03-01.",
]
VAGVAL = [
    ("Nulägesanalysen omfattar alla fyra sjukhusen, även Lund.",
     "Att bara analysera de tre mindre sjukhusen",
     "Lunds volymer och kapacitet behövs för att kunna pröva en gemensam linje."),
    ("Patientperspektivet hämtas genom intervjuer med familjer.",
     "En enkät till alla familjer som sökt akut under 2025",
     "Intervjuer ger mer om upplevelsen nattetid, och en enkät hade tagit för lång tid."),
    ("Arbetsgruppen utgår från bakjouren, inte primärjouren.",
     "Att också slå samman primärjourerna",
     "Primärjouren behövs på plats för alla akuta barn, och vakanserna gäller bakjouren."),
    ("Gemensam bakjour med primärjour kvar på varje sjukhus.",
     "Fyra egna bakjourslinjer med hyrläkare; all akut barnkirurgi nattetid samlad i Lund",
     "Löser bemanningen utan fler transporter; samling i Lund hade gett omkring 150 fler transporter per år."),
    ("Videokonsultation är standard för bakjourens bedömning på distans.",
     "Telefonkonsultation som i dag",
     "Bakjouren behöver se barnet; videon ger säkrare beslut om transport."),
    ("Skånes universitetssjukhus blir värdsjukhus för bakjouren.",
     "Hallands sjukhus som värdsjukhus; att värdskapet roterar mellan regionerna",
     "Barnintensivvården finns i Lund, och ett fast värdskap gör ansvaret tydligt."),
    ("Kostnaden fördelas efter befolkningsandel.",
     "Fördelning efter antal opererade barn; att värdregionen bär kostnaden",
     "Befolkningsandel är förutsägbar och används redan i andra samarbeten i sjukvårdsregionen."),
    ("Försöket pågår i två år med uppföljning efter ett.",
     "Permanent införande direkt",
     "Ett försök ger regionerna möjlighet att pröva modellen och ändra den efter uppföljningen."),
    ("Uppföljningen mäter tid till bedömning, obemannade pass, transporter och avvikelser.",
     "Enbart antal obemannade pass",
     "Patientnyttan syns först i tiden till bedömning och i transporterna."),
    ("Primärjourens arbetsmiljö följs upp separat.",
     "Att följa den inom den vanliga arbetsmiljöuppföljningen",
     "Ledningsgruppen och facket har bett om det särskilt."),
    ("Utbildningen ges digitalt med ett praktiskt pass på varje sjukhus.",
     "Enbart digital utbildning",
     "Videokonsultationen behöver övas i den miljö där den ska användas."),
    ("Starten ligger kvar 2027-03-01.",
     "Att skjuta starten till hösten 2027",
     "Regionernas beslut väntas före mitten av november, och utrustningen är beställd."),
]  # fmt: skip
PRIORITERINGAR = [
    "Bemanningen av bakjouren prioriteras före frågan om gemensamma vårdprogram.",
    "Familjernas erfarenheter prioriteras i nulägesanalysen före kostnadsjämförelser.",
    "Patientsäkerheten vid distansbedömning utreds före kostnadsfrågan.",
    "Transporterna nattetid prioriteras i analysen av alternativen.",
    "Juridisk bedömning av videokonsultationen görs före valet av teknik.",
    "Schemat ska vara klart innan kostnadsfördelningen beräknas.",
    "Riskanalysen prioriteras före kommunikationsplanen.",
    "Sjukhusledningarnas synpunkter prioriteras före slutrapportens språkgranskning.",
    "Uppföljningsplanen prioriteras före bilagorna i slutrapporten.",
    "Nämndens underlag prioriteras före utbildningsplanen.",
    "Utrustningen i Karlskrona och Växjö prioriteras, eftersom vakanserna är störst där.",
    "Startdatum prioriteras före utvidgning till barnortopedi.",
]
ATGARDER = [
    "Beställa volymer och bemanning per sjukhus från regionernas analysenheter.",
    "Boka intervjuer med familjer genom Patientföreningen Syd.",
    "Presentera nulägesanalysen för chefsamrådet för barn- och ungdomsmedicin.",
    "Ta fram transportdata från ambulanssjukvården i de fyra regionerna.",
    "Begära juridisk bedömning av videokonsultation mellan regionerna.",
    "Ta fram ett utkast till gemensamt bakjoursschema.",
    "Beräkna kostnaden per region för de två fördelningsmodellerna.",
    "Skicka förslaget till sjukhusledningarna i Karlskrona och Växjö.",
    "Skriva kommunikationsplanen för tiden efter nämndens beslut.",
    "Komplettera underlaget till nämnden med primärjourens arbetsmiljö.",
    "Beställa videoutrustning till Karlskrona och Växjö.",
    "Följa upp regionernas beslut inför starten.",
]
ANTECKNINGAR = [
    "Ordföranden presenterade uppdraget och ledningsgruppens startbeslut.",
    "Data från Halland kommer en vecka senare än övriga.",
    "Lund kan ta emot fler barn nattetid om barnintensivvården förstärks vid behov.",
    "Ambulanssjukvården deltog under punkten om transporter.",
    "Ekonomen visade hyrläkarkostnaderna för 2025.",
    "Facket har fått förslaget till schema.",
    "Riskanalysen genomförs med stöd av patientsäkerhetsenheten i Skåne.",
    "Sjukhusledningen i Växjö stöder förslaget.",
    "Språkgranskning av rapporten görs av kansliet.",
    "Ledningsgruppen godkände rapporten 2026-09-08.",
    "Utrustningen levereras i december.",
    "Nämnden behandlade förslaget 2026-10-20; regionerna beslutar mellan 28 oktober och 10 november.",
]
MJUKA = [
    "Barnkirurgerna i de fyra regionerna har börjat konsultera varandra dagtid.",
    "Primärjourerna i Blekinge och Kronoberg upplever att de inte längre står ensamma.",
    "Regionernas analysenheter har tagit fram gemensamma definitioner av akut barnkirurgi.",
    "Patientföreningen har fått en tydligare roll i sjukvårdsregionens arbete.",
    "Sjukhusledningarna har fått en gemensam bild av bemanningsläget.",
    "Ambulanssjukvården har börjat samordna instruktionerna för barn.",
    "Fackliga företrädare från alla regioner har träffats för första gången i en gemensam fråga.",
    "Arbetssättet med videokonsultation intresserar även barnortopedin.",
    "RPO Barn och ungdom vill använda nulägesanalysen i andra frågor.",
    "Kommunikatörerna i regionerna har ett gemensamt nätverk.",
    "Utbildningsmaterialet kan användas av andra jourlinjer.",
    "Avtalet om tjänsteköp kan bli en mall för andra gemensamma jourlinjer.",
]
EFFEKTER = [
    "Akutmottagningarna i Karlskrona och Växjö behöver rutiner för videokonsultation.",
    "Ambulanssjukvården får ändrade instruktioner för transport av barn nattetid.",
    "Barnintensivvården i Lund kan få något fler barn nattetid.",
    "Planerade operationer i Lund kan påverkas dagen efter en belastad natt.",
    "Primärvården påverkas inte dagtid; nattetid går barnen som i dag till närmaste akutmottagning.",
    "Vuxenkirurgin på de mindre sjukhusen delar operationssal med barnkirurgin som i dag.",
    "Röntgenjouren behöver kunna skicka bilder till bakjouren i Lund.",
    "IT-supporten behöver vara nåbar nattetid för videoutrustningen.",
    "Barnavdelningarna på de mindre sjukhusen får färre överflyttningar.",
    "Sjukhusens schemaläggare behöver samordna sig över regiongränserna.",
    "Ekonomifunktionerna behöver fakturera varandra varje kvartal.",
    "Patientnämnderna behöver veta vilken region som ansvarar vid klagomål.",
]
STRATEGISKA = [
    "Ska kostnaden för en gemensam jourlinje fördelas efter befolkningsandel?",
    "Behöver sjukvårdsregionen ett gemensamt samverkansavtal för tjänsteköp mellan regionerna?",
    "Ska barnortopedin på sikt ingå i samma jourlinje?",
    "Hur ska ansvaret för patientsäkerheten fördelas när bakjouren sitter i en annan region?",
    "Ska videokonsultation bli standard även i andra jourlinjer?",
    "Hur ska regionerna dela data för uppföljningen?",
    "Behöver barnintensivvården i Lund förstärkas?",
    "Hur ska patientnämnderna hantera klagomål som rör två regioner?",
    "Ska försöket förlängas om uppföljningen visar blandade resultat?",
    "Vem äger den gemensamma jourinstruktionen?",
    "Ska kansliet samordna utbildningen av primärjourerna?",
    "Hur ska nästa delprojekt om jourlinjer väljas?",
]


def _held_at(number: int, meetings: int) -> datetime:
    """Every third week from March; a bench delprojekt with more meetings has them closer together
    before the report, so that its slutrapport cites all of them."""
    if meetings <= WRITTEN_MEETINGS:
        return START + timedelta(days=30 + 21 * number, hours=5)
    return START + timedelta(days=45 + (number * 180) // meetings, hours=5 + number % 3)


def _text(kind: EntryKind, index: int, number: int) -> tuple[str, str, str]:
    """Text, alternatives and reason of the entry of `kind` with running number `index`."""
    pick = index % WRITTEN_MEETINGS
    suffix = "" if index < WRITTEN_MEETINGS else f" (möte {number})"
    if kind is EntryKind.VAGVAL:
        text, alternatives, reason = VAGVAL[pick]
        return text + suffix, alternatives, reason
    pool = {
        EntryKind.BESLUT: BESLUT,
        EntryKind.PRIORITERING: PRIORITERINGAR,
        EntryKind.ATGARD: ATGARDER,
        EntryKind.ANTECKNING: ANTECKNINGAR,
        EntryKind.MJUKT_RESULTAT: MJUKA,
        EntryKind.EFFEKT: EFFEKTER,
        EntryKind.STRATEGISK_FRAGA: STRATEGISKA,
    }[kind]
    return pool[pick] + suffix, "", ""


def example_meetings(project: Delprojekt, meetings: int = 12, entries: int | None = None) -> list[Meeting]:
    """`meetings` meetings, the last one not yet approved; `entries` in all (default 8 per meeting).
    With the default twelve, meetings 10 to 12 are held after the ledningsgrupp's approval."""
    total = entries if entries is not None else meetings * 8
    kinds = [
        EntryKind.BESLUT,
        EntryKind.VAGVAL,
        EntryKind.ATGARD,
        EntryKind.ANTECKNING,
        EntryKind.MJUKT_RESULTAT,
        EntryKind.EFFEKT,
        EntryKind.PRIORITERING,
        EntryKind.STRATEGISK_FRAGA,
    ]
    result: list[Meeting] = []
    counters = {"B": 0, "V": 0}
    per_kind = dict.fromkeys(kinds, 0)
    made = 0
    for number in range(1, meetings + 1):
        held = _held_at(number, meetings)
        meeting = Meeting(
            delprojekt_key=str(project.key),
            number=number,
            held_at=held,
            created_by=CHAIR,
            place="Teams" if number % 2 else "Hässleholm",
            present=[_person(i) for i in range(number % 3, 8)],
            absent=[_person(8)] if number % 4 == 0 else [],
            agenda=list(AGENDAS[(number - 1) % len(AGENDAS)]),
            justerare=_person(1 + number % 3),
        )
        share = total // meetings + (1 if number <= total % meetings else 0)
        for index in range(share):
            kind = kinds[(made + number) % len(kinds)]
            text, alternatives, reason = _text(kind, per_kind[kind], number)
            per_kind[kind] += 1
            register_id = None
            if kind is EntryKind.BESLUT:
                counters["B"] += 1
                register_id = f"B-{counters['B']}"
            elif kind is EntryKind.VAGVAL:
                counters["V"] += 1
                register_id = f"V-{counters['V']}"
            at = held + timedelta(minutes=5 * index)
            entry = Entry(
                id=f"e-{number}-{index}",
                kind=kind,
                text=text,
                by=CHAIR,
                at=at,
                register_id=register_id,
                alternatives=alternatives,
                reason=reason,
                owner=_person(index + number) if kind is EntryKind.ATGARD else None,
                due=(held + timedelta(days=14)).date() if kind is EntryKind.ATGARD else None,
            )
            if kind is EntryKind.ATGARD and number % 2:
                entry = mark_done(entry, CHAIR, at + timedelta(days=10))
            meeting.entries.append(entry)
            made += 1
        if number < meetings:
            meeting.approved_by = meeting.justerare.name
            meeting.approved_at = held + timedelta(days=3)
            if number == 2:
                meeting.amendments.append(
                    Amendment(CHAIR, held + timedelta(days=5), "Fel datum", "Nästa möte är den 3 mars.")
                )
        result.append(meeting)
    return result


def _value(item: Item):
    """The arbetsgrupp's answer; None where it has written none (never a placeholder text)."""
    if item.id in ANSWERS:
        return ANSWERS[item.id]
    if item.type in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
        return "ja"
    if item.type is AnswerType.SINGLE:
        return item.options[0].id
    if item.type is AnswerType.MULTI:
        return [item.options[0].id]
    if item.schedules == "follow_up":
        return "2027-11-02"  # about a year after the nämnd, as the help text advises
    if item.type is AnswerType.PERSON:
        return PEOPLE[0][0]
    return None


def example_answers(template: Template, until: Stage = Stage.IMPLEMENTERING) -> dict[str, list[Answer]]:
    """The answers of the stages reached by `until`, each given a few days into its stage; while the
    report is still being written, GAP_ITEMS are not."""
    reached = STAGE_PATH.index(until)
    answers: dict[str, list[Answer]] = {}
    for index, item in enumerate(template.items):
        stage = STAGE_PATH.index(item.stage)
        if stage > reached or (item.id in GAP_ITEMS and until is Stage.SLUTRAPPORT):
            continue
        value = _value(item)
        if value is None:
            continue
        at = STAGE_DATES[item.stage] + timedelta(days=3 + index % 20, hours=index % 5)
        if stage < reached:  # answered before the delprojekt went on
            at = min(at, STAGE_DATES[STAGE_PATH[stage + 1]] - timedelta(hours=1))
        answers[item.id] = [Answer(item.id, value, "", CHAIR, at, 1, "aad-eva")]
    return answers


# The register's course of the example's strategic questions, in turn: answered by the ledningsgrupp,
# on the samarbetsgrupp's agenda, raised with no forum yet.
QUESTION_STATES = (
    (Forum.LEDNINGSGRUPP, QuestionStatus.BESVARAD, "Ledningsgruppen ställer sig bakom en gemensam lösning."),
    (Forum.SAMARBETSGRUPP, QuestionStatus.PA_DAGORDNING, ""),
    (None, QuestionStatus.VACKT, ""),
)


# What the ledningsgrupp answered to the later questions it took up.
LEDNINGSGRUPP_ANSWERS = (
    "Ledningsgruppen ställer sig bakom en gemensam lösning.",
    "Värdregionen har det medicinska ansvaret för bakjourens bedömning; den remitterande regionen för vården på plats.",
    "Barnintensivvården förstärks inte i försöket; behovet följs upp efter ett år.",
    "Frågan tas upp igen efter uppföljningen.",
)


def example_questions(meetings: list[Meeting] | tuple[Meeting, ...]) -> list[StrategicQuestion]:
    """The register's questions: one per strategisk fråga of the minutes, and one the kansli raised."""
    questions = []
    raised = [(e, m) for m in meetings for e in m.entries if e.kind is EntryKind.STRATEGISK_FRAGA]
    for number, (entry, meeting) in enumerate(raised, start=1):
        forum, status, answer = QUESTION_STATES[(number - 1) % len(QUESTION_STATES)]
        if answer and number > 1:
            answer = LEDNINGSGRUPP_ANSWERS[(number // 3) % len(LEDNINGSGRUPP_ANSWERS)]
        answered = entry.at + timedelta(days=20) if status is QuestionStatus.BESVARAD else None
        questions.append(
            StrategicQuestion(
                meeting.delprojekt_key,
                entry.text,
                entry.by,
                entry.at,
                number,
                forum=forum,
                status=status,
                answer=answer,
                answered_at=answered,
                answered_by=KANSLI if answered else None,
                source_entry_id=entry.id,
                meeting_number=meeting.number,
                meeting_held_at=meeting.held_at,
            )  # fmt: skip
        )
    key = meetings[0].delprojekt_key if meetings else "SBV-2026-03"
    questions.append(
        StrategicQuestion(
            key,
            "Ska jourlinjen på sikt finansieras gemensamt inom sjukvårdsregionens budget?",
            KANSLI,
            START + timedelta(days=200),
            len(questions) + 1,
            forum=Forum.POLITISK_NIVA,
            status=QuestionStatus.PA_DAGORDNING,
        )  # fmt: skip
    )
    return questions


def example_snapshot(
    meetings: int = 12, entries: int | None = None, until: Stage = Stage.IMPLEMENTERING
) -> DelprojektSnapshot:
    project = example_project(until=until)
    template = TemplateLibrary.load().get(project.checklist_template)
    held = tuple(example_meetings(project, meetings, entries))
    frozen = UppdragVersion(1, project.uppdrag, CHAIR, START) if project.uppdrag_frozen else None
    answers = example_answers(template, until)
    return DelprojektSnapshot(
        project=project,
        meetings=held,
        answers=answers,
        template=template,
        today=date(2026, 11, 20),
        strategic_questions=tuple(example_questions(held)),
        frozen_uppdrag=frozen,
    )


async def store_example(
    uow_factory,
    meetings: int = 12,
    entries: int | None = None,
    key: str = "SBV-2026-03",
    until: Stage = Stage.IMPLEMENTERING,
):
    """Persist the example through the repositories; returns the stored delprojekt's id."""
    snapshot = example_snapshot(meetings, entries, until)
    project = example_project(key, until)
    async with uow_factory() as uow:
        await uow.delprojekt.add(project)
        for meeting in snapshot.meetings:
            approved_by, approved_at, amendments = meeting.approved_by, meeting.approved_at, meeting.amendments
            stored = replace(meeting, delprojekt_key=key, entries=[], approved_by=None, approved_at=None, amendments=[])
            await uow.meetings.add(project.id, stored)
            for entry in meeting.entries:
                fresh = replace(entry, id=f"{key}-{entry.id}", done_at=None, done_by=None)
                await uow.meetings.add_entry(stored.id, project.id, fresh)
                if entry.done_at:
                    await uow.meetings.mark_done(fresh.id, entry.done_by, entry.done_at)
            if approved_at:
                stored.approved_by, stored.approved_at = approved_by, approved_at
                stored.amendments = list(amendments)
                await uow.meetings.save(stored)
        for history in snapshot.answers.values():
            for answer in history:
                await uow.checklists.add(project.id, answer)
        for question in snapshot.strategic_questions:
            entry_id = f"{key}-{question.source_entry_id}" if question.source_entry_id else None
            stored = await uow.strategic.add(
                project.id, replace(question, delprojekt_key=key, source_entry_id=entry_id)
            )
            if question.status is not QuestionStatus.VACKT or question.forum:
                stored.forum, stored.status, stored.answer = question.forum, question.status, question.answer
                stored.answered_at, stored.answered_by = question.answered_at, question.answered_by
                await uow.strategic.save(stored)
        await uow.commit()
    return project.id
