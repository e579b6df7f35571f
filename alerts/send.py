"""Delivery: SMTP when a host is configured, else an .eml file in the outbox folder."""

from __future__ import annotations

import os
import re
import select
import smtplib
import ssl
import tempfile
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path

from core.errors import DeliveryError
from core.settings import Settings

DEFAULT_PORTS = {"ssl": 465, "starttls": 587, "none": 25}

# Called just before the end of the message goes out: from then on the server may hold the message
# even if no answer comes back (RFC 5321 §6.1), so the caller records the hand-over first.
Handover = Callable[[], None]


def deliver(message: EmailMessage, settings: Settings, on_handover: Handover | None = None) -> str:
    """Hand ``message`` to the mail server (or the outbox); return where it went. DeliveryError on refusal;
    ``ambiguous`` on it only when the end of the message went out and no answer came back."""
    if settings.smtp_host:
        return _send_smtp(message, settings, on_handover or _nothing)
    return str(write_outbox(message, settings.outbox_dir()))


def _nothing() -> None:
    pass


def write_outbox(message: EmailMessage, outbox: Path) -> Path:
    """Write the message as an .eml file named after its Message-ID (rewriting it is harmless), all or
    nothing: a temporary file made durable, then renamed. A full or read-only disk is a DeliveryError
    and leaves no temporary file behind."""
    stem = str(message["Message-ID"]).strip("<>").replace("@", "_at_").replace("/", "_")
    path = outbox / f"{stem}.eml"
    temporary: str | None = None
    try:
        outbox.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=outbox, prefix=f".{stem}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(message.as_bytes())
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)  # a reader never sees half a message
        temporary = None
        _sync_directory(outbox)
    except OSError as exc:
        raise DeliveryError(f"outbox {outbox}: {exc.strerror or exc} (free space or make the folder writable, "
                            "or set STANCEWATCH_OUTBOX)") from exc
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    return path


def _sync_directory(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a platform without directory handles skips it."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some filesystems refuse fsync on a directory; the rename is still atomic
    finally:
        os.close(handle)


def _send_smtp(message: EmailMessage, settings: Settings, on_handover: Handover) -> str:
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
            _transmit(client, message, settings.mail_from, settings.recipients(), where, on_handover)
    except DeliveryError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"{where}: authentication failed for user {settings.smtp_user!r} ({exc.smtp_code})") from exc
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"{where}: server answered {exc.smtp_code}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{where}: {type(exc).__name__}: {exc}") from exc
    return where


# A line of the message that starts with a dot gets a second one, so it cannot end the data (RFC 5321 §4.5.2)
_LEADING_DOT = re.compile(rb"^\.", re.MULTILINE)


def _transmit(
    client: smtplib.SMTP, message: EmailMessage, sender: str, recipients: list[str], where: str, on_handover: Handover
) -> None:
    """MAIL, RCPT and DATA by hand, the message's end sent apart from its body: a connection lost before
    the final dot means the server never took the message (it may be sent again); lost after it, the
    server may have stored it (uncertain)."""
    client.ehlo_or_helo_if_needed()
    code, _reply = client.mail(sender)
    if code != 250:
        raise DeliveryError(f"{where}: sender refused ({code})")
    accepted = [r for r in recipients if client.rcpt(r)[0] in (250, 251)]
    if not accepted:
        raise DeliveryError(f"{where}: every recipient refused")
    body = _LEADING_DOT.sub(b"..", message.as_bytes(policy=SMTP_POLICY))
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    try:
        client.putcmd("data")
        code, _reply = client.getreply()
        if code != 354:
            raise DeliveryError(f"{where}: server answered {code} to DATA")
        client.send(body)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{where}: connection lost before the end of the message ({type(exc).__name__}); "
                            "the server did not take it") from exc
    if client.sock is None or _spoke_early(client.sock):
        # a server that closed or answered before the final dot cannot have taken the message
        raise DeliveryError(f"{where}: the server closed the connection before the end of the message; "
                            "it did not take it")
    on_handover()
    try:
        client.send(b".\r\n")
        code, _reply = client.getreply()
    except (smtplib.SMTPException, OSError) as exc:
        # the server may have stored the message before the connection broke
        raise DeliveryError(f"{where}: connection lost while sending ({type(exc).__name__})", ambiguous=True) from exc
    if code != 250:
        raise DeliveryError(f"{where}: server answered {code} to the message")


def _spoke_early(sock: object) -> bool:
    """True when the connection has something to read (a reply or its closing) while the server should
    be silent, waiting for the rest of the message."""
    try:
        readable, _w, _x = select.select([sock], [], [], 0)  # type: ignore[type-var]  # a socket-like object
    except (OSError, ValueError):
        return True
    return bool(readable)
