from django.urls import path

from liandong.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("suggested-transfers/", views.suggestions, name="suggestions"),
    path("thresholds/", views.threshold_list, name="thresholds"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/facts/", views.case_facts, name="facts"),
    path("<int:pk>/move/", views.case_move, name="move"),
    path("<int:pk>/service/", views.case_serve, name="serve"),
    path("<int:pk>/hearing/", views.case_hearing, name="hearing"),
    path("<int:pk>/officers/", views.case_assign, name="assign"),
    path("<int:pk>/parties/", views.party_add, name="party_add"),
    path("<int:pk>/journal/", views.note_add, name="note_add"),
    path("<int:pk>/share/", views.case_share, name="share"),
]
