"""The template versions the service knows: the standard template shipped with the package plus
those the kansli puts in the configured folder. A delprojekt names the version it follows
(`Template.ref`, "name@version") and keeps it until it is explicitly moved to a newer one."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from domain.checklists.loader import read_directory, standard_template
from domain.checklists.model import Template
from domain.checklists.problems import TemplateInvalid, TemplateProblem
from domain.errors import NotFound


class TemplateLibrary:
    def __init__(self, templates: Iterable[Template], default: str | None = None) -> None:
        self._by_ref: dict[str, Template] = {}
        for template in templates:
            if template.ref in self._by_ref:
                raise TemplateInvalid(
                    [TemplateProblem(template.ref, "version", "duplicate_template", "is defined twice")]
                )
            self._by_ref[template.ref] = template
        if not self._by_ref:
            raise ValueError("a template library needs at least one template")
        first = next(iter(self._by_ref.values()))
        self.default_ref = default or self.newest(first.name).ref  # type: ignore[union-attr]
        if self.default_ref not in self._by_ref:
            raise NotFound(template=self.default_ref)

    @classmethod
    def load(cls, directory: Path | str | None = None) -> TemplateLibrary:
        """The shipped standard template, plus every template in `directory`.

        Any problem in the folder stops the load (TemplateInvalid lists them all), so a broken file
        is noticed at start-up rather than when a delprojekt needs it; an empty folder is fine. The
        default for new delprojekt is the newest version of the standard template's name, so a newer
        standard written by the kansli takes over without a code change."""
        shipped = standard_template()
        extra: list[Template] = []
        if directory is not None:
            extra, problems = read_directory(directory)
            problems = [p for p in problems if p.code != "no_templates"]
            for template in extra:
                if template.ref == shipped.ref and template != shipped:
                    problems.append(
                        TemplateProblem(
                            str(directory), template.ref, "duplicate_template",
                            "differs from the shipped template of the same name and version; give it a new version",
                        )
                    )  # fmt: skip
            if problems:
                raise TemplateInvalid(problems)
        library = cls([shipped] + [t for t in extra if t.ref != shipped.ref])
        library.default_ref = library.newest(shipped.name).ref  # type: ignore[union-attr]
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

    def default(self) -> Template:
        return self._by_ref[self.default_ref]

    def __iter__(self):
        return iter(sorted(self._by_ref.values(), key=lambda t: (t.name, t.version_key)))

    def __len__(self) -> int:
        return len(self._by_ref)
