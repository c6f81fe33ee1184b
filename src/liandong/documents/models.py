from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberSequence(models.Model):
    """The last number given for one department, kind of document and year (发文字号)."""

    department = models.ForeignKey(
        "organizations.Department", on_delete=models.PROTECT, related_name="number_sequences"
    )
    kind = models.CharField(_("文种"), max_length=30)
    year = models.PositiveSmallIntegerField(_("年份"))
    last = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "kind", "year"], name="one_sequence_per_department_kind_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.kind} {self.year}: {self.last}"
