import pytest

from drafter.cnnum import cn_count, cn_number, heading_number, marker


@pytest.mark.parametrize("n, text", [(1, "一"), (2, "二"), (10, "十"), (11, "十一"), (19, "十九"),
                                     (20, "二十"), (21, "二十一"), (99, "九十九"), (100, "一百"),
                                     (105, "一百零五"), (110, "一百一十"), (115, "一百一十五")])
def test_ordinal_numerals(n, text):
    assert cn_number(n) == text


@pytest.mark.parametrize("n, text", [(1, "一"), (2, "两"), (3, "三"), (12, "十二"), (22, "二十二"), (200, "两百")])
def test_counts_say_liang_for_two(n, text):
    assert cn_count(n) == text


@pytest.mark.parametrize("style, total, expected", [
    ("是", 11, ["一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是", "十一是"]),
    ("要", 3, ["一要", "二要", "三要"]),
    ("第一", 2, ["第一，", "第二，"]),
    ("首先", 2, ["首先，", "其次，"]),
    ("首先", 3, ["首先，", "其次，", "最后，"]),
    ("首先", 4, ["首先，", "其次，", "再次，", "最后，"]),
    ("首先", 5, ["首先，", "其次，", "再次，", "此外，", "最后，"]),
])
def test_markers_follow_the_genre(style, total, expected):
    assert [marker(style, i, total) for i in range(total)] == expected


def test_heading_numbers_of_four_levels():
    assert [heading_number(1, 3), heading_number(2, 12), heading_number(3, 4), heading_number(4, 2)] == \
        ["三、", "（十二）", "4.", "（2）"]
