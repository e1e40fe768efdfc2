"""Errors a user can fix, each naming the bad value and the next step.

    FactcheckError
    ├── InputError       a file, text or option that cannot be read as asked
    ├── FetchError       a URL that could not be fetched (status, timeout, size, type)
    ├── NotFoundError    an id or source that is not in the tracker
    ├── ReviewError      a review step that is not allowed (no note, stale version)
    └── StoreError       a database that cannot be opened, is locked or is not a tracker
        └── SchemaError  a tracker made by a newer factcheck, or a broken migration

The CLI prints ``Error: <message>`` on stderr and exits 1 for any of them.
Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class FactcheckError(Exception):
    """Base of every error a user can act on."""


class InputError(FactcheckError):
    """Input that cannot be read: missing, binary, a directory, undecodable."""


class FetchError(FactcheckError):
    """A URL that could not be fetched as a document."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        # the HTTP status of a refusing server (404, 503, ...); None when no
        # answer came or the answer was refused for its type, size or body
        self.status = status

    def __reduce__(self) -> tuple[type[FetchError], tuple[str, int | None]]:
        # Exception pickles only args; the status would be lost
        return (type(self), (str(self), self.status))


class NotFoundError(FactcheckError):
    """An id that names nothing in the tracker."""


class ReviewError(FactcheckError):
    """A review decision that cannot be recorded as asked."""


class ConflictError(ReviewError):
    """Somebody else changed the claim since it was shown."""


class StoreError(FactcheckError):
    """A database that cannot be used as a tracker."""


class SchemaError(StoreError):
    """A tracker whose schema this release cannot read."""
