"""Who may do what in the web app: editors' tokens (stored hashed), the signed-in editor, CSRF tokens."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
from collections.abc import Mapping

from pydantic import SecretStr

# PBKDF2-SHA256 from the standard library: slow enough to make a leaked settings file expensive to
# attack, with no extra dependency. The iteration count travels in the hash, so it can be raised.
SCHEME = "pbkdf2_sha256"
ITERATIONS = 600_000


def hash_token(token: str, iterations: int = ITERATIONS) -> str:
    """A storable hash of an editor's token: ``pbkdf2_sha256$ITERATIONS$SALT$HASH``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", token.encode(), salt, iterations)
    return "$".join((SCHEME, str(iterations), _b64(salt), _b64(digest)))


def check_token(token: str, stored: str) -> bool:
    """Does ``token`` match the stored hash? False for a malformed hash, never an exception."""
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        computed = hashlib.pbkdf2_hmac("sha256", token.encode(), _unb64(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(computed, _unb64(digest))


def malformed_hashes(editors: Mapping[str, SecretStr]) -> list[str]:
    """Editors whose stored value is not a hash this module made (a plain token pasted by mistake)."""
    bad = []
    for name, stored in editors.items():
        parts = stored.get_secret_value().split("$")
        if len(parts) != 4 or parts[0] != SCHEME or not parts[1].isdigit():
            bad.append(name)
    return bad


def sign_in(editors: Mapping[str, SecretStr], name: str, token: str) -> bool:
    """Is ``name`` an editor whose token is ``token``? (A hash is computed for unknown names too, so the
    answer takes as long either way.)"""
    stored = editors.get(name)
    if stored is None:
        check_token(token, _unknown_editor())
        return False
    return check_token(token, stored.get_secret_value())


@functools.cache
def _unknown_editor() -> str:
    """A hash to check an unknown name's token against, made once per process."""
    return hash_token(secrets.token_urlsafe(16))


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def csrf_matches(expected: object, given: object) -> bool:
    return isinstance(expected, str) and isinstance(given, str) and bool(expected) and \
        hmac.compare_digest(expected.encode(), given.encode())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64") from exc
