"""Where sentences end: one splitter for the fitter (which drops whole sentences) and the linter."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from radical_social.text.sentences import ends, spans

_TEXT = st.text(st.sampled_from(list("abc ABC 12 .!?…«»\n\u00a0")), max_size=80)


@given(_TEXT)
def test_sentences_cover_the_text_in_order_without_the_spaces_between(text: str) -> None:
    found = spans(text)
    assert [end for _, end in found][-1:] == ([len(text.rstrip())] if text.strip() else [])
    previous = 0
    for start, end in found:
        assert previous <= start < end
        assert text[start:end] == text[start:end].strip()
        assert not text[previous:start].strip(), "nothing but spaces between two sentences"
        previous = end
    assert ends(text) == sorted(set(ends(text)))


@pytest.mark.parametrize(("text", "expected"), [
    ("Due ore in pasta. Si cena insieme!", ["Due ore in pasta.", "Si cena insieme!"]),
    ("Avec M. Dupont et Dott. Rossi. Les enfants sont les bienvenus\u202f!",
     ["Avec M. Dupont et Dott. Rossi.", "Les enfants sont les bienvenus\u202f!"]),
    ("Am 15. Mai geht es los, z. B. mit Kuchen. Kommt vorbei.", ["Am 15. Mai geht es los, z. B. mit Kuchen.",
                                                                 "Kommt vorbei."]),
    ("Info al tel. 045 123. Grembiule fornito.", ["Info al tel. 045 123.", "Grembiule fornito."]),
    ("Bar Roma S.n.c. è aperto. Sì.", ["Bar Roma S.n.c. è aperto.", "Sì."]),
    ("Ramen made by neighbours… bring chopsticks. Done… Next.", ["Ramen made by neighbours… bring chopsticks.",
                                                                  "Done…", "Next."]),
    ("Cena «Fine». ¿Vienes? ¡Claro!", ["Cena «Fine».", "¿Vienes?", "¡Claro!"]),
    ("Prima riga\nSeconda riga. Terza", ["Prima riga", "Seconda riga.", "Terza"]),
    ("Version 2.0 is out. 12 places.", ["Version 2.0 is out.", "12 places."]),
])
def test_a_full_stop_that_belongs_to_a_word_ends_no_sentence(text: str, expected: list[str]) -> None:
    assert [text[start:end] for start, end in spans(text)] == expected
