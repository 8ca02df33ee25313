"""Small outlines written for the core tests (our own text)."""

MINIMAL = '''
[meeting]
title = "在全镇秋季防火工作会议上的讲话"
speaker = "周平"
post = "镇长"
date = 2026-10-09
office = "某某镇人民政府办公室"

[[agenda]]
who = "镇应急办"
about = "近期火情隐患排查情况"

[[sections]]
heading = "认清形势，绷紧防火这根弦"
paragraphs = ["入秋以来雨水偏少，山林草木干燥，防火压力明显加大。"]

[[sections]]
heading = "压实责任，把措施落到山头地块"
[sections.list]
style = "是"
items = ["守住入山路口。各村要在主要路口设卡登记。", "管住野外用火。严禁烧荒烧秸秆。"]

[guarantees]
heading = "强化保障，确保不发生大的火情"
[guarantees.list]
style = "要"
items = ["加强值守，畅通信息。", "备足物资，随时能战。"]
'''


def with_sections(n: int) -> str:
    """An outline with n plain sections plus the default guarantees part."""
    parts = ['[meeting]\ntitle = "在全区环境整治推进会上的讲话"\n']
    for i in range(n):
        parts.append(f'[[sections]]\nheading = "第{i}项工作的标题"\nparagraphs = ["这是第{i}项工作的正文。"]\n')
    parts.append('[guarantees]\nheading = "加强领导，确保整治见效"\nparagraphs = ["各级要把整治工作摆上议程。"]\n')
    return "\n".join(parts)


# A very small complete outline, numbered: many of them make a quick batch.
TINY = '''[meeting]
title = "在第{n}次工作例会上的讲话"

[[sections]]
heading = "抓好第{n}项重点工作"
paragraphs = ["这项工作时间紧、任务重，各有关单位要密切配合。"]
'''
