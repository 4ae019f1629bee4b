"""Review sign-off: who approved which translation, and when.

A clinic must know that a medical translation was checked by someone
qualified (ISO 17100's revision by a second linguist).  ``export.py review``
records that a reviewer approved translated, non-fuzzy entries *as they stand
now*: each record is keyed by a hash of the entry's msgctxt, msgid and
msgstr (and the checks silenced on it), so an entry whose source or
translation changes afterwards is unreviewed again, with no bookkeeping.

The records live in ``locales/<posix>/reviews.json``, committed beside the
catalogs: sorted keys, one record per entry, each keeping the exact text it
approved, so a review shows up in a diff.  The file is data, not authority:

* a record is trusted only when its reviewer is listed under ``reviewers:``
  in ``clinic.yaml``, and when the text it keeps hashes to its key.  Anything
  else (a forged name, a key copied onto another text, a record of the
  first format, which kept no text) is *refused*: its entry counts as
  unreviewed, and ``review`` and ``status`` name the record and why;
* an entry with an error-level finding (a changed number ...) is not
  approved unless the reviewer says so explicitly (``--approve-errors``):
  see :func:`plan_review`, which takes the checks as a function, since the
  checks are a later stage.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import polib

from ..errors import CatalogError, HandoutError, display_path
from ..fileio import read_input, write_atomic
from ..locales import HandoutLocale
from ..text import hidden_characters
from .flags import silenced_checks
from .repository import CatalogRepository, load_po

REVIEWS_NAME = "reviews.json"
REVIEWS_FORMAT = 2
_MAX_NAME = 200
_TEXT_FIELDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")


@dataclass(frozen=True)
class Review:
    """One reviewer's approval of one entry's translation, with the text approved."""

    by: str
    date: str                        #: ISO date
    domain: str
    msgid: str                       #: the source, as approved
    msgstr: str = ""                 #: the translation, as approved
    msgctxt: str = ""
    msgid_plural: str = ""
    msgstr_plural: tuple[str, ...] = ()
    silenced: tuple[str, ...] = ()   #: checks waived (no-<name>-check) when it was approved

    @property
    def key(self) -> str:
        """The key of the text this record keeps (it must be the key it is filed under)."""
        return _key(self.msgctxt, self.msgid, self.msgid_plural, self.msgstr,
                    self.msgstr_plural, self.silenced)

    def as_record(self) -> dict:
        data = {"by": self.by, "date": self.date, "domain": self.domain, "msgid": self.msgid,
                "msgstr": self.msgstr}
        for name in ("msgctxt", "msgid_plural"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        if self.msgstr_plural:
            data["msgstr_plural"] = list(self.msgstr_plural)
        if self.silenced:
            data["silenced"] = list(self.silenced)
        return data

    @classmethod
    def of(cls, entry: polib.POEntry, by: str, date: str, domain: str) -> "Review":
        return cls(by, date, domain, entry.msgid, entry.msgstr, entry.msgctxt or "",
                   entry.msgid_plural or "",
                   tuple(v for _, v in sorted(entry.msgstr_plural.items())),
                   tuple(sorted(silenced_checks(entry))))


def _key(msgctxt: str, msgid: str, msgid_plural: str, msgstr: str,
         plurals: Iterable[str], silenced: Iterable[str]) -> str:
    parts = [msgctxt, msgid, msgid_plural, msgstr, *plurals]
    silenced = sorted(silenced)
    if silenced:   # absent otherwise: the keys of earlier records stay valid
        parts.append("silenced:" + ",".join(silenced))
    return hashlib.sha256("\x04".join(parts).encode("utf-8")).hexdigest()[:24]


def entry_key(entry: polib.POEntry) -> str:
    """The hash that ties a review to an entry's exact source and translation,
    and to the checks silenced on it (so a waiver added later needs a new review)."""
    return _key(entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", entry.msgstr,
                (v for _, v in sorted(entry.msgstr_plural.items())), silenced_checks(entry))


def reviews_path(repo: CatalogRepository, locale: HandoutLocale) -> Path:
    return repo.locales_dir / locale.posix / REVIEWS_NAME


@dataclass
class ReviewRecords:
    """A locale's review records: those trusted, and those refused with why."""

    path: Path
    trusted: dict[str, Review] = field(default_factory=dict)
    refused: list[tuple[str, str]] = field(default_factory=list)   #: (key, why)
    kept: dict[str, dict] = field(default_factory=dict)   #: refused records, as in the file

    def problems(self) -> list[str]:
        """One line per refused record: ``locales/zh_TW/reviews.json: record … refused: why``."""
        return [f"{display_path(self.path)}: record {key[:24]!r} refused: {why}; its entry "
                "counts as unreviewed" for key, why in self.refused]


def read_reviews(path: Path, reviewers: Iterable[str]) -> ReviewRecords:
    """The records of a locale, each checked: a malformed file is a :class:`CatalogError`;
    a record of an unlisted reviewer, or whose text does not hash to its key, is refused."""
    records = ReviewRecords(path)
    if not path.exists() and not path.is_symlink():
        return records
    listed = {" ".join(name.split()) for name in reviewers}
    try:
        data = json.loads(read_input(path, CatalogError, "review records",
                                     confine=True).decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") not in (1, REVIEWS_FORMAT) \
                or not isinstance(data.get("reviews"), dict):
            raise ValueError("not a review records file of this toolkit")
        old_format = data["format"] == 1
        for key, record in data["reviews"].items():
            review = _record(key, record, old_format)
            if review is None:
                why = "a record of the first format keeps no approved text: sign it off again"
            elif review.key != key:
                why = "the text it keeps is not the text its key approved"
            elif review.by not in listed:
                why = f"{review.by!r} is not listed under 'reviewers' in clinic.yaml"
            else:
                records.trusted[key] = review
                continue
            records.refused.append((key, why))
            records.kept[key] = record
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise CatalogError(f"malformed review records ({exc})", path) from None
    return records


def listed_reviewers(repo: CatalogRepository) -> tuple[str, ...]:
    """``clinic.yaml``'s ``reviewers:`` for the project of *repo*."""
    from ..config import CONFIG_FILENAME, load_config
    return load_config(repo.root / CONFIG_FILENAME).reviewers


def load_reviews(path: Path, reviewers: Iterable[str]) -> dict[str, Review]:
    """The trusted review records of a locale (none when the file does not exist)."""
    return read_reviews(path, reviewers).trusted


def _record(key, record, old_format: bool) -> Review | None:
    """A record, validated in shape (``None`` for a valid record of the first format)."""
    if not (isinstance(key, str) and isinstance(record, dict)):
        raise ValueError("a record is not an object")
    required = {"by", "date", "domain", "msgid"} | (set() if old_format else {"msgstr"})
    allowed = required | (set() if old_format else
                          {"msgctxt", "msgid_plural", "msgstr_plural", "silenced"})
    if not required <= set(record) <= allowed:
        raise ValueError(f"record {key[:24]!r} has the wrong fields")
    lists = ("msgstr_plural", "silenced")
    for name, value in record.items():
        if name in lists:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"record {key[:24]!r}: '{name}' is not a list of text")
        elif not isinstance(value, str):
            raise ValueError(f"record {key[:24]!r}: '{name}' is not text")
    if not valid_name(record["by"]):
        raise ValueError(f"record {key[:24]!r}: the reviewer's name must be printable text")
    try:
        dt.date.fromisoformat(record["date"])
    except ValueError:
        raise ValueError(f"record {key[:24]!r}: date {record['date'][:20]!r} is not "
                         "YYYY-MM-DD") from None
    if old_format:
        return None
    return Review(record["by"], record["date"], record["domain"], record["msgid"],
                  record["msgstr"], record.get("msgctxt", ""), record.get("msgid_plural", ""),
                  tuple(record.get("msgstr_plural", ())), tuple(record.get("silenced", ())))


def valid_name(name: str) -> bool:
    """A person's name as the handout prints it: printable text, no bidi controls."""
    return 0 < len(name) <= _MAX_NAME and name.isprintable() and not hidden_characters(name)


def save_reviews(path: Path, reviews: dict[str, Review | dict], locale: HandoutLocale) -> None:
    """Write the records (a :class:`Review`, or a refused record kept as it was read)."""
    data = {"format": REVIEWS_FORMAT, "locale": locale.tag,
            "reviews": {key: review.as_record() if isinstance(review, Review) else review
                        for key, review in sorted(reviews.items())}}
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


# --- signing off ----------------------------------------------------------------------

@dataclass(frozen=True)
class ReviewItem:
    """One translated entry a review looks at."""

    domain: str
    catalog: Path
    line: int
    entry: polib.POEntry = field(compare=False)
    findings: tuple[str, ...] = ()   #: error-level findings, ``[numbers] ...``

    @property
    def where(self) -> str:
        return f"{display_path(self.catalog)}:{self.line}"

    def excerpt(self, width: int = 60) -> str:
        """``source … → translation …``, each cut to *width* characters."""
        def cut(text: str) -> str:
            text = " ".join(text.split())
            return text if len(text) <= width else text[:width - 1] + "…"
        return f"{cut(self.entry.msgid)} → {cut(self.entry.msgstr or ' / '.join(self.entry.msgstr_plural.values()))}"


@dataclass
class ReviewPlan:
    """What a sign-off would record: see :func:`plan_review`."""

    locale: HandoutLocale
    reviewer: str
    date: str
    approve: list[ReviewItem] = field(default_factory=list)
    skipped: list[ReviewItem] = field(default_factory=list)   #: error-level findings
    already: int = 0            #: entries approved before, as they stand
    remaining: dict[str, int] = field(default_factory=dict)   #: domain -> unreviewed, not covered
    records: ReviewRecords | None = None


#: What the caller's checks say of an entry: its error-level findings.
Findings = Callable[[polib.POEntry], Iterable[str]]


def plan_review(repo: CatalogRepository, locale: HandoutLocale,
                selection: dict[str, set[int] | None], reviewer: str,
                reviewers: Iterable[str], findings: Findings | None = None,
                approve_errors: bool = False, date: str | None = None) -> ReviewPlan:
    """What *reviewer* would approve of *selection*: domain -> ``None`` (every entry of
    its catalog) or the lines of the entries to cover (the template strings a
    handout prints).

    Every translated, non-fuzzy entry selected and not yet approved as it stands
    is approved, unless *findings* reports an error-level finding on it: then it
    is skipped (unless *approve_errors*).  The reviewer must be listed in
    *reviewers* (``clinic.yaml``'s ``reviewers:``).  Writes nothing.
    """
    reviewer = " ".join(reviewer.split())
    if not valid_name(reviewer):
        raise HandoutError("the reviewer's name must be printable text of at most "
                           f"{_MAX_NAME} characters")
    listed = [" ".join(name.split()) for name in reviewers]
    if reviewer not in listed:
        raise HandoutError(f"'{reviewer}' is not listed under 'reviewers' in clinic.yaml "
                           + (f"(listed: {', '.join(listed)})" if listed else
                              "(which lists no one yet: add 'reviewers: [\"Dr. …\"]')"))
    catalogs = repo.locales_dir / locale.posix / "LC_MESSAGES"
    if not any(repo.po_path(locale, domain).exists() for domain in selection):
        raise CatalogError(f"no catalogs to review for {locale.tag}; translate first "
                           f"('export.py update --locale {locale.tag}')", catalogs)
    records = read_reviews(reviews_path(repo, locale), listed)
    plan = ReviewPlan(locale, reviewer, date or today(), records=records)
    for domain, lines in selection.items():
        path = repo.po_path(locale, domain)
        if not path.exists():
            continue
        for entry in load_po(path):
            if not is_translated(entry):
                continue
            reviewed = entry_key(entry) in records.trusted
            if lines is not None and entry.linenum not in lines:
                if not reviewed:
                    plan.remaining[domain] = plan.remaining.get(domain, 0) + 1
                continue
            if reviewed:
                plan.already += 1
                continue
            item = ReviewItem(domain, path, entry.linenum, entry,
                              tuple(findings(entry)) if findings else ())
            (plan.skipped if item.findings and not approve_errors else plan.approve).append(item)
    return plan


def apply_review(repo: CatalogRepository, plan: ReviewPlan) -> int:
    """Record the approvals of *plan* in ``reviews.json``; returns how many.

    Refused records stay in the file as they are (a reviewer who left the
    clinic's list keeps their history); they approve nothing, and the entries
    they named are in *plan* like any unreviewed one.
    """
    path = reviews_path(repo, plan.locale)
    records = plan.records or ReviewRecords(path)
    reviews: dict[str, Review | dict] = {**records.kept, **records.trusted}
    for item in plan.approve:
        reviews[entry_key(item.entry)] = Review.of(item.entry, plan.reviewer, plan.date,
                                                   item.domain)
    save_reviews(path, reviews, plan.locale)
    return len(plan.approve)


def record_review(repo: CatalogRepository, locale: HandoutLocale, domains: list[str],
                  reviewer: str, *, reviewers: Iterable[str], date: str | None = None,
                  findings: Findings | None = None) -> int:
    """Record that *reviewer* (one of *reviewers*) approved every translated, non-fuzzy
    entry of *domains* that has no error-level finding; returns how many entries
    were newly recorded.

    A locale with none of the catalogs of *domains* is an error: there is
    nothing to sign off.
    """
    plan = plan_review(repo, locale, dict.fromkeys(domains), reviewer, reviewers, findings,
                       date=date)
    return apply_review(repo, plan)
