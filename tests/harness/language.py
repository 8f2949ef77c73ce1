"""Finding Swedish in English text: the glossary's rendered terms, Swedish letters and the function
words a Swedish sentence cannot do without. Kept terms (the glossary's `kept`) are taken out first."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files

# Words that occur in Swedish sentences and not in English ones (leaving out those that are also
# English words: "i", "men", "till", "a", "on", "under").
SWEDISH_FUNCTION_WORDS = frozenset(
    "och är att det inte som har med av en ett jag du kan ska eller inga inget ingen saknas här nu "
    "vid om när också alla var vad vilket finns gäller från efter före skriv välj".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@cache
def glossary() -> dict:
    return tomllib.loads((files("presentation") / "locales" / "glossary.toml").read_text(encoding="utf-8"))


@cache
def programme_names() -> tuple[str, ...]:
    """The proper names of every shipped programme: English keeps them as the glossary's terms."""
    from domain.programme_loader import shipped_programmes

    return tuple(dict.fromkeys(name for programme in shipped_programmes() for name in programme.proper_names))


def without_kept_terms(text: str, also: tuple[str, ...] = ()) -> str:
    """The text with the kept terms and the programmes' names (longest first) and `also` (e.g. test
    data such as a title) replaced by a space."""
    for term in sorted((*glossary()["kept"], *programme_names(), *also), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(term)}\w*", " ", text, flags=re.IGNORECASE)
    return text


def rendered_terms_in(text: str) -> list[str]:
    """Swedish words of the glossary's `rendered` table found in the text (by stem)."""
    stems = glossary()["rendered"]
    return [word for word in _WORD.findall(text.casefold()) if any(word.startswith(stem) for stem in stems)]


def swedish_in(text: str, also: tuple[str, ...] = ()) -> list[str]:
    """The words that make a text Swedish: rendered terms, words with å, ä or ö, Swedish function words."""
    rest = without_kept_terms(text, also)
    rendered = set(rendered_terms_in(rest))
    return [
        word
        for word in _WORD.findall(rest)
        if word.casefold() in rendered or word.casefold() in SWEDISH_FUNCTION_WORDS or set("åäö") & set(word.casefold())
    ]
