"""Import progress from Excel (.xlsx) or CSV: validate every row first, then save all rows in
one transaction, or nothing.

The upload is stored as an ImportJob (import_start) and processed by process_job: inline
for small files, else in a background thread started after the response and/or by the
``process_imports`` command (cron). Rows are validated in chunks of CHUNK rows and the job's
progress (rows checked) is written after every chunk in its own short transaction; the job
page shows it while it runs. Saving is one transaction, which also marks the job done.

A package by topic (reading, template, checking, jobs); this module re-exports every name so
`driehoek.monitoring.imports.<name>` imports stay stable. Tunables live in their submodule
(`reading.MAX_ROWS`, `checking.CHUNK`, `jobs.CHECK_BYTES`): change them there."""

from .checking import (  # noqa: F401
    CHUNK,
    STATUS_TEMPLATE_WORDS,
    STATUS_WORDS,
    ImportResult,
    _cell_int,
    _validate_row,
    import_progress,
    save_rows,
    validate_rows,
)
from .jobs import (  # noqa: F401
    CHECK_BYTES,
    INLINE_ROWS,
    MAX_STORED_ERRORS,
    PROGRESS_ATTEMPTS,
    STALE_AFTER,
    _chunks_json,
    _errors_json,
    _process,
    _progress,
    import_start,
    logger,
    process_in_background,
    process_job,
    process_pending,
)
from .reading import (  # noqa: F401
    _BROKEN_XLSX,
    _DIMENSION,
    _ROW,
    _SHEET_DATA,
    _WORKSHEET,
    COLUMNS,
    INFO_COLUMNS,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_LINE,
    MAX_MEMBERS,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_SHEET,
    MAX_UNPACKED,
    MAX_XML_PART,
    REQUIRED,
    SHEET_HEAD,
    ZIP_BOUNDS,
    _check_sheet,
    _check_sheets,
    _check_spreadsheet,
    _collect,
    _dimension_size,
    _member_limit,
    _norm_header,
    _read_csv,
    _read_xlsx,
    _text_lines,
    _too_many_rows,
    read_rows,
)
from .template import (  # noqa: F401
    current_period,
    template_xlsx,
)
