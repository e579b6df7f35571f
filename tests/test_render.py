from datetime import datetime
from email import message_from_bytes, policy

from alerts.render import render_alerts
from alerts.types import AlertView, EvidenceView


def view(title="Kreml <script>alert(1)</script>\r\nBcc: victim@example.org", id_=1, severity="high"):
    new = EvidenceView("open", 'Moskau sei "offen" für <b>Gespräche</b>.', "https://n.example/2", title, datetime(2026, 1, 5))
    old = EvidenceView("support", "Russland fordert den Donbass.", "https://n.example/1", "Alt", datetime(2025, 12, 1))
    return AlertView(id_, "shift", "russia", "Russia", "territory_donbas", "Donbas", "support", "open", severity,
                     "open", datetime(2026, 1, 5, 12), None, "pending", new, old)


def parts(message):
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    text = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    return parsed, text, html


def test_single_alert_subject_names_actor_issue_and_stances():
    parsed, _, _ = parts(render_alerts([view()], "sw@example.org", ["ed@example.org"]))
    assert parsed["Subject"] == "stancewatch: russia territory_donbas support → open"


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
    assert parsed["Subject"].startswith("stancewatch: 2 alerts")
    assert text.index("#2 [high]") < text.index("#1 [normal]")
