"""The respect linter: bait is caught, honest posts pass untouched, copies are told from rewrites."""

from __future__ import annotations

import itertools
import json
import string
import unicodedata
from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radical_social.posts.linting import RULES, Essentials, Finding, Repeat, lint, repeated_sentences
from radical_social.text.counting import threads_length

# --- honest posts: not a single finding ------------------------------------------------------

GOOD_IT = [
    "Sabato 12 ottobre alle 19 apriamo la Bottega Sartori per una cena a lume di candela.\n"
    "Porta un piatto da condividere: noi mettiamo il vino e la musica.\n"
    "Ci sono 30 posti. Prenota qui: https://bottega.example/cena\n#CenaSociale #Verona",
    "Laboratorio di pasta fresca alla Cantina Sociale di Valpolicella, domenica 20 ottobre dalle 10 alle 13.\n"
    "Impariamo a tirare la sfoglia a mano con nonna Lina. Il grembiule lo portiamo noi.\n"
    "Quota 15 euro, ingredienti compresi. Iscrizioni: https://cantina.example/pasta",
    "Domani sera ci vediamo in biblioteca per il gruppo di lettura. Parliamo di «Lessico famigliare» "
    "di Natalia Ginzburg. Se non hai finito il libro, vieni lo stesso: il tè è caldo e le sedie sono comode.",
    "Grazie alle 40 persone che ieri hanno piantato alberi con noi al parco della Pace. Abbiamo messo a "
    "dimora 120 piantine di quercia e acero. Il prossimo appuntamento è a marzo, per la cura del bosco. "
    "Le foto sono sul nostro sito.",
    "Giovedì alle 18 presentiamo «Il mare dentro» di Sara Neri alla libreria Il Gatto Nero, via Mazzini 4. "
    "Ingresso libero.",
    "Assemblea dei soci ARCI APS martedì alle 21 nella sala del circolo. All'ordine del giorno ci sono il "
    "bilancio e la festa d'estate. Chi non è socio può venire ad ascoltare.",
    "🌱 Sabato mattina puliamo insieme la riva dell'Adige, dal ponte Garibaldi al ponte Nuovo. Guanti e "
    "sacchi li portiamo noi. Il ritrovo è alle 9 davanti alla chiesa di San Giorgio.\n#PuliziaAdige #Verona",
    "Questa settimana niente cinema all'aperto: il temporale ha allagato il cortile. Recuperiamo la "
    "proiezione di «Roma» mercoledì 17 alle 21.30, stesso posto. Portate un cuscino!",
    "Cerchiamo volontari per la cucina della festa di quartiere del 14 settembre. Bastano due ore del tuo "
    "tempo e la voglia di stare in compagnia. Scrivi a cucina@quartiere.example o passa in sede il martedì sera.",
    "Cosa serve per riparare una bici? Una camera d'aria, due leve e qualcuno che ti mostri come si fa. "
    "Ogni primo sabato del mese, dalle 15, la ciclofficina di via Roma ti aspetta. Chiedi pure a @ciclofficina_vr.",
]

GOOD_EN = [
    "Join us on Saturday 12 October at 7 pm at Sartori's workshop for a candle-lit dinner. Bring a dish to "
    "share; we bring wine and music. There are 30 seats, so book here: https://bottega.example/dinner "
    "#CommunityDinner",
    "The Repair Café is back at St Mark's church hall this Sunday from 2 to 5 pm. Bring a broken lamp, a "
    "torn jacket or a wobbly chair, and our volunteers will help you fix it. Tea and cake are free.",
    "Book club meets tomorrow at 6.30 pm in the library reading room. We are talking about Small Things "
    "Like These by Claire Keegan. Not finished it? Come anyway.",
    "Thank you to everyone who came to the river clean-up on Saturday. Together we pulled 14 bags of "
    "litter and two shopping trolleys out of the water. The next clean-up is on 9 November; details are "
    "on our website.",
    "Open mic night at The Crown, Thursday from 8 pm. Poets, singers and first-timers welcome. Sign up at "
    "the bar when you arrive.",
    "The NHS blood donation van will be outside the YMCA on Friday from 10 am to 4 pm. It takes about an "
    "hour, and you get tea and a biscuit afterwards. Bring photo ID.",
    "🎶 Our community choir sings carols in Market Square on Friday 20 December at 6 pm. Everyone is "
    "welcome to join in, and song sheets will be handed out. Bring a torch and a warm hat!\n"
    "#CommunityChoir #Carols",
    "Seed swap at the allotments this Saturday morning. Bring seeds you saved last year, or just come and "
    "take some. We will also have cuttings from the herb beds and plenty of advice.",
    "We're hosting a talk by @jane_doe on how to start a community fridge. Wednesday at 7 pm in the Grange "
    "Hall. Questions are welcome, and so are leftovers for the fridge.",
    "Book launch: Jane Smith reads from her new book at the library on 3 May at 6 pm. The book by Jane is "
    "about growing up on a farm in Wales. Wine and juice after the reading. Free entry.",
]


@pytest.mark.parametrize("text", GOOD_IT)
def test_good_italian_posts_have_no_findings(text: str) -> None:
    assert lint(text, language="it") == []


@pytest.mark.parametrize("text", GOOD_EN)
def test_good_english_posts_have_no_findings(text: str) -> None:
    assert lint(text, language="en") == []


GOOD_OTHER = [
    ("es", "Este sábado a las 19 abrimos el taller de Sartori para una cena a la luz de las velas. Trae un plato "
           "para compartir; nosotros ponemos el vino y la música. Hay 30 plazas: https://bottega.example/cena"),
    ("es", "El café de reparación vuelve al centro cívico el domingo de 11 a 14. Trae esa lámpara que no enciende "
           "o la chaqueta rota, y te ayudamos a arreglarla. Café gratis para todos."),
    ("fr", "Samedi 12 octobre à 19 h, l'atelier Sartori devient une salle à manger. Apportez un plat à partager, "
           "nous offrons le vin et la musique. 30 places, réservation sur https://bottega.example/diner"),
    ("fr", "Merci aux 40 personnes venues planter des arbres au parc samedi dernier. Prochain rendez-vous en mars, "
           "pour le désherbage. #JardinPartagé"),
    ("de", "Am Samstag, 12. Oktober, um 19 Uhr wird die Werkstatt Sartori zum Speisesaal. Bringt ein Gericht zum "
           "Teilen mit, wir sorgen für Wein und Musik. 30 Plätze, Anmeldung unter https://bottega.example/essen "
           "#Gemeinschaftsgarten"),
    ("de", "Das Repair-Café ist am Sonntag von 14 bis 17 Uhr wieder im Gemeindesaal. Bringt kaputte Lampen, "
           "Jacken oder Stühle mit, Ehrenamtliche helfen beim Reparieren. Kaffee und Kuchen gibt es gratis."),
]


@pytest.mark.parametrize(("language", "text"), GOOD_OTHER)
def test_good_spanish_french_german_posts_have_no_findings(language: str, text: str) -> None:
    assert lint(text, language=language) == []


def test_good_posts_stay_clean_in_a_kit_with_each_other() -> None:
    for posts, language in ((GOOD_IT, "it"), (GOOD_EN, "en")):
        for i, text in enumerate(posts):
            others = posts[:i] + posts[i + 1:]
            assert lint(text, language=language, others=others, history=others) == []


def test_a_real_capacity_backs_a_few_places_claim() -> None:
    it = ("Visita guidata all'orto botanico con la curatrice, sabato 5 aprile alle 10. Posti limitati: il "
          "gruppo è di 25 persone. Prenotazione gratuita su https://orto.example/visita")
    en = ("Guided walk through the old town with local historian Ann Price, Sunday 6 April at 10 am. Limited "
          "places: the group is capped at 20 people. Free, but please reserve your spot at "
          "https://walks.example/old-town")
    assert lint(it, language="it", capacity=25) == []
    assert lint(en, language="en", capacity=20) == []
    assert [f.rule for f in lint(it, language="it")] == ["false-urgency"]
    assert [f.rule for f in lint(en, language="en")] == ["false-urgency"]


# --- bait: each example must be caught by its rule --------------------------------------------

BAIT = [
    # engagement bait: vote, react, share, tag and comment baiting
    ("engagement-bait", "it", "Vota con un ❤️ se preferisci la carbonara, con 😮 se preferisci l'amatriciana!"),
    ("engagement-bait", "it", "❤️ per la pizza, 😂 per il sushi: voi cosa scegliete?"),
    ("engagement-bait", "it", "Rispondete A o B nei commenti"),
    ("engagement-bait", "it", "Metti mi piace se anche tu ami la pasta fresca"),
    ("engagement-bait", "it", "Mettete like se siete pronti per sabato"),
    ("engagement-bait", "it", "Lasciaci un cuore se ci sarai"),
    ("engagement-bait", "it", "Condividi con 3 amici e vinci un biglietto"),
    ("engagement-bait", "it", "Condividete questo post con tutti i vostri amici!"),
    ("engagement-bait", "it", "Condividi se sei d'accordo"),
    ("engagement-bait", "it", "Tagga un amico che deve assolutamente venire"),
    ("engagement-bait", "it", "TAGGA 3 AMICI con cui verresti"),
    ("engagement-bait", "it", "Taggate la vostra migliore amica"),
    ("engagement-bait", "it", "Scrivi SÌ nei commenti se vieni!"),
    ("engagement-bait", "it", "Scrivete “io ci sono” qui sotto nei commenti"),
    ("engagement-bait", "it", "Commenta con un'emoji il tuo piatto preferito"),
    ("engagement-bait", "it", "Fateci sapere nei commenti cosa ne pensate"),
    ("engagement-bait", "en", "Like if you can't wait for Saturday!"),
    ("engagement-bait", "en", "Hit the like button if you're coming"),
    ("engagement-bait", "en", "Drop a ❤️ if you love live music"),
    ("engagement-bait", "en", "Share with 3 friends to win a free ticket"),
    ("engagement-bait", "en", "Share this post with all your friends"),
    ("engagement-bait", "en", "Share if you agree"),
    ("engagement-bait", "en", "Tag someone who needs to see this"),
    ("engagement-bait", "en", "Tag a friend you'd bring along"),
    ("engagement-bait", "en", "Tag 3 friends who love pizza"),
    ("engagement-bait", "en", "Comment YES if you're in"),
    ("engagement-bait", "en", "Comment below with your favourite song"),
    ("engagement-bait", "en", "Let us know in the comments which band you want next"),
    ("engagement-bait", "en", "Vote with a ❤️ for jazz or a 😮 for rock"),
    ("engagement-bait", "en", "❤️ for pizza, 😂 for tacos"),
    ("engagement-bait", "en", "Type AMEN if you agree"),
    ("engagement-bait", "en", "Double tap if you're coming"),
    ("engagement-bait", "it", "Like if you love pasta"),  # English bait in an Italian post
    # clickbait: withheld information and exaggeration
    ("clickbait", "it", "Non crederai mai a cosa abbiamo trovato in cantina"),
    ("clickbait", "it", "Non ci crederete, ma è vero"),
    ("clickbait", "it", "Non indovinerai mai chi suonerà sabato"),
    ("clickbait", "it", "Il segreto della sfoglia perfetta che gli chef non vogliono farti sapere"),
    ("clickbait", "it", "Guarda cosa è successo dopo"),
    ("clickbait", "it", "Rimarrai a bocca aperta"),
    ("clickbait", "it", "Questo semplice trucco cambierà la tua cucina"),
    ("clickbait", "it", "Foto shock dal nostro laboratorio"),
    ("clickbait", "it", "Il numero 3 ti sorprenderà"),
    ("clickbait", "en", "You won't believe what we found in the cellar"),
    ("clickbait", "en", "You’ll never guess who is playing on Saturday"),
    ("clickbait", "en", "And what happened next made everyone cry"),
    ("clickbait", "en", "The secret to perfect pasta that chefs don't want you to know"),
    ("clickbait", "en", "This one weird trick will change your cooking"),
    ("clickbait", "en", "A mind-blowing workshop"),
    ("clickbait", "en", "Number 4 will shock you"),
    ("clickbait", "en", "Wait until you see what's inside"),
    # false urgency
    ("false-urgency", "it", "Affrettati, non aspettare"),
    ("false-urgency", "it", "Solo oggi: ingresso a metà prezzo"),
    ("false-urgency", "it", "Ultima occasione per iscriversi"),
    ("false-urgency", "it", "Sbrigatevi, stanno per finire"),
    ("false-urgency", "it", "Sarà presto sold out"),
    ("false-urgency", "it", "Ultimi posti disponibili"),
    ("false-urgency", "it", "Restano solo 5 posti"),
    ("false-urgency", "en", "Hurry, spots are limited"),
    ("false-urgency", "en", "Last chance to join us"),
    ("false-urgency", "en", "Today only: free entry"),
    ("false-urgency", "en", "Only a few spots left"),
    ("false-urgency", "en", "Tickets are selling fast"),
    ("false-urgency", "en", "This will sell out soon"),
    ("false-urgency", "en", "Don't miss out"),
    ("false-urgency", "en", "Almost sold out"),
    # form and accessibility
    ("hashtag-stuffing", "it", "Cena sabato. #cena #verona #pasta #vino"),
    ("hashtag-case", "it", "Laboratorio domenica #pastafrescaverona"),
    ("hashtag-case", "en", "Workshop on Sunday #communitygardening"),
    ("hashtag-case", "en", "Workshop on Sunday #COMMUNITYGARDENING"),
    ("shouting", "it", "GRANDE FESTA sabato in piazza"),
    ("shouting", "en", "FREE ENTRY for everyone"),
    ("shouting", "it", "Vieni anche tu, NON MANCARE"),
    ("punctuation", "it", "Ci vediamo sabato!!"),
    ("punctuation", "en", "Who's coming??"),
    ("punctuation", "en", "Really?!?"),
    ("punctuation", "en", "See you there‼"),
    ("emoji-overuse", "it", "🎉🎉 Festa in piazza 🍕🍷 sabato"),
    ("emoji-overuse", "it", "📅 Sabato 12\n📍 Bottega Sartori\n⏰ ore 19"),
    ("fancy-letters", "en", "𝐁𝐢𝐠 𝐧𝐞𝐰𝐬 today"),
    ("fancy-letters", "en", "𝘪𝘵𝘢𝘭𝘪𝘤 letters"),
    ("fancy-letters", "it", "ＣＥＮＡ sabato"),
    ("fancy-letters", "it", "Ⓒⓔⓝⓐ sabato"),
    ("fancy-letters", "it", "ᴄᴇɴᴀ sociale"),
    ("fancy-letters", "en", "s̶a̶l̶e̶ free"),
    ("calls-to-action", "it", "Iscriviti, seguici e condividi!"),
    ("calls-to-action", "en", "Sign up now and follow us for more"),
    ("calls-to-action", "en", "Book your seat here, and subscribe to our newsletter"),
    # the optional Spanish, French and German lists
    ("engagement-bait", "es", "Etiqueta a un amigo que tiene que venir"),
    ("engagement-bait", "es", "Dale like si vienes el sábado"),
    ("engagement-bait", "es", "Comparte con 3 amigos y gana una entrada"),
    ("engagement-bait", "es", "Escribe SÍ en los comentarios"),
    ("clickbait", "es", "No te lo vas a creer"),
    ("false-urgency", "es", "¡Date prisa!"),
    ("false-urgency", "es", "Últimas plazas"),
    ("calls-to-action", "es", "Síguenos y suscríbete al boletín"),
    ("engagement-bait", "fr", "Identifie un ami qui doit venir"),
    ("engagement-bait", "fr", "Like si tu viens samedi"),
    ("engagement-bait", "fr", "Partage avec tes amis"),
    ("engagement-bait", "fr", "Dis-nous en commentaire ce que tu en penses"),
    ("clickbait", "fr", "Vous n'allez pas le croire"),
    ("false-urgency", "fr", "Dépêchez-vous !"),
    ("false-urgency", "fr", "Dernières places"),
    ("calls-to-action", "fr", "Inscris-toi et suis-nous"),
    ("engagement-bait", "de", "Markiere einen Freund, der mitkommen muss"),
    ("engagement-bait", "de", "Like, wenn du am Samstag kommst"),
    ("engagement-bait", "de", "Teile das mit deinen Freunden"),
    ("engagement-bait", "de", "Schreib JA in die Kommentare"),
    ("clickbait", "de", "Du wirst es nicht glauben"),
    ("false-urgency", "de", "Beeil dich!"),
    ("false-urgency", "de", "Nur noch wenige Plätze"),
    ("calls-to-action", "de", "Melde dich an und folge uns"),
    ("hashtag-case", "de", "Sommerfest #sommerfestberlinkreuzberg"),
]


@pytest.mark.parametrize(("rule", "language", "text"), BAIT)
def test_bait_is_caught(rule: str, language: str, text: str) -> None:
    assert rule in {finding.rule for finding in lint(text, language=language)}


def test_giveaways_and_comment_for_link_say_what_they_are() -> None:
    (giveaway,) = lint("Like & share to win a free toaster", language="en")
    assert giveaway.message.startswith("Engagement bait: a prize for likes, shares, follows or tags")
    (link,) = lint("Commenta io per avere il link", language="it")
    assert link.message == ('Richiesta di interazione: un commento in cambio del link o dei dettagli '
                            '("Commenta io per avere"); metti il link o i dettagli nel post.')
    (tag,) = lint("Tag a friend who loves pizza", language="en")
    assert tag.message.startswith('Engagement bait ("Tag a friend')


def test_finding_points_at_the_phrase() -> None:
    text = "Che bella serata! Tagga un amico che verrebbe con te."
    (finding,) = lint(text, language="it")
    assert (finding.rule, finding.excerpt) == ("engagement-bait", "Tagga un amico")
    assert text[finding.start:finding.end] == finding.excerpt


def test_offsets_survive_accents_and_styled_letters() -> None:
    text = "Città, caffè e 𝐦𝐮𝐬𝐢𝐜𝐚: scrivi SÌ nei commenti"
    bait = [f for f in lint(text, language="it") if f.rule == "engagement-bait"]
    assert [text[f.start:f.end] for f in bait] == ["scrivi SÌ nei commenti"]


def test_overlapping_phrases_of_one_rule_give_one_finding() -> None:
    assert [f.excerpt for f in lint("Restano solo 5 posti", language="it")] == ["Restano solo 5 posti"]


def test_bait_phrases_inside_links_and_hashtags_are_ignored() -> None:
    text = "Programma: https://example.org/hurry-up-last-chance #ShareIfYouAgree"
    assert lint(text, language="en") == []


def test_honest_uses_of_bait_words_pass() -> None:
    posts = [
        ("en", "Bring a dish to share with your friends and neighbours."),
        ("en", "Tag along with your friends: the walk starts at 10."),
        ("en", "No hurry: doors stay open until midnight."),
        ("en", "There is no need to book a table."),
        ("en", "Join us on Saturday in the nature reserve at the end of the lane."),
        ("it", "Non solo oggi: il mercato torna ogni sabato."),
        ("it", "Una cena da condividere con gli amici."),
        ("it", "Tagliamo la pasta a mano."),
        ("en", "If you like folk music, share an evening with us at the Grove Inn."),
        ("en", "We'd like to share the results of the survey."),
        ("en", "The council wants comments on the plan; we'll send ours on Monday."),
        ("it", "Commentiamo insieme il film dopo la proiezione."),
        ("en", "Seven days to go: Community litter pick."),
        ("it", "Mancano 7 giorni alla festa: ecco il programma."),
        ("en", "The final concert of the season is on the last Friday of June."),
        ("it", "Scrivi a info@circolo.example e ti mandiamo il modulo."),
    ]
    for language, text in posts:
        assert lint(text, language=language) == [], text


# --- rule details -----------------------------------------------------------------------------


def test_capacity_does_not_excuse_pressure_or_shouted_scarcity() -> None:
    assert lint("Ultimi posti per la cena", language="it", capacity=30) == []
    assert {f.rule for f in lint("Affrettati, la cena è sabato", language="it", capacity=30)} == {"false-urgency"}
    for text in ("ULTIMI POSTI per la cena", "Ultimi posti!!! Cena sabato"):
        assert "false-urgency" in {f.rule for f in lint(text, language="it", capacity=30)}


def test_hashtag_cap_is_configurable() -> None:
    text = "Cena sabato #Cena #Verona"
    assert lint(text, language="it") == []
    (finding,) = lint(text, language="it", hashtag_cap=1)
    assert (finding.rule, finding.excerpt) == ("hashtag-stuffing", "#Verona")
    assert finding.message == "2 hashtag: usane al massimo 1."


def test_hashtag_case_accepts_camel_case_short_tags_and_long_single_words() -> None:
    text = "#PastaFrescaVerona #verona #Sostenibilità #internazionale #sustainability"
    assert lint(text, language="it", hashtag_cap=5) == []
    assert lint("Ci vediamo a https://example.org/page#sectionnumberthree e C#", language="it") == []


def test_shouting_ignores_acronyms() -> None:
    for text in ("Festa con DJ Marco e la band USA, IVA inclusa", "Soci ARCI APS e UISP", "Il XXI secolo",
                 "RSVP by Friday to the NHS desk", "Concerto per la UILDM al MAXXI", "OK, ci vediamo"):
        assert lint(text, language="it") == [], text
    for text in ("The AGM is in the URC hall", "LGBTQ+ picnic with UNESCO, NATO and USA guests"):
        assert lint(text, language="en") == [], text


def test_one_common_word_in_capitals_is_shouting() -> None:
    for language, text, shouted in (("en", "book NOW", "NOW"), ("it", "PRENOTA ora", "PRENOTA"),
                                    ("it", "ULTIMI posti", "ULTIMI"), ("it", "Una festa GRANDE davvero", "GRANDE"),
                                    ("de", "Eintritt KOSTENLOS", "KOSTENLOS"), ("it", "Ingresso FREE", "FREE")):
        assert [(f.rule, f.excerpt) for f in lint(text, language=language) if f.rule == "shouting"] == [
            ("shouting", shouted)], text


def test_the_events_own_title_and_venue_in_capitals_are_not_shouting() -> None:
    text = "Torna FUORICAMPO, cinema all'aperto al CORTILE GRANDE di via Padova."
    assert {f.excerpt for f in lint(text, language="it")} == {"CORTILE GRANDE"}
    names = Essentials(title="FUORICAMPO 2025", place="CORTILE GRANDE")
    assert lint(text, language="it", essentials=names) == []
    assert [f.excerpt for f in lint(text + " Ingresso LIBERO.", language="it", essentials=names)] == ["LIBERO"]


def test_question_and_exclamation_together_once_is_fine() -> None:
    assert lint("Davvero?! Sì.", language="it") == []


def test_three_emoji_are_fine_and_sequences_count_once() -> None:
    assert lint("Festa 👨‍👩‍👧‍👦 in piazza 🇮🇹 e 👍🏽", language="it") == []
    assert lint("📅 Sabato 12\n📍 Bottega Sartori\nPrenota qui", language="it") == []
    (finding,) = lint("🎉 Festa 👨‍👩‍👧‍👦 in piazza 🇮🇹 e 👍🏽", language="it")
    assert finding.rule == "emoji-overuse"


_SYMBOLS = [chr(code) for code in [*range(0x2190, 0x2C00), *range(0x1F000, 0x1FB00)]
            if unicodedata.category(chr(code)) not in ("Cn", "Mn")]


@given(st.sampled_from(_SYMBOLS))
def test_the_linter_and_the_counters_agree_on_what_an_emoji_is(symbol: str) -> None:
    counted_as_emoji = threads_length(symbol) != 1  # Threads counts an emoji's UTF-8 bytes
    flagged = [f.rule for f in lint(f"Festa {symbol} {symbol} {symbol} {symbol}", language="it")]
    assert ("emoji-overuse" in flagged) == counted_as_emoji, (symbol, flagged)


def test_plain_accented_and_non_latin_letters_are_not_fancy() -> None:
    assert lint("Perché è già così: ÀÈÌÒÙ à la carte, Ελλάδα, Москва", language="it") == []


ESSENTIALS = Essentials(
    title="Cena a lume di candela", date_words=["sabato 12 ottobre", "12/10"], place="Bottega Sartori",
    url="https://bottega.example/cena/",
)


def test_an_announcement_with_everything_passes() -> None:
    assert lint(GOOD_IT[0], language="it", moment="announce", essentials=ESSENTIALS) == []
    short = "Cena a lume di candela in Bottega Sartori, 12/10: www.bottega.example/cena"
    assert lint(short, language="it", moment="announce", essentials=ESSENTIALS) == []


def test_an_announcement_without_when_where_link_says_what_is_missing() -> None:
    findings = lint("Cena a lume di candela, vi aspettiamo!", language="it", moment="announce",
                    essentials=ESSENTIALS)
    assert [f.rule for f in findings] == ["missing-essentials"] * 3
    assert [f.message for f in findings] == [
        "L'annuncio non dice quando (per esempio \"sabato 12 ottobre\").",
        "L'annuncio non dice dove (\"Bottega Sartori\").",
        "L'annuncio non ha il link (https://bottega.example/cena/).",
    ]
    assert all((f.start, f.end, f.excerpt) == (0, 0, "") for f in findings)


def test_missing_title_and_other_moments() -> None:
    text = "Sabato 12 ottobre in Bottega Sartori: https://bottega.example/cena"
    (finding,) = lint(text, language="en", moment="announce", essentials=ESSENTIALS)
    assert finding.message == 'The announcement does not name the event ("Cena a lume di candela").'
    assert lint(text, language="it", moment="reminder", essentials=ESSENTIALS) == []
    assert lint(text, language="it", moment="announce") == []


def test_one_call_to_action_even_repeated_is_fine() -> None:
    assert lint("Prenota qui. Prenotate presto, la cucina apre alle 19.", language="it") == []
    findings = lint("Iscriviti, seguici e condividi!", language="it")
    assert [f.excerpt for f in findings] == ["seguici", "condividi"]


HARD_IT = (
    "La consultazione sulla riqualificazione infrastrutturale del quartiere, promossa dall'amministrazione "
    "comunale nell'ambito del programma di rigenerazione urbana partecipata, necessita della partecipazione "
    "delle organizzazioni rappresentative della cittadinanza."
)
HARD_EN = (
    "The municipality's comprehensive regeneration consultation necessitates substantial participation from "
    "organisations representing heterogeneous constituencies, particularly those historically "
    "underrepresented in deliberative processes."
)


def test_hard_texts_are_flagged_with_the_language_index() -> None:
    (it,) = lint(HARD_IT, language="it")
    (en,) = lint(HARD_EN, language="en")
    assert (it.rule, en.rule) == ("readability", "readability")
    assert it.message.startswith("Testo difficile (Gulpease ")
    assert en.message.startswith("Hard to read (Flesch ")
    assert (it.start, it.end) == (0, len(HARD_IT))


def test_readability_skips_short_texts_and_other_languages() -> None:
    assert lint("Consultazione sulla riqualificazione infrastrutturale partecipata.", language="it") == []
    assert "readability" not in {f.rule for f in lint(HARD_EN, language="xx")}
    assert "readability" not in {f.rule for f in lint(HARD_EN, language="de")}


# --- copy: calibrated on honest rewrites and recycled templates -------------------------------

IT_KIT = [  # one event, four channels, each written on its own
    GOOD_IT[0],
    "Cena a lume di candela in Bottega Sartori, sabato 12 ottobre dalle 19. È una cena condivisa: ognuno "
    "porta qualcosa di fatto in casa, il vino e la musica li offriamo noi. 30 posti, prenotazione su "
    "https://bottega.example/cena",
    "Cari amici, il 12 ottobre la Bottega Sartori si trasforma in una sala da pranzo. Dalle 19 ceniamo "
    "insieme a lume di candela, con i piatti che porterete voi e il vino della casa. I posti sono 30: "
    "prenotate su https://bottega.example/cena",
    "Sabato 12/10, ore 19: cena condivisa a lume di candela in Bottega Sartori. Porta un piatto, al vino "
    "pensiamo noi. https://bottega.example/cena",
]
IT_RECYCLED = [  # last season's posts: the same wording with another date, venue and link
    "Venerdì 8 novembre alle 20 apriamo l'Osteria al Ponte per una cena a lume di candela.\n"
    "Porta un piatto da condividere: noi mettiamo il vino e la musica.\n"
    "Ci sono 40 posti. Prenota qui: https://osteria.example/cena\n#CenaSociale #Verona",
    "Cena a lume di candela all'Osteria al Ponte, venerdì 8 novembre dalle 20. È una cena condivisa: ognuno "
    "porta qualcosa di fatto in casa, il vino e la musica li offriamo noi. 40 posti, prenotazione su "
    "https://osteria.example/cena",
]
EN_KIT = [
    GOOD_EN[0],
    "Candle-lit community dinner at Sartori's workshop, Saturday 12 October from 7 pm. Everyone brings "
    "something home-made to share, and the house provides the wine and the music. 30 seats; booking at "
    "https://bottega.example/dinner",
    "Dear friends, on 12 October Sartori's workshop turns into a dining room. From 7 pm we eat together by "
    "candlelight, with the dishes you bring and wine from the house. There are 30 places: book at "
    "https://bottega.example/dinner",
    "Sat 12 Oct, 7 pm: shared candle-lit dinner at Sartori's workshop. Bring a dish, we'll bring the wine. "
    "https://bottega.example/dinner",
]
EN_RECYCLED = [
    "Join us on Friday 8 November at 8 pm at the Bridge Tavern for a candle-lit dinner. Bring a dish to "
    "share; we bring wine and music. There are 40 seats, so book here: https://tavern.example/dinner "
    "#CommunityDinner",
    "Candle-lit community dinner at the Bridge Tavern, Friday 8 November from 8 pm. Everyone brings "
    "something home-made to share, and the house provides the wine and the music. 40 seats; booking at "
    "https://tavern.example/dinner",
]
COPY_CASES = [
    ("it", IT_KIT, IT_RECYCLED, Essentials(title="Cena a lume di candela", place="Bottega Sartori")),
    ("en", EN_KIT, EN_RECYCLED, Essentials(title="Candle-lit dinner", place="Sartori's workshop")),
    ("en", [GOOD_EN[1], "Something broken at home? This Sunday, 2–5 pm, volunteers at St Mark's church hall "
            "will show you how to mend it yourself: lamps, clothes, furniture, bikes. Free, with tea and cake."],
     ["The Repair Café is back at the Old Library this Saturday from 10 am to 1 pm. Bring a broken lamp, a "
      "torn jacket or a wobbly chair, and our volunteers will help you fix it. Tea and cake are free."],
     Essentials(title="Repair Café", place="St Mark's church hall")),
]


@pytest.mark.parametrize(("language", "kit", "recycled", "essentials"), COPY_CASES)
@pytest.mark.parametrize("with_essentials", [True, False])
def test_honest_rewrites_for_each_channel_pass(
    language: str, kit: list[str], recycled: list[str], essentials: Essentials, with_essentials: bool
) -> None:
    given_essentials = essentials if with_essentials else None
    for first, second in itertools.permutations(kit, 2):
        assert lint(first, language=language, others=[second], essentials=given_essentials) == []


@pytest.mark.parametrize(("language", "kit", "recycled", "essentials"), COPY_CASES)
@pytest.mark.parametrize("with_essentials", [True, False])
def test_a_recycled_template_is_caught(
    language: str, kit: list[str], recycled: list[str], essentials: Essentials, with_essentials: bool
) -> None:
    given_essentials = essentials if with_essentials else None
    for text, old in zip(kit, recycled, strict=False):
        findings = lint(text, language=language, history=[old], essentials=given_essentials)
        assert [f.rule for f in findings] == ["copy"]
        assert (findings[0].start, findings[0].end) == (0, len(text))


def test_the_same_post_on_two_channels_is_a_copy() -> None:
    text = GOOD_IT[0]
    (finding,) = lint(text, language="it", others=[text.replace("#CenaSociale #Verona", "")])
    assert finding.message.startswith("Quasi uguale a un altro post di questo kit (somiglianza 100%)")


def test_short_posts_are_too_short_to_call_copies() -> None:
    text = "Ci vediamo sabato alle 19 in Bottega."
    assert lint(text, language="it", others=[text]) == []


# --- messages, data files and the rule list ---------------------------------------------------


def test_messages_follow_the_language_with_english_fallback() -> None:
    assert lint("Tagga un amico", language="it-IT")[0].message.startswith("Richiesta di interazione")
    assert lint("Share if you agree", language="IT")[0].message.startswith("Richiesta di interazione")
    assert lint("Até sábado!!", language="pt-BR")[0].message.startswith("Repeated punctuation")


def _data_files() -> list[str]:
    folder = files("radical_social.posts") / "linting_rules"
    return sorted(entry.name.removesuffix(".json") for entry in folder.iterdir() if entry.name.endswith(".json"))


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.mark.parametrize("code", _data_files())
def test_each_language_file_loads_and_keeps_the_english_placeholders(code: str) -> None:
    folder = files("radical_social.posts") / "linting_rules"
    english = json.loads((folder / "en.json").read_text(encoding="utf-8"))["messages"]
    messages = json.loads((folder / f"{code}.json").read_text(encoding="utf-8"))["messages"]
    assert set(messages) == set(english)
    for key, template in messages.items():
        assert _fields(template) == _fields(english[key]), key
        assert "\n" not in template
    assert lint("Tagga un amico!! #a #b #c #d", language=code)


def test_data_files_cover_italian_and_english() -> None:
    assert {"it", "en"} <= set(_data_files())


def test_messages_in_the_optional_languages() -> None:
    assert lint("¡Hola!!", language="es")[0].message == 'Puntuación repetida ("!!"): basta con un signo.'
    assert lint("Salut !!", language="fr-CH")[0].message == 'Ponctuation répétée ("!!") : un seul signe suffit.'
    assert lint("Hallo!!", language="de_AT")[0].message == 'Wiederholte Satzzeichen ("!!"): Eines genügt.'


def test_rules_describe_every_rule_that_can_fire() -> None:
    fired = {finding.rule for _, language, text in BAIT for finding in lint(text, language=language)}
    fired |= {"missing-essentials", "readability", "copy"}
    assert fired == set(RULES)
    assert all(description and "\n" not in description for description in RULES.values())


# --- robustness ---------------------------------------------------------------------

_ALPHABET = st.sampled_from([
    *"abcAB Zèé!?#@:/.\n\t'’❤\ufe0f\u200d🎉👍🏽🇮🇹1️⃣𝐀𝐚ＡⒶᴀ\u0336\u0301ß",
    "Tagga un amico", "like if you", "ULTIMI POSTI", "https://x.it/a", "#pastafrescaverona", "sabato",
])
_TEXT = st.one_of(st.text(), st.lists(_ALPHABET, max_size=40).map("".join))


@settings(max_examples=300, deadline=None)
@given(
    text=_TEXT,
    language=st.sampled_from(["it", "en", "IT-it", "xx", "", "../en"]),
    hashtag_cap=st.integers(-1, 5),
    capacity=st.none() | st.integers(0, 100),
    essentials=st.none() | st.builds(Essentials, title=st.none() | _TEXT, date_words=st.lists(_TEXT, max_size=2),
                                    place=st.none() | _TEXT, url=st.none() | _TEXT),
    others=st.lists(_TEXT, max_size=2),
)
def test_lint_never_raises_and_offsets_stay_in_the_text(
    text: str, language: str, hashtag_cap: int, capacity: int | None, essentials: Essentials | None,
    others: list[str],
) -> None:
    findings = lint(text, language=language, hashtag_cap=hashtag_cap, moment="announce", capacity=capacity,
                    essentials=essentials, others=others, history=others)
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.rule in RULES
        assert 0 <= finding.start <= finding.end <= len(text)
        assert "\n" not in finding.message
        assert text[finding.start:finding.end].startswith(finding.excerpt.removesuffix("…"))


def test_readability_scores_the_posts_own_words_not_the_events_facts() -> None:
    """A post that lists the event's facts is not hard prose: the facts are set aside first."""
    title = ("An evening of conversation about the future of the neighbourhood library, its collections, "
             "its volunteers and the building we all share")
    when, place = "Thursday 23 September, 18:30–20:30", "Stoke Newington Library, 184 Stoke Newington Church Street"
    text = f"{when}\n{title}\n{place}\n\nhttps://example.org/library\n\n#Libraries #StokeNewington"
    essentials = Essentials(title=title, date_words=[when], place=place, url="https://example.org/library")
    assert [f.rule for f in lint(text, language="en")] == ["readability"]
    assert lint(text, language="en", essentials=essentials) == []
    wordy = (f"{text}\nNotwithstanding considerable institutional reorganisation, administrative complexity "
             "necessitates comprehensive consultation regarding organisational sustainability, accessibility "
             "and intergenerational participation, notwithstanding institutional unpredictability, organisational "
             "heterogeneity and unprecedented administrative responsibilities.")
    assert [f.rule for f in lint(wordy, language="en", essentials=essentials)] == ["readability"]


# --- sentences repeated across texts ----------------------------------------------------------

STOCK = "It's better in person: nothing to watch on a screen, just people to meet."


def test_a_sentence_in_three_texts_is_found_with_the_texts_that_hold_it() -> None:
    texts = [f"Repair Café on Sunday. {STOCK}", "Seed swap on Saturday at the allotments.",
             "IT’S BETTER IN PERSON:  nothing to watch on a screen,\tjust people to meet!!\n#Leeds",
             f"Book club, Tuesday 7 pm. {STOCK} https://example.org/book-club"]
    (repeat,) = repeated_sentences(texts)
    assert repeat == Repeat(sentence=STOCK.rstrip("."), texts=(0, 2, 3))  # as first written
    assert repeated_sentences(texts, min_texts=4) == []
    assert repeated_sentences(texts[:3]) == []


def test_short_sentences_and_repeats_within_one_text_do_not_count() -> None:
    texts = ["See you on Saturday! Free entry.", "Free entry. See you on Saturday!", "Free entry!"]
    assert repeated_sentences(texts) == []
    assert repeated_sentences([f"{STOCK} {STOCK} {STOCK}", "Hello there."]) == []
    assert [r.texts for r in repeated_sentences(texts, min_words=2)] == [(0, 1, 2)]


def test_lint_flags_a_sentence_already_in_two_earlier_posts() -> None:
    text = f"Pasta workshop on Saturday at 10 am in the Grange Hall. {STOCK}"
    history = ["Tasting night on Friday at the Crown pub, from 7 pm to late with local cheeses. " + STOCK,
               "A Linux install party at the library, bring your own laptop and a charger. " + STOCK]
    copies = [f for f in lint(text, language="en", history=history) if f.message.startswith("This sentence")]
    assert [(f.rule, text[f.start:f.end]) for f in copies] == [("copy", STOCK.rstrip("."))]
    assert copies[0].message.startswith('This sentence is already in 2 earlier posts ("It\'s better in person')
    assert "Questa frase c'è già in 2 post precedenti" in lint(text, language="it", history=history)[-1].message
    assert not [f for f in lint(text, language="en", history=history[:1]) if f.message.startswith("This sentence")]


_PLAIN_WORDS = st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"]),
                        min_size=1, max_size=5)
"""Filler sentences stay under six words, so only the inserted sentence can repeat."""
_FILLER = st.lists(_PLAIN_WORDS.map(lambda words: " ".join(words).capitalize() + "."), max_size=4).map(" ".join)
_STOCK_WORDS = st.lists(st.sampled_from(["Città", "forno", "river", "ÉTÉ", "caffè", "lake", "Straße", "42"]),
                        min_size=6, max_size=12)
_VARIANT = st.tuples(st.sampled_from([str, str.upper, str.lower, str.title]), st.sampled_from([" ", "  ", "\t"]),
                     st.sampled_from(["", ".", "!", "?!", "…", ".\n"]))


def _variant(words: list[str], variant: tuple[object, str, str]) -> str:
    case, space, end = variant
    assert callable(case)
    return str(case(space.join(words))) + end


@settings(max_examples=200, deadline=None)
@given(fillers=st.lists(_FILLER, min_size=3, max_size=8), stock=_STOCK_WORDS, data=st.data())
def test_a_sentence_in_three_texts_is_always_found_and_in_two_never(
    fillers: list[str], stock: list[str], data: st.DataObject
) -> None:
    chosen = sorted(data.draw(st.sets(st.integers(0, len(fillers) - 1), min_size=2, max_size=len(fillers))))
    texts = list(fillers)
    for index in chosen:
        before, after = data.draw(st.booleans()), data.draw(st.booleans())
        copy = _variant(stock, data.draw(_VARIANT))
        copy += "." if after and copy[-1].isalnum() else ""  # a sentence ends before the next one
        texts[index] = " ".join(part for part in (texts[index] if before else "", copy,
                                                   "Alpha beta." if after else "") if part)
    found = repeated_sentences(texts)
    assert [repeat.texts for repeat in found] == ([tuple(chosen)] if len(chosen) >= 3 else [])
    assert repeated_sentences(texts, min_texts=len(chosen) + 1) == []
    history = [texts[index] for index in chosen[1:]]
    flagged = [f for f in lint(texts[chosen[0]], language="it", history=history)
               if f.message.startswith("Questa frase")]
    assert len(flagged) == (1 if len(history) >= 2 else 0)
