"""The API's one error shape: `{"error": "..."}` with a 4xx status (5xx only for real bugs)."""

from __future__ import annotations


class ApiError(Exception):
    """A request the server refuses, with its HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def not_found(what: str) -> ApiError:
    """404 for an id that is not in the store."""
    return ApiError(404, f"{what} not found")


def invalid(message: str) -> ApiError:
    """422 for a request whose fields are the right types but do not make sense."""
    return ApiError(422, message)
