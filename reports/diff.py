"""Section-level differences between two versions of a report (`rapport KEY ändringar`)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class SectionChange:
    change: str  # "added", "removed", "changed"
    title: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def compare(before: list[dict[str, str]], after: list[dict[str, str]]) -> list[SectionChange]:
    """Changes in report order; sections are matched by id, lines by difflib."""
    old = {s["id"]: s for s in before}
    new_ids = {s["id"] for s in after}
    changes: list[SectionChange] = []
    for section in after:
        previous = old.get(section["id"])
        if previous is None:
            changes.append(SectionChange("added", section["title"], tuple(section["text"].splitlines()[1:])))
            continue
        if previous["text"] == section["text"]:
            continue
        added, removed = [], []
        for line in difflib.unified_diff(previous["text"].splitlines(), section["text"].splitlines(), lineterm="", n=0):
            if line.startswith(("+++", "---", "@@")):
                continue
            (added if line.startswith("+") else removed).append(line[1:])
        changes.append(SectionChange("changed", section["title"], tuple(added), tuple(removed)))
    changes.extend(SectionChange("removed", s["title"]) for s in before if s["id"] not in new_ids)
    return changes
