from email import message_from_bytes
from email.message import EmailMessage

import pytest

from alerts.send import deliver
from stancewatch.errors import DeliveryError
from stancewatch.settings import Settings
from tests.conftest import free_port


def message():
    m = EmailMessage()
    m["Subject"], m["From"], m["To"], m["Message-ID"] = "s", "sw@example.org", "ed@example.org", "<abc@stancewatch.local>"
    m.set_content("hello")
    return m


def test_smtp_delivery_reaches_the_server(smtp_server, home, monkeypatch):
    controller, inbox = smtp_server
    monkeypatch.setenv("STANCEWATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("STANCEWATCH_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("STANCEWATCH_MAIL_TO", "a@example.org, b@example.org")
    where = deliver(message(), Settings())
    assert where == f"smtp://127.0.0.1:{controller.port}"
    (mail_from, rcpts, content) = inbox.messages[0]
    assert rcpts == ["a@example.org", "b@example.org"]
    assert message_from_bytes(content)["Message-ID"] == "<abc@stancewatch.local>"


def test_refused_connection_is_a_delivery_error_without_the_password(home, monkeypatch):
    monkeypatch.setenv("STANCEWATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("STANCEWATCH_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("STANCEWATCH_SMTP_USER", "editor")
    monkeypatch.setenv("STANCEWATCH_SMTP_PASSWORD", "hunter2-secret")
    settings = Settings()
    with pytest.raises(DeliveryError) as caught:
        deliver(message(), settings)
    assert "hunter2" not in str(caught.value) and "hunter2" not in repr(settings)


def test_without_smtp_host_the_message_goes_to_the_outbox(home):
    where = deliver(message(), Settings())
    assert where.endswith(".eml") and (home / "outbox").is_dir()
    assert b"hello" in open(where, "rb").read()
