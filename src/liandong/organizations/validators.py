import datetime as dt
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as _Bad

from liandong.core.spreadsheets import looks_like_formula
from liandong.organizations.rules import PASSWORD_MIN_CLASSES, PASSWORD_MIN_LENGTH


def validate_uscc(value: str) -> str:
    """Check a 统一社会信用代码 (GB 32100-2015); returns it compacted, or raises with the reason."""
    try:
        return uscc.validate(value)
    except InvalidLength:
        raise ValidationError(_("统一社会信用代码应为18位。"), code="uscc_length") from None
    except InvalidChecksum:
        raise ValidationError(
            _("统一社会信用代码校验位错误，请核对后重新输入。"), code="uscc_checksum"
        ) from None
    except (InvalidFormat, _Bad):
        raise ValidationError(
            _("统一社会信用代码格式不正确：只能包含数字和除 I、O、Z、S、V 以外的大写字母。"),
            code="uscc_format",
        ) from None


def validate_id_number(value: str) -> str:
    """Check a 居民身份证号码 (GB 11643); returns it compacted, or raises with the reason."""
    try:
        number = ric.validate(value)
    except InvalidLength:
        raise ValidationError(_("身份证号码应为18位。"), code="id_length") from None
    except InvalidChecksum:
        raise ValidationError(
            _("身份证号码校验位错误，请核对后重新输入。"), code="id_checksum"
        ) from None
    except (InvalidFormat, _Bad):
        raise ValidationError(
            _("身份证号码格式不正确（出生日期或地区码无效）。"), code="id_format"
        ) from None
    if ric.get_birth_date(number) > dt.date.today():
        raise ValidationError(_("身份证号码中的出生日期晚于今天。"), code="id_future_birth")
    return number


def character_classes(password: str) -> int:
    classes = (
        string.ascii_uppercase,
        string.ascii_lowercase,
        string.digits,
    )
    found = sum(any(c in chars for c in password) for chars in classes)
    found += any(not c.isalnum() for c in password)
    return found


class CharacterClassesValidator:
    """At least three of: upper case, lower case, digits, symbols (RULES.md §9)."""

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < PASSWORD_MIN_CLASSES.value:
            raise ValidationError(self.get_help_text(), code="password_classes")

    def get_help_text(self) -> str:
        return _("密码须至少包含大写字母、小写字母、数字、符号中的 %(n)d 类。") % {
            "n": PASSWORD_MIN_CLASSES.value
        }


class MinimumLengthValidator:
    """At least eight characters (RULES.md §9); Django's own message lost its Chinese in 5.2."""

    def validate(self, password: str, user=None) -> None:
        if len(password) < PASSWORD_MIN_LENGTH.value:
            raise ValidationError(self.get_help_text(), code="password_too_short")

    def get_help_text(self) -> str:
        return _("密码长度不能少于 %(n)d 位。") % {"n": PASSWORD_MIN_LENGTH.value}


def validate_name(value: str) -> str:
    """A name (a company's, a person's) is a name: one that starts like a spreadsheet formula
    (=, +, -, @) is refused, as no register holds such a name and an export would run it."""
    if looks_like_formula(value.strip()):
        raise ValidationError(
            _("名称不能以 =、+、-、@ 等公式符号开头，请按营业执照或身份证件填写。"),
            code="formula",
        )
    return value
