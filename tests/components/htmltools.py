"""Parse rendered HTML the way a browser tokenizes it, to check what really came out."""

from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.texts.append(data)


def parse(html):
    collector = _Collector()
    collector.feed(str(html))
    collector.close()
    return collector


def elements(html, tag=None):
    """``(tag, attributes)`` of every start tag, or the attributes of every ``tag``."""
    found = parse(html).elements
    return found if tag is None else [attrs for name, attrs in found if name == tag]


def text(html):
    return "".join(parse(html).texts)


def attribute_names(html):
    return {name for _, attrs in elements(html) for name in attrs}
