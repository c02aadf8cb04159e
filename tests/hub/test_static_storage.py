"""The static files' storage keeps each URL the manifest gives (core/storage.py)."""

import json

import pytest

from core.storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False  # the manifest's hashed names, as in production
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"paths": {"css/main.css": "css/main.0123abcd.css"}, "version": "1.1", "hash": "x"})
    )
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_the_manifests_url_is_kept(storage):
    assert storage.url("css/main.css") == "/static/css/main.0123abcd.css"
    storage.hashed_files = {}  # a manifest read again would not change what this process serves
    assert storage.url("css/main.css") == "/static/css/main.0123abcd.css"


def test_a_name_missing_from_the_manifest_is_still_refused(storage):
    for _ in range(2):  # and not kept
        with pytest.raises(ValueError):
            storage.url("css/absent.css")
