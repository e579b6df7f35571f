"""Delivery: SMTP when a host is configured, else an .eml file in the outbox folder."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path

from stancewatch.errors import DeliveryError
from stancewatch.settings import Settings

DEFAULT_PORTS = {"ssl": 465, "starttls": 587, "none": 25}


def deliver(message: EmailMessage, settings: Settings) -> str:
    """Hand ``message`` to the mail server (or the outbox); return where it went. DeliveryError on refusal."""
    if settings.smtp_host:
        return _send_smtp(message, settings)
    return str(write_outbox(message, settings.outbox_dir()))


def write_outbox(message: EmailMessage, outbox: Path) -> Path:
    """Write the message as an .eml file named after its Message-ID (rewriting it is harmless)."""
    outbox.mkdir(parents=True, exist_ok=True)
    stem = str(message["Message-ID"]).strip("<>").replace("@", "_at_").replace("/", "_")
    path = outbox / f"{stem}.eml"
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(message.as_bytes())
    temporary.replace(path)  # a reader never sees half a message
    return path


def _send_smtp(message: EmailMessage, settings: Settings) -> str:
    host = settings.smtp_host or ""
    port = settings.smtp_port or DEFAULT_PORTS[settings.smtp_tls]
    where = f"smtp://{host}:{port}"
    context = ssl.create_default_context(cafile=str(settings.smtp_ca_file) if settings.smtp_ca_file else None)
    try:
        if settings.smtp_tls == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=settings.smtp_timeout, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=settings.smtp_timeout)
        with client:
            if settings.smtp_tls == "starttls":
                client.starttls(context=context)
            if settings.smtp_user and settings.smtp_password:
                client.login(settings.smtp_user, settings.smtp_password.get_secret_value())
            _transmit(client, message, settings.mail_from, settings.recipients(), where)
    except DeliveryError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"{where}: authentication failed for user {settings.smtp_user!r} ({exc.smtp_code})") from exc
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"{where}: server answered {exc.smtp_code}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{where}: {type(exc).__name__}: {exc}") from exc
    return where


def _transmit(client: smtplib.SMTP, message: EmailMessage, sender: str, recipients: list[str], where: str) -> None:
    """MAIL, RCPT, DATA by hand, so that a failure while the message is handed over is told apart."""
    client.ehlo_or_helo_if_needed()
    code, _reply = client.mail(sender)
    if code != 250:
        raise DeliveryError(f"{where}: sender refused ({code})")
    accepted = [r for r in recipients if client.rcpt(r)[0] in (250, 251)]
    if not accepted:
        raise DeliveryError(f"{where}: every recipient refused")
    try:
        code, _reply = client.data(message.as_bytes(policy=SMTP_POLICY))
        if code != 250:  # data() returns the final answer instead of raising it
            raise smtplib.SMTPDataError(code, _reply)
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"{where}: server answered {exc.smtp_code} to the message") from exc
    except (smtplib.SMTPException, OSError) as exc:
        # the server may have stored the message before the connection broke
        raise DeliveryError(f"{where}: connection lost while sending ({type(exc).__name__})", ambiguous=True) from exc
