"""REST routes of the suppliers app; shuhi/api/urls.py registers `routes`."""

routes: list = []
