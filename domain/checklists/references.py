"""Rules between items: a condition may only look at answers that exist, that are given no later
than the item itself, and that can take the value it tests; and conditions may not go round in a
circle (which would make an item's visibility undecidable)."""

from __future__ import annotations

from collections.abc import Sequence, Set

from domain.checklists.conditions import AnswerEquals, AnswerIncludes, answer_tests, referenced_items
from domain.checklists.model import AnswerType, Item
from domain.checklists.problems import ProblemCollector
from domain.stages import STAGE_PATH

_ORDER = {stage: n for n, stage in enumerate(STAGE_PATH)}
# `equals` needs a closed set of single values; `includes` a multiple-choice item.
_EQUALS_TYPES = (AnswerType.YES_NO, AnswerType.YES_NO_NA, AnswerType.SINGLE)


def check_references(
    items: Sequence[Item], problems: ProblemCollector, declared_elsewhere: Set[str] = frozenset()
) -> None:
    """`declared_elsewhere`: ids of items that exist in the file but were refused for other reasons."""
    by_id = {i.id: i for i in items}
    for item in items:
        for test in answer_tests(item.condition):
            target = by_id.get(test.item)
            if target is None and test.item in declared_elsewhere:
                continue
            if target is None:
                problems.add(item.id, "unknown_item_reference", f"the condition refers to unknown item {test.item!r}")
                continue
            if _ORDER[target.stage] > _ORDER[item.stage]:
                problems.add(
                    item.id,
                    "later_stage_reference",
                    f"the condition refers to {target.id!r} of stage {target.stage.value}, which comes after this "
                    f"item's stage {item.stage.value} (an item may only depend on its own or earlier stages)",
                )
            _check_value(item, test, target, problems)
    _check_cycles(items, problems)


def _check_value(item: Item, test: AnswerEquals | AnswerIncludes, target: Item, problems: ProblemCollector) -> None:
    if isinstance(test, AnswerEquals) and target.type not in _EQUALS_TYPES:
        problems.add(
            item.id,
            "unsupported_condition",
            f"equals only works on {', '.join(t.value for t in _EQUALS_TYPES)} items; {target.id!r} is "
            f"{target.type.value}" + (" (use includes)" if target.type is AnswerType.MULTI else ""),
        )
        return
    if isinstance(test, AnswerIncludes) and target.type is not AnswerType.MULTI:
        problems.add(
            item.id,
            "unsupported_condition",
            f"includes only works on {AnswerType.MULTI.value} items; {target.id!r} is {target.type.value}",
        )
        return
    possible = target.possible_values() or frozenset()
    if test.value not in possible:
        problems.add(
            item.id,
            "not_an_option",
            f"{test.value!r} is not a possible answer of {target.id!r} (possible: {', '.join(sorted(possible))})",
        )


def _check_cycles(items: Sequence[Item], problems: ProblemCollector) -> None:
    graph = {i.id: sorted(referenced_items(i.condition)) for i in items}
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        # Recursion is bounded: templates hold at most MAX_ITEMS items.
        for nxt in graph.get(node, ()):
            if nxt in path:
                cycle = [*path[path.index(nxt) :], nxt]
                problems.add(
                    node, "condition_cycle", "conditions depend on each other in a circle: " + " -> ".join(cycle)
                )
            elif nxt in graph and nxt not in done:
                visit(nxt, [*path, nxt])
        done.add(node)

    for node in graph:
        if node not in done:
            visit(node, [node])
