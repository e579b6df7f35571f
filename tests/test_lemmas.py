"""Lemma entries of the lexicon (``~ablehnen``) match every form; text is NFC-normalised on entry."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from parsers.article import read_article_file
from parsers.claims import code_claims
from parsers.lemmas import expand_term, forms_for
from parsers.lexicon import load_lexicon
from parsers.patterns import compile_terms


def triples(text: str, lang: str, lexicon) -> set[tuple[str, str, str]]:
    return {(c.actor, c.issue, c.stance) for c in code_claims(text, lang, lexicon) if c.modality == "asserted"}


@pytest.fixture(scope="module")
def real():
    return load_lexicon()


def test_forms_cover_inflection_konjunktiv_and_zu_infinitive(tmp_path: Path):
    forms = forms_for(["ablehnen", "unterstützen", "preisgeben"], "de", tmp_path)
    assert {"abgelehnt", "ablehnte", "abzulehnen"} <= set(forms["ablehnen"])
    assert "unterstütze" in forms["unterstützen"]  # Konjunktiv I of reported speech
    assert "preiszugeben" in forms["preisgeben"]
    assert {"lehnt", "lehnte", "lehnten"} <= set(forms["ab|lehnen"])  # the split verb's finite stem


def test_sharp_s_lemmas_keep_their_dictionary_forms(tmp_path: Path):
    # casefold() turns "ß" into "ss": the dictionary, which spells "ß", then gave no forms at all
    forms = forms_for(["ausschließen"], "de", tmp_path)
    assert {"ausgeschlossen", "auszuschließen"} <= set(forms["ausschließen"])
    pattern = compile_terms(expand_term("~ausschließen", forms, "de"))
    assert pattern is not None and pattern.search("Kiew hat einen Rückzug kategorisch ausgeschlossen")
    assert pattern.search("Die Schweizer Zeitung schreibt: auszuschliessen sei das nicht")  # and the Swiss "ss"


def test_separable_verb_matches_split_and_joined(tmp_path: Path):
    forms = forms_for(["zurückweisen"], "de", tmp_path)
    pattern = compile_terms(expand_term("~zurückweisen", forms, "de"))
    assert pattern is not None
    for text in ("Kiew wies den Vorschlag zurück", "Kiew hat den Vorschlag zurückgewiesen",
                 "Kiew weist das entschieden zurück", "um ihn zurückzuweisen"):
        assert pattern.search(text), text
    assert not pattern.search("Kiew wies auf die Lage hin")


def test_english_lemma_covers_tenses(tmp_path: Path):
    forms = forms_for(["reject"], "en", tmp_path)
    pattern = compile_terms(expand_term("~reject", forms, "en"))
    assert pattern is not None
    assert all(pattern.search(w) for w in ("rejects", "rejected", "rejecting"))


def test_a_choice_in_braces_may_hold_several_words():
    # "{EU|die EU}": each alternative is matched word by word, with any whitespace between
    pattern = compile_terms(["Weg ... in {EU|die EU} und {NATO|die NATO}"])
    assert pattern.search("den Weg der Ukraine in EU und NATO")
    assert pattern.search("Weg in die  EU und die NATO")
    assert not pattern.search("Weg in die Union und die NATO")
    assert not pattern.search("Weg in {EU|die EU} und")


def test_forms_are_cached_and_a_damaged_cache_is_rebuilt(tmp_path: Path):
    first = forms_for(["fordern"], "de", tmp_path)
    files = list(tmp_path.glob("forms-de-*.json"))
    assert len(files) == 1
    files[0].write_text("{not json", encoding="utf-8")
    assert forms_for(["fordern"], "de", tmp_path) == first


def test_unwritable_cache_still_gives_forms(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")  # a file where the cache folder should be
    assert "gefordert" in forms_for(["fordern"], "de", blocker / "cache")["fordern"]


def test_editor_lemma_entry_needs_no_inflected_forms(tmp_path: Path):
    extra = tmp_path / "lexicon"
    extra.mkdir()
    (extra / "cues.de.yaml").write_text("language: de\noppose: ['~konterkarieren']\n", encoding="utf-8")
    shipped, extended = load_lexicon(), load_lexicon([extra])
    for text in ("Moskau konterkarierte die Waffenruhe.", "Moskau hat die Waffenruhe konterkariert.",
                 "Moskau werde die Waffenruhe konterkarieren, sagte Peskow."):
        assert ("russia", "ceasefire", "oppose") not in triples(text, "de", shipped)
        assert ("russia", "ceasefire", "oppose") in triples(text, "de", extended), text


def test_decomposed_umlauts_code_like_composed(real):
    composed = "Der Kanzler sagte, Deutschland unterstütze eine europäische Friedenstruppe für die Ukraine."
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert triples(decomposed, "de", real) == triples(composed, "de", real) == {
        ("germany", "foreign_troops", "support")}


def test_article_files_are_normalised_on_entry():
    text = unicodedata.normalize("NFD", "title: Gespräche über Gebietsabtretungen\n\nKiew lehnt Gebietsabtretungen ab.")
    article = read_article_file(text, "x.txt")
    assert unicodedata.is_normalized("NFC", article.text) and unicodedata.is_normalized("NFC", article.title)

