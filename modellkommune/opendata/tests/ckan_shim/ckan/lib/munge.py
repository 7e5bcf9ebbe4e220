import re

MAX_TAG_LENGTH = 100


def munge_tag(tag: str) -> str:
    tag = tag.lower().strip()
    tag = re.sub(r"[^a-zA-Z0-9\- ]", "", tag).replace(" ", "-")
    return tag[:MAX_TAG_LENGTH]
