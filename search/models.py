"""The search's editable synonym list."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models

_SEPARATOR = re.compile(r"[,，、\n]+")


def split_terms(text: str) -> tuple[str, ...]:
    """"어르신, 노인 ,  노인분" → ("어르신", "노인", "노인분"); spaces inside a term stay."""
    terms = (" ".join(term.split()) for term in _SEPARATOR.split(text))
    return tuple(dict.fromkeys(term for term in terms if term))


class SynonymGroup(models.Model):
    """Words that mean the same to someone searching: a query with any one of
    them also finds pages that use another (search.analysis)."""

    terms = models.TextField(
        "같은 뜻의 낱말",
        help_text=(
            "쉼표(,)로 나누어 적습니다. 예: 어르신, 노인. 띄어쓰기는 무시됩니다(‘장애 아동’ = ‘장애아동’)."
        ),
    )
    note = models.CharField(
        "메모", max_length=200, blank=True, help_text="왜 같은 뜻으로 보는지 (검색에는 쓰이지 않음)"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = "검색 동의어"
        verbose_name_plural = "검색 동의어"

    def __str__(self):
        return ", ".join(self.term_list)

    @property
    def term_list(self) -> tuple[str, ...]:
        return split_terms(self.terms)

    def clean(self):
        if len(self.term_list) < 2:
            raise ValidationError({"terms": "같은 뜻의 낱말을 두 개 이상, 쉼표로 나누어 적어 주세요."})
        self.terms = ", ".join(self.term_list)
