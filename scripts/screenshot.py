"""Render an HTML file to a PNG with headless Chromium, at desktop or phone width.

    python scripts/screenshot.py report.html /tmp/shots/report-desktop.png
    python scripts/screenshot.py report.html /tmp/shots/report-phone.png --phone
    python scripts/screenshot.py report.html out.png --width 800 --height 3000
    python scripts/screenshot.py outbox/<id>.eml /tmp/shots/email-phone.png --phone   # an alert email's HTML part

Chromium runs with a throw-away profile and with its background networking off, so a screenshot of a
self-contained report makes no network requests.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DESKTOP = (1200, 2400)
PHONE = (390, 2400)
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


def find_chromium(explicit: str | None = None) -> str:
    """The Chromium binary: ``explicit``, else the first of CANDIDATES on this machine."""
    for candidate in ([explicit] if explicit else CANDIDATES):
        found = shutil.which(candidate)
        if found:
            return found
    raise FileNotFoundError(f"no Chromium found (tried {', '.join([explicit] if explicit else CANDIDATES)}); "
                            "on Debian: apt-get install chromium")


def screenshot(page: Path, out: Path, width: int, height: int, chromium: str | None = None,
               timeout: float = 120.0) -> Path:
    """Write a ``width`` × ``height`` PNG of ``page`` to ``out``; raise if Chromium wrote nothing."""
    binary = find_chromium(chromium)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)  # a stale file must not pass for a fresh screenshot
    with tempfile.TemporaryDirectory(prefix="screenshot-profile-") as profile:
        command = [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", f"--user-data-dir={profile}", f"--window-size={width},{height}",
            f"--screenshot={out.resolve()}", page.resolve().as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"chromium failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    return out


def email_html(eml: Path) -> str:
    """The HTML part of an email, with its related images (cid:) inlined as data: URIs, as a mail
    client would show it."""
    import base64
    from email import message_from_bytes, policy
    from email.message import EmailMessage

    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    part = message.get_body(("html",))
    if part is None:
        raise ValueError(f"{eml}: no HTML part")
    html = part.get_content()
    for image in message.walk():
        cid = (image.get("Content-ID") or "").strip("<>")
        if cid and image.get_content_maintype() == "image":
            data = base64.b64encode(image.get_payload(decode=True)).decode()
            html = html.replace(f"cid:{cid}", f"data:{image.get_content_type()};base64,{data}")
    return str(html)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="the HTML file")
    parser.add_argument("out", type=Path, help="the PNG to write")
    parser.add_argument("--phone", action="store_true", help=f"phone width ({PHONE[0]} px) instead of desktop")
    parser.add_argument("--width", type=int, help="window width in CSS pixels")
    parser.add_argument("--height", type=int, help="window height (the screenshot's height)")
    parser.add_argument("--chromium", help="path of the Chromium binary")
    args = parser.parse_args(argv)
    if not args.page.is_file():
        parser.error(f"{args.page}: no such file")
    width, height = PHONE if args.phone else DESKTOP
    page = args.page
    with tempfile.TemporaryDirectory(prefix="screenshot-email-") as folder:
        if page.suffix == ".eml":
            page = Path(folder) / "email.html"
            page.write_text(email_html(args.page), encoding="utf-8")
        written = screenshot(page, args.out, args.width or width, args.height or height, args.chromium)
    print(written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
