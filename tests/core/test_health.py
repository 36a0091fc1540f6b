import pytest

from admissions.core import health


def test_healthz_answers_while_the_process_is_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_database_storage_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "storage": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_readyz_leaves_no_file_behind(client, private_storage):
    client.get("/readyz")
    assert not list(private_storage.rglob("readyz-*"))


@pytest.mark.django_db
def test_readyz_names_the_storage_when_it_cannot_write(client, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the storage folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocked)},
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]
    assert response.json()["checks"]["database"] == "ok"


def test_readyz_names_the_database_when_it_is_unreachable(client):
    # No database access is granted to this test: the check's query raises, as it would
    # with the server down, and the answer must name the database.
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "database" in response.json()["failing"]
    assert health.CHECKS.keys() == {"database", "storage", "cache"}


@pytest.mark.django_db
def test_readyz_names_the_cache_when_its_table_was_never_created(client, settings):
    # Sign-in limits live in the cache: a database cache without its table (no
    # `createcachetable`) would refuse every sign-in, so the load balancer must know.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache_table_never_created",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]
