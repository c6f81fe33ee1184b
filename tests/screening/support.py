"""Screening in the platform: FIN allowed to screen, a data set uploaded and run."""

from django.core.files.base import ContentFile

from liandong.evidence import actions as evidence
from liandong.screening import actions
from liandong.screening import demo as screening_demo


def allowed(cast, department=None):
    return actions.grant_access(department or cast.fin, acting_user=cast.admin)


def uploaded(cast, data: bytes | None = None, name="开标数据.csv", user=None):
    user = user or cast.fin_officer
    upload = evidence.upload_file(
        ContentFile(data if data is not None else screening_demo._csv(), name=name),
        acting_user=user,
    )
    return actions.upload_dataset(title="开标数据", upload_id=upload.pk, acting_user=user)


def screened(cast, **kwargs):
    dataset = uploaded(cast, **kwargs)
    actions.run(dataset.pk)
    dataset.refresh_from_db()
    return dataset
