"""Russian and Ukrainian reports read first-hand: every form issue 7 lists, in our own sentences.

The facts are real (the 2025 exchanges under the Istanbul agreement); the wording is ours.
Each case: (language, publication date, text, expected records as
(status, kind, direction, count, qualifier, date)).
"""

from __future__ import annotations

import datetime as dt

import pytest

from swapledger.extract import extract_article
from swapledger.model import Article

THU = dt.date(2025, 6, 12)  # a Thursday
Row = tuple[str, str, str, int, str, dt.date | None]

CASES: list[tuple[str, str, dt.date | None, str, set[Row]]] = [
    (
        "ru-peredala",
        "ru",
        THU,
        "Россия передала Украине 1 212 тел погибших военных ВСУ.",
        {("completed", "remains", "russia>ukraine", 1212, "exact", None)},
    ),
    (
        "ru-peredano",
        "ru",
        THU,
        "В четверг Украине передано 1212 тел.",
        {("completed", "remains", "russia>ukraine", 1212, "exact", THU)},
    ),
    (
        "ru-poluchila-vchera",
        "ru",
        THU,
        "Вчера Россия получила тела 27 российских военнослужащих.",
        {("completed", "remains", "ukraine>russia", 27, "exact", dt.date(2025, 6, 11))},
    ),
    (
        "ru-vozvrashcheny-rossiei",
        "ru",
        THU,
        "Тела 27 погибших были возвращены Россией сегодня.",
        {("completed", "remains", "russia>ukraine", 27, "exact", THU)},
    ),  # the instrumental gives
    (
        "ru-obmenyalis",
        "ru",
        THU,
        "Россия и Украина обменялись военнопленными: 84 на 84.",
        {
            ("completed", "prisoners", "russia>ukraine", 84, "exact", None),
            ("completed", "prisoners", "ukraine>russia", 84, "exact", None),
        },
    ),
    (
        "ru-tysyachu",
        "ru",
        THU,
        "Москва передала Киеву тысячу тел погибших украинских военных.",
        {("completed", "remains", "russia>ukraine", 1000, "exact", None)},
    ),
    (
        "ru-bolee-6-tys",
        "ru",
        THU,
        "Россия готова передать Украине более 6 тыс. тел.",
        {("planned", "remains", "russia>ukraine", 6000, "more_than", None)},
    ),
    (
        "ru-svyshe",
        "ru",
        THU,
        "Украине передали свыше 1200 тел погибших.",
        {("completed", "remains", "russia>ukraine", 1200, "more_than", None)},
    ),
    (
        "ru-okolo",
        "ru",
        THU,
        "Киев получил около 1000 тел.",
        {("completed", "remains", "russia>ukraine", 1000, "about", None)},
    ),
    (
        "ru-ne-menee",
        "ru",
        THU,
        "Всего Россия передала Украине не менее 6060 тел.",
        {("cumulative", "remains", "russia>ukraine", 6060, "at_least", None)},
    ),
    (
        "ru-plennyh",
        "ru",
        THU,
        "16 июня Россия вернула Украине 150 военнопленных.",
        {("completed", "prisoners", "russia>ukraine", 150, "exact", dt.date(2025, 6, 16))},
    ),
    (
        "ru-plennyh-gen",
        "ru",
        THU,
        "Украина передала РФ 150 пленных российских военных.",
        {("completed", "prisoners", "ukraine>russia", 150, "exact", None)},
    ),
    (
        "uk-peredala",
        "uk",
        THU,
        "Росія передала Україні 1212 тіл загиблих військових ЗСУ.",
        {("completed", "remains", "russia>ukraine", 1212, "exact", None)},
    ),
    (
        "uk-povernuto",
        "uk",
        THU,
        "Сьогодні в Україну повернуто 1 212 тіл загиблих.",
        {("completed", "remains", "russia>ukraine", 1212, "exact", THU)},
    ),
    (
        "uk-otrymala",
        "uk",
        THU,
        "У четвер Україна отримала тіла 1000 полеглих оборонців.",
        {("completed", "remains", "russia>ukraine", 1000, "exact", THU)},
    ),
    (
        "uk-tysyachu",
        "uk",
        THU,
        "Учора в Україну повернули тисячу тіл.",
        {("completed", "remains", "russia>ukraine", 1000, "exact", dt.date(2025, 6, 11))},
    ),
    (
        "uk-ponad",
        "uk",
        THU,
        "Росія отримала понад 1000 тіл своїх військових.",
        {("completed", "remains", "ukraine>russia", 1000, "more_than", None)},
    ),
    (
        "uk-blyzko",
        "uk",
        THU,
        "Україна повернула з полону близько 300 військовополонених.",
        {("completed", "prisoners", "russia>ukraine", 300, "about", None)},
    ),
    (
        "uk-shchonaimenshe",
        "uk",
        THU,
        "Загалом Україна отримала щонайменше 15 000 тіл.",
        {("cumulative", "remains", "russia>ukraine", 15000, "at_least", None)},
    ),
    (
        "uk-date",
        "uk",
        THU,
        "16 червня Росії передали 78 тіл російських військових.",
        {("completed", "remains", "ukraine>russia", 78, "exact", dt.date(2025, 6, 16))},
    ),
    (
        "uk-polonenykh",
        "uk",
        THU,
        "Україна звільнила з полону 84 полонених захисників.",
        {("completed", "prisoners", "russia>ukraine", 84, "exact", None)},
    ),
    (
        "uk-obmin",
        "uk",
        THU,
        "Україна і Росія провели обмін 84 на 84 військовополонених.",
        {
            ("completed", "prisoners", "russia>ukraine", 84, "exact", None),
            ("completed", "prisoners", "ukraine>russia", 84, "exact", None),
        },
    ),
    (
        "ru-side-receives",
        "ru",
        THU,
        "Россия передала Украине тела 909 погибших. Взамен российская сторона получила "
        "останки 43 военных.",
        {
            ("completed", "remains", "russia>ukraine", 909, "exact", None),
            ("completed", "remains", "ukraine>russia", 43, "exact", None),
        },
    ),
    (
        "uk-side-dative",
        "uk",
        THU,
        "Сьогодні в Україну повернуто тіла 757 загиблих військових. Російській стороні "
        "передано 45 тіл.",
        {
            ("completed", "remains", "russia>ukraine", 757, "exact", THU),
            ("completed", "remains", "ukraine>russia", 45, "exact", THU),
        },
    ),
    (
        "ru-genitive-side",
        "ru",
        THU,
        "В обмен передано 84 военнопленных ВСУ, сообщили в Минобороны России.",
        {("completed", "prisoners", "russia>ukraine", 84, "exact", None)},
    ),
    (
        "ru-gapped-dash",
        "ru",
        THU,
        "Состоялся обмен телами: Украине передали 6 060 тел, России — 78.",
        {
            ("completed", "remains", "russia>ukraine", 6060, "exact", None),
            ("completed", "remains", "ukraine>russia", 78, "exact", None),
        },
    ),
    (
        "uk-nationals-noun",
        "uk",
        THU,
        "З полону повернулися 95 українців, серед них 12 цивільних.",
        {("completed", "prisoners", "russia>ukraine", 95, "exact", None)},
    ),
]


def rows(lang: str, published: dt.date | None, text: str) -> set[Row]:
    article = Article(
        id="t#0", document_id="t", index=0, text=text, published=published, language=lang
    )
    out: set[Row] = set()
    for r in extract_article(article):
        direction = "<>".join(r.between) if r.between else f"{r.from_party}>{r.to_party}"
        out.add((r.status, r.kind, direction, r.count, r.qualifier, r.date))
    return out


@pytest.mark.parametrize(
    ("name", "lang", "published", "text", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_russian_and_ukrainian_forms_read_as_english_ones_would(
    name: str, lang: str, published: dt.date | None, text: str, expected: set[Row]
) -> None:
    assert rows(lang, published, text) == expected
