"""The documents contractor platforms want uploaded (program, COR letter, WCB clearance, insurance,
statistics), with their state on a day and their expiry dates; `corpath due` and `status` list the ones
expiring across clients.

Rule: platforms lower a contractor's standing when an uploaded document has expired (ISNetworld; reference
protocols.md section 11, secondary sources, medium confidence), so an expiry is a date to keep.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..intake.model import CertificateStatus, Intake
from ..protocols.platforms import Registration
from .schedule import Schedule

EXPIRING_DAYS = 30  # a document "expires soon" within this many days


@dataclass(frozen=True)
class DocumentRow:
    platform: str
    id: str  # program, certificate, wcb_clearance, insurance, statistics, training_records
    document: str
    status: str  # in words: "in this delivery", "valid until 2027-04-30", "expired on ...", "date not given"
    expires: date | None
    ok: bool

def _expiry(expires: date | None, today: date) -> tuple[str, bool]:
    if expires is None:
        return "date not given in the questionnaire", False
    if expires < today:
        return f"expired on {expires.isoformat()}", False
    if expires <= today + timedelta(days=EXPIRING_DAYS):
        return f"expires soon, on {expires.isoformat()}", False
    return f"valid until {expires.isoformat()}", True

def platform_documents(intake: Intake, schedule: Schedule | None, regs: Sequence[Registration],
                       today: date) -> list[DocumentRow]:
    """Each registered platform's documents to upload, with their state on `today` and expiry date."""
    pq = intake.prequalification
    certified = intake.certificate.status == CertificateStatus.certified
    rows = []
    for reg in regs:
        if reg.platform is None:
            continue
        for doc in reg.platform.documents:
            expires: date | None = None
            if doc.id == "program":
                status, ok = "program.pdf in this delivery", True
            elif doc.id == "certificate":
                if certified and schedule is not None:
                    expires = schedule.expires
                    status, ok = _expiry(expires, today)
                else:
                    status, ok = "not certified yet: upload the letter once the certificate is issued", False
            elif doc.id == "insurance":
                expires = pq.insurance_expires
                status, ok = _expiry(expires, today)
            elif doc.id == "wcb_clearance":
                expires = pq.wcb_clearance_expires
                status, ok = _expiry(expires, today)
            elif doc.id == "statistics":
                given = [f"{name} {value:g}" for name, value in (("TRIR", pq.trir), ("DART", pq.dart),
                                                                  ("EMR", pq.emr)) if value is not None]
                year = f" for {pq.statistics_year}" if pq.statistics_year else ""
                status = (", ".join(given) + year) if given else "figures not given in the questionnaire"
                ok = bool(given)
            else:
                status, ok = "see records-checklist.xlsx", True
            rows.append(DocumentRow(reg.platform.name, doc.id, doc.name, status, expires, ok))
    return rows


def expiring_documents(intake: Intake, schedule: Schedule | None, today: date, until: date) -> list[DocumentRow]:
    """The dated platform documents (insurance, WCB clearance) expiring on or before `until`, expired ones
    included, one row per document even when several platforms ask for it. The certificate's own expiry is
    on the certificate's calendar already, so it is left out here."""
    from ..protocols.platforms import load_platforms, registrations

    seen: dict[str, DocumentRow] = {}
    for row in platform_documents(intake, schedule, registrations(intake, load_platforms()), today):
        if row.id in ("insurance", "wcb_clearance") and row.expires is not None and row.expires <= until:
            if row.id in seen:
                first = seen[row.id]
                seen[row.id] = DocumentRow(f"{first.platform}, {row.platform}", row.id, row.document, row.status,
                                           row.expires, row.ok)
            else:
                seen[row.id] = row
    return sorted(seen.values(), key=lambda r: r.expires or today)
