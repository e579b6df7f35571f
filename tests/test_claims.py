"""The claim coder: attribution, issues, stance, negation, conditions, modality, noise."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.claims import code_claims
from parsers.lexicon import load_lexicon

MIN = Path(__file__).parent / "data" / "lexicon_min"


@pytest.fixture(scope="module")
def real():
    return load_lexicon()


@pytest.fixture(scope="module")
def mini():
    return load_lexicon([MIN], include_shipped=False)


def triples(text, lang, lexicon, modality="asserted"):
    return {(c.actor, c.issue, c.stance) for c in code_claims(text, lang, lexicon) if c.modality == modality}


# --- coder logic on the invented lexicon -------------------------------------------------------

def test_subject_of_cue_verb_holds_position_de(mini):
    assert triples("Gondor fordert die Ringabgabe von Arnor.", "de", mini) == {("gondor", "ring_tribute", "support")}


def test_subject_of_cue_verb_holds_position_en(mini):
    assert triples("Gondor demands a ring handover from Arnor.", "en", mini) == {("gondor", "ring_tribute", "support")}


def test_separable_verb_with_inverted_subject_de(mini):
    assert triples("Vor allem lehnt Arnor die Ringabgabe kategorisch ab.", "de", mini) == {
        ("arnor", "ring_tribute", "oppose")}


def test_against_phrase_inverts_the_stance_de(mini):
    assert triples("Arnor fordert einen Verzicht auf die Ringabgabe.", "de", mini) == {("arnor", "ring_tribute", "oppose")}


def test_negated_readiness_is_oppose_de(mini):
    assert triples("Aus Fornost gibt es keinerlei Bereitschaft zu einer Flusszone.", "de", mini) == {
        ("arnor", "river_zone", "oppose")}


def test_negated_rejection_is_open_de(mini):
    assert triples("Gondor lehnt eine Flusszone nicht grundsätzlich ab.", "de", mini) == {("gondor", "river_zone", "open")}


def test_conditional_readiness_is_open_en(mini):
    assert triples("Arnor is ready for a river zone only if Gondor withdraws.", "en", mini) == {
        ("arnor", "river_zone", "open")}


def test_hypothetical_yields_no_asserted_claim_de(mini):
    text = "Gondor könnte eine Flusszone akzeptieren."
    assert triples(text, "de", mini) == set()
    assert triples(text, "de", mini, "hypothetical") == {("gondor", "river_zone", "support")}


def test_hypothetical_yields_no_asserted_claim_en(mini):
    text = "Gondor might accept a river zone."
    assert triples(text, "en", mini) == set()
    assert triples(text, "en", mini, "hypothetical") == {("gondor", "river_zone", "support")}


def test_question_is_coded_as_question_en(mini):
    assert triples("Will Gondor accept a river zone?", "en", mini, "question") == {("gondor", "river_zone", "support")}


def test_reporting_hedge_keeps_claim_asserted_de(mini):
    assert triples("Gondor fordert offenbar eine Flusszone.", "de", mini) == {("gondor", "river_zone", "support")}


def test_position_voiced_by_another_actor_is_not_labelled_de(mini):
    assert triples("Aragorn sagt, Gondor wolle die Ringabgabe.", "de", mini) == set()


def test_pronoun_carries_actor_to_next_sentence_de(mini):
    text = "Denethor sprach in Minas Tirith. Er lehnt eine Flusszone ab."
    assert triples(text, "de", mini) == {("gondor", "river_zone", "oppose")}


def test_first_person_in_quote_is_the_speaker_en(mini):
    text = '"We will never accept a river zone," Aragorn said.'
    assert triples(text, "en", mini) == {("arnor", "river_zone", "oppose")}


def test_coordinated_subjects_all_hold_position_de(mini):
    assert triples("Arnor und Gondor fordern eine Flusszone.", "de", mini) == {
        ("arnor", "river_zone", "support"), ("gondor", "river_zone", "support")}


def test_broad_term_limited_to_oppose_stance_de(mini):
    assert triples("Gondor lehnt jede Landfrage ab.", "de", mini) == {("gondor", "borders", "oppose")}
    assert triples("Gondor fordert eine Landfrage.", "de", mini) == set()


def test_one_claim_per_actor_issue_stance_modality(mini):
    text = "Gondor fordert eine Flusszone. Denethor verlangt die Flusszone erneut."
    claims = code_claims(text, "de", mini)
    assert len(claims) == 1
    assert 0.0 <= claims[0].confidence <= 1.0


def test_claim_carries_evidence_for_explain(mini):
    (claim,) = code_claims("Gondor lehnt eine Flusszone nicht grundsätzlich ab.", "de", mini)
    assert claim.evidence is not None
    assert claim.evidence.actor == "Gondor"
    assert claim.evidence.issue == "Flusszone"
    assert claim.evidence.cue.startswith("lehnt")
    assert "nicht" in claim.evidence.markers
    assert claim.sentence_index == 0 and claim.sentence.startswith("Gondor")


def test_ad_block_lines_yield_no_claim_de(mini):
    assert triples("Gondor Aktienanalyse Update: Flusszone fordert Rendite | AlleAktien", "de", mini) == set()


# --- the shipped lexicon -----------------------------------------------------------------------

def test_kremlin_demand_for_donbas_withdrawal_de(real):
    text = "Russland fordert einen Rückzug der Ukraine aus dem gesamten Donbass."
    assert ("russia", "territory_donbas", "support") in triples(text, "de", real)


def test_spokesperson_speaks_for_actor_de(real):
    text = "Kremlsprecher Peskow lehnt eine Stationierung europäischer Truppen in der Ukraine ab."
    assert triples(text, "de", real) == {("russia", "foreign_troops", "oppose")}


def test_negotiator_speaks_for_actor_en(real):
    assert triples("Witkoff rejected a NATO membership for Kyiv.", "en", real) == {("usa", "nato_membership", "oppose")}


def test_plan_provision_is_position_of_its_author_de(real):
    text = "Der 28-Punkte-Plan sieht kein NATO-Beitritt für die Ukraine vor."
    assert ("usa", "nato_membership", "oppose") in triples(text, "de", real)


def test_territorial_integrity_is_oppose_on_both_territory_issues_en(real):
    text = "The EU rejects any deal that ignores Ukraine's territorial integrity."
    got = triples(text, "en", real)
    assert {("europe", "territory_donbas", "support"), ("europe", "territory_south", "support")} <= got or \
        {("europe", "territory_donbas", "oppose"), ("europe", "territory_south", "oppose")} <= got


def test_refusal_of_any_territory_covers_both_issues_en(real):
    text = "Zelensky has ruled out giving any Ukrainian territory away."
    assert triples(text, "en", real) == {("ukraine", "territory_donbas", "oppose"), ("ukraine", "territory_south", "oppose")}


def test_konjunktiv_reported_speech_stays_asserted_de(real):
    text = "Peskow sagte, Russland sei zu einer Energie-Waffenruhe bereit."
    assert ("russia", "energy_truce", "support") in triples(text, "de", real)


def test_according_to_source_en(real):
    text = "According to Ushakov, Moscow rejects the deployment of troops in Ukraine."
    assert ("russia", "foreign_troops", "oppose") in triples(text, "en", real)


def test_speculation_about_acceptance_is_hypothetical_de(real):
    text = "Moskau könnte eine entmilitarisierte Zone akzeptieren."
    assert triples(text, "de", real) == set()


def test_unrelated_news_yields_no_claim_en(real):
    assert triples("Russian drones hit a power station in Odesa overnight.", "en", real) == set()
