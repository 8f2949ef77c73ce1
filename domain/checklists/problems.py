"""What is wrong with a template file, said so that the kansli can fix it: the file, where in it
(an item id, a section id or a top-level key) and what, in plain English; plus a stable code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TemplateProblem:
    file: str
    where: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.message}"


class TemplateInvalid(ValueError):
    """One or more template files cannot be used; `problems` lists every problem found."""

    def __init__(self, problems: list[TemplateProblem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class ProblemCollector:
    """Gathers every problem of one file, so a single check run shows the kansli all of them."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[TemplateProblem] = []

    def add(self, where: str, code: str, message: str) -> None:
        self.problems.append(TemplateProblem(self.file, where, code, message))

    def __bool__(self) -> bool:
        return bool(self.problems)
