"""Names compared without case or accents, in the database and in what someone types alike:
"sudwest fryslan" finds "Súdwest-Fryslân". ``fold`` is the Python side, ``Folded`` the same
in SQL: PostgreSQL's translate() over lower(), and on SQLite (whose lower() only knows ASCII
and whose parser refuses deeply nested replace()) ``fold`` itself, registered as a function on
the connection."""

from __future__ import annotations

from django.db.models import Func, TextField

# Accented letters and typographic marks to their plain form; a hyphen counts as a space.
_PLAIN = {
    **dict.fromkeys("áàâäãå", "a"),
    **dict.fromkeys("éèêë", "e"),
    **dict.fromkeys("íìîï", "i"),
    **dict.fromkeys("óòôöõ", "o"),
    **dict.fromkeys("úùûü", "u"),
    **dict.fromkeys("ýÿ", "y"),
    "ç": "c",
    "ñ": "n",
    "’": "'",
    "‘": "'",
    "-": " ",
}
_TABLE = str.maketrans({**_PLAIN, **{c.upper(): v for c, v in _PLAIN.items() if c.upper() != c}})
_FROM = "".join(chr(c) for c in _TABLE)
_TO = "".join(str(v) for v in _TABLE.values())
SQLITE_FUNCTION = "driehoek_fold"


def fold(text: str | None) -> str:
    """Lower case, without accents, single spaces (a hyphen is a space)."""
    return " ".join((text or "").lower().translate(_TABLE).split())


class Folded(Func):
    """``Folded("name")``: the column as ``fold`` would write it (other databases: case only)."""

    function = "LOWER"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"btrim(regexp_replace(translate(lower({sql}), %s, %s), '\\s+', ' ', 'g'))", (
            *params,
            _FROM,
            _TO,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{SQLITE_FUNCTION}({sql})", tuple(params)


MAX_WORDS = 5
# Words that say what kind of organisation it is, not which one: "Gemeente Utrecht" finds
# "Utrecht". Only left out while another word remains.
GENERIC_WORDS = frozenset(
    [
        "gemeente",
        "de",
        "het",
        "van",
        "en",
        "stichting",
        "vereniging",
        "woningstichting",
        "woonstichting",
        "woningcorporatie",
        "corporatie",
        "huurdersvereniging",
        "huurdersorganisatie",
        "huurdersbelangenvereniging",
        "bewonerscommissie",
    ]
)


def search_words(folded: str) -> list[str]:
    """The words of a folded search text to look for: the telling ones (see ``GENERIC_WORDS``),
    at most ``MAX_WORDS``."""
    words = folded.split()
    specific = [w for w in words if w not in GENERIC_WORDS]
    return (specific or words)[:MAX_WORDS]
