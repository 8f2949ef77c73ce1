"""The template versions the service knows: the templates shipped with the package plus those
the kansli puts in the configured folder. A delprojekt names the version it follows
(`Template.ref`, "name@version") and keeps it until it is explicitly moved to a newer one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from domain.checklists.loader import conflicts_with_shipped, read_directory, shipped_templates, standard_template
from domain.checklists.model import Item, Template
from domain.checklists.problems import TemplateInvalid, TemplateProblem
from domain.errors import NotFound
from domain.programme import Programme
from domain.programme_loader import default_programme


class TemplateLibrary:
    def __init__(
        self, templates: Iterable[Template], default: str | None = None, programme: Programme | None = None
    ) -> None:
        # The programme whose names fill the templates' texts; reports and reminders built from
        # these templates speak of the same sjukvårdsregion.
        self.programme = programme or default_programme()
        # The TEMPLATE_DIR folder the library was read from: the kansli's Word style template for
        # reports (rapportmall.docx) lives there too.
        self.directory: Path | None = None
        self._by_ref: dict[str, Template] = {}
        for template in templates:
            if template.ref in self._by_ref:
                problem = TemplateProblem(template.ref, "version", "duplicate_template", "is given twice")
                raise TemplateInvalid([problem])
            self._by_ref[template.ref] = template
        if not self._by_ref:
            raise ValueError("a template library needs at least one template")
        self.default_ref = default or next(iter(self._by_ref))
        if self.default_ref not in self._by_ref:
            raise NotFound(template=self.default_ref)

    @classmethod
    def load(cls, directory: Path | str | None = None, programme: Programme | None = None) -> TemplateLibrary:
        """The shipped templates (every version), plus every template in `directory`, with the
        programme's names filled in (the shipped default programme without one).

        Any problem in the folder stops the load (TemplateInvalid lists them all), so a broken file
        is noticed at start-up rather than when a delprojekt needs it; an empty folder is fine. The
        default for new delprojekt is the newest version of the standard template's name, so a newer
        standard written by the kansli takes over without a code change; a delprojekt keeps the
        version it follows until it is upgraded."""
        shipped = shipped_templates(programme)
        standard = standard_template(programme)
        extra: list[Template] = []
        if directory is not None:
            extra, problems = read_directory(directory, programme)
            problems = [p for p in problems if p.code != "no_templates"]
            problems += conflicts_with_shipped(extra, directory, programme)
            if problems:
                raise TemplateInvalid(problems)
        templates = shipped + [t for t in extra if t not in shipped]
        newest = max((t for t in templates if t.name == standard.name), key=lambda t: t.version_key)
        library = cls(templates, default=newest.ref, programme=programme)
        library.directory = Path(directory) if directory is not None else None
        return library

    def get(self, ref: str | None) -> Template:
        """The template version `ref`; the default for None (delprojekt from before checklists)."""
        template = self._by_ref.get(ref or self.default_ref)
        if template is None:
            raise NotFound(template=ref)
        return template

    def newest(self, name: str) -> Template | None:
        versions = [t for t in self._by_ref.values() if t.name == name]
        return max(versions, key=lambda t: t.version_key) if versions else None

    def item_in_any(self, item_id: str, prefer: Template | None = None) -> Item | None:
        """The item of that id in `prefer`, else in the newest version that has it: the log names
        an earlier version's questions by their text too, never by their id."""
        found = prefer.item(item_id) if prefer is not None else None
        for template in reversed(list(self)):
            found = found or template.item(item_id)
        return found

    def default(self) -> Template:
        return self._by_ref[self.default_ref]

    def __iter__(self) -> Iterator[Template]:
        return iter(sorted(self._by_ref.values(), key=lambda t: (t.name, t.version_key)))

    def __len__(self) -> int:
        return len(self._by_ref)
