"""The exception tree of radical_social.

Every error the library raises on purpose is a ``RadicalSocialError`` and also
the standard-library type a caller would catch anyway::

    RadicalSocialError (Exception)
    ├── EventError (ValueError)        bad event data: every problem, with its field path
    ├── TemplateError (ValueError)     a template is missing or does not render
    ├── ChannelError (LookupError)     an unknown channel id ("did you mean …?")
    ├── FitError (ValueError)          a post cannot fit its channel's limit
    ├── CardError (ValueError)         an unknown size, layout or palette, a bad colour or font
    ├── KitError (OSError)             a kit, a page or a feed could not be written
    └── DeliveryError (RuntimeError)   sending, publishing or fetching failed

and the warnings, for what radical_social changed on the caller's behalf::

    RadicalSocialWarning (UserWarning)
    ├── LanguageFallbackWarning        no templates in the event's language: English instead
    ├── ContrastWarning                a colour too close to its background was adjusted
    └── MissingGlyphWarning            the font cannot draw some characters: pass one that can
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class RadicalSocialError(Exception):
    """Base class of every error radical_social raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (a field path) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class EventError(RadicalSocialError, ValueError):
    """Event data is invalid; ``problems`` lists every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(_listed(self.problems))


def _listed(problems: tuple[Problem, ...]) -> str:
    """``2 problems:`` and one line for each."""
    heading = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
    return f"{heading}:\n" + "\n".join(f"  - {p}" for p in problems)


class TemplateError(RadicalSocialError, ValueError):
    """A template is missing, has a syntax error, or refers to an unknown name."""


class ChannelError(RadicalSocialError, LookupError):
    """A channel id is unknown."""


class FitError(RadicalSocialError, ValueError):
    """A post cannot be made to fit its channel, even with only the essentials."""


class CardError(RadicalSocialError, ValueError):
    """A card or poster option is invalid: an unknown size, paper, layout or palette, a bad colour or
    font. ``problems`` lists every problem found (a ``Look`` names each one's field)."""

    def __init__(self, problems: str | Iterable[Problem]) -> None:
        if isinstance(problems, str):
            self.problems: tuple[Problem, ...] = (Problem("", problems),)
            super().__init__(problems)
        else:
            self.problems = tuple(problems)
            super().__init__(_listed(self.problems))


class KitError(RadicalSocialError, OSError):
    """A kit, feed or other output could not be written."""


class DeliveryError(RadicalSocialError, RuntimeError):
    """Sending, publishing or fetching failed."""


class RadicalSocialWarning(UserWarning):
    """Base class of the warnings radical_social gives: it did something on your behalf."""


class LanguageFallbackWarning(RadicalSocialWarning):
    """Posts were written in English because the event's language has no templates."""


class ContrastWarning(RadicalSocialWarning):
    """A colour was too close to the background to read and has been darkened or lightened."""


class MissingGlyphWarning(RadicalSocialWarning):
    """No font (the one passed, Inter, nor one the system has for cards) draws some characters, which
    the cards and the poster leave out; pass a font that has them."""
