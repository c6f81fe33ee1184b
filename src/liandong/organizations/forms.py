from django import forms
from django.utils.translation import gettext_lazy as _

from liandong.organizations import rules
from liandong.organizations.models import Department, DepartmentKind, LiaisonRank, Role, User


class LoginForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autofocus=True, autocomplete="username")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("动态口令"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("原密码"), widget=forms.PasswordInput, strip=False)
    new_password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput, strip=False)
    new_password_again = forms.CharField(
        label=_("再次输入新密码"), widget=forms.PasswordInput, strip=False
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("两次输入的新密码不一致。"))
        return data


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("单位全称"), max_length=100)
    short_name = forms.CharField(label=_("简称"), max_length=30)
    kind = forms.ChoiceField(label=_("类别"), choices=DepartmentKind.choices)
    is_member = forms.BooleanField(label=_("成员单位"), required=False, initial=True)
    is_lead = forms.BooleanField(label=_("牵头单位"), required=False)
    doc_prefix = forms.CharField(label=_("发文代字"), max_length=20, required=False)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def for_department(cls, department: Department, data=None):
        initial = {name: getattr(department, name) for name in cls.base_fields if name != "version"}
        initial["version"] = department.version
        return cls(data, initial=initial)


class UserForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=50)
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    department = forms.ModelChoiceField(label=_("所在单位"), queryset=Department.objects.none())
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    title = forms.CharField(label=_("职务"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, departments, editing: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments.filter(is_member=True)
        if editing is not None:
            del self.fields["username"]
        else:
            del self.fields["is_active"]
            del self.fields["version"]

    @classmethod
    def for_user(cls, person: User, departments, data=None):
        initial = {
            "full_name": person.full_name,
            "department": person.department_id,
            "role": person.role,
            "title": person.title,
            "phone": person.phone,
            "email": person.email,
            "is_active": person.is_active,
            "version": person.version,
        }
        return cls(data, initial=initial, departments=departments, editing=person)


class LiaisonForm(forms.Form):
    user = forms.ModelChoiceField(label=_("人员"), queryset=User.objects.none())
    rank = forms.ChoiceField(label=_("类别"), choices=LiaisonRank.choices)

    def __init__(self, *args, department: Department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = department.people.filter(is_active=True)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("用途"), max_length=100)
    days = forms.IntegerField(
        label=_("有效期（日）"),
        initial=rules.TOKEN_DAYS.value,
        min_value=1,
        max_value=rules.TOKEN_MAX_DAYS,
        help_text=_("到期自动失效；修改密码、密码被重置或账户停用时，全部令牌立即失效。"),
    )
