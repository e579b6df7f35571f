"""Delivery that loses nothing and sends nothing twice (issue 18): a sender killed mid-delivery, a mail
server that drops the connection before or after the message's end, a full or read-only outbox."""

import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update
from typer.testing import CliRunner

from flows.delivery import send_alerts
from parsers.lexicon import load_lexicon
from stancewatch.cli import app
from core.settings import Settings
from storage.db import make_engine, session_scope
from storage.models import Alert, Delivery
from tests.conftest import ROOT
from tests.test_positions import claim, code
from tests.test_reliability import Inbox, point_smtp_at_free_port, with_alerts


@pytest.fixture
def smtp_env(home, monkeypatch):
    """SMTP settings pointing at a port on 127.0.0.1 that the test serves; retries due at once."""
    return point_smtp_at_free_port(monkeypatch, timeout=2)


def instant_alerts(actors=("russia", "ukraine", "usa")):
    """One high-severity alert per actor (territory_donbas is high in the test policy): one email each."""
    engine = make_engine(Settings().db_url())
    for i, actor in enumerate(actors):
        code(engine, f"https://a.example/{actor}", datetime(2026, 1, 1 + i), [claim(actor, "territory_donbas", "support")])
    return engine


def delivery_states(engine):
    with session_scope(engine) as session:
        return [d.state for d in session.scalars(select(Delivery).where(Delivery.sender == "email").order_by(Delivery.alert_id))]


def leases_run_out(engine):
    """Time passes: every claim's lease ends, as it would once the dead sender's lease period is over."""
    with session_scope(engine) as session:
        session.execute(update(Delivery).where(Delivery.state.in_(("sending", "handing")))
                        .values(next_attempt_at=datetime.utcnow() - timedelta(seconds=1)))


@contextmanager
def mail_server(handler, port):
    """A real aiosmtpd server with ``handler`` on 127.0.0.1:``port`` for the block."""
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


class DroppingServer:
    """A mail server on 127.0.0.1 that takes the envelope and then drops the connection: right after
    its 354 (before the end of the message: it never took it) or after the final dot without answering
    (it may have stored it)."""

    def __init__(self, port, after_dot):
        self.after_dot, self.received = after_dot, []
        self.listener = socket.create_server(("127.0.0.1", port))
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _addr = self.listener.accept()
            except OSError:
                return
            with conn:
                self._session(conn)

    def _session(self, conn):
        stream = conn.makefile("rb")
        conn.sendall(b"220 test\r\n")
        for line in stream:
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                conn.sendall(b"250 ok\r\n")
            elif verb == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            elif verb == b"DATA":
                conn.sendall(b"354 go on\r\n")
                if not self.after_dot:
                    conn.shutdown(socket.SHUT_RDWR)
                    return
                data = b""
                for body_line in stream:
                    data += body_line
                    if body_line == b".\r\n":
                        break
                self.received.append(data)
                conn.shutdown(socket.SHUT_RDWR)  # stored, but no answer
                return

    def stop(self):
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept, which frees the port
        self.listener.close()
        self.thread.join(timeout=5)


def test_a_drop_before_the_final_dot_is_sent_again_and_arrives_once(smtp_env, ledger):
    engine, lexicon = with_alerts(3), load_lexicon()
    server = DroppingServer(smtp_env, after_dot=False)
    try:
        dropped = send_alerts(lexicon, Settings())
    finally:
        server.stop()
    assert dropped.error and "did not take it" in dropped.error and "kept for a retry" in dropped.error
    assert delivery_states(engine) == ["pending"] * 3  # never uncertain: the server had no complete message
    with mail_server(Inbox(), smtp_env) as inbox:
        again = send_alerts(lexicon, Settings())
        assert send_alerts(lexicon, Settings()).alerts == 0
    assert again.alerts == 3 and len(inbox.messages) == 1 and delivery_states(engine) == ["sent"] * 3
    ledger.record("smtp: connection dropped before the end of the message", True, 0, len(inbox.messages) - 1)


def test_a_drop_after_the_final_dot_is_uncertain_and_shown_loudly(smtp_env, ledger, monkeypatch, tmp_path):
    engine, lexicon = with_alerts(2), load_lexicon()
    server = DroppingServer(smtp_env, after_dot=True)
    try:
        outcome = send_alerts(lexicon, Settings())
    finally:
        server.stop()
    assert len(server.received) == 1 and outcome.error and "not sent again by itself" in outcome.error
    assert delivery_states(engine) == ["uncertain"] * 2 and outcome.backlog.uncertain == 2
    listed = CliRunner().invoke(app, ["alerts", "list", "--status", "uncertain", "--format", "json"])
    assert listed.exit_code == 0 and listed.output.count('"id"') == 2, listed.output
    # the next digest carries a line about them; they go out again only when an editor says so
    code(engine, "https://b.example/later", datetime(2026, 2, 1), [claim("ukraine", "issue_9", "oppose")])
    with mail_server(Inbox(), smtp_env) as inbox:
        later = send_alerts(lexicon, Settings())
        assert later.alerts == 1 and delivery_states(engine) == ["uncertain", "uncertain", "sent"]
        message = message_from_bytes(inbox.messages[0], policy=policy.default)
        assert "2 earlier alerts may not have arrived" in message.get_body(("plain",)).get_content()
        assert "2 earlier alerts may not have arrived" in message.get_body(("html",)).get_content()
        resent = CliRunner().invoke(app, ["alerts", "resend", "1"])
        assert resent.exit_code == 0, resent.output
        assert send_alerts(lexicon, Settings()).alerts == 1 and len(inbox.messages) == 2
    ledger.record("smtp: connection dropped after the end of the message", True, 0, 0)


class SlowInbox(Inbox):
    """Takes its time at one step of the dialogue, long enough for the sender to be killed there."""

    def __init__(self, stall_at):
        super().__init__()
        self.stall_at, self.reached = stall_at, threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        envelope.rcpt_tos.append(address)
        if self.stall_at == "rcpt" and not self.reached.is_set():
            self.reached.set()
            await _sleep(30)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(envelope.content)
        if self.stall_at == "data" and not self.reached.is_set():
            self.reached.set()
            await _sleep(30)
        return "250 OK"


async def _sleep(seconds):
    import asyncio

    await asyncio.sleep(seconds)


SENDER = ("from flows.delivery import send_alerts; from parsers.lexicon import load_lexicon; "
          "from core.settings import Settings; send_alerts(load_lexicon(), Settings())")


@pytest.mark.parametrize("stall_at", ["rcpt", "data"])
def test_a_sender_killed_mid_delivery_loses_nothing(smtp_env, stall_at, ledger):
    engine, lexicon = instant_alerts(), load_lexicon()
    with mail_server(SlowInbox(stall_at), smtp_env) as slow:
        sender = subprocess.Popen([sys.executable, "-c", SENDER], cwd=ROOT, env=dict(os.environ),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert slow.reached.wait(60), "the sender never reached the mail server"
            if stall_at == "data":  # the message's end went out: wait until that was recorded
                deadline = time.monotonic() + 10
                while "handing" not in delivery_states(engine) and time.monotonic() < deadline:
                    time.sleep(0.05)
            sender.kill()
        finally:
            sender.wait(timeout=30)
    # only the message being sent was claimed; the others were never touched
    claimed = "handing" if stall_at == "data" else "sending"
    assert sorted(delivery_states(engine)) == sorted([claimed, "pending", "pending"])
    leases_run_out(engine)
    with mail_server(Inbox(), smtp_env) as inbox:
        outcome = send_alerts(lexicon, Settings())
    states = delivery_states(engine)
    if stall_at == "rcpt":  # never handed over: sent again, and every alert arrives exactly once
        assert states == ["sent"] * 3 and len(inbox.messages) == 3, (states, outcome)
    else:  # the server may hold the first: held as uncertain, the other two sent
        assert states == ["uncertain", "sent", "sent"] and len(inbox.messages) == 2, (states, outcome)
        assert outcome.backlog.uncertain == 1
    lost = states.count("pending")
    ledger.record(f"sender killed at smtp {stall_at}", True, lost, 0)


def test_an_outbox_that_cannot_be_written_keeps_the_alerts_and_leaves_no_partial_file(home, tmp_path, monkeypatch, ledger):
    monkeypatch.setenv("STANCEWATCH_DELIVERY_RETRY_MINUTES", "0")
    engine, lexicon = with_alerts(2), load_lexicon()
    blocked = tmp_path / "outbox-is-a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("STANCEWATCH_OUTBOX", str(blocked / "outbox"))
    outcome = send_alerts(lexicon, Settings())
    assert outcome.error and outcome.error.startswith(f"outbox {blocked / 'outbox'}:") and "kept for a retry" in outcome.error
    assert delivery_states(engine) == ["pending", "pending"]
    monkeypatch.setenv("STANCEWATCH_OUTBOX", str(tmp_path / "outbox"))
    assert send_alerts(lexicon, Settings()).alerts == 2
    assert [p.suffix for p in (tmp_path / "outbox").iterdir()] == [".eml"]
    ledger.record("outbox: folder cannot be made", True, 0, 0)


@pytest.fixture
def small_filesystem(tmp_path):
    """A real 32 KiB tmpfs: a digest with pictures does not fit. Needs the right to mount (root in CI)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.decode(errors='replace').strip()})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_full_or_read_only_outbox_is_a_delivery_error_not_a_crash(home, small_filesystem, monkeypatch, fault, ledger):
    engine, lexicon = with_alerts(3), load_lexicon()
    outbox = small_filesystem / "outbox"
    outbox.mkdir()
    if fault == "full":
        (small_filesystem / "filler").write_bytes(b"x" * 28 * 1024)
    else:
        subprocess.run(["mount", "-o", "remount,ro", str(small_filesystem)], check=True)
    monkeypatch.setenv("STANCEWATCH_OUTBOX", str(outbox))
    outcome = send_alerts(lexicon, Settings())
    reason = "No space left on device" if fault == "full" else "Read-only file system"
    assert outcome.error and reason in outcome.error, outcome
    assert list(outbox.iterdir()) == []  # no partial or temporary file
    assert delivery_states(engine) == ["pending"] * 3
    result = CliRunner().invoke(app, ["alerts", "list", "--status", "pending", "--format", "json"])
    assert result.exit_code == 0 and result.output.count('"id"') == 3
    ledger.record(f"outbox: {fault} filesystem", True, 0, 0)
