"""Language identification per article, and articles in languages we have no grammar
for: recognised, left unread with a counted reason, never read as English (issue 7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from swapledger import service
from swapledger.clean import clean_document
from swapledger.language import UNDETERMINED, detect
from swapledger.model import Document
from swapledger.pipeline import process
from swapledger.store import Store

# Our own sentences on real exchanges, one per language.
TEXTS = {
    "en": "Russia returned the bodies of 1,212 fallen Ukrainian soldiers on Wednesday, "
    "and received the remains of 27 of its own servicemen in return.",
    "ru": "В среду Россия передала Украине тела 1212 погибших военнослужащих, "
    "а получила в ответ останки 27 российских военных.",
    "uk": "У середу Україна повернула тіла 1212 загиблих захисників, "
    "а Росії передали останки 27 військових.",
    "es": "El miércoles Rusia entregó a Ucrania los cuerpos de 1.212 soldados caídos "
    "y recibió a cambio los restos de 27 de sus militares.",
    "pt": "Na quarta-feira a Rússia entregou à Ucrânia os corpos de 1.212 soldados mortos "
    "e recebeu em troca os restos mortais de 27 dos seus militares.",
    "fr": "Mercredi, la Russie a remis à l'Ukraine les corps de 1 212 soldats tombés "
    "et a reçu en échange les dépouilles de 27 de ses militaires.",
    "it": "Mercoledì la Russia ha consegnato all'Ucraina i corpi di 1.212 soldati caduti "
    "e ha ricevuto in cambio le salme di 27 dei suoi militari.",
    "de": "Am Mittwoch hat Russland der Ukraine die Leichen von 1212 gefallenen Soldaten "
    "übergeben und im Gegenzug die sterblichen Überreste von 27 eigenen Soldaten erhalten.",
}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_each_language_is_identified(code: str) -> None:
    assert detect(TEXTS[code]) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Russia and Ukraine exchange more than 800 soldiers on Friday", "en"),
        ("Україна повернула тіла 1000 загиблих", "uk"),
        ("Ucrania recuperó los cuerpos de 909 soldados", "es"),
    ],
)
def test_short_headlines_are_identified(text: str, code: str) -> None:
    assert detect(text) == code


def test_text_without_letters_is_undetermined() -> None:
    assert detect("12:30 18.09.2025 — 1 212") == UNDETERMINED


def test_an_article_keeps_its_language() -> None:
    doc = Document(id="ru-page", content=TEXTS["ru"], content_type="text", source="test")
    articles = clean_document(doc)
    assert [a.language for a in articles] == ["ru"]


@pytest.mark.parametrize("code", ["es", "pt", "fr", "it", "de"])
def test_other_languages_are_left_unread_with_a_reason(code: str) -> None:
    doc = Document(id=f"{code}-page", content=TEXTS[code], content_type="text", source="test")
    out = process(doc)
    assert out.all_records() == []
    assert out.unread_counts() == {f"no grammar for language {code}": 1}


def test_english_russian_ukrainian_are_read() -> None:
    for code in ("en", "ru", "uk"):
        out = process(
            Document(
                id=code,
                content=TEXTS[code],
                content_type="text",
                source="test",
                published=dt.date(2025, 6, 12),
            )
        )
        assert out.unread == ()
        assert {r.count for r in out.all_records()} == {1212, 27}, code


def test_ingest_counts_unread_articles_by_language(tmp_path) -> None:
    for code in ("en", "es", "fr"):
        (tmp_path / f"{code}.txt").write_text(TEXTS[code], encoding="utf-8")
    with Store(f"sqlite:///{tmp_path / 'l.db'}") as store:
        report = service.ingest(store, [str(tmp_path)], gate=False)
    assert report.unread == {"no grammar for language es": 1, "no grammar for language fr": 1}
    assert "articles not read: 1 no grammar for language es, 1 no grammar for language fr" in (
        report.summary()
    )


def test_the_language_model_is_read_from_an_uncompressed_copy_with_the_same_answers(
    tmp_path, monkeypatch
) -> None:
    # py3langid ships its model as LZMA (~0.6 s to inflate at every start): the first
    # process keeps an uncompressed copy, later ones read it; every answer is the same
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from swapledger import language

    monkeypatch.setenv(language.CACHE_ENV, str(tmp_path))
    (tmp_path / "py3langid-model-1-2.npz").write_bytes(b"a copy in an older format")
    made = language._from_cache()
    assert made is not None and [p.name for p in tmp_path.iterdir()] == [
        f"py3langid-model-{stat.st_size}-{int(stat.st_mtime)}"
        for stat in [(Path(MODEL_DIR) / MODEL_FILE).stat()]
    ]  # one copy, the old one gone
    again = language._from_cache()
    shipped = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for identifier in (made, again, shipped):
        identifier.set_languages(["en", "ru", "uk", "es", "pt", "fr", "it", "de"])
    for text in TEXTS.values():
        assert made.classify(text) == again.classify(text) == shipped.classify(text)


def test_no_cache_folder_or_a_broken_copy_reads_the_model_as_shipped(tmp_path, monkeypatch) -> None:
    from swapledger import language

    monkeypatch.setenv(language.CACHE_ENV, "")
    assert language._from_cache() is None  # no folder: nothing written anywhere
    monkeypatch.setenv(language.CACHE_ENV, str(tmp_path))
    assert language._from_cache() is not None
    (copy,) = tmp_path.glob("py3langid-model-*")
    (copy / "nextmove.npy").write_bytes(b"not a model")
    assert language._from_cache() is None  # and detect() reads the model as shipped ...
    assert language._from_cache() is not None  # ... until the copy is made again
