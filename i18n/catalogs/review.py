"""Review sign-off: who approved which translation, and when.

A clinic must know that a medical translation was checked by someone
qualified (ISO 17100's revision by a second linguist).  ``export.py review``
records that a reviewer approved every translated, non-fuzzy entry of some
catalogs *as it stands now*: each record is keyed by a hash of the entry's
msgctxt, msgid and msgstr, so an entry whose source or translation changes
afterwards is unreviewed again, with no bookkeeping.

The records live in ``locales/<posix>/reviews.json``, committed beside the
catalogs: sorted keys, one record per entry, so a review shows up in a diff.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import polib

from ..errors import CatalogError, HandoutError
from ..fileio import read_input, write_atomic
from ..locales import HandoutLocale
from ..text import hidden_characters
from .flags import silenced_checks
from .repository import CatalogRepository, load_po

REVIEWS_NAME = "reviews.json"
REVIEWS_FORMAT = 1
_MAX_NAME = 200


@dataclass(frozen=True)
class Review:
    """One reviewer's approval of one entry's current translation."""

    by: str
    date: str          #: ISO date
    domain: str
    msgid: str         #: the first words of the source, for people reading the file


def entry_key(entry: polib.POEntry) -> str:
    """The hash that ties a review to an entry's exact source and translation,
    and to the checks silenced on it (so a waiver added later needs a new review)."""
    parts = [entry.msgctxt or "", entry.msgid, entry.msgid_plural or "",
             entry.msgstr, *(v for _, v in sorted(entry.msgstr_plural.items()))]
    silenced = sorted(silenced_checks(entry))
    if silenced:   # absent otherwise: the keys of earlier records stay valid
        parts.append("silenced:" + ",".join(silenced))
    text = "\x04".join(parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def reviews_path(repo: CatalogRepository, locale: HandoutLocale) -> Path:
    return repo.locales_dir / locale.posix / REVIEWS_NAME


def load_reviews(path: Path) -> dict[str, Review]:
    """The review records of a locale (none when the file does not exist)."""
    if not path.exists():
        return {}
    try:
        data = json.loads(read_input(path, CatalogError, "review records",
                                     confine=True).decode("utf-8"))
        if data.get("format") != REVIEWS_FORMAT or not isinstance(data.get("reviews"), dict):
            raise ValueError("not a review records file of this toolkit")
        return {key: Review(**record) for key, record in data["reviews"].items()
                if _valid(key, record)}
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise CatalogError(f"malformed review records ({exc})", path) from None


def _valid(key, record) -> bool:
    if not (isinstance(key, str) and isinstance(record, dict)):
        raise ValueError("a record is not an object")
    if set(record) != {"by", "date", "domain", "msgid"} or not all(
            isinstance(v, str) for v in record.values()):
        raise ValueError(f"record {key[:24]!r} has the wrong fields")
    if not valid_name(record["by"]):
        raise ValueError(f"record {key[:24]!r}: the reviewer's name must be printable text")
    try:
        dt.date.fromisoformat(record["date"])
    except ValueError:
        raise ValueError(f"record {key[:24]!r}: date {record['date'][:20]!r} is not "
                         "YYYY-MM-DD") from None
    return True


def valid_name(name: str) -> bool:
    """A person's name as the handout prints it: printable text, no bidi controls."""
    return 0 < len(name) <= _MAX_NAME and name.isprintable() and not hidden_characters(name)


def save_reviews(path: Path, reviews: dict[str, Review], locale: HandoutLocale) -> None:
    data = {"format": REVIEWS_FORMAT, "locale": locale.tag,
            "reviews": {key: vars(review) for key, review in sorted(reviews.items())}}
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def today() -> str:
    """Today's date, or ``SOURCE_DATE_EPOCH``'s, as ISO."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch
           else dt.datetime.now(dt.timezone.utc))
    return now.date().isoformat()


def is_translated(entry: polib.POEntry) -> bool:
    if entry.obsolete or not entry.msgid or entry.fuzzy:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def record_review(repo: CatalogRepository, locale: HandoutLocale, domains: list[str],
                  reviewer: str, date: str | None = None) -> int:
    """Record that *reviewer* approved every translated, non-fuzzy entry of *domains*.

    Returns how many entries were newly recorded.  A locale with none of the
    catalogs of *domains* is an error: there is nothing to sign off.
    """
    reviewer = " ".join(reviewer.split())
    if not valid_name(reviewer):
        raise HandoutError("the reviewer's name must be printable text of at most "
                           f"{_MAX_NAME} characters")
    catalogs = repo.locales_dir / locale.posix / "LC_MESSAGES"
    if not any(repo.po_path(locale, domain).exists() for domain in domains):
        raise CatalogError(f"no catalogs to review for {locale.tag}; translate first "
                           f"('export.py update --locale {locale.tag}')", catalogs)
    path = reviews_path(repo, locale)
    reviews = load_reviews(path)
    date = date or today()
    added = 0
    for domain in domains:
        po = load_po(repo.po_path(locale, domain))
        for entry in po:
            if not is_translated(entry):
                continue
            key = entry_key(entry)
            if key not in reviews:
                added += 1
            reviews[key] = Review(reviewer, date, domain, " ".join(entry.msgid.split())[:60])
    save_reviews(path, reviews, locale)
    return added


def review_counts(po: polib.POFile, reviews: dict[str, Review],
                  needed: set[str] | None = None) -> tuple[int, int]:
    """(reviewed, unreviewed) translated entries of *po* (only *needed* msgids if given)."""
    reviewed = unreviewed = 0
    for entry in po:
        if not is_translated(entry) or (needed is not None and entry.msgid not in needed):
            continue
        if entry_key(entry) in reviews:
            reviewed += 1
        else:
            unreviewed += 1
    return reviewed, unreviewed
