"""A delprojekt written as a real one would be: a gemensam bakjourslinje för akut barnkirurgi in four
regions, from the initiation through the ledningsgrupp's start decision, an arbetsgrupp from every
region, minuted meetings with distinct beslut and vägval with the alternatives weighed, a checklist
answered in the arbetsgrupp's own words (with two deliberate gaps), the ledningsgrupp's approval,
the nämnd's decision and each region's decision and implementation. Deterministic, so reports made
from it can be compared byte for byte.

Used by the report tests, `bench/reports.py` and `docs/examples/` (docs/examples/make_examples.py).
`example_project(until=...)` stops the course at an earlier stage (e.g. a slutrapport not yet
approved); `example_meetings(meetings=N)` adds meetings beyond the written ones for the bench."""

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

REGIONS = ["Blekinge", "Kronoberg", "Skåne", "Halland"]
START = datetime(2026, 1, 12, 8, 0, tzinfo=UTC)
KANSLI = "Karin Kansli"
# Required checklist items deliberately left unanswered, so the report shows its gaps.
GAP_ITEMS = ("sf_riskanalys_resultat", "sr_kommunikation_efter")
# Meetings written out below; more (the bench) are generated from the same kinds of entries.
WRITTEN_MEETINGS = 12

PEOPLE = [
    ("Eva Ordförande", Role.ORDFORANDE, "Skåne", "Skånes universitetssjukhus", "aad-eva"),
    ("Björn Berg", Role.LEDAMOT, "Blekinge", "Blekingesjukhuset", "aad-bjorn"),
    ("Åsa Öberg", Role.LEDAMOT, "Kronoberg", "Centrallasarettet Växjö", "aad-asa"),
    ("Hanna Holm", Role.LEDAMOT, "Halland", "Hallands sjukhus", "aad-hanna"),
    ("Per Patient", Role.PATIENTREPRESENTANT, None, "Patientföreningen Syd", None),
    ("Ekon Omi", Role.ADJUNGERAD_EKONOMI, "Skåne", "Region Skåne ekonomi", None),
    ("Hedda HR", Role.ADJUNGERAD_HR, "Halland", "Region Halland HR", None),
    ("Jens Jurist", Role.ADJUNGERAD_JURIDIK, "Kronoberg", "Region Kronoberg juridik", None),
    ("Klara Kommunikatör", Role.KOMMUNIKATOR, "Blekinge", "Region Blekinge kommunikation", "aad-klara"),
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
ANCHORING = [
    ("Blekinge", AnchoringForum.FORVALTNINGSLEDNING, -20, "Förvaltningsledningen Blekingesjukhuset", "",
     AnchoringOutcome.FORANKRAT),
    ("Kronoberg", AnchoringForum.LINJEN, -18, "Verksamhetschef kirurgi, Centrallasarettet Växjö",
     "Vill se bemanningsplanen före start.", AnchoringOutcome.MED_SYNPUNKTER),
    ("Skåne", AnchoringForum.CHEFSAMRAD, -15, "Chefsamrådet för barn- och ungdomsmedicin", "",
     AnchoringOutcome.FORANKRAT),
    ("Halland", AnchoringForum.FORVALTNINGSLEDNING, -12, "Förvaltningsledningen Hallands sjukhus", "",
     AnchoringOutcome.FORANKRAT),
    ("Kronoberg", AnchoringForum.FORVALTNINGSLEDNING, 205, "Förvaltningsledningen Region Kronoberg",
     "Stöder förslaget under förutsättning att den digitala konsultationen är på plats före start.",
     AnchoringOutcome.FORANKRAT),
    ("Blekinge", AnchoringForum.FACK, 208, "Vårdförbundet och Läkarföreningen i Blekinge",
     "Vill följa arbetsmiljön för primärjouren under försöksperioden.", AnchoringOutcome.MED_SYNPUNKTER),
]  # fmt: skip
# Each region's own decision after the nämnd: region, body, date, dnr, outcome.
REGIONAL_DECISIONS = [
    ("Blekinge", "Regionstyrelsen", date(2026, 10, 28), "RS 2026/140", RegionalOutcome.BIFALL),
    ("Kronoberg", "Hälso- och sjukvårdsnämnden", date(2026, 11, 4), "HSN 2026/77", RegionalOutcome.BIFALL),
    ("Skåne", "Hälso- och sjukvårdsnämnden", date(2026, 10, 30), "HSN 2026/1203", RegionalOutcome.DELVIS),
    ("Halland", "Regionstyrelsen", date(2026, 11, 10), "RS 2026/98", RegionalOutcome.BIFALL),
]
DECISIONS = (
    (DecisionKind.LEDNINGSGRUPP_START, date(2026, 2, 3), "Ledningsgruppen", "LG 2026/12"),
    (DecisionKind.LEDNINGSGRUPP_APPROVAL, date(2026, 9, 8), "Ledningsgruppen", "LG 2026/88"),
    (DecisionKind.NAMND, date(2026, 10, 20), "Regionala samverkansnämnden", "RSN 2026/31"),
)

PERSON_ANSWERS = {
    "ag_ekonomi": "Ekon Omi",
    "ag_hr": "Hedda HR",
    "ag_juridik": "Jens Jurist",
    "start_kanslistod": KANSLI,
    "ag_chefsamrad_kontakt": "Hanna Holm",
}

# The arbetsgrupp's answers, in its own words. Items not listed: yes/no items are "ja", choices
# their first option; later stages are answered as the delprojekt goes on.
ANSWERS: dict[str, object] = {
    "init_initiativtagare": "chefsamrad",
    "init_kunskapsstyrning_vilka": "NPO Barn och ungdomars hälsa (kontakt: processledaren) och RPO Barn och ungdom",
    "sf_forankring_extra": (
        "Förvaltningsledningarna på de fyra sjukhusen har fått idén presenterad före start. Blekingesjukhuset och "
        "Centrallasarettet Växjö lämnar bakjouren men behåller primärjouren; det har tagits upp särskilt med "
        "deras verksamhetschefer för kirurgi."
    ),
    "start_slutrapport_datum": "2026-09-08",
    "start_linjen": (
        "Varje ledamot rapporterar till sin verksamhetschef efter varje möte, och ordföranden redovisar arbetet i "
        "chefsamrådet för barn- och ungdomsmedicin en gång per termin."
    ),
    "start_kommunikationsplan_fore": (
        "Kommunikatören skriver en kort nyhet till intranäten i de fyra regionerna om att arbetet startar, och "
        "verksamhetscheferna informerar sina medarbetare på arbetsplatsträffar i februari."
    ),
    "ag_patientrepresentation": "ja",
    "ag_patient_plan": "Patientföreningen Syd har en representant i arbetsgruppen från första mötet.",
    "ag_adjungerad": ["ekonomi", "hr", "juridik"],
    "ag_motesplan": (
        "Arbetsgruppen träffas var tredje vecka, växelvis digitalt och i Hässleholm. Minnesanteckningarna förs i "
        "Teams under mötet och justeras av en ledamot inom en vecka."
    ),
    "nu_underlag": ["volymer", "bemanning", "patientfloden", "patienterfarenhet"],
    "nu_sammanfattning": (
        "Under 2025 opererades 412 barn akut på kvällar, nätter och helger: 236 i Lund, 74 i Halmstad, 58 i "
        "Växjö och 44 i Karlskrona. Bakjouren i Blekinge och Kronoberg hade i genomsnitt 0,6 respektive 0,8 "
        "operationer per natt och vecka. Blekinge hade 11 och Kronoberg 7 veckor med vakanta pass; Halland "
        "och Skåne hade inga."
    ),
    "nu_patientperspektiv": (
        "Patientföreningen har intervjuat tolv familjer. De beskriver långa väntetider nattetid på de mindre "
        "sjukhusen och transporter till Lund som i efterhand inte behövdes. Familjerna vill hellre åka en gång "
        "till rätt sjukhus än bli flyttade under natten."
    ),
    "sf_kapacitet": (
        "Skånes universitetssjukhus har barnkirurgisk operationssal och barnintensivvård dygnet runt. Hallands "
        "sjukhus Halmstad har operationssal för barn nattetid men ingen barnintensivvård. Blekingesjukhuset och "
        "Centrallasarettet Växjö har akut operationssal som delas med vuxenkirurgin."
    ),
    "an_orsaker": (
        "Problemen beror främst på att få barnkirurger delas på fyra bakjourslinjer, att volymerna nattetid är "
        "för små för att bära en egen linje på de mindre sjukhusen, och att det saknas ett gemensamt sätt att "
        "konsultera en barnkirurg på distans."
    ),
    "an_alternativ": (
        "Arbetsgruppen har prövat tre alternativ: att behålla fyra egna bakjourslinjer och förstärka dem med "
        "hyrläkare, att samla all akut barnkirurgi nattetid i Lund, och att inrätta en gemensam bakjourslinje "
        "med digital konsultation medan primärjouren ligger kvar på varje sjukhus. Det första löser inte "
        "bemanningen, det andra ger långa transporter och belastar Lund, det tredje behåller vården nära och "
        "gör bakjouren hållbar."
    ),
    "an_primarvard": (
        "Primärvården påverkas lite: remissvägarna för akuta barn ändras inte dagtid, och nattetid går barnen "
        "som i dag till närmaste akutmottagning."
    ),
    "an_akutsjukvard": (
        "Akutmottagningarna på de mindre sjukhusen får tillgång till barnkirurg via videokonsultation dygnet "
        "runt. Ambulanssjukvården får en tydligare instruktion om när ett barn ska köras direkt till Lund."
    ),
    "an_undantrangning": (
        "I Lund kan fler akuta barn nattetid tränga undan planerade operationer nästa dag. Arbetsgruppen "
        "bedömer ökningen till högst två barn per vecka och föreslår att det följs upp särskilt."
    ),
    "an_strategiska_vilka": (
        "Hur kostnaden för en gemensam jourlinje ska fördelas mellan regionerna är en fråga för ledningsgruppen "
        "och den politiska nivån, inte för arbetsgruppen."
    ),
    "sf_linjen_analys": (
        "Sjukhusledningarna i Karlskrona och Växjö har deltagit i två av mötena och fått alternativen "
        "presenterade innan arbetsgruppen valde. Deras synpunkter om primärjourens arbetsmiljö finns med i "
        "förslaget."
    ),
    "sf_patientsakerhet": (
        "En gemensam bakjour innebär att fler beslut fattas på distans. Arbetsgruppen har därför valt att "
        "videokonsultation ska vara standard, att barnet alltid undersöks på plats av primärjouren, och att "
        "transport till Lund beslutas av bakjouren tillsammans med primärjouren."
    ),
    "fo_forslag": (
        "Arbetsgruppen föreslår en gemensam bakjourslinje för akut barnkirurgi kvällar, nätter och helger, "
        "med Skånes universitetssjukhus som värdsjukhus och med barnkirurger från Skåne och Halland i ett "
        "gemensamt schema. Primärjouren och den akuta bedömningen av barn ligger kvar på varje sjukhus, med "
        "videokonsultation till bakjouren dygnet runt. Försöket pågår i två år och följs upp efter ett.\n"
        "att rekommendera regionerna att inrätta en gemensam bakjourslinje för akut barnkirurgi kvällar, nätter "
        "och helger från och med 2027-03-01, med Skånes universitetssjukhus som värdsjukhus\n"
        "att rekommendera regionerna att behålla primärjour och akut bedömning av barn på Blekingesjukhuset, "
        "Centrallasarettet Växjö och Hallands sjukhus, med videokonsultation till bakjouren dygnet runt\n"
        "att kostnaden för bakjourslinjen fördelas mellan regionerna efter befolkningsandel under försöksperioden\n"
        "att uppdra åt kansliet att följa upp jourlinjen efter ett år och redovisa resultatet för ledningsgruppen"
    ),
    "fo_vagval": (
        "Arbetsgruppen valde den gemensamma bakjouren för att den löser bemanningen utan att barnen behöver "
        "flyttas längre än i dag. Att samla all akut barnkirurgi i Lund prioriterades bort eftersom det skulle "
        "ge omkring 150 fler transporter per år och kräva fler vårdplatser i Lund."
    ),
    "fo_patientnytta": (
        "Barn och föräldrar får en barnkirurgisk bedömning inom en timme även på de mindre sjukhusen, och "
        "färre barn flyttas i onödan. Patientrepresentanten stöder förslaget och vill att familjerna får "
        "skriftlig information om varför ett barn flyttas."
    ),
    "fo_ekonomi": (
        "Den gemensamma linjen kostar 6,2 miljoner kronor per år i jourersättning och videoutrustning. Det är "
        "1,9 miljoner kronor mindre än regionernas samlade kostnad för bakjour och hyrläkare under 2025."
    ),
    "fo_hr": (
        "Barnkirurgerna i Skåne och Halland får fler bakjourspass men färre pass totalt, eftersom bakjouren "
        "delas på fler. Primärjourerna på de mindre sjukhusen behöver en kortare utbildning i videokonsultation "
        "och i den gemensamma jourinstruktionen."
    ),
    "fo_juridik": "ja",
    "sf_riskanalys": "ja",
    "sf_personaloverforing": (
        "Ingen personal byter arbetsgivare. Barnkirurger som går bakjour åt en annan region gör det enligt ett "
        "samverkansavtal om tjänsteköp mellan regionerna."
    ),
    "sf_ekonomi_per_region": (
        "Med fördelning efter befolkningsandel betalar Skåne 2,9, Halland 1,4, Kronoberg 0,9 och Blekinge 0,7 "
        "miljoner kronor per år. Blekinge och Kronoberg sparar mest, eftersom hyrläkarkostnaderna försvinner; "
        "Skåne får en liten merkostnad som vägs upp av att bakjouren delas med Halland."
    ),
    "nhv_tillgang": (
        "Tillgången säkras genom att varje akutmottagning har primärjour på plats och barnkirurg via video "
        "dygnet runt, och genom en gemensam instruktion för när barnet ska transporteras."
    ),
    "sr_sammanfattning": (
        "Akut barnkirurgi nattetid bemannas i dag med fyra egna bakjourslinjer, och två av dem har haft vakanta "
        "pass under stora delar av 2025. Arbetsgruppen, med ledamöter från alla fyra regionerna och en "
        "patientrepresentant, föreslår en gemensam bakjourslinje med Skånes universitetssjukhus som "
        "värdsjukhus, medan primärjouren ligger kvar på varje sjukhus med videokonsultation dygnet runt.\n\n"
        "Förslaget ger barnen en snabbare bedömning av barnkirurg, färre onödiga transporter och en bemanning "
        "som håller. Det kostar 6,2 miljoner kronor per år, 1,9 miljoner mindre än i dag, och prövas under två "
        "år med uppföljning efter ett."
    ),
    "sr_vagval_sparbara": "ja",
    "sr_mjuka_resultat": (
        "Barnkirurgerna i de fyra regionerna har för första gången en gemensam arena och har redan börjat "
        "konsultera varandra dagtid. Arbetet har också gett en gemensam bild av vårdbehovet som RPO Barn och "
        "ungdom kan använda i andra frågor."
    ),
    "sr_implementeringsplan": (
        "Varje region fattar sitt beslut i hälso- och sjukvårdsnämnden eller regionstyrelsen under hösten 2026. "
        "Skåne ansvarar för schemat och värdskapet, Halland bidrar med två barnkirurger till schemat, och "
        "Blekinge och Kronoberg utbildar sina primärjourer och installerar videoutrustning före 2027-02-01. "
        "Jourlinjen startar 2027-03-01."
    ),
    "sr_uppfoljningsplan": (
        "Kansliet följer varje kvartal antalet obemannade pass, tiden till bedömning av barnkirurg, antalet "
        "transporter till Lund och antalet avvikelser. Data hämtas ur regionernas journalsystem och "
        "avvikelsesystem, och en rapport lämnas till ledningsgruppen efter ett år."
    ),
    "sr_uppfoljning_datum": "2028-03-01",
    "sr_kunskapsstyrning": (
        "Förslaget bygger på NPO Barn och ungdomars hälsas rekommendationer om akut omhändertagande av barn. "
        "Resultatet återkopplas till RPO Barn och ungdom efter uppföljningen."
    ),
    "sr_enighet": "ja",
    "lg_synpunkter": "Ledningsgruppen ville att uppföljningen också redovisar primärjourens arbetsmiljö.",
    "rvn_beslut": "rekommenderat",
    "rvn_regionala_beslut": "Regionerna beslutar i sina nämnder och styrelser under oktober och november 2026.",
    "upp_resultat": "Uppföljningen görs först efter ett års drift.",
    "upp_effekter_andra": "Ännu inte uppföljt.",
    "upp_lardomar": "Att ta in sjukhusledningarna tidigt gjorde förankringen enklare.",
    "sf_patientsakerhet_uppfoljning": "Ännu inte uppföljt.",
    "imp_stod": "Kansliet samordnar utbildningen av primärjourerna.",
}


def _member(key: str, index: int, person) -> Member:
    name, role, region, organisation, aad = person
    return Member(f"{key}-m{index}", name, role, region, organisation, KANSLI, START + timedelta(days=20), aad)


def example_project(key: str = "SBV-2026-03", until: Stage = Stage.IMPLEMENTERING) -> Delprojekt:
    """The example delprojekt as it stands in stage `until`: only the decisions taken before it."""
    project = Delprojekt.initiate(
        DelprojektKey.parse(key),
        "Gemensam bakjourslinje för akut barnkirurgi",
        by="Eva Ordförande",
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
    at = START
    previous = None
    for stage in STAGE_PATH[: STAGE_PATH.index(until) + 1]:
        project.history.append(StageChange(previous, stage, KANSLI, at))
        previous = stage
        at += timedelta(days=30)
    project.stage = until
    for kind, on, body, dnr in DECISIONS:
        if STAGE_PATH.index(DECISION_STAGE[kind]) >= STAGE_PATH.index(until):
            continue
        project.decisions.append(
            ProjectDecision(kind, on, body, dnr, "", KANSLI, datetime.combine(on, datetime.min.time(), UTC))
        )
    # The uppdrag as the ledningsgrupp decided to start on it (it has not changed since).
    project.uppdrag_frozen = 1 if project.decision(DecisionKind.LEDNINGSGRUPP_START) else None
    for region, forum, days, who, views, outcome in ANCHORING:
        on = (START + timedelta(days=days)).date()
        project.anchoring.append(AnchoringEntry(region, forum, on, who, views, outcome, KANSLI, START))
    if STAGE_PATH.index(until) >= STAGE_PATH.index(Stage.IMPLEMENTERING):
        for region, body, on, dnr, outcome in REGIONAL_DECISIONS:
            at = datetime.combine(on, datetime.min.time(), UTC)
            project.regional_decisions.append(RegionalDecision(region, body, on, dnr, outcome, "", KANSLI, at))
        statuses = [ImplementationStatus.DONE, ImplementationStatus.IN_PROGRESS, ImplementationStatus.DECIDED]
        for region, status in zip(REGIONS, statuses, strict=False):
            project.implementation[region] = replace(
                _implementation(region, status), comment=f"{region}: införandet följer planen."
            )
    return project


def _implementation(region: str, status: ImplementationStatus) -> RegionImplementation:
    return RegionImplementation(region, status, date(2026, 11, 2), "", KANSLI, datetime(2026, 11, 2, 9, tzinfo=UTC))


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
     "Alla regioner har beslutat och utrustningen är beställd."),
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
    "Alla fyra regionerna har fattat beslut.",
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
    "Regionerna har ett gemensamt samverkansavtal som kan återanvändas.",
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
            created_by="Eva Ordförande",
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
                by="Eva Ordförande",
                at=at,
                register_id=register_id,
                alternatives=alternatives,
                reason=reason,
                owner=_person(index + number) if kind is EntryKind.ATGARD else None,
                due=(held + timedelta(days=14)).date() if kind is EntryKind.ATGARD else None,
            )
            if kind is EntryKind.ATGARD and number % 2:
                entry = mark_done(entry, "Eva Ordförande", at + timedelta(days=10))
            meeting.entries.append(entry)
            made += 1
        if number < meetings:
            meeting.approved_by = meeting.justerare.name
            meeting.approved_at = held + timedelta(days=3)
            if number == 2:
                meeting.amendments.append(
                    Amendment("Eva Ordförande", held + timedelta(days=5), "Fel datum", "Nästa möte är den 3 mars.")
                )
        result.append(meeting)
    return result


def _value(item: Item, index: int):
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
    if item.type is AnswerType.DATE:
        return (date(2026, 3, 1) + timedelta(days=index)).isoformat()
    if item.type is AnswerType.NUMBER:
        return 4
    if item.type is AnswerType.PERSON:
        return PERSON_ANSWERS.get(item.id, PEOPLE[0][0])
    return f"Arbetsgruppens svar: {item.question.sv.rstrip('?')}."


def example_answers(template: Template) -> dict[str, list[Answer]]:
    answers: dict[str, list[Answer]] = {}
    for index, item in enumerate(template.items):
        if item.id in GAP_ITEMS:
            continue
        at = START + timedelta(days=index)
        answers[item.id] = [Answer(item.id, _value(item, index), "", "Eva Ordförande", at, 1, "aad-eva")]
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
    frozen = UppdragVersion(1, project.uppdrag, "Eva Ordförande", START) if project.uppdrag_frozen else None
    answers = example_answers(template)
    # Only the stages the delprojekt has reached are answered.
    reached = STAGE_PATH.index(until)
    answers = {
        item_id: history
        for item_id, history in answers.items()
        if (item := template.item(item_id)) is not None and STAGE_PATH.index(item.stage) <= reached
    }
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
