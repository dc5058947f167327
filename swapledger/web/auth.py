"""The analyst's login for the web pages: the operator's token once, then a signed cookie.

An analyst signs in with the server's token (SWAPLEDGER_TOKEN) and a name; the
answer sets a cookie `name.signature` (HMAC of the name under the token), HttpOnly
and SameSite=Strict, so scripts cannot read it and other sites' pages cannot send
it. Every form that writes carries a CSRF field (another HMAC of the name under the
token) and the request's Origin, when the browser sends one, must be this server.
Without a token configured the server is read-only and no login is offered.
Changing the token signs everyone out.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import Response

from swapledger.api.state import AppState

COOKIE = "swapledger_analyst"
COOKIE_AGE = 12 * 3600
"""Seconds a login lasts: a working day, then the token is asked again."""
NAME_CHARS = 120
"""Longest reviewer name (the reviews table keeps as much)."""


class Refused(Exception):
    """A write the web pages will not do; `message` says why in one line."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _sign(token: str, purpose: str, name: str) -> str:
    mac = hmac.new(token.encode(), f"{purpose}:{name}".encode(), hashlib.sha256)
    return mac.hexdigest()


def _encode(name: str) -> str:
    return base64.urlsafe_b64encode(name.encode()).decode().rstrip("=")


def _decode(raw: str) -> str | None:
    try:
        return base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def token_matches(state: AppState, given: str) -> bool:
    """True when `given` is the server's token (constant time)."""
    return state.token is not None and hmac.compare_digest(
        given.strip().encode(), state.token.encode()
    )


def analyst(request: Request, state: AppState) -> str | None:
    """The signed-in analyst's name, or None (no cookie, a forged one, or no token)."""
    if state.token is None:
        return None
    raw = request.cookies.get(COOKIE, "")
    head, _, sig = raw.partition(".")
    name = _decode(head) if head and sig else None
    if not name or not hmac.compare_digest(sig, _sign(state.token, "session", name)):
        return None
    return name


def csrf(state: AppState, name: str | None) -> str:
    """The CSRF field the signed-in analyst's forms carry ('' when nobody is signed in)."""
    if state.token is None or not name:
        return ""
    return _sign(state.token, "csrf", name)[:32]


def sign_in(response: Response, request: Request, state: AppState, name: str) -> None:
    """Set the login cookie for `name` on `response`."""
    assert state.token is not None
    value = f"{_encode(name)}.{_sign(state.token, 'session', name)}"
    response.set_cookie(
        COOKIE,
        value,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def sign_out(response: Response) -> None:
    """Clear the login cookie."""
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")


def same_origin(request: Request) -> bool:
    """False when the browser says the form came from another site (Origin or Referer)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or origin == "null":
        return origin != "null"
    here = urlsplit(str(request.base_url))
    there = urlsplit(origin)
    return (there.scheme, there.netloc) == (here.scheme, here.netloc)


def check_write(request: Request, state: AppState, form_csrf: str) -> str:
    """The analyst allowed to write with this form, or Refused saying why."""
    if state.token is None:
        raise Refused(403, "This server is read-only: it was started without SWAPLEDGER_TOKEN.")
    if not same_origin(request):
        raise Refused(403, "This form was sent from another site; nothing was changed.")
    name = analyst(request, state)
    if name is None:
        raise Refused(401, "Sign in with the server's token to review.")
    if not hmac.compare_digest(form_csrf or "", csrf(state, name)):
        raise Refused(403, "This form is out of date (sign in again); nothing was changed.")
    return name
