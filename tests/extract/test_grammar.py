"""The compiled grammar: names are found as their pattern would find them."""

from __future__ import annotations

from swapledger.extract.grammar import find_names, grammar, in_context

TEXT = (
    "The U.S. and Saudi-led forces met Houthis; the government side and Kyiv's envoy, "
    "Ukrainians and Russians, said Russia's and Ukraine's teams (USA, US) would meet "
    "in Riyadh.Yemeni and Israeli-Palestinian talks; прUkraine, Russia-Ukraine, "
    "России и Украине. The  Russian\tside and the\u00a0Kremlin, the\nUkrainian side; "
    "Prime  Minister Netanyahu, the U.S.-brokered deal, theKremlin. " * 40
)


def test_find_names_finds_exactly_what_the_pattern_finds() -> None:
    for g in (grammar("en"), grammar("ru"), in_context("en", frozenset({"houthis"}))):
        for pattern, names in ((g.parties, g.party_of), (g.adjectives, g.adjective_of)):
            want = [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(TEXT)]
            got = [(m.start(), m.end(), m.group(0)) for m in find_names(pattern, names, TEXT)]
            assert got == want
            assert want  # the text names some of them
