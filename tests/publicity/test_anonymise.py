"""The anonymiser (plain Python): names, ID numbers and telephone numbers are masked and listed;
organisations, amounts, dates, document numbers and 统一社会信用代码 are left as they are."""

import pytest

from liandong.publicity.anonymise import (
    ID_NUMBER,
    LANDLINE,
    MOBILE,
    NAME,
    anonymise,
    anonymise_all,
    mask_name,
    split_names,
)

VALID_ID = "350502198503121231"
OTHER_ID = "110105199003070017"


def _listed(result) -> list[str]:
    return [str(c) for c in result.changes]


def test_it_masks_a_name_to_the_surname_and_lists_how_often():
    result = anonymise("张三到场。张三签字确认。", names=["张三"])
    assert result.text == "张某到场。张某签字确认。"
    assert _listed(result) == ["姓名 张三 → 张某（2处）"]


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张某"),
        ("王小明", "王某"),
        ("欧阳娜娜", "欧阳某"),
        ("司马光", "司马某"),
        ("诸葛亮", "诸葛某"),
        ("欧阳", "欧某"),  # two characters: the surname 欧 and the given name 阳
        ("买买提·艾力", "买某"),
    ],
)
def test_compound_surnames_are_kept_whole(name, masked):
    assert mask_name(name) == masked
    assert anonymise(f"当事人{name}。", names=[name]).text == f"当事人{masked}。"


def test_two_people_who_would_read_alike_are_told_apart():
    result = anonymise("张三将材料交给张四，张四转交张三。", names=["张三", "张四"])
    assert result.text == "张某甲将材料交给张某乙，张某乙转交张某甲。"
    assert _listed(result) == ["姓名 张三 → 张某甲（2处）", "姓名 张四 → 张某乙（2处）"]


def test_a_name_given_but_absent_does_not_change_how_the_others_read():
    assert anonymise("张三签字。", names=["张三", "张四"]).text == "张某签字。"


def test_names_already_masked_and_single_characters_are_left_alone():
    result = anonymise("评审专家王某和张到场。", names=["王某", "张", ""])
    assert result.text == "评审专家王某和张到场。" and not result.changed


def test_a_longer_name_wins_over_a_shorter_one_inside_it():
    result = anonymise("欧阳娜娜与欧阳签字。", names=["欧阳", "欧阳娜娜"])
    assert result.text == "欧阳某与欧某签字。"


def test_an_organisation_keeps_its_name_even_with_a_persons_name_inside():
    text = "张三是泉州张三建材有限公司的法定代表人。"
    result = anonymise(text, names=["张三"], keep=["泉州张三建材有限公司"])
    assert result.text == "张某是泉州张三建材有限公司的法定代表人。"
    assert _listed(result) == ["姓名 张三 → 张某（1处）"]


def test_an_id_number_keeps_its_region_code_and_is_listed_by_its_last_four():
    result = anonymise(f"身份证号码{VALID_ID}，住址略。")
    assert result.text == "身份证号码350502************，住址略。"
    (change,) = result.changes
    assert change.kind == ID_NUMBER and change.original == "**************1231"
    assert VALID_ID not in str(change)


def test_an_id_number_with_a_lower_case_x_and_one_with_a_wrong_check_digit_are_masked():
    result = anonymise("11010519491231002x、350502198503121235")
    assert result.text == "110105************、350502************"


def test_a_valid_unified_social_credit_code_is_not_an_id_number():
    text = "统一社会信用代码914403001922038216、91350502MA2XN8PY3C。"
    assert anonymise(text).text == text


def test_mobile_numbers_keep_their_first_three_digits_in_every_usual_form():
    text = "手机13859501234，或138-5950-1234，或+86 138 5950 1234。"
    result = anonymise(text)
    assert result.text == "手机138********，或138-****-****，或+86 138 **** ****。"
    assert [c.kind for c in result.changes] == [MOBILE, MOBILE, MOBILE]


def test_landlines_keep_their_area_code():
    result = anonymise("电话0595-22345678，传真（0595）22345679，座机：2234567。")
    assert result.text == "电话0595-********，传真（0595）********，座机：*******。"
    assert {c.kind for c in result.changes} == {LANDLINE}


TOUCH_NOT = [
    "罚款12000元，预算2600000元，中标金额13500000000元。",
    "决定日期2026-03-01，即2026年3月1日，20260301。",
    "泉鲤政财〔2026〕1号、泉鲤政财罚〔2026〕12号",
    "项目编号QZLC-2026-0318，合同编号HT-0595-20260301。",
    "统一社会信用代码91350502MA8UP7QK24",
    "评分相差0.5分，占比13.5%，共计13599999999万元。",
    "服务热线12345，400-888-1234。",
    "泉州某某科技有限公司、福建某招标代理有限公司",
]


@pytest.mark.parametrize("text", TOUCH_NOT)
def test_amounts_dates_document_numbers_and_codes_are_not_touched(text):
    result = anonymise(text, names=["张三"])
    assert result.text == text and result.changes == ()


def test_title_and_body_are_masked_alike_and_counted_together():
    result = anonymise_all(["张三案", "张三、张四"], names=["张三", "张四"])
    assert result.texts == ("张某甲案", "张某甲、张某乙")
    assert _listed(result) == ["姓名 张三 → 张某甲（2处）", "姓名 张四 → 张某乙（1处）"]


def test_anonymising_masked_text_again_changes_nothing():
    first = anonymise(f"张三（{VALID_ID}，13859501234）", names=["张三"])
    again = anonymise(first.text, names=["张三"])
    assert again.text == first.text and not again.changed


def test_everything_in_one_text_at_once():
    text = f"{OTHER_ID}号码的持有人欧阳娜娜，电话13905951234，与张三（{VALID_ID}）"
    result = anonymise(text, names=["欧阳娜娜", "张三"])
    assert result.text == (
        "110105************号码的持有人欧阳某，电话139********，与张某（350502************）"
    )
    assert [c.kind for c in result.changes] == [ID_NUMBER, NAME, MOBILE, NAME, ID_NUMBER]


def test_names_are_typed_one_a_line_or_with_separators():
    assert split_names("张三\n李四、王五， 赵六;钱七") == ["张三", "李四", "王五", "赵六", "钱七"]


def test_the_module_does_not_import_django():
    import liandong.publicity.anonymise as module

    with open(module.__file__, encoding="utf-8") as source:
        code = [line for line in source if line.startswith(("import ", "from "))]
    assert code and not [line for line in code if "django" in line]
