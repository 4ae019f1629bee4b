"""An article's sources: front matter ``references:``.

::

    references:
      - text: "Smith J, et al. Platelet-rich plasma in melasma. J Dermatol. 2020;47:1-8."
        url: "https://doi.org/10.1111/1346-8138.15000"

Each reference is a citation (``text``, printed as written: citations are
not translated) and, optionally, an https address (a DOI link or a page),
checked like the article's ``url``.  The handout prints them as a numbered
list before the disclaimer, and the web page's JSON-LD carries them as
``citation``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArticleError
from .links import is_safe_url

MAX_REFERENCES = 200
MAX_CITATION = 2000
_PLAIN_HTTPS = re.compile(r"https://[^\s\"'<>`]+\Z")


@dataclass(frozen=True)
class Reference:
    """One source the article cites."""

    text: str             #: the citation, as written (not translated)
    url: str | None = None


def parse_references(value, path: Path, line: int) -> tuple[Reference, ...]:
    """The ``references:`` front-matter value, validated (:class:`ArticleError` at
    *line*, the field's line, naming the reference)."""
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > MAX_REFERENCES:
        raise ArticleError("front matter 'references' must be a list of {text: citation, "
                           f"url: https://...}} (at most {MAX_REFERENCES})", path, line)
    found = []
    for number, item in enumerate(value, 1):
        where = f"front matter 'references', item {number}"
        if not isinstance(item, dict) or set(item) - {"text", "url"}:
            raise ArticleError(f"{where}: must be {{text: citation, url: https://...}}",
                               path, line)
        text = item.get("text")
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_CITATION:
            raise ArticleError(f"{where}: 'text' must be the citation, non-empty text of at "
                               f"most {MAX_CITATION} characters", path, line)
        url = item.get("url")
        if url is not None:
            url = url.strip() if isinstance(url, str) else url
            if not isinstance(url, str) or not _PLAIN_HTTPS.match(url) or not is_safe_url(url):
                raise ArticleError(f"{where}: 'url' must be a plain https address, e.g. "
                                   "https://doi.org/10.1000/xyz", path, line)
        found.append(Reference(" ".join(text.split()), url))
    return tuple(found)
