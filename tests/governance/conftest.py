import pytest

from tests.governance.factories import GovernanceIndexPageFactory, TerritorialPoleIndexPageFactory
from tests.members.factories import MemberIndexPageFactory


@pytest.fixture
def member_index(home_page):
    return MemberIndexPageFactory(parent=home_page)


@pytest.fixture
def governance_index(home_page):
    return GovernanceIndexPageFactory(parent=home_page)


@pytest.fixture
def pole_index(governance_index):
    return TerritorialPoleIndexPageFactory(parent=governance_index)
