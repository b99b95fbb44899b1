"""Querysets compiled to SQL once per database, then run many times.

Building and compiling a Django queryset costs about a millisecond of CPU; running the SQL of a
simple one costs a few dozen microseconds. On paths taken on every request (voting, token
authentication) that difference is most of the request::

    by_slug = CompiledQuery(
        lambda *, slug: Conversation.objects.filter(slug=slug).select_related("board")[:1],
        slug=str,
    )
    by_slug.first(slug="budget")     # a model instance (select_related included) or None
    by_slug.objects(slug="budget")   # a list of them
    by_slug.rows(slug="budget")      # tuples, for values_list() querysets

``build`` receives one placeholder per named parameter (a negative integer for ``int``, a marker
string for ``str``) and returns the queryset; the placeholders are swapped for the values in the
compiled SQL's parameters. A placeholder must reach the SQL unchanged, so use it in lookups
such as ``exact`` and ``in`` (not ``contains``, nor inside functions); compiling fails loudly
when one does not arrive. Rows get the same conversions as a queryset's (``from_db_value``,
backend converters), and instances the same ``select_related`` objects and annotations. On
PostgreSQL the SQL runs as a prepared statement (:mod:`boogie.prepared`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, get_related_populators

from boogie import prepared

__all__ = ["CompiledQuery"]

_INT_BASE = -7_390_000_001


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple  # per parameter: the name of the value that goes there, or None
    select: list
    klass_info: dict | None  # None unless the queryset yields model instances
    annotation_col_map: dict | None
    populators: list
    compiler: Any
    converters: dict
    statement: str  # the name of its prepared statement on PostgreSQL (boogie.prepared)


class CompiledQuery:
    def __init__(self, build: Callable[..., QuerySet], **parameters: type):
        for name, kind in parameters.items():
            if kind not in (int, str):
                raise TypeError(f"{name}: a compiled query takes int or str parameters")
        self.build = build
        self.placeholders: dict[str, Any] = {
            name: (_INT_BASE - i if kind is int else f"\x00compiled-parameter-{name}\x00")
            for i, (name, kind) in enumerate(parameters.items())
        }
        self._names = {placeholder: name for name, placeholder in self.placeholders.items()}
        self._compiled: dict[tuple[str, str], _Compiled] = {}
        self._model_class: type | None = None

    def _compile(self, alias: str) -> _Compiled:
        queryset = self.build(**self.placeholders).using(alias)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots = tuple(self._slot(param) for param in params)
        missing = set(self.placeholders) - set(slots)
        if missing:
            raise ValueError(f"parameters that do not reach the SQL: {', '.join(sorted(missing))}")
        klass_info = compiler.klass_info if queryset._iterable_class is ModelIterable else None
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        return _Compiled(
            sql=sql,
            params=tuple(params),
            slots=slots,
            select=compiler.select,
            klass_info=klass_info,
            annotation_col_map=compiler.annotation_col_map,
            populators=(
                get_related_populators(klass_info, compiler.select, alias) if klass_info else []
            ),
            compiler=compiler,
            converters=compiler.get_converters(fields),
            statement=prepared.statement_name("ej_compiled"),
        )

    def _slot(self, param: Any) -> str | None:
        if isinstance(param, bool) or not isinstance(param, (int, str)):
            return None
        return self._names.get(param)

    def _prepare(self, values: dict[str, Any]) -> tuple[str, _Compiled, list]:
        if values.keys() != self.placeholders.keys():
            raise TypeError(f"expected the parameters {sorted(self.placeholders)}")
        alias = router.db_for_read(self._model())
        key = (alias, connections[alias].vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(alias)
        params = [
            param if slot is None else values[slot]
            for param, slot in zip(compiled.params, compiled.slots, strict=True)
        ]
        return alias, compiled, params

    def _model(self) -> type:
        if self._model_class is None:
            self._model_class = self.build(**self.placeholders).model
        return self._model_class

    def sql(self, **values: Any) -> tuple[str, list]:
        _alias, compiled, params = self._prepare(values)
        return compiled.sql, params

    def _execute(self, values: dict[str, Any]) -> tuple[str, _Compiled, list]:
        alias, compiled, params = self._prepare(values)
        rows = prepared.fetch(connections[alias], compiled.statement, compiled.sql, params)
        if compiled.converters:
            rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
        return alias, compiled, rows

    def rows(self, **values: Any) -> list[tuple]:
        _alias, compiled, rows = self._execute(values)
        # The drivers fetch tuples; Django's converters give lists.
        return [tuple(row) for row in rows] if compiled.converters else rows

    def objects(self, **values: Any) -> list:
        alias, compiled, rows = self._execute(values)
        klass_info = compiled.klass_info
        if klass_info is None:
            raise TypeError("objects() needs a queryset of model instances, not values()")
        model = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        names = [column[0].target.attname for column in compiled.select[start:end]]
        found = []
        for row in rows:
            instance = model.from_db(alias, names, row[start:end])
            for populator in compiled.populators:
                populator.populate(row, instance)
            for name, position in (compiled.annotation_col_map or {}).items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def first(self, **values: Any) -> Any:
        found = self.objects(**values)
        return found[0] if found else None
