"""The seed programmes load even when the standard document types were wiped from the database."""

from admissions.catalogue.models import DocumentType
from admissions.catalogue.services import load_programme_files
from admissions.catalogue.standard_types import STANDARD_CODES
from tests.conftest import PROGRAMMES_DIR


def test_loading_programmes_recreates_missing_standard_document_types(db):
    DocumentType.objects.filter(code__in=["cv", "mooc_certificate"]).delete()
    report = load_programme_files([PROGRAMMES_DIR])
    assert set(report.programmes) == {"msc-cps2-ai-iot", "post-master-ai"}
    assert set(DocumentType.objects.values_list("code", flat=True)) >= STANDARD_CODES


def test_a_standard_type_edited_by_staff_keeps_its_wording(db):
    DocumentType.objects.filter(code="cv").update(name_en="Résumé (2 pages)")
    load_programme_files([PROGRAMMES_DIR])
    assert DocumentType.objects.get(code="cv").name_en == "Résumé (2 pages)"
