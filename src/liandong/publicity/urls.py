from django.urls import path

from liandong.publicity import views

app_name = "publicity"
urlpatterns = [
    path("", views.publication_list, name="list"),
    path("new/", views.publication_new, name="new"),
    path("<int:pk>/", views.publication_detail, name="detail"),
    path("<int:pk>/edit/", views.publication_edit, name="edit"),
    path("<int:pk>/anonymise/", views.publication_anonymise, name="anonymise"),
    path("<int:pk>/submit/", views.publication_submit, name="submit"),
    path("<int:pk>/approve/", views.publication_approve, name="approve"),
    path("<int:pk>/return/", views.publication_return, name="return"),
    path("<int:pk>/withdraw/", views.publication_withdraw, name="withdraw"),
]
