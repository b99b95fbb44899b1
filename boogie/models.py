"""Querysets that load straight into pandas.

::

    class Vote(models.Model):
        ...
        objects = DataFrameManager()

    Vote.objects.filter(...).dataframe("author_id", "choice", index="id")
    Vote.objects.pivot_table("author_id", "comment_id", "choice", fill_value=0)

Rows come from ``values_list``: one query, no model instances, raw field values (choice keys,
foreign key ids through ``attname``), not display labels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd
from django.db import models

__all__ = ["DataFrameManager", "DataFrameQuerySet", "DataFrameQuerySetMixin"]

if TYPE_CHECKING:
    _QuerySetBase = models.QuerySet[Any]
else:
    _QuerySetBase = object


class DataFrameQuerySetMixin(_QuerySetBase):
    """Adds :meth:`dataframe` and :meth:`pivot_table` to a queryset class."""

    def dataframe(self, *fields: str, index: str | None = None) -> pd.DataFrame:
        """A frame with one column per field (default: every concrete non-pk field).

        ``index`` names a field (it need not be among ``fields``) used as the frame's index.
        """
        columns = list(fields) or [
            field.attname for field in self.model._meta.concrete_fields if not field.primary_key
        ]
        if index is not None and index not in columns:
            columns.append(index)
        rows = list(self.values_list(*columns))
        frame = pd.DataFrame.from_records(rows, columns=columns)
        return frame if index is None else frame.set_index(index)

    def pivot_table(
        self,
        index: str,
        columns: str,
        values: str,
        fill_value: Any = None,
        aggfunc: str | Callable[..., Any] = "mean",
    ) -> pd.DataFrame:
        """A table with one row per ``index`` value and one column per ``columns`` value."""
        frame = self.dataframe(index, columns, values)
        if frame.empty:
            return pd.DataFrame(
                index=pd.Index([], name=index), columns=pd.Index([], name=columns), dtype=float
            )
        return frame.pivot_table(
            index=index, columns=columns, values=values, fill_value=fill_value, aggfunc=aggfunc
        )


class DataFrameQuerySet(DataFrameQuerySetMixin, models.QuerySet):
    pass


DataFrameManager = models.Manager.from_queryset(DataFrameQuerySet)
