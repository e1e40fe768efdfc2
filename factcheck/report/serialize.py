"""ReportData as plain JSON-ready dicts: the one place that names the JSON report's fields.

``SCHEMA_VERSION`` goes up whenever a field is renamed or removed or changes
meaning; adding a field keeps it.  README.md ("### report") documents the schema.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any

from factcheck.models import Passage, ReviewEvent
from factcheck.report.data import (
    STATUS_ORDER,
    ClaimEntry,
    Count,
    Filters,
    LookupEntry,
    MatchGroup,
    ReportData,
    SourceEntry,
    Summary,
)

SCHEMA_VERSION = 1


def iso(value: datetime | None) -> str | None:
    """Return an ISO 8601 timestamp, or None."""
    return value.isoformat() if value is not None else None


def status_counts(by_status: dict[str, int]) -> dict[str, int]:
    """Return counts for every status, in the report's order, zeros included."""
    return {s.value: by_status.get(s, 0) for s in STATUS_ORDER}


def filters_dict(filters: Filters) -> dict[str, Any]:
    """Return the selection a report was made with."""
    return {
        "source_ids": list(filters.source_ids),
        "statuses": [s.value for s in filters.statuses],
        "speaker": filters.speaker,
        "since": filters.since.isoformat() if filters.since else None,
    }


def _count(count: Count, name_key: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if count.key is not None:
        out["source_id"] = count.key
    out[name_key] = count.name
    out["total"] = count.total
    out["by_status"] = status_counts(count.by_status)
    return out


def summary_dict(summary: Summary) -> dict[str, Any]:
    """Return the summary: counts by status, speaker, source and reviewer."""
    return {
        "sources": summary.sources,
        "claims": summary.claims,
        "by_status": status_counts(summary.by_status),
        "checked": summary.checked,
        "share_checked": round(summary.share_checked, 4),
        "first_review": iso(summary.first_review),
        "last_review": iso(summary.last_review),
        "reviewers": [
            {
                "reviewer": r.name,
                "events": r.events,
                "verified": r.verified,
                "disputed": r.disputed,
                "reopened": r.reopened,
                "first": iso(r.first),
                "last": iso(r.last),
            }
            for r in summary.reviewers
        ],
        "by_speaker": [_count(c, "speaker") for c in summary.by_speaker],
        "by_source": [_count(c, "title") for c in summary.by_source],
    }


def passage_dict(passage: Passage | None) -> dict[str, Any] | None:
    """Return a lookup passage with its highlight offsets, or None."""
    if passage is None:
        return None
    return {
        "text": passage.text,
        "hl_start": passage.hl_start,
        "hl_end": passage.hl_end,
        "found": passage.found,
        "value": passage.value,
        "score": passage.score,
    }


def lookup_dict(lookup: LookupEntry) -> dict[str, Any]:
    """Return the latest lookup of one URL."""
    return {
        "url": lookup.url,
        "outcome": str(lookup.outcome),
        "fetched_at": iso(lookup.fetched_at),
        "final_url": lookup.final_url,
        "http_status": lookup.http_status,
        "error": lookup.error,
        "best_passage": passage_dict(lookup.passage),
    }


def event_dict(event: ReviewEvent) -> dict[str, Any]:
    """Return one review event."""
    return {
        "id": event.id,
        "reviewer": event.reviewer,
        "action": str(event.action),
        "old_status": str(event.old_status),
        "new_status": str(event.new_status),
        "note": event.note,
        "evidence_url": event.evidence_url,
        "created_at": event.created_at.isoformat(),
    }


def claim_dict(claim: ClaimEntry, match_group: int | None = None) -> dict[str, Any]:
    """Return every field of a claim as the JSON report shows it."""
    return {
        "id": claim.id,
        "source_id": claim.source_id,
        "status": str(claim.status),
        "mention": claim.mention,
        "value": claim.value,
        "value_high": claim.value_high,
        "qualifier": claim.qualifier,
        "qualifier_text": claim.qualifier_text,
        "kind": claim.kind,
        "unit": claim.unit,
        "sentence": claim.sentence,
        "highlight": [claim.hl_start, claim.hl_end],
        "start": claim.start,
        "end": claim.end,
        "speaker": claim.speaker,
        "speaker_role": claim.speaker_role,
        "quote": claim.quote,
        "reviewer": claim.reviewer,
        "reviewed_at": iso(claim.reviewed_at),
        "note": claim.note,
        "evidence_urls": list(claim.evidence_urls),
        "references": list(claim.references),
        "lookups": [lookup_dict(lk) for lk in claim.lookups],
        "events": [event_dict(e) for e in claim.events],
        "match_group": match_group,
        "version": claim.version,
        # never None (iso() is for the fields that may be)
        "created_at": claim.created_at.isoformat(),
        "updated_at": claim.updated_at.isoformat(),
    }


# --- claim_dict as JSON text, fast ------------------------------------------
#
# The JSON report writes a claim_dict per claim; building the dict and encoding it
# took 2 s of a 100,000-claim report. claim_json writes the same text straight
# from the record (tests/test_report_render.py checks it against claim_dict).

# json.dumps(value, ensure_ascii=False) builds an encoder on every call; one is enough
ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _str(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _int(value: int | None) -> str:
    if type(value) is int:
        return str(value)
    # None, and bool or other int subclasses: the encoder's way ("true", not "1")
    return "null" if value is None else ENCODE(value)


def _number(value: float | None) -> str:
    # the encoder's float.__repr__, but for NaN and infinities (its own words for them)
    if type(value) is float and value - value == 0:
        return repr(value)
    return _int(value)  # type: ignore[arg-type]


def _strings(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(map(encode_basestring, values)) + "]" if values else "[]"


def _iso(value: datetime) -> str:
    if value.tzinfo is UTC:
        return _utc_iso(value)
    return encode_basestring(value.isoformat())


@lru_cache(maxsize=4096)
def _utc_iso(value: datetime) -> str:
    # the claims of one ingest share their times, so most are written many times;
    # equal times of other zones would print differently, hence UTC only
    return encode_basestring(value.isoformat())


def _event_json(e: ReviewEvent) -> str:
    return (
        f'{{"id": {_int(e.id)}, "reviewer": {_str(e.reviewer)}, '
        f'"action": {encode_basestring(str(e.action))}, '
        f'"old_status": {encode_basestring(str(e.old_status))}, '
        f'"new_status": {encode_basestring(str(e.new_status))}, "note": {_str(e.note)}, '
        f'"evidence_url": {_str(e.evidence_url)}, "created_at": {_iso(e.created_at)}}}'
    )


def claim_json(claim: ClaimEntry, match_group: int | None = None) -> str:
    """Return ``claim_dict(claim, match_group)`` as the JSON text json.dumps writes."""
    c = claim
    reviewed_at = c.reviewed_at
    lookups = ENCODE([lookup_dict(lk) for lk in c.lookups]) if c.lookups else "[]"
    quote = "true" if c.quote is True else "false" if c.quote is False else ENCODE(c.quote)
    events = "[" + ", ".join([_event_json(e) for e in c.events]) + "]" if c.events else "[]"
    return (
        f'{{"id": {_int(c.id)}, "source_id": {_int(c.source_id)}, '
        f'"status": {encode_basestring(str(c.status))}, "mention": {_str(c.mention)}, '
        f'"value": {_number(c.value)}, "value_high": {_number(c.value_high)}, '
        f'"qualifier": {_str(c.qualifier)}, "qualifier_text": {_str(c.qualifier_text)}, '
        f'"kind": {_str(c.kind)}, "unit": {_str(c.unit)}, "sentence": {_str(c.sentence)}, '
        f'"highlight": [{_int(c.hl_start)}, {_int(c.hl_end)}], '
        f'"start": {_int(c.start)}, "end": {_int(c.end)}, '
        f'"speaker": {_str(c.speaker)}, "speaker_role": {_str(c.speaker_role)}, '
        f'"quote": {quote}, "reviewer": {_str(c.reviewer)}, '
        f'"reviewed_at": {"null" if reviewed_at is None else _iso(reviewed_at)}, '
        f'"note": {_str(c.note)}, "evidence_urls": {_strings(c.evidence_urls)}, '
        f'"references": {_strings(c.references)}, "lookups": {lookups}, "events": {events}, '
        f'"match_group": {_int(match_group)}, "version": {_int(c.version)}, '
        f'"created_at": {_iso(c.created_at)}, "updated_at": {_iso(c.updated_at)}}}'
    )


def source_dict(source: SourceEntry) -> dict[str, Any]:
    """Return a source's fields, without its claims."""
    counts: dict[str, int] = {}
    for claim in source.claims:
        counts[claim.status] = counts.get(claim.status, 0) + 1
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "author": source.author,
        "published": source.published,
        "url": source.url,
        "origin": source.origin,
        "version": source.version,
        "previous_id": source.previous_id,
        "ingested_at": iso(source.ingested_at),
        "counts": status_counts(counts),
    }


def match_dict(group: MatchGroup) -> dict[str, Any]:
    """Return one group of matching claims across sources."""
    return {
        "id": group.id,
        "kind": group.kind,
        "unit": group.unit,
        "value": group.value,
        "value_high": group.value_high,
        "verdict": group.verdict,
        "basis": group.basis,
        "claims": [
            {
                "claim_id": m.claim_id,
                "source_id": m.source_id,
                "source": m.source_label,
                "mention": m.mention,
                "status": str(m.status),
                "speaker": m.speaker,
            }
            for m in group.members
        ],
    }


def header_dict(data: ReportData) -> dict[str, Any]:
    """Return the report's top-level fields other than sources and matches."""
    return {
        "schema_version": SCHEMA_VERSION,
        "title": data.title,
        "generated_at": iso(data.generated_at),
        "report_url": data.report_url,
        "filters": filters_dict(data.filters),
        "summary": summary_dict(data.summary),
    }
