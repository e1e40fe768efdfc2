"""Who is reviewing: --reviewer, else FACTCHECK_REVIEWER, else git's user.name, else the login."""

from __future__ import annotations

import getpass
import os
import subprocess

from factcheck.errors import ReviewError


def git_user_name() -> str | None:
    """Return git's ``user.name`` if git is installed and has one, else None."""
    try:
        done = subprocess.run(
            ["git", "config", "--get", "user.name"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = done.stdout.strip()
    return name if done.returncode == 0 and name else None


def login_name() -> str | None:
    """Return the login name of the user running factcheck, if the system knows one."""
    try:
        return getpass.getuser() or None
    except (OSError, KeyError):
        # no USER/LOGNAME and no passwd entry (some containers)
        return None


def resolve_reviewer(option: str | None = None) -> str:
    """Return the reviewer's name from the option, the environment, git or the login."""
    if option is not None and not option.strip():
        raise ReviewError("--reviewer is empty; give a name, e.g. --reviewer 'Ana Ruiz'")
    for candidate in (
        option,
        os.environ.get("FACTCHECK_REVIEWER"),
        git_user_name(),
        login_name(),
    ):
        if candidate is not None and candidate.strip():
            return " ".join(candidate.split())
    raise ReviewError(
        "cannot tell who is reviewing; pass --reviewer NAME or set FACTCHECK_REVIEWER"
    )
