# -*- coding: latin-1 -*-
"""Normalisation of customer names from the French partner feed (Société Générale export).

The partner sends names in latin-1 with inconsistent accents, e.g. "José" vs "Jose".
"""
import unicodedata

# Particles that stay lower-case: "de", "du", "d'", "van", "von".
PARTICLES = ("de", "du", "des", "la", "le", "van", "von", "d'")


def strip_accents(value):
    """Return ``value`` with combining accents removed ("Hélène" -> "Helene")."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def title_name(value):
    words = value.strip().lower().split()
    out = []
    for i, word in enumerate(words):
        if i > 0 and word in PARTICLES:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def normalise_name_column(df, column="last_name"):
    df = df.copy()
    df[column + "_ascii"] = df[column].fillna("").map(strip_accents).map(title_name)
    return df
