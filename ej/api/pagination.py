"""Lists come in pages: ``{"count", "next", "previous", "results"}``; ``?page=`` picks one and
``?page_size=`` (at most 100) changes its length. A value that is not a positive whole number
is refused (400) rather than ignored; a page past the last one is 404."""

from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


def _positive(value: str | None) -> bool:
    return value is None or (value.isascii() and value.isdigit() and 0 < int(value) < 10**9)


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        errors = {
            name: [_("Give a whole number greater than zero.")]
            for name in (self.page_query_param, self.page_size_query_param)
            if not _positive(request.query_params.get(name))
        }
        if errors:
            raise ValidationError(errors)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Number of results per page (more than {self.max_page_size} gives "
                    f"{self.max_page_size})."
                )
        return parameters
