"""The error of a Word style template that cannot be used, apart from reports/word_style.py so
that what only catches it (bot/report_commands.py) does not import python-docx at start-up."""

from __future__ import annotations

from domain.errors import DomainError


class WordTemplateInvalid(DomainError):
    """The Word style template cannot be used: `path` which file, `problem` a code of
    report.v2.word_problem (unreadable, not_docx, damaged, styles_missing), `detail` what exactly."""

    key = "report.v2.word_template_invalid"

    def __init__(self, path: str, problem: str, detail: str = "") -> None:
        super().__init__(path=path, problem=problem, detail=detail)

    def message(self, texts) -> str:
        problem = texts(f"report.v2.word_problem.{self.params['problem']}", detail=self.params["detail"])
        return texts(self.key, path=self.params["path"], problem=problem)
