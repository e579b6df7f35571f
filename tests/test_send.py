from email import message_from_bytes
from email.message import EmailMessage

import pytest

from alerts.send import deliver
from core.errors import DeliveryError
from core.settings import Settings
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


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1, made here (no files in the repository)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    return folder / "cert.pem", folder / "key.pem"


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_tls_delivery_verifies_the_server_against_the_configured_ca(mode, certificate, home):
    import ssl

    from aiosmtpd.controller import Controller

    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            received.append(mode == "ssl" or session.ssl is not None)  # STARTTLS upgraded the session
            return "250 OK"

    port = free_port()
    if mode == "ssl":
        controller = Controller(Handler(), hostname="127.0.0.1", port=port, ssl_context=context)
    else:
        controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True)
    controller.start()
    try:
        trusted = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_tls=mode, smtp_ca_file=cert)
        deliver(message(), trusted)
        with pytest.raises(DeliveryError):  # the same server, not trusted without the CA
            deliver(message(), Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_tls=mode))
    finally:
        controller.stop()
    assert received == [True]
