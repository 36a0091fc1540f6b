"""The finance officer's pages, mounted at ``/staff/finance/`` (namespace ``staff_finance``)."""

from django.urls import path

from admissions.backoffice import finance_views as views

app_name = "staff_finance"

urlpatterns = [
    path("", views.home, name="home"),
    path("applications/<str:reference>/", views.application_page, name="application"),
    path("applications/<str:reference>/transfer/", views.reconcile, name="reconcile"),
    path("applications/<str:reference>/defer/", views.defer, name="defer"),
    path("applications/<str:reference>/end-deferral/", views.end_deferral, name="end_deferral"),
    path("applications/<str:reference>/refund/", views.refund, name="refund"),
    path("statements/", views.statement_list, name="statements"),
    path("statements/<uuid:public_id>/", views.statement_page, name="statement"),
    path("statements/<uuid:public_id>/apply/", views.apply_statement, name="apply_statement"),
    path("statements/<uuid:public_id>/discard/", views.discard_statement, name="discard_statement"),
    path("waivers/", views.waiver_list, name="waivers"),
    path("waivers/<uuid:waiver_id>/decide/", views.decide_waiver, name="decide_waiver"),
    path("waivers/<uuid:waiver_id>/proof", views.waiver_proof, name="waiver_proof"),
    path("receipts/<str:number>.pdf", views.receipt_pdf, name="receipt"),
]
