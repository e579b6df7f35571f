"""The sentence splitter: abbreviations, ordinal dates, quotes and line breaks."""

from __future__ import annotations

from parsers.sentences import split_sentences


def texts(text: str, lang: str = "de") -> list[str]:
    return [s.text for s in split_sentences(text, lang)]


def test_german_abbreviations_do_not_end_a_sentence_de():
    assert texts("Das gilt z.B. für Dr. Müller und u.a. für Prof. Klein. Dann kam Merz.") == [
        "Das gilt z.B. für Dr. Müller und u.a. für Prof. Klein.", "Dann kam Merz."]


def test_ordinal_dates_do_not_end_a_sentence_de():
    assert texts("Am 24. November trafen sie sich. Am 3. Dezember nicht.") == [
        "Am 24. November trafen sie sich.", "Am 3. Dezember nicht."]


def test_english_abbreviations_do_not_end_a_sentence_en():
    assert texts("U.S. envoys met Mr. Putin on Dec. 2. Nothing was agreed.", "en") == [
        "U.S. envoys met Mr. Putin on Dec. 2.", "Nothing was agreed."]


def test_line_breaks_are_boundaries():
    assert texts("Moskau bleibt hart\nRussland fordert den Donbass.") == [
        "Moskau bleibt hart", "Russland fordert den Donbass."]


def test_closing_quote_stays_with_its_sentence_en():
    assert texts('"We are realists." Then he left.', "en") == ['"We are realists."', "Then he left."]


def test_question_and_exclamation_marks_end_sentences():
    assert texts("Kommt der Frieden? Niemand weiß es! Weiter.") == ["Kommt der Frieden?", "Niemand weiß es!", "Weiter."]


def test_offsets_point_into_the_text_and_indexes_count_up():
    text = "Erster Satz.  Zweiter Satz.\n\nDritter"
    sentences = split_sentences(text, "de")
    assert [s.index for s in sentences] == [0, 1, 2]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_lowercase_after_period_does_not_split():
    assert texts("Es gab ca. zehn Tote, vgl. den Bericht vom 3. bis 5. des Monats.") == [
        "Es gab ca. zehn Tote, vgl. den Bericht vom 3. bis 5. des Monats."]


def test_an_abbreviation_before_numbers_ends_a_sentence_before_a_word():
    texts = [s.text for s in split_sentences("Is it stuck? No. We want Ukraine in the EU. He lives at No. 10 "
                                             "Downing Street. Nach Art. 5 des Vertrags gilt das.", "en")]
    assert texts == ["Is it stuck?", "No.", "We want Ukraine in the EU.", "He lives at No. 10 Downing Street.",
                     "Nach Art. 5 des Vertrags gilt das."]
