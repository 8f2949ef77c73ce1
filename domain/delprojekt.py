"""The delprojekt aggregate: identity, uppdrag essentials, character and its way through the stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.characters import Character
from domain.errors import InvalidTransition, ValidationFailed
from domain.keys import DelprojektKey
from domain.stages import Stage, is_terminal, next_stage

TITLE_MAX = 200
REASON_MAX = 2000


@dataclass(frozen=True)
class StageChange:
    from_stage: Stage | None
    to_stage: Stage
    by: str
    at: datetime
    reason: str = ""
    overridden: bool = False


@dataclass
class Delprojekt:
    key: DelprojektKey
    title: str
    created_by: str
    created_at: datetime
    regions: list[str] = field(default_factory=list)
    characters: set[Character] = field(default_factory=set)
    stage: Stage = Stage.INITIERING
    history: list[StageChange] = field(default_factory=list)
    # Optimistic concurrency: storage refuses to save over a newer version.
    version: int = 0
    id: int | None = None

    @classmethod
    def initiate(
        cls,
        key: DelprojektKey,
        title: str,
        by: str,
        at: datetime,
        regions: list[str] | None = None,
        characters: set[Character] | None = None,
    ) -> Delprojekt:
        title = title.strip()
        errors: dict[str, str] = {}
        if not title:
            errors["title"] = "error.required"
        elif len(title) > TITLE_MAX:
            errors["title"] = "error.too_long"
        if errors:
            raise ValidationFailed(errors)
        project = cls(
            key=key,
            title=title,
            created_by=by,
            created_at=at,
            regions=list(regions or []),
            characters=set(characters or set()),
        )
        project.history.append(StageChange(None, Stage.INITIERING, by, at))
        return project

    @property
    def is_open(self) -> bool:
        return not is_terminal(self.stage)

    def advance(self, by: str, at: datetime, *, reason: str = "", overridden: bool = False) -> Stage:
        """Move to the next stage on the main path. Gate checks are the caller's (service's) job."""
        target = next_stage(self.stage)
        if target is None:
            raise InvalidTransition(stage=self.stage.value)
        if overridden and not reason.strip():
            raise ValidationFailed({"reason": "error.required"})
        self._move(target, by, at, reason, overridden)
        return target

    def stop(self, by: str, at: datetime, reason: str) -> None:
        """Avbryt: stop the delprojekt for a stated reason (seed 003: started or stopped as conditions change)."""
        if not self.is_open:
            raise InvalidTransition(stage=self.stage.value)
        self._require_reason(reason)
        self._move(Stage.AVBRUTEN, by, at, reason, False)

    def close(self, by: str, at: datetime, reason: str) -> None:
        """Avsluta: close the delprojekt for a stated reason, from any open stage."""
        if not self.is_open:
            raise InvalidTransition(stage=self.stage.value)
        self._require_reason(reason)
        self._move(Stage.AVSLUTAD, by, at, reason, False)

    @staticmethod
    def _require_reason(reason: str) -> None:
        if not reason.strip():
            raise ValidationFailed({"reason": "error.required"})
        if len(reason) > REASON_MAX:
            raise ValidationFailed({"reason": "error.too_long"})

    def _move(self, target: Stage, by: str, at: datetime, reason: str, overridden: bool) -> None:
        self.history.append(StageChange(self.stage, target, by, at, reason.strip(), overridden))
        self.stage = target
