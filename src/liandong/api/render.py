from ninja.renderers import JSONRenderer


class Utf8JSONRenderer(JSONRenderer):
    """JSON with Chinese text as it is, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}
