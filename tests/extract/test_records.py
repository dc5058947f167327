"""The record engine, one judgment rule of records.md per test."""

from __future__ import annotations

import datetime as dt

from swapledger.extract import extract_article, run
from swapledger.model import Article, Record, Skipped


def records(text: str, published: dt.date | None = None, lang: str = "en") -> list[Record]:
    article = Article(
        id="t#0", document_id="t", index=0, text=text, published=published, language=lang
    )
    return extract_article(article)


def rows(text: str, published: dt.date | None = None, lang: str = "en") -> list[tuple[object, ...]]:
    return [
        (r.status, r.kind, r.between or (r.from_party, r.to_party), r.count, r.qualifier)
        for r in records(text, published, lang)
    ]


def test_returned_bodies_go_to_the_side_whose_nationals_they_are() -> None:
    assert rows("The Russian side returned the remains of 1,212 Ukrainian servicemen.") == [
        ("completed", "remains", ("russia", "ukraine"), 1212, "exact")
    ]


def test_receiving_bodies_in_return_runs_the_other_way() -> None:
    got = rows(
        "The Russian side returned the remains of 1,212 Ukrainian servicemen, receiving 27 bodies in return."
    )
    assert ("completed", "remains", ("ukraine", "russia"), 27, "exact") in got


def test_each_gives_one_record_per_direction() -> None:
    got = rows("Moscow and Kyiv agreed to exchange the bodies of 6,000 soldiers each.")
    assert sorted(got) == [
        ("planned", "remains", ("russia", "ukraine"), 6000, "exact"),
        ("planned", "remains", ("ukraine", "russia"), 6000, "exact"),
    ]


def test_a_two_way_total_without_split_is_between() -> None:
    assert rows(
        "Russia and Ukraine have exchanged the bodies of 1,029 soldiers killed in combat."
    ) == [("completed", "remains", ("russia", "ukraine"), 1029, "exact")]
    (r,) = records(
        "Russia and Ukraine have exchanged the bodies of 1,029 soldiers killed in combat."
    )
    assert r.between == ("russia", "ukraine") and r.from_party is None


def test_a_running_total_is_cumulative() -> None:
    assert rows("Moscow has handed over a total of 6,060 bodies of Ukrainian soldiers.") == [
        ("cumulative", "remains", ("russia", "ukraine"), 6060, "exact")
    ]


def test_ready_to_hand_over_is_planned() -> None:
    assert rows("Russia is ready to transfer the remains of 3,000 more Ukrainian soldiers.") == [
        ("planned", "remains", ("russia", "ukraine"), 3000, "exact")
    ]


def test_deaths_losses_and_people_held_are_not_records() -> None:
    assert (
        records("More than 46,000 Ukrainian soldiers had been killed since the start of the war.")
        == []
    )
    assert records("Russia holds 8,000 Ukrainian prisoners of war.") == []
    assert (
        records("Zelensky said more than 2,500 fighters from the plant are being held prisoner.")
        == []
    )


def test_counts_of_exchanges_are_not_records() -> None:
    assert records("Over the past week, the two sides held three prisoner exchanges.") == []


def test_figures_offered_as_alternatives_are_not_records() -> None:
    text = (
        "The envoy did not say whether the coming exchange involves 157 prisoners per side "
        "or 314 from each side."
    )
    assert records(text) == []
    # the hedge reaches only its own clause
    got = rows("It is unclear whether talks resume, but Russia handed over 909 bodies on Friday.")
    assert got == [("completed", "remains", ("russia", "ukraine"), 909, "exact")]
    assert records("Неясно, будет ли обмен 157 на 157 или 314 пленных.", lang="ru") == []


def test_composition_and_ratios_are_not_records() -> None:
    got = rows("Ukraine has freed 215 Ukrainian defenders, including 10 foreigners.")
    assert got == [("completed", "prisoners", ("russia", "ukraine"), 215, "exact")]
    assert (
        records("Israel was to turn over the bodies of 15 Palestinians for every deceased Israeli.")
        == []
    )


def test_a_headline_restatement_is_one_record_with_the_precise_figure() -> None:
    text = (
        "Ukraine Says Russia Returned More Than 1.2K Bodies of Killed Soldiers\n\n"
        "Russia has returned the bodies of 1,212 Ukrainian soldiers killed in combat, authorities said."
    )
    article = Article(
        id="t#0",
        document_id="t",
        index=0,
        text=text,
        title="Ukraine Says Russia Returned More Than 1.2K Bodies of Killed Soldiers",
    )
    assert [(r.count, r.qualifier) for r in extract_article(article)] == [(1212, "exact")]


def test_evidence_is_a_verbatim_span_of_the_article() -> None:
    text = "Intro line.\nHamas released 20 living Israeli hostages on Monday."
    for r in records(text, dt.date(2025, 10, 15)):
        assert text[r.evidence.start : r.evidence.end] == r.evidence_text
        assert "20" in r.evidence_text


def test_a_weekday_dates_the_transfer_against_publication() -> None:
    (r,) = records(
        "Ukraine said Thursday it had received 1,000 bodies from Russia.", dt.date(2025, 11, 20)
    )
    assert r.date == dt.date(2025, 11, 20)
    (r,) = records("Ukraine said Thursday it had received 1,000 bodies from Russia.")
    assert r.date is None


def test_the_other_direction_in_return_takes_the_same_day() -> None:
    got = records(
        "On January 29, Russia returned 1000 bodies to Ukraine. In return, 38 bodies of servicemen were handed over to Russia.",
        dt.date(2026, 1, 29),
    )
    assert [(r.from_party, r.to_party, r.count, r.date) for r in got] == [
        ("russia", "ukraine", 1000, dt.date(2026, 1, 29)),
        ("ukraine", "russia", 38, dt.date(2026, 1, 29)),
    ]


def test_hostages_freed_by_hamas_go_to_israel_and_prisoners_to_palestinians() -> None:
    got = rows(
        "Hamas released 20 living Israeli hostages in exchange for nearly 2,000 Palestinian prisoners."
    )
    assert sorted(got) == [
        ("completed", "prisoners", ("hamas", "israel"), 20, "exact"),
        ("completed", "prisoners", ("israel", "palestinians"), 2000, "about"),
    ]


def test_n_for_n_is_both_ways() -> None:
    got = rows("Ukraine and Russia swapped prisoners under the 146 for 146 formula.")
    assert sorted(got) == [
        ("completed", "prisoners", ("russia", "ukraine"), 146, "exact"),
        ("completed", "prisoners", ("ukraine", "russia"), 146, "exact"),
    ]


def test_russian_dative_names_the_receiver() -> None:
    assert rows(
        "Российская Федерация передала Украине 1 003 тела погибших военных ВСУ.", lang="ru"
    ) == [("completed", "remains", ("russia", "ukraine"), 1003, "exact")]
    assert rows("России переданы тела 41 военного.", lang="ru") == [
        ("completed", "remains", ("ukraine", "russia"), 41, "exact")
    ]


def test_russian_return_without_receiver_means_getting_ones_own_back() -> None:
    assert rows("Тогда Россия вернула 43 тела.", lang="ru") == [
        ("completed", "remains", ("ukraine", "russia"), 43, "exact")
    ]


def test_russian_planned_with_qualifier() -> None:
    assert rows(
        "Москва готова передать Киеву еще порядка 3 тыс. тел погибших украинских военных.",
        lang="ru",
    ) == [("planned", "remains", ("russia", "ukraine"), 3000, "about")]


def test_ukrainian_into_ukraine_is_the_receiver() -> None:
    assert rows("Сьогодні в Україну повернуто 1000 тіл загиблих.", lang="uk") == [
        ("completed", "remains", ("russia", "ukraine"), 1000, "exact")
    ]
    assert rows("Росія отримала тіла 26 загиблих російських військових.", lang="uk") == [
        ("completed", "remains", ("ukraine", "russia"), 26, "exact")
    ]


def test_articles_in_a_language_without_grammar_are_skipped_with_a_reason() -> None:
    article = Article(
        id="e#0", document_id="e", index=0, text="Ucrania recuperó 909 cuerpos.", language="es"
    )
    out = list(run([article]))
    assert out == [Skipped("e#0", "extract", "no grammar for language es")]


def test_a_handover_told_as_concurrent_takes_the_day_of_the_one_before() -> None:
    text = (
        "On March 3, the two sides swapped 90 prisoners each.\n\n"
        "The talks were brokered by the Emirates.\n\n"
        "Concurrently, the bodies of fallen soldiers were exchanged, with Ukraine "
        "receiving 140 and Russia 30."
    )
    got = {(r.kind, r.count): r.date for r in records(text, dt.date(2025, 3, 4))}
    assert got[("remains", 140)] == dt.date(2025, 3, 3)
    assert got[("remains", 30)] == dt.date(2025, 3, 3)


def test_without_a_concurrent_marker_a_handover_of_another_kind_keeps_no_day() -> None:
    text = (
        "On March 3, the two sides swapped 90 prisoners each.\n\n"
        "The talks were brokered by the Emirates.\n\n"
        "The bodies of fallen soldiers were exchanged, with Ukraine receiving 140 and Russia 30."
    )
    got = {(r.kind, r.count): r.date for r in records(text, dt.date(2025, 3, 4))}
    assert got[("remains", 140)] is None


def test_the_other_side_of_a_running_total_told_next_is_part_of_the_tally() -> None:
    got = rows(
        "A total of 4,000 bodies of Ukrainian soldiers have been handed over to Kyiv, the "
        "Russian negotiator said. According to him, Russia has received 60 bodies of Russian "
        "soldiers from the Ukrainian side."
    )
    assert ("cumulative", "remains", ("ukraine", "russia"), 60, "exact") in got


def test_a_dated_handover_after_a_running_total_stays_completed() -> None:
    got = rows(
        "A total of 4,000 bodies of Ukrainian soldiers have been handed over to Kyiv. "
        "On Friday, Russia received 60 bodies of Russian soldiers from the Ukrainian side.",
        dt.date(2025, 6, 16),
    )
    assert ("completed", "remains", ("ukraine", "russia"), 60, "exact") in got


def test_a_party_returning_its_own_dead_at_the_end_of_a_sentence_gets_them_back() -> None:
    got = rows(
        "On September 18, Ukraine received 1,000 bodies. According to Russian officials, "
        "Moscow has returned 24 bodies of dead occupants.",
        dt.date(2025, 9, 18),
    )
    assert ("completed", "remains", ("ukraine", "russia"), 24, "exact") in got


def test_an_elliptic_count_with_its_own_receiver_keeps_it() -> None:
    got = rows(
        "In the swap, 12 prisoners were flown to Germany, and four were handed over to the U.S, "
        "officials said."
    )
    assert ("completed", "prisoners", ("russia", "usa"), 4, "exact") in got
    assert ("completed", "prisoners", ("russia", "germany"), 12, "exact") in got


def test_a_name_by_infinitive_does_not_make_a_done_release_planned() -> None:
    done = "The first 50 Palestinian prisoners to be released by Israel under the terms of the truce were freed on Monday."
    assert rows(done, dt.date(2025, 1, 20)) == [
        ("completed", "prisoners", ("israel", "palestinians"), 50, "exact")
    ]
    pending = "The 50 Palestinian prisoners to be released by Israel on Sunday are mostly women."
    assert rows(pending, dt.date(2025, 1, 20))[0][0] == "planned"


def test_the_one_undated_handover_the_other_way_takes_the_day_of_the_exchange() -> None:
    text = (
        "On March 6, Russia handed 500 bodies to Ukraine, the headquarters said.\n\n"
        "Donate to keep our newsroom independent.\n\n"
        "Kyiv says some of the bodies may belong to Russian soldiers.\n\n"
        "In return, 20 bodies of servicemen were handed over to Russia."
    )
    got = {r.count: r.date for r in records(text, dt.date(2025, 3, 7))}
    assert got == {500: dt.date(2025, 3, 6), 20: dt.date(2025, 3, 6)}


def test_earlier_that_day_reaches_back_past_a_paragraph_to_the_day_it_means() -> None:
    text = (
        "Some 500 bodies were returned to Ukraine today, the headquarters said.\n\n"
        "Investigators will identify the bodies. The ombudsman thanked the mediators.\n\n"
        "Earlier that day, Ukraine freed 20 Russian prisoners of war."
    )
    got = {r.count: r.date for r in records(text, dt.date(2025, 3, 6))}
    assert got[20] == dt.date(2025, 3, 6)


def test_a_background_handover_with_a_time_of_its_own_keeps_no_day() -> None:
    text = (
        "On March 6, Russia handed 500 bodies to Ukraine.\n\n"
        "Last month, Ukraine handed over 20 bodies to Russia."
    )
    got = {r.count: r.date for r in records(text, dt.date(2025, 3, 7))}
    assert got[20] is None


def test_several_past_handovers_in_one_sentence_give_one_record_each() -> None:
    got = rows(
        "Russia returned 1,000 bodies on Thursday and received 31. Ukraine also "
        "reported large-scale returns of remains in July, August and September, each "
        "involving about 1,000 bodies."
    )
    assert got.count(("completed", "remains", ("russia", "ukraine"), 1000, "about")) == 3
    assert ("completed", "remains", ("russia", "ukraine"), 1000, "exact") in got


def test_each_time_after_a_list_of_months_splits_but_each_alone_means_both_sides() -> None:
    split = rows("In May and June Russia handed over 900 Ukrainian bodies each time.")
    assert split.count(("completed", "remains", ("russia", "ukraine"), 900, "exact")) == 2
    both = rows("In June and July Russia and Ukraine exchanged 84 prisoners each.")
    assert sorted(both) == [
        ("completed", "prisoners", ("russia", "ukraine"), 84, "exact"),
        ("completed", "prisoners", ("ukraine", "russia"), 84, "exact"),
    ]


def test_a_side_that_reports_returns_of_remains_is_the_one_getting_them_back() -> None:
    got = rows(
        "Kyiv, Russia and Ukraine talks. Ukraine reported the returns of 757 bodies in February."
    )
    assert ("completed", "remains", ("russia", "ukraine"), 757, "exact") in got


def test_remains_handed_over_that_belonged_to_hostages_are_remains() -> None:
    got = rows(
        "Israel confirmed on Monday that the remains handed over by Hamas the day before "
        "belonged to three hostages.",
        dt.date(2025, 11, 3),
    )
    assert got == [("completed", "remains", ("hamas", "israel"), 3, "exact")]


def test_a_plan_told_done_by_a_later_countless_sentence_is_completed_on_its_day() -> None:
    text = (
        "On December 7, an agreement was reached on the release of 32 Armenian servicemen "
        "by Azerbaijan and 2 Azerbaijani servicemen by Armenia. After checks by the Red "
        "Cross, in accordance with the agreement, on December 13, 2023, the above-mentioned "
        "military personnel were handed over at the border."
    )
    got = records(text, dt.date(2023, 12, 13))
    assert sorted((r.status, r.from_party, r.to_party, r.count, r.date) for r in got) == [
        ("completed", "armenia", "azerbaijan", 2, dt.date(2023, 12, 13)),
        ("completed", "azerbaijan", "armenia", 32, dt.date(2023, 12, 13)),
    ]
    # without the sentence that tells it done, the same agreement stays a plan
    plan = records(text.split(" After")[0], dt.date(2023, 12, 13))
    assert {r.status for r in plan} == {"planned"}


def test_the_day_an_agreement_was_made_is_not_the_day_of_the_handover() -> None:
    got = records(
        "Russia and Ukraine on Sunday completed the exchange, each side handing over a final "
        "303 servicemen on the last day of the swap agreed at talks in Istanbul on May 16.",
        dt.date(2025, 5, 25),
    )
    assert {r.date for r in got} == {dt.date(2025, 5, 25)}


def test_a_quote_restating_a_dated_count_is_the_same_record_not_a_neighbours_day() -> None:
    got = records(
        "Russia and Ukraine on Sunday completed the exchange, each side handing over a final "
        "303 servicemen. On Saturday, the two sides swapped 307 soldiers each.\n"
        '"303 Ukrainian defenders are home," President Volodymyr Zelensky wrote.',
        dt.date(2025, 5, 25),
    )
    to_ukraine = [(r.count, r.date) for r in got if r.to_party == "ukraine"]
    assert sorted(to_ukraine) == [(303, dt.date(2025, 5, 25)), (307, dt.date(2025, 5, 24))]


def test_the_remaining_batch_of_an_equal_count_is_a_second_record() -> None:
    got = rows(
        "Hamas will release hostages in two phases. The first phase will involve the "
        "release of 10 Israeli hostages. The second phase will see the release of the "
        "remaining 10 Israeli hostages.",
        dt.date(2025, 10, 13),
    )
    assert got.count(("planned", "prisoners", ("hamas", "israel"), 10, "exact")) == 2


def test_the_people_of_a_handover_told_again_on_arrival_are_the_same_record() -> None:
    got = records(
        "On May 31, Russia and Ukraine conducted a prisoner exchange, with each nation "
        "reclaiming 75 individuals. The 75 Russian soldiers released from Ukrainian "
        "captivity arrived in Moscow today for rehabilitation.",
        dt.date(2024, 6, 1),
    )
    assert sorted((r.from_party, r.to_party, r.count, r.date) for r in got) == [
        ("russia", "ukraine", 75, dt.date(2024, 5, 31)),
        ("ukraine", "russia", 75, dt.date(2024, 5, 31)),
    ]


def test_a_handover_begun_since_the_truce_is_a_plan_for_its_whole_not_a_total() -> None:
    got = rows(
        "Since the start of the truce, Hamas has begun handing over the remains of 28 dead "
        "Israeli captives."
    )
    assert got == [("planned", "remains", ("hamas", "israel"), 28, "exact")]
    total = rows("Since the start of the truce, Hamas has handed over the remains of 15 captives.")
    assert [r[0] for r in total] == ["cumulative"]


def test_a_transfer_noun_that_only_sets_the_scene_does_not_make_a_two_way_total() -> None:
    got = rows(
        "Russia and Ukraine swapped prisoners on Thursday. As part of the exchange, 10 "
        "foreigners who defended Ukraine have also been freed."
    )
    assert got == [("completed", "prisoners", ("russia", "ukraine"), 10, "exact")]


def test_foreigners_who_fought_for_a_side_go_to_that_side() -> None:
    got = rows("Russia freed 5 foreign volunteers who fought for Ukraine, Kyiv said.")
    assert got == [("completed", "prisoners", ("russia", "ukraine"), 5, "exact")]


def test_an_n_for_n_deal_is_done_only_where_the_sentence_says_so() -> None:
    done = rows(
        "The Russian Defence Ministry said the 1,000-for-1,000 exchange had been carried out in full."
    )
    assert sorted(done) == [
        ("completed", "prisoners", ("russia", "ukraine"), 1000, "exact"),
        ("completed", "prisoners", ("ukraine", "russia"), 1000, "exact"),
    ]
    headline = rows("Russia and Ukraine complete 1,000-for-1,000 prisoner swap")
    assert {r[0] for r in headline} == {"completed"} and len(headline) == 2
    named = rows(
        "Russia and Ukraine agreed the exchange. Given the scale of the 1000-for-1000 exchange, it will take some time."
    )
    assert {r[0] for r in named} == {"planned"} and len(named) == 2


def test_what_a_deal_has_delivered_so_far_is_a_running_total() -> None:
    got = rows(
        "By his count, 6,060 bodies had already been returned to Ukraine under the Istanbul "
        "arrangements, Medinsky said."
    )
    assert got == [("cumulative", "remains", ("russia", "ukraine"), 6060, "exact")]
    one = rows("On Friday, Russia returned 1,200 Ukrainian bodies under the Istanbul agreements.")
    assert [r[0] for r in one] == ["completed"]


def test_the_government_is_the_side_whose_counterpart_the_page_names() -> None:
    text = (
        "The Houthis and Yemen's government completed their prisoner exchange on Sunday. "
        "The government side freed 706 Houthi detainees, while the Houthis released 181 "
        "people, among them Saudi nationals who had fought with the Saudi-led coalition."
    )
    got = rows(text, dt.date(2023, 4, 16))
    assert ("completed", "prisoners", ("yemen_government", "houthis"), 706, "exact") in got
    assert ("completed", "prisoners", ("houthis", "yemen_government"), 181, "exact") in got
    # on a page about another war "the government" names no side
    other = rows("The government side freed 40 prisoners, the Kremlin said.")
    assert all("yemen_government" not in r[2] for r in other)


def test_people_freed_by_the_two_sides_are_a_two_way_total_of_the_page_s_exchange() -> None:
    got = rows(
        "The Houthis and the Yemeni government swapped prisoners, among them Saudi and "
        "Sudanese nationals. It is the largest exchange since October 2020, when more than "
        "1,000 prisoners were freed by the two sides."
    )
    assert got == [("completed", "prisoners", ("houthis", "yemen_government"), 1000, "more_than")]


def test_a_count_gapped_with_a_dash_takes_the_verb_of_the_clause_before() -> None:
    got = rows("Ukraine received 6,060 bodies, Russia — 78, the officials said.")
    assert sorted(got) == [
        ("completed", "remains", ("russia", "ukraine"), 6060, "exact"),
        ("completed", "remains", ("ukraine", "russia"), 78, "exact"),
    ]


def test_a_round_up_s_next_item_about_another_war_does_not_take_its_day() -> None:
    got = records(
        "Hamas freed seven Israeli hostages on Monday morning.\n\n"
        "Armenia handed over two Azerbaijani soldiers, while Azerbaijan released 32 "
        "Armenian servicemen.",
        dt.date(2025, 6, 15),
    )
    days = {(r.from_party, r.count): r.date for r in got}
    assert days[("hamas", 7)] == dt.date(2025, 6, 9)
    assert days[("armenia", 2)] is None and days[("azerbaijan", 32)] is None


def test_due_to_release_is_a_plan() -> None:
    got = rows("Israel is due to release 250 Palestinian prisoners serving life sentences.")
    assert got == [("planned", "prisoners", ("israel", "palestinians"), 250, "exact")]
    done = rows("Israel managed to release 250 Palestinian prisoners before dawn.")
    assert [r[0] for r in done] == ["completed"]


def test_a_meeting_s_day_beside_a_handover_is_not_the_handover_s() -> None:
    got = records(
        "It was the second round of Russia-Ukraine talks, after a first meeting on May 16 whose only "
        "tangible result was the 1,000-for-1,000 exchange carried out over three days in "
        "late May.",
        dt.date(2025, 6, 2),
    )
    assert len(got) == 2 and {r.date for r in got} == {None}


def test_it_so_far_returned_20_is_the_side_and_kind_told_just_before() -> None:
    got = rows(
        "Since the start of the truce, Hamas has begun handing over the remains of 28 dead "
        "Israeli captives.\n\nOf the latter, it has so far returned 20 -- including 18 "
        "Israelis, one Thai national and one Nepali."
    )
    assert ("cumulative", "remains", ("hamas", "israel"), 20, "exact") in got
    assert ("planned", "remains", ("hamas", "israel"), 28, "exact") in got


LONG_PREAMBLE = "The talks went on for hours and ended without a statement. " * 300


def test_a_count_far_into_a_long_article_is_read_in_any_spelling() -> None:
    # sentences without a number are passed over; the one with the count must not be
    for sentence, count in [
        ("Russia returned the bodies of 1,212 Ukrainian soldiers.", 1212),
        ("Russia handed over Twelve Ukrainian soldiers to Ukraine.", 12),
        ("In the morning, Russia freed TWENTY-ONE Ukrainian soldiers.", 21),
    ]:
        got = rows("Headline\n" + LONG_PREAMBLE + "\n" + LONG_PREAMBLE + sentence)
        assert [(g[2], g[3]) for g in got] == [(("russia", "ukraine"), count)], sentence


def test_it_is_the_side_named_in_the_sentence_before_even_when_that_has_no_number() -> None:
    for tail in ("", ", Israel said"):  # "it" is not the side the sentence itself names later
        got = rows(
            LONG_PREAMBLE
            + f"Hamas spoke to mediators on Sunday. Since then, it has returned 20 bodies{tail}."
        )
        assert got == [("completed", "remains", ("hamas", "israel"), 20, "exact")], tail
