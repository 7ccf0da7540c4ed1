"""Cloud-drive and object-store command lines: uploads, and publications to anyone."""

from __future__ import annotations

from guardrail.sensitive import Kind
from guardrail.shell import parse_script
from guardrail.transfers import Transfer, TransferState, transfers


def sent(command: str) -> list[Transfer]:
    return transfers(parse_script(command), TransferState())


def _published(command: str) -> list[Transfer]:
    return [t for t in sent(command) if t.public]


def test_dump_uploaded_then_shared_by_dropbox_uploader_is_published() -> None:
    """A dump piped to a file, uploaded, then shared: the share carries the dump."""
    (t,) = _published(
        "mysqldump crm contacts > /tmp/c.sql && dropbox_uploader.sh upload /tmp/c.sql "
        "/exports/c.sql && dropbox_uploader.sh share /exports/c.sql"
    )
    assert t.destinations[0].kind == "public"
    assert t.sources[0].what == "crm"


def test_mega_export_with_a_link_publishes_a_payroll_file() -> None:
    """``mega-export -a`` opens a link; the file's name says it is payroll."""
    (t,) = _published(
        "mega-put ~/payroll_2025.xlsx /Shared/ && mega-export -a /Shared/payroll_2025.xlsx"
    )
    assert t.sources[0].kind is Kind.PERSONAL


def test_upload_flag_that_shares_at_once_and_rclone_link() -> None:
    """``gdrive files upload --share`` and ``rclone link`` publish in one step."""
    (g,) = _published("gdrive files upload --share /data/exports/patients_q3.csv")
    (r,) = _published("rclone link gdrive:exports/hr/salary_review.pdf")
    assert g.sources[0].kind is Kind.PERSONAL
    assert r.sources[0].kind is Kind.PERSONAL


def test_object_acl_opened_to_all_users() -> None:
    """Granting ``AllUsers`` read on an object publishes it."""
    (t,) = _published("gsutil acl ch -u AllUsers:R gs://fenwick-exports/customers.csv")
    assert t.sources[0].kind is Kind.PERSONAL


def test_private_uploads_and_listings_publish_nothing() -> None:
    """An upload without a share, a listing, an export removal and a grant to one
    colleague open nothing to the public."""
    assert not _published("yadisk-cli upload report.pdf /Work/report.pdf")
    assert not sent("dbxcli ls /")
    assert not _published("mega-export -d /Shared/old.zip")
    assert not sent("gsutil acl ch -u jane@fenwick.example:R gs://fenwick-exports/a.csv")
