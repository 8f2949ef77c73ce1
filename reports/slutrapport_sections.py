"""The slutrapport's sections under the outline's headings (reports/outline.toml): each method is
named after its outline section and returns that section's blocks. Answers become prose through
reports/slutrapport_prose.py; the tables the report kinds share come from reports/tables.py and
those per region from reports/per_region.py."""

from __future__ import annotations

import re
from dataclasses import replace

from domain.arbetsgrupp import Role
from domain.decisions import DecisionKind
from domain.minutes import EntryKind
from domain.stages import STAGE_PATH
from reports.document import Block, Gap, Numbered, Paragraph, Subheading, Table
from reports.formatting import day
from reports.per_region import RegionLines, anchoring_by_region, consequence_tables, split_lines
from reports.slutrapport_prose import PROSE_TYPES, Writer
from reports.slutrapport_scope import REPORT_STAGE
from reports.tables import anchoring as anchoring_log
from reports.tables import members_table
from reports.uppdrag import REQUIRED_UPPDRAG_TEXTS, UPPDRAG_TEXTS

# A line of a förslag that is an att-sats: "att …", "1. att …", "– att …".
ATT_SATS = re.compile(r"^\s*(?:\d+[.)]\s*|[-–•]\s*)?((?:att|that)\s+\S.*)$", re.IGNORECASE)


class SectionWriter(Writer):
    """The builders of the outline sections that are more than their answers."""

    def sammanfattning(self) -> list[Block]:
        return self.prose("sammanfattning")

    def forslag_till_beslut(self) -> tuple[list[Block], list[str]]:
        """The att-satser written in the förslag, numbered under the seeds' heading."""
        t = self.t
        satser: list[str] = []
        for item in self.by_section.get("forslag", []):
            value = self.value(item) if item.type in PROSE_TYPES else None
            for line in (value or "").splitlines():
                match = ATT_SATS.match(line)
                if match:
                    sats = match[1].strip()
                    satser.append(sats[0].lower() + sats[1:])
        if not satser:
            self.lack("forslag_till_beslut", t("report.v2.no_att_satser"))
            return [], satser
        return [
            Paragraph(t("report.v2.proposal_lead")),
            Numbered(tuple(satser), intro=t("report.v2.proposal_intro")),
        ], satser

    def uppdrag(self) -> list[Block]:
        t, frozen, project = self.t, self.s.frozen_uppdrag, self.s.project
        u = frozen.uppdrag if frozen is not None else project.uppdrag
        blocks: list[Block] = []
        start = project.decision(DecisionKind.LEDNINGSGRUPP_START)
        if frozen is not None and start is not None:
            key = "report.v2.uppdrag_frozen" if start.diarienummer else "report.v2.uppdrag_frozen_no_dnr"
            blocks.append(Paragraph(t(key, date=day(start.decided_on), dnr=start.diarienummer, number=frozen.number)))
            if project.uppdrag_version > frozen.number:
                blocks.append(Paragraph(t("report.v2.uppdrag_changed", number=project.uppdrag_version)))
        elif start is not None and start.approves:
            blocks.append(Paragraph(t("report.v2.uppdrag_started", date=day(start.decided_on))))
        else:
            blocks.append(Paragraph(t("report.v2.uppdrag_not_started")))
        for name in UPPDRAG_TEXTS:
            value = getattr(u, name).strip()
            if value:
                blocks.extend([Subheading(t(f"field.{name}")), Paragraph(value)])
            elif name in REQUIRED_UPPDRAG_TEXTS:
                self.lack("uppdrag", t("report.v2.uppdrag_field", field=t(f"field.{name}").lower()))
        if u.desired_start or u.desired_end:
            blocks.append(
                Paragraph(t("report.v2.period", start=day(u.desired_start) or "–", end=day(u.desired_end) or "–"))
            )
        answers = self.prose("uppdrag")
        if answers:
            blocks.extend([Subheading(t("report.v2.sub.uppdrag_more")), *answers])
        return blocks

    def organisation(self) -> list[Block]:
        return self.members("organisation") + self.prose("organisation")

    def members(self, section_id: str) -> list[Block]:
        """Who the arbetsgrupp was: a sentence with its size and chair, and the members per region."""
        t, p = self.t, self.s.project
        blocks: list[Block] = []
        chair = p.ordforande
        regions = sorted({m.region for m in p.members if m.region})
        if p.members:
            blocks.append(
                Paragraph(
                    t(
                        "report.v2.organisation_lead",
                        count=len(p.members),
                        regions=len(regions),
                        chair=chair.name if chair else t("report.none"),
                        chair_region=(chair.region or "") if chair else "",
                    )
                    if chair
                    else t.count("report.v2.organisation_no_chair", len(p.members))
                )
            )
        members = members_table(self.ctx)
        for block in members:
            if isinstance(block, Gap):
                self.lack(section_id, block.text)
            else:
                blocks.append(block)
        return blocks

    def arbetssatt(self) -> list[Block]:
        blocks = self.meetings_lead()
        blocks.extend(self.prose("arbetssatt"))
        return blocks + self.anchoring()

    def organisation_forankring(self) -> list[Block]:
        """The arbetsgrupp and how it worked, then the anchoring per region: the plan for it, the
        anchoring log and, last, what the work of the report stage (the remiss) led to. Which
        answers are the arbetsgrupp's and which the anchoring's follows the template sections the
        outline section is fed by: the first, then the others."""
        sid = "organisation_forankring"
        feeds = next((s.feeds for s in self.plan.sections if s.id == sid), ())
        own = feeds[:1]
        blocks = self.members(sid)
        blocks.extend(self.prose(sid, only=lambda i: i.section in own))
        blocks.extend(self.meetings_lead())
        before_report = STAGE_PATH.index(REPORT_STAGE)
        anchoring = self.prose(sid, only=lambda i: i.section not in own and STAGE_PATH.index(i.stage) < before_report)
        result = self.prose(sid, only=lambda i: i.section not in own and i.stage is REPORT_STAGE)
        return blocks + self.anchoring(anchoring) + result

    def meetings_lead(self) -> list[Block]:
        t, meetings = self.t, self.s.meetings
        blocks: list[Block] = []
        if meetings:
            blocks.append(
                Paragraph(
                    t.count(
                        "report.v2.meetings_lead",
                        len(meetings),
                        first=day(meetings[0].held_at),
                        last=day(meetings[-1].held_at),
                    )
                )
            )
        else:
            blocks.append(Paragraph(t("report.v2.no_meetings")))
        return blocks

    def anchoring(self, lead: list[Block] | None = None) -> list[Block]:
        """The anchoring per region under its subheading: `lead` (the plan), then the log."""
        t = self.t
        if self.plan.per_region:
            log = anchoring_by_region(t, self.s.project)
        else:  # the subheading names the table: no caption repeating it
            log = [replace(b, caption="") if isinstance(b, Table) else b for b in anchoring_log(self.ctx)]
        return [
            Subheading(t("report.v2.sub.forankring")),
            *(lead or []),
            *(log or [Paragraph(t("report.v2.no_anchoring"))]),
        ]

    def analys(self) -> list[Block]:
        t = self.t
        blocks = self.prose("analys")
        choices = self.ctx.entries_of(EntryKind.VAGVAL, EntryKind.PRIORITERING)
        blocks.append(Subheading(t("report.v2.sub.vagval")))
        if choices:
            blocks.append(Paragraph(t("report.v2.vagval_lead")))
        if not choices:
            blocks.append(Paragraph(t("report.v2.no_vagval")))
        for entry, meeting in choices:
            where = self.meeting(meeting)
            if entry.kind is EntryKind.VAGVAL:
                heading = t("report.v2.vagval_heading", id=self.ctx.cite(entry.register_id) or "", where=where)
            else:
                heading = t("report.v2.prioritering_heading", where=where)
            blocks.append(Subheading(heading, level=3))
            chosen = "report.v2.chosen" if entry.kind is EntryKind.VAGVAL else "report.v2.prioritised"
            blocks.append(Paragraph(entry.text, label=t(chosen)))
            if entry.alternatives:
                blocks.append(Paragraph(entry.alternatives, label=t("report.v2.rejected")))
            if entry.reason:
                blocks.append(Paragraph(entry.reason, label=t("report.v2.reason")))
            if entry.replaces:
                blocks.append(Paragraph(t("report.v2.replaces", id=entry.replaces)))
        return blocks

    def forslag(self, satser: list[str]) -> list[Block]:
        blocks: list[Block] = []
        for block in self.prose("forslag"):
            if isinstance(block, Paragraph) and satser:
                # The att-satser stand in the förslag till beslut; the rest of the text stays here.
                kept = [line for line in block.text.splitlines() if not ATT_SATS.match(line)]
                text = "\n".join(kept).strip()
                if not text:
                    continue
                block = replace(block, text=text)
            blocks.append(block)
        if satser:
            blocks.append(Paragraph(self.t("report.v2.see_proposal")))
        return blocks

    def konsekvenser(self) -> list[Block]:
        blocks, in_rows = self.consequences_per_region() if self.plan.per_region else self.consequences_table()
        blocks.extend(self.prose("konsekvenser", skip=frozenset(in_rows)))
        return blocks + self.entry_bullets(EntryKind.EFFEKT, "report.v2.caption.effects")

    def consequences_per_region(self) -> tuple[list[Block], set[str]]:
        """The consequences table with a column per region of the delprojekt, and one for what
        applies to all of them when an answer has such lines. A row whose questions are all
        optional and unanswered is left out; a required one unanswered is a gap."""
        t, regions = self.t, list(self.s.project.regions)
        rows: list[tuple[str, RegionLines | None]] = []
        in_rows: set[str] = set()
        for row, item_ids in self.plan.consequences:
            items = [i for i in self.by_section.get("konsekvenser", []) if i.id in item_ids and i.type in PROSE_TYPES]
            in_rows.update(i.id for i in items)
            lines = RegionLines(regions={region: [] for region in regions})
            missing = False
            for item in items:
                value = self.value(item)
                if value is None:
                    if item.required:
                        missing = True
                        self.lack("konsekvenser", item.question(t.locale), item.id)
                    continue
                lines.add(split_lines(value, regions))
            if not items or (lines.empty and not missing):
                continue
            rows.append((row, None if lines.empty else lines))
        if not rows:
            return [], in_rows
        labelled = [(t(f"report.v2.consequence.{row}"), lines) for row, lines in rows]
        caption = t("report.v2.caption.consequences_per_region")
        return consequence_tables(t, regions, labelled, caption), in_rows

    def consequences_table(self) -> tuple[list[Block], set[str]]:
        t = self.t
        rows: dict[str, list[str]] = {row: [] for row, _ in self.plan.consequences}
        in_rows: set[str] = set()
        for item in self.by_section.get("konsekvenser", []):
            row = self.plan.consequence_row(item.id)
            if row is None or item.type not in PROSE_TYPES:
                continue
            in_rows.add(item.id)
            value = self.value(item)
            if value is None:
                if item.required:
                    self.lack("konsekvenser", item.question(t.locale), item.id)
                continue
            rows[row].append(value.strip())
        blocks: list[Block] = []
        table_rows = tuple(
            (t(f"report.v2.consequence.{row}"), "\n\n".join(texts) or t("report.v2.not_assessed"))
            for row, texts in rows.items()
        )
        if table_rows:
            headers = (t("report.v2.col.aspect"), t("report.v2.col.assessment"))
            blocks.append(Table(headers, table_rows, caption=t("report.v2.caption.consequences")))
        return blocks, in_rows

    def ekonomi(self) -> list[Block]:
        blocks = self.prose("ekonomi")
        if self.plan.per_region and any(row == "ekonomi" for row, _ in self.plan.consequences):
            blocks.append(Paragraph(self.t("report.v2.economy_in_table")))
        return blocks

    def kunskapsstyrning(self) -> list[Block]:
        frozen = self.s.frozen_uppdrag
        named = (frozen.uppdrag if frozen is not None else self.s.project.uppdrag).kunskapsstyrning.strip()
        blocks: list[Block] = [Paragraph(self.t("report.v2.kunskapsstyrning_named", groups=named))] if named else []
        return blocks + self.prose("kunskapsstyrning")

    def implementering(self) -> list[Block]:
        t, p = self.t, self.s.project
        blocks = self.prose("implementering")
        rows = []
        for region in p.regions:
            members = [m.name for m in p.members if m.region == region and m.role is not Role.PATIENTREPRESENTANT]
            entries = sorted((a for a in p.anchoring if a.region == region), key=lambda a: a.on)
            if entries:
                last = entries[-1]
                anchored = t(
                    "report.v2.anchored_in",
                    forum=t(f"anchoring.forum.{last.forum.value}"),
                    date=day(last.on),
                    outcome=t(f"anchoring.outcome.{last.outcome.value}").lower(),
                )
            else:
                anchored = t("report.not_anchored")
            rows.append((region, ", ".join(members) or "–", anchored))
        if rows:
            headers = tuple(t(f"report.v2.col.{c}") for c in ("region", "representatives", "anchored"))
            blocks.append(Table(headers, tuple(rows), caption=t("report.v2.caption.implementation")))
            blocks.append(Paragraph(t("report.v2.regions_decide")))
        return blocks

    def uppfoljning(self) -> list[Block]:
        return self.prose("uppfoljning")

    def kommunikation(self) -> list[Block]:
        return self.prose("kommunikation")

    def mjuka_resultat(self) -> list[Block]:
        blocks = self.prose("mjuka_resultat")
        return blocks + self.entry_bullets(EntryKind.MJUKT_RESULTAT, "report.v2.caption.soft")

    def avvikande_meningar(self) -> list[Block]:
        blocks = self.prose("avvikande_meningar")
        return blocks
