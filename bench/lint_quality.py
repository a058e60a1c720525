"""The linter's recall and false-alarm rate on the labelled posts in tests/data/lint/<lang>.jsonl.

Each line is ``{"text": ..., "bad": true|false, "rule": optional, "title": optional}``: ``bad``
posts carry bait, urgency, clickbait or shouting; honest ones are real event posts, tricky ones
included (acronyms, a title in capitals, "like", "share" and "comment" used honestly). ``title``
is the event's title, which the linter knows when it checks a kit's posts.
Run: ``python bench/lint_quality.py [-v]`` (``-v`` lists the misses and false alarms);
tests/test_linting_quality.py asserts the floors on the sets the lists were written against.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from radical_social.posts.linting import Essentials, lint

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "lint"
KINDS = frozenset({"engagement-bait", "clickbait", "false-urgency", "shouting"})
"""The rules that make a post pushy; the labels are about these."""


@dataclass(frozen=True)
class Quality:
    name: str
    bad: int
    honest: int
    missed: tuple[str, ...]
    """Bad posts with no finding of ``KINDS``."""
    false_alarms: tuple[str, ...]
    """Honest posts with a finding of ``KINDS``."""

    @property
    def recall(self) -> float:
        return 1 - len(self.missed) / self.bad if self.bad else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarms) / self.honest if self.honest else 0.0


def sets() -> list[str]:
    """The labelled sets: ``it``, ``en``… (the phrase lists were written against them) and
    ``it.fresh``, ``en.fresh``, written after the last change to the lists and never tuned on:
    they show how far the lists carry to wording they have not seen."""
    return sorted(path.name.removesuffix(".jsonl") for path in DATA.glob("*.jsonl"))


def quality(name: str) -> Quality:
    language = name.split(".")[0]
    missed: list[str] = []
    alarms: list[str] = []
    bad = honest = 0
    for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        post = json.loads(line)
        title = post.get("title")
        findings = lint(post["text"], language=language, essentials=Essentials(title=title) if title else None)
        flagged = any(finding.rule in KINDS for finding in findings)
        if post["bad"]:
            bad += 1
            if not flagged:
                missed.append(post["text"])
        else:
            honest += 1
            if flagged:
                alarms.append(post["text"])
    return Quality(name, bad, honest, tuple(missed), tuple(alarms))


def main() -> None:
    verbose = "-v" in sys.argv
    print("set        | bad | honest | recall | false alarms")
    for name in sets():
        result = quality(name)
        print(f"{name:<10} | {result.bad:>3} | {result.honest:>6} | {result.recall:>6.1%} | "
              f"{result.false_alarm_rate:>6.1%}")
        if verbose:
            for text in result.missed:
                print(f"    missed: {text}")
            for text in result.false_alarms:
                found = lint(text, language=name.split(".")[0])
                print(f"    false alarm: {text} -> {[(f.rule, f.excerpt) for f in found if f.rule in KINDS]}")


if __name__ == "__main__":
    main()
