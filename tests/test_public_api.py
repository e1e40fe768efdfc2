"""The library is usable without the CLI: `from factcheck import ...`."""

from __future__ import annotations

import subprocess
import sys

import pytest

import factcheck
from factcheck.models import Claim


def test_extract_claims_from_the_package() -> None:
    from factcheck import extract_claims

    claims = extract_claims("Police said more than 1,600 people were evacuated.")
    assert [(c.mention, c.value, c.qualifier.value) for c in claims] == [
        ("1,600", 1600.0, "lower_bound")
    ]
    assert all(isinstance(c, Claim) for c in claims)


@pytest.mark.parametrize("name", factcheck.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(factcheck, name) is not None


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        factcheck.no_such_name  # noqa: B018


def test_importing_the_package_loads_no_heavy_module() -> None:
    code = (
        "import sys, factcheck; "
        "print(sorted(m for m in ('sqlalchemy', 'httpx', 'trafilatura', 'jinja2') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
