"""Full-text search over complaints: the citizen's text and name/handle.

On PostgreSQL the complaint carries a stored, generated `tsvector` (Indonesian stemming) with
a GIN index, searched with prefix terms ("drain" finds "drainase"). Elsewhere (the SQLite
demo) the same generated column holds the lower-cased text and every word must appear in it.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import models
from django.db.models import Q

#: PostgreSQL's text search configuration (Snowball's Indonesian stemmer, PostgreSQL 13+).
SEARCH_CONFIG = "indonesian"
#: At most this many words of a query are used.
MAX_TERMS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


class SearchDocumentField(SearchVectorField):
    """A tsvector on PostgreSQL, plain text elsewhere."""

    def db_type(self, connection: Any) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


class SearchDocument(models.Func):
    """The searchable text of a row: its fields joined by spaces; an immutable expression,
    usable in a stored generated column."""

    output_field = SearchDocumentField()

    def _joined(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(f"COALESCE({sql}, '')")
            params.extend(expression_params)
        return " || ' ' || ".join(parts), params

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        sql, params = self._joined(compiler, connection)
        return f"LOWER({sql})", params

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        sql, params = self._joined(compiler, connection)
        return f"to_tsvector('{SEARCH_CONFIG}'::regconfig, {sql})", params


def search_terms(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")][:MAX_TERMS]


def search_filter(*, text: str, vendor: str, field: str = "search_document") -> Q | None:
    """The condition for rows matching every word of `text` (None: nothing to search)."""
    terms = search_terms(text)
    if not terms:
        return None
    if vendor == "postgresql":
        raw = " & ".join(f"{term}:*" for term in terms)
        return Q(**{field: SearchQuery(raw, config=SEARCH_CONFIG, search_type="raw")})
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field}__contains": term})
    return condition


def gin_index_sql(*, table: str, column: str, name: str) -> str:
    return f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}")'
