"""Bad input with its message in both languages.

The core and the input layer say what is wrong with a value and what is allowed. The command line and the logs
read the English message (``str(error)``); a page shows the reader's language (:meth:`InputError.message`).
This module imports nothing from the package, so every layer can raise it.
"""

from __future__ import annotations


class InputError(ValueError):
    """A :class:`ValueError` whose message exists in English (``str()``) and in Bahasa Indonesia."""

    def __init__(self, en: str, id: str) -> None:
        super().__init__(en)
        self.en = en
        self.id = id

    def message(self, language: str) -> str:
        """The message in ``language`` ("id" or "en")."""
        return self.id if language == "id" else self.en

    def __reduce__(self):
        return type(self), (self.en, self.id)


def grouped(value: float) -> tuple[str, str]:
    """A whole number with each language's digit grouping: ``("5,000,000", "5.000.000")``."""
    en = f"{value:,.0f}"
    return en, en.replace(",", ".")


def messages(error: Exception) -> dict[str, str]:
    """An error's message in each language: an :class:`InputError`'s own, else the one message for both."""
    if isinstance(error, InputError):
        return {"en": error.en, "id": error.id}
    return {"en": str(error), "id": str(error)}


def in_language(kept: dict[str, str] | str, language: str) -> str:
    """A message kept as :func:`messages` made it (or as a plain string) in ``language``."""
    return kept if isinstance(kept, str) else kept.get(language, kept["en"])
