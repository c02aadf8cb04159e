"""fold(), the comparison form of names in a places search, folds in one str.translate pass what the
Unicode decomposition folds, for every character and mixed texts."""

import random
import re
import unicodedata

from places.search import fold


def reference_fold(text):
    """The definition: decomposed, accents dropped, œ/æ spelt out, hyphens and apostrophes as spaces."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.sub(r"[-'’]", " ", text).split())


def test_every_character_folds_as_the_decomposition_does():
    for code in range(0x20, 0x3000):
        for text in (chr(code), f"A{chr(code)}b", f"{chr(code).upper()}-x"):
            assert fold(text) == reference_fold(text), hex(code)


def test_mixed_texts_fold_as_the_decomposition_does():
    pool = "aàâäéèêëîïôöùûüçœæÀÉÈÊŒÆ'’- \tSaint-Jean-de-Védas L'Isle Ça Œuvre ſßĳ\u0301\u0327Å"
    rng = random.Random(13)
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 24)))
        assert fold(text) == reference_fold(text), repr(text)
    assert fold(None) is None
