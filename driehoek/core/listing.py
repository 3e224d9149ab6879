"""One helper for every list that can grow: server-side paging and sorting.

``listing(request, items, sorts=..., default=...)`` sorts ``items`` (a QuerySet or a list) by
one of the whitelisted ``sorts`` (``?sort=name`` or ``?sort=-name``; anything else gives the
default, so user input never reaches ``order_by``) and pages it (50 a page; ``page=abc`` gives
the first page, ``page=999`` the last). The result carries the page, the links for the
column headers (with ``aria-sort``) and the pager links; ``components/pagination.html`` and
``components/sort_header.html`` render them. ``prefix`` keeps two lists on one page apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.http import urlencode

PER_PAGE = 50

# A sort key maps to model fields (for a QuerySet) or to a function of a row (for a list).
SortSpec = Sequence[str] | Callable[[Any], Any]


@dataclass
class Column:
    query: str  # the query string that sorts by this column (the other way round if sorted)
    aria_sort: str | None  # "ascending" / "descending" on the sorted column


@dataclass
class PagerLink:
    number: int | None  # None: the gap between page numbers
    query: str = ""
    current: bool = False


@dataclass
class Pager:
    page_obj: Page
    links: list[PagerLink]
    previous: str | None
    next: str | None

    @property
    def first(self) -> int:
        return self.page_obj.start_index()

    @property
    def last(self) -> int:
        return self.page_obj.end_index()

    @property
    def total(self) -> int:
        return self.page_obj.paginator.count


@dataclass
class Listing:
    page_obj: Page
    pager: Pager
    sort: str
    descending: bool
    columns: dict[str, Column] = field(default_factory=dict)

    @property
    def rows(self) -> list:
        return list(self.page_obj.object_list)


def _query(params: QueryDict, **changes) -> str:
    query = params.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    return urlencode(sorted(query.lists()), doseq=True)


def pager_for(params: QueryDict, page_obj: Page, param: str = "page") -> Pager:
    """The links of a pager: first, last and the pages around the current one."""
    number, count = page_obj.number, page_obj.paginator.num_pages
    wanted = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    links: list[PagerLink] = []
    for n in wanted:
        if links and links[-1].number is not None and n - links[-1].number > 1:
            links.append(PagerLink(None))
        links.append(PagerLink(n, _query(params, **{param: n}), n == number))
    return Pager(
        page_obj=page_obj,
        links=links,
        previous=_query(params, **{param: number - 1}) if page_obj.has_previous() else None,
        next=_query(params, **{param: number + 1}) if page_obj.has_next() else None,
    )


def parse_sort(value: str | None, sorts: Mapping[str, SortSpec], default: str) -> tuple[str, bool]:
    """(key, descending) from ``?sort=``: a whitelisted key, else the default."""
    value = value or ""
    key = value.removeprefix("-")
    if key not in sorts:
        value = default
        key = default.removeprefix("-")
    return key, value.startswith("-")


def _sorted(items, spec: SortSpec, descending: bool):
    if isinstance(items, QuerySet):
        assert not callable(spec), "a QuerySet sorts by field names"
        if descending:
            spec = [f.removeprefix("-") if f.startswith("-") else "-" + f for f in spec]
        return items.order_by(*spec, "-pk" if descending else "pk")
    assert callable(spec), "a list sorts by a key function"
    return sorted(items, key=spec, reverse=descending)


def listing(
    request,
    items,
    *,
    sorts: Mapping[str, SortSpec],
    default: str,
    per_page: int = PER_PAGE,
    prefix: str = "",
) -> Listing:
    sort_param, page_param = f"{prefix}sort", f"{prefix}page"
    key, descending = parse_sort(request.GET.get(sort_param), sorts, default)
    ordered = _sorted(items, sorts[key], descending)
    number = request.GET.get(page_param)
    if number and number.lstrip("-").isdigit() and int(number) < 1:
        number = None  # page=0 or page=-1: the first page (Django would give the last)
    page_obj = Paginator(ordered, per_page).get_page(number)
    columns = {}
    for name in sorts:
        active = name == key
        # A click on the sorted column turns it round; another column sorts ascending.
        target = ("" if descending else "-") + name if active else name
        columns[name] = Column(
            query=_query(request.GET, **{sort_param: target, page_param: None}),
            aria_sort=("descending" if descending else "ascending") if active else None,
        )
    return Listing(
        page_obj=page_obj,
        pager=pager_for(request.GET, page_obj, page_param),
        sort=key,
        descending=descending,
        columns=columns,
    )
