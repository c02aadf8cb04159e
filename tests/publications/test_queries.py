"""The index and a publication page cost the same number of queries with 10 or 100 publications."""

import datetime

import pytest

from tests.conftest import count_queries

from .factories import PublicationPageFactory, reserve_for_cos


def make_publications(index, count):
    pages = [
        PublicationPageFactory(
            parent=index,
            date=datetime.date(2021, 1, 1) + datetime.timedelta(days=n),
            tags=[f"Sujet {n % 7}", "Occitanie"],
            category=["actualite", "financement"][n % 2],
        )
        for n in range(count)
    ]
    reserve_for_cos(pages[0])
    for page in pages[1:4]:
        page.related_publications.create(publication=pages[0])
        page.related_publications.create(publication=pages[-1])
        page.save()
    return pages


@pytest.mark.parametrize("who", ["anonymous", "cos_member"])
@pytest.mark.parametrize(
    "url",
    ["/publications/", "/publications/?categorie=financement&annee=2021&etiquette=occitanie", "/publications/?page=2"],
)
def test_index_queries_do_not_grow(client, request, index, who, url):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    make_publications(index, 12)
    with_few = count_queries(client, url)
    make_publications(index, 30)
    with_many = count_queries(client, url)
    assert with_few == with_many


def test_query_counts_10_vs_100(client, index):
    pages = make_publications(index, 10)
    measures = {"index 10": count_queries(client, "/publications/"), "page 10": count_queries(client, pages[2].url)}
    pages += make_publications(index, 90)
    measures["index 100"] = count_queries(client, "/publications/")
    measures["page 100"] = count_queries(client, pages[2].url)
    print(measures)
    assert measures["index 10"] == measures["index 100"]
    assert measures["page 10"] == measures["page 100"]


@pytest.mark.parametrize("who", ["anonymous", "cos_member"])
def test_publication_page_queries_do_not_grow(client, request, index, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    pages = make_publications(index, 10)
    with_few = count_queries(client, pages[2].url)
    make_publications(index, 30)
    with_many = count_queries(client, pages[2].url)
    assert with_few == with_many


def test_home_page_queries_do_not_grow(client, index):
    make_publications(index, 10)
    with_few = count_queries(client, "/")
    make_publications(index, 30)
    assert count_queries(client, "/") == with_few
