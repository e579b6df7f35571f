"""The lexicon loader: shipped files are valid, editors can extend them, mistakes are all reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parsers.claims import code_claims
from parsers.lexicon import load_lexicon
from core.errors import LexiconError

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT.parent / "shared" / "eval" / "SCHEMA.md"
BAD = Path(__file__).parent / "data" / "lexicon_bad"
SCHEMA_ACTORS = {"russia", "ukraine", "usa", "europe", "germany", "nato", "hungary"}
SCHEMA_ISSUES = {
    "territory_donbas", "territory_south", "recognition", "demilitarized_zone", "nato_membership",
    "security_guarantees", "foreign_troops", "army_cap", "elections", "ceasefire", "energy_truce", "eu_membership",
}


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_shipped_ids_are_exactly_the_schema_ids(lexicon):
    assert set(lexicon.actors) == SCHEMA_ACTORS
    assert set(lexicon.issues) == SCHEMA_ISSUES


@pytest.mark.skipif(not SCHEMA.exists(), reason="shared SCHEMA.md not present")
def test_every_shipped_id_appears_in_schema_md(lexicon):
    ids = set(re.findall(r"`([a-z_]+)`", SCHEMA.read_text(encoding="utf-8")))
    assert set(lexicon.actors) <= ids and set(lexicon.issues) <= ids


def test_every_issue_has_german_and_english_terms(lexicon):
    for issue in lexicon.issues.values():
        assert issue.terms.get("de") and issue.terms.get("en"), issue.id
        assert issue.proposition and issue.label


def test_every_actor_has_german_and_english_aliases(lexicon):
    for actor in lexicon.actors.values():
        assert actor.aliases.get("de") and actor.aliases.get("en"), actor.id


def test_territory_and_recognition_default_to_high_severity(lexicon):
    assert {i.id for i in lexicon.issues.values() if i.severity == "high"} >= {
        "territory_donbas", "territory_south", "recognition"}
    assert lexicon.issues["elections"].severity == "normal"


def test_cue_files_parse_for_both_languages(lexicon):
    assert lexicon.languages == ("de", "en")
    for lang in lexicon.languages:
        for key in ("support", "oppose", "open", "negators", "hypothetical", "reporting"):
            assert lexicon.cues[lang][key], (lang, key)


def test_fingerprint_is_stable_and_changes_with_an_extra_dir(lexicon, tmp_path):
    assert load_lexicon().fingerprint == lexicon.fingerprint
    (tmp_path / "actors.yaml").write_text("actors:\n  - id: russia\n    aliases:\n      de: [Kremlherr]\n")
    assert load_lexicon([tmp_path]).fingerprint != lexicon.fingerprint


@pytest.mark.parametrize(("text", "expected"), [
    ("Russland lehnt Gebietsabtretungen ab", True),
    ("Kremlin rejects NATO membership for Kyiv", True),
    ("Russland meldet neue Drohnenangriffe", False),
    ("Das Wetter in Berlin bleibt mild", False),
    ("US-Friedensplan: Wie groß ist die Chance auf Frieden?", True),
    ("Moskaus Unterhändler vor neuen Ukraine-Gesprächen in den USA", True),
    ("Ukraine–US peace talks continue for a second day in Berlin", True),
    ("Peace talks resume in Geneva", False),
    ("Trump hosts a dinner at the White House", False),
])
def test_is_relevant_needs_an_actor_and_an_issue_or_topic(lexicon, text, expected):
    assert lexicon.is_relevant(text) is expected


def test_editor_adds_actor_and_issue_without_code_changes(tmp_path):
    (tmp_path / "actors.yaml").write_text(
        "actors:\n  - id: china\n    label: China\n    aliases:\n"
        "      de: [China, Peking, Xi]\n      en: [China, Beijing, Xi]\n", encoding="utf-8")
    (tmp_path / "issues.yaml").write_text(
        "issues:\n  - id: zaporizhzhia_npp\n    label: Zaporizhzhia nuclear plant\n"
        "    proposition: The Zaporizhzhia nuclear plant is put under international control.\n"
        "    terms:\n      de: [AKW Saporischschja, Atomkraftwerk*]\n      en: [Zaporizhzhia nuclear plant]\n",
        encoding="utf-8")
    lexicon = load_lexicon([tmp_path])
    claims = code_claims("Peking fordert eine Lösung für das Atomkraftwerk Saporischschja.", "de", lexicon)
    assert {(c.actor, c.issue, c.stance) for c in claims} == {("china", "zaporizhzhia_npp", "support")}
    claims = code_claims("China rejects any deal on the Zaporizhzhia nuclear plant.", "en", lexicon)
    assert {(c.actor, c.issue, c.stance) for c in claims} == {("china", "zaporizhzhia_npp", "oppose")}


def test_editor_extends_existing_actor_with_new_alias(tmp_path):
    (tmp_path / "actors.yaml").write_text("actors:\n  - id: russia\n    aliases:\n      de: [Kremlherr]\n")
    lexicon = load_lexicon([tmp_path])
    assert lexicon.actors["russia"].label == "Russia"
    claims = code_claims("Der Kremlherr lehnt Gebietsabtretungen kategorisch ab.", "de", lexicon)
    assert ("russia", "territory_donbas", "oppose") in {(c.actor, c.issue, c.stance) for c in claims}


@pytest.mark.parametrize(("folder", "fragment"), [
    ("duplicate_alias", "actors.yaml:4 actor 'europe': alias 'Moskau' is also listed under 'russia'"),
    ("bad_yaml", "actors.yaml:4 invalid YAML"),
    ("missing_label", "actors.yaml:2 actor 'china': label is missing"),
    ("bad_pattern", "issues.yaml:6 issue 'zpp': term 're:(unclosed' is not a valid pattern"),
    ("unknown_field", "actors.yaml:4 actor 'china': colour"),
    ("bad_stance", "issues.yaml:6 issue 'zpp'"),
    ("unknown_reads_as", "issues.yaml:2 issue 'zpp': reads_as names an unknown issue 'nuclear_truce'"),
])
def test_each_kind_of_mistake_is_reported_with_file_line_and_entry(folder, fragment):
    with pytest.raises(LexiconError) as info:
        load_lexicon([BAD / folder])
    assert any(fragment in line for line in info.value.problems), info.value.problems


def test_all_problems_are_collected_into_one_error():
    with pytest.raises(LexiconError) as info:
        load_lexicon([BAD / "duplicate_alias", BAD / "unknown_field", BAD / "bad_pattern"])
    assert len(info.value.problems) >= 3


def test_missing_extra_dir_is_a_problem(tmp_path):
    with pytest.raises(LexiconError, match="does not exist"):
        load_lexicon([tmp_path / "nope"])


def test_dated_alias_is_ignored_outside_its_window():
    from datetime import date
    lexicon = load_lexicon([Path(__file__).parent / "data" / "lexicon_min"], include_shipped=False)
    text = "Eomer fordert eine Flusszone."
    assert code_claims(text, "de", lexicon, on=date(2021, 5, 1))
    assert not code_claims(text, "de", lexicon, on=date(2019, 5, 1))


def test_readme_shorthand_examples_compile():
    from parsers.patterns import term_regex
    assert re.search(term_regex("lehnt ... ab"), "Kiew lehnt den Plan kategorisch ab")
    assert re.search(term_regex("Gebietsabtretung*"), "Gebietsabtretungen")
    assert re.search(term_regex("*forderung*"), "Sicherheitsforderungen")
    assert re.search(term_regex(r"re:\d{3}\.000 Soldaten"), "800.000 Soldaten")
    assert not re.search(term_regex("Kreml"), "Kremlchef")
