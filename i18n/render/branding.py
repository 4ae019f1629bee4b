"""The clinic's branding as the templates print it: the logo and the contact block."""

from __future__ import annotations

import base64
from pathlib import Path

from ..identity import LOGO_TYPES, Contact


def logo_data_uri(logo: Path | None) -> str:
    """The logo as a ``data:`` URI (empty without a logo)."""
    if logo is None:
        return ""
    mime = LOGO_TYPES[logo.suffix.lower()]
    return f"data:{mime};base64," + base64.b64encode(logo.read_bytes()).decode("ascii")


def branding(config, gettext=lambda text: text) -> dict:
    """What the templates need: ``logo`` (data URI), ``contact`` with a translated address."""
    contact = config.contact
    if contact.address:
        contact = Contact(gettext(contact.address), contact.phone, contact.website)
    return {"logo": logo_data_uri(config.logo), "contact": contact}
