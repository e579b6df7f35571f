from datetime import datetime
from email import message_from_bytes, policy

from alerts.render import render_alerts
from alerts.types import AlertView, EvidenceView, HistoryView


def view(title="Kreml <script>alert(1)</script>\r\nBcc: victim@example.org", id_=1, severity="high", sources=1,
         reports=1, history=(), kind="shift"):
    new = EvidenceView("open", 'Moskau sei "offen" für <b>Gespräche</b>.', "https://n.example/2", title, datetime(2026, 1, 5),
                       "n.example")
    old = EvidenceView("support", "Russland fordert den Donbass.", "https://n.example/1", "Alt", datetime(2025, 12, 1),
                       "old.example")
    return AlertView(id_, kind, "russia", "Russia", "territory_donbas", "Donbas", "support", "open", severity,
                     "open", datetime(2026, 1, 5, 12), None, "pending", new, old,
                     sources=sources, reports=reports,
                     history=tuple(history))


def parts(message):
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    text = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    return parsed, text, html


def test_single_alert_subject_names_actor_issue_and_stances():
    parsed, _, _ = parts(render_alerts([view()], "sw@example.org", ["ed@example.org"]))
    assert parsed["Subject"] == "stancewatch digest, 1 alert: Russia · Donbas: support → open"
    instant, _, _ = parts(render_alerts([view()], "sw@example.org", ["ed@example.org"], digest=False))
    assert instant["Subject"] == "stancewatch [high]: Russia · Donbas: support → open (unconfirmed)"


def test_html_escapes_article_text_and_titles():
    _, text, html = parts(render_alerts([view()], "sw@example.org", ["ed@example.org"]))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>Gespräche</b>" not in html
    assert "https://n.example/1" in html and "https://n.example/2" in html
    assert "Russland fordert den Donbass." in text and "support -> open" in text


def test_newlines_in_titles_cannot_inject_headers():
    parsed, _, _ = parts(render_alerts([view()], "sw@example.org\r\nBcc: x@example.org", ["ed@example.org"]))
    assert parsed["Bcc"] is None
    assert "\n" not in parsed["From"]


def test_several_alerts_are_listed_most_severe_first():
    alerts = [view(id_=1, severity="normal"), view(id_=2, severity="high")]
    parsed, text, _ = parts(render_alerts(alerts, "sw@example.org", ["ed@example.org"]))
    assert parsed["Subject"] == "stancewatch digest, 2 alerts: Russia · Donbas: support → open; +1 more"
    assert text.index("#2 [high]") < text.index("#1 [normal]")


def test_each_alert_shows_stored_position_new_claim_corroboration_history_and_commands():
    history = [HistoryView(datetime(2025, 11, 2), "support", "tass.ru", "Moskau beharrt auf dem ganzen Donbass."),
               HistoryView(datetime(2025, 12, 1), "support", "old.example", "Russland fordert den Donbass.")]
    _, text, html = parts(render_alerts([view(sources=2, reports=3, history=history)], "sw@example.org", ["ed@example.org"]))
    for body in (text, html):
        assert "2025-12-01" in body and "old.example" in body  # the stored position: date and source
        assert "2026-01-05" in body and "n.example" in body and "https://n.example/2" in body  # the new claim
        assert "tass.ru" in body and "2025-11-02" in body  # the actor's history on the issue
        assert "stancewatch alerts confirm 1" in body and "stancewatch alerts dismiss 1" in body
        assert "stancewatch positions history russia territory_donbas" in body
    assert "CONFIRMED (2 sources, 3 reports)" in text
    _, text, _ = parts(render_alerts([view()], "sw@example.org", ["ed@example.org"]))
    assert "UNCONFIRMED (1 source, 1 report)" in text


def test_digest_carries_timelines_as_related_images_the_html_points_to():
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    parsed, text, html = parts(render_alerts([view()], "sw@example.org", ["ed@example.org"],
                                             timelines={"territory_donbas": png}))
    images = [p for p in parsed.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0].get_content() == png
    cid = images[0]["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html and "Timeline: Donbas" in html
    assert "Timelines of Donbas are in the HTML version" in text


def test_digest_names_the_report_command_for_issues_without_a_picture():
    from dataclasses import replace

    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    other = replace(view(id_=2), issue="security_guarantees", issue_label="Security guarantees")
    _, text, html = parts(render_alerts([view(), other], "sw@example.org", ["ed@example.org"],
                                        timelines={"territory_donbas": png}))
    assert "stancewatch report --issue security_guarantees" in text
    assert "stancewatch report --issue security_guarantees" in html
    assert "report --issue territory_donbas" not in text + html  # it has its picture
    _, text, _ = parts(render_alerts([view(), other], "sw@example.org", ["ed@example.org"]))
    assert "report --issue" not in text  # no pictures at all (an instant email): nothing to point elsewhere


def test_a_seed_article_is_named_and_not_linked():
    from dataclasses import replace

    seeded = replace(view(title="Neu"), old=EvidenceView("support", "Russland fordert den Donbass.",
                                                          "seed://000_acca39ff2c40e298.txt", "Warum der Durchbruch ausbleibt",
                                                          datetime(2025, 12, 1), "seed article"))
    _, text, html = parts(render_alerts([seeded], "sw@example.org", ["ed@example.org"]))
    for body in (text, html):
        assert "seed article" in body and "Warum der Durchbruch ausbleibt" in body
        assert "seed://" not in body
    assert 'href="https://n.example/2"' in html  # the new claim's page stays a link


def test_an_older_report_says_the_position_stays():
    older = view(kind="older")
    # the report (2026-01-05) against a stored position dated later than it
    older = AlertView(**{**older.__dict__, "old": EvidenceView("support", "Russland fordert den Donbass.",
                                                              "https://n.example/1", "Neu", datetime(2026, 2, 1), "n.example")})
    _, text, html = parts(render_alerts([older], "sw@example.org", ["ed@example.org"]))
    for body in (text, html):
        assert "older than the stored position of 2026-02-01" in body and "stays support" in body
    assert "OLDER REPORT" in text and "SHIFT" not in text
    _, text, _ = parts(render_alerts([view()], "sw@example.org", ["ed@example.org"]))
    assert "older than" not in text and "SHIFT" in text
