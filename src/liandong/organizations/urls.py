from django.urls import path

from liandong.organizations.views import account, auth, directory, manage

app_name = "organizations"
urlpatterns = [
    path("login/", auth.login_view, name="login"),
    path("login/code/", auth.login_code_view, name="login_code"),
    path("login/enrol/", auth.enrol_view, name="enrol"),
    path("logout/", auth.logout_view, name="logout"),
    path("account/", account.account, name="account"),
    path("account/password/", auth.password_change_view, name="password_change"),
    path("account/tokens/", account.token_create, name="token_create"),
    path("account/tokens/<int:pk>/revoke/", account.token_revoke, name="token_revoke"),
    path("departments/", directory.roster, name="roster"),
    path("departments/new/", manage.department_create, name="department_create"),
    path("departments/<int:pk>/", directory.department_detail, name="department_detail"),
    path("departments/<int:pk>/edit/", manage.department_edit, name="department_edit"),
    path("departments/<int:department_pk>/people/new/", manage.user_create, name="user_create"),
    path(
        "departments/<int:department_pk>/liaisons/new/",
        manage.liaison_appoint,
        name="liaison_appoint",
    ),
    path("liaisons/<int:pk>/remove/", manage.liaison_remove, name="liaison_remove"),
    path("people/<int:pk>/edit/", manage.user_edit, name="user_edit"),
    path("people/<int:pk>/reset-password/", manage.user_reset_password, name="user_reset_password"),
    path("people/<int:pk>/unlock/", manage.user_unlock, name="user_unlock"),
    path(
        "people/<int:pk>/reset-second-factor/",
        manage.user_reset_second_factor,
        name="user_reset_second_factor",
    ),
]
