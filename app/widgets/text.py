"""Turning the engine's one-sentence errors into text for a dialog or label."""
import re


def as_sentence(text):
    """Capitalise the first word when it is a plain word ("could not..." -> "Could not..."),
    never a file name or path ("bad.npz is..." stays as it is)."""
    first = re.match(r"[^\s]+", text or "")
    if first and re.fullmatch(r"[a-z]+[,;:]?", first.group(0)):
        return text[0].upper() + text[1:]
    return text or ""
