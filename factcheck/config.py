"""Settings read from the environment, once, with their defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DB = "sqlite:///factcheck.db"


@dataclass(frozen=True)
class Settings:
    """What the environment says; command-line options override it."""

    db: str = DEFAULT_DB
    timeout: float = 20.0
    user_agent: str = "factcheck/0.1 (+https://github.com/factcheck/factcheck)"
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    reviewer: str | None = None


def load_settings() -> Settings:
    """Return the settings from FACTCHECK_* environment variables."""
    env = os.environ
    return Settings(
        db=env.get("FACTCHECK_DB") or DEFAULT_DB,
        timeout=float(env.get("FACTCHECK_TIMEOUT") or 20.0),
        user_agent=env.get("FACTCHECK_USER_AGENT") or Settings.user_agent,
        max_bytes=int(env.get("FACTCHECK_MAX_BYTES") or Settings.max_bytes),
        reviewer=env.get("FACTCHECK_REVIEWER") or None,
    )
