"""Page-number pagination whose parameters are checked and documented with their bounds.

DRF ignores a `page_size` it cannot read (`-1`, `abc`, `10000`) and serves the default page, so a
client never learns it asked for something else; here such a value is a 400, as the schema says.
"""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination

from shuhi.core.rest.params import MAX_ID, int_param


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        return int_param(request, self.page_size_query_param, maximum=self.max_page_size) or self.page_size

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param, "")
        if raw in self.last_page_strings:
            return paginator.num_pages
        return int_param(request, self.page_query_param, maximum=MAX_ID) or 1

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            self.page_size_query_param: {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"] = bounds.get(parameter["name"], parameter["schema"])
        return parameters
