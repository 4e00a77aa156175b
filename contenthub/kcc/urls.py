from django.urls import path

from contenthub.kcc import views

app_name = "kcc"

urlpatterns = [
    path("", views.start, name="start"),
    path("<slug:slug>/", views.zoeken, name="zoeken"),
    path("<slug:slug>/resultaten", views.resultaten, name="resultaten"),
    path("<slug:slug>/<str:soort>/<uuid:uuid>/", views.antwoord, name="antwoord"),
    path("<slug:slug>/<str:soort>/<uuid:uuid>/terugmelding", views.terugmelding, name="terugmelding"),
    path("<slug:slug>/<str:soort>/<uuid:uuid>/bevestiging", views.bevestiging, name="bevestiging"),
]
