import pytest

from tests.members.factories import MemberIndexPageFactory


@pytest.fixture
def member_index(home_page):
    return MemberIndexPageFactory(parent=home_page)
