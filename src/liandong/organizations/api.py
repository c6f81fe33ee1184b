from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from liandong.organizations import actions
from liandong.organizations.models import Department, DepartmentKind, Liaison, LiaisonRank, User

router = Router(tags=["成员单位与人员"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class DepartmentRef(Schema):
    id: int
    name: str
    short_name: str


class LiaisonOut(Schema):
    id: int
    rank: LiaisonRank
    user_id: int
    full_name: str = Field(..., alias="user.full_name")
    phone: str = Field(..., alias="user.phone")


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    role: str
    role_display: str = Field(..., alias="get_role_display")
    department: DepartmentRef
    jurisdiction: str = Field(..., alias="department.jurisdiction.name")
    liaison_rank: LiaisonRank | None
    requires_second_factor: bool


class DepartmentOut(Schema):
    id: int
    kind: DepartmentKind
    kind_display: str = Field(..., alias="get_kind_display")
    is_member: bool
    is_lead: bool
    name: str
    short_name: str
    doc_prefix: str
    uscc: str
    phone: str
    address: str
    is_active: bool
    version: int
    liaisons: list[LiaisonOut]

    @staticmethod
    def resolve_liaisons(department):
        return sorted(department.liaisons.all(), key=lambda li: li.rank != LiaisonRank.PRIMARY)


class DepartmentIn(Strict):
    kind: DepartmentKind
    name: str = Field(..., max_length=100)
    short_name: str = Field(..., max_length=30)
    is_member: bool = True
    is_lead: bool = False
    doc_prefix: str = Field("", max_length=20)
    uscc: str = Field("", max_length=18)
    phone: str = Field("", max_length=30)
    address: str = Field("", max_length=200)


class DepartmentPatch(Strict):
    version: int | None = Field(None, description="乐观锁：读取时的 version，已变化则拒绝")
    kind: DepartmentKind | None = None
    name: str | None = Field(None, max_length=100)
    short_name: str | None = Field(None, max_length=30)
    is_member: bool | None = None
    is_lead: bool | None = None
    doc_prefix: str | None = Field(None, max_length=20)
    uscc: str | None = Field(None, max_length=18)
    phone: str | None = Field(None, max_length=30)
    address: str | None = Field(None, max_length=200)
    is_active: bool | None = None


class PersonOut(Schema):
    id: int
    username: str
    full_name: str
    role: str
    title: str
    phone: str
    email: str
    is_active: bool
    liaison_rank: LiaisonRank | None


class LiaisonIn(Strict):
    user_id: int
    rank: LiaisonRank


def _departments(user):
    return Department.objects.visible_to(user).prefetch_related(
        Prefetch("liaisons", queryset=Liaison.objects.select_related("user"))
    )


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    return User.objects.select_related("department__jurisdiction", "liaison").get(
        pk=request.user.pk
    )


@router.get("/departments", response=list[DepartmentOut], summary="单位列表（含联络员）")
def list_departments(request, member: bool | None = None):
    departments = _departments(request.user)
    if member is not None:
        departments = departments.filter(is_member=member)
    return departments


@router.get("/departments/{int:department_id}", response=DepartmentOut, summary="单位详情")
def get_department(request, department_id: int):
    return get_object_or_404(_departments(request.user), pk=department_id)


@router.post("/departments", response={201: DepartmentOut}, summary="新增单位（系统管理员）")
def create_department(request, payload: DepartmentIn):
    department = actions.create_department(
        request.user.department.jurisdiction, acting_user=request.user, **payload.dict()
    )
    return Status(201, get_object_or_404(_departments(request.user), pk=department.pk))


@router.patch(
    "/departments/{int:department_id}", response=DepartmentOut, summary="修改单位（系统管理员）"
)
def update_department(request, department_id: int, payload: DepartmentPatch):
    department = get_object_or_404(Department.objects.visible_to(request.user), pk=department_id)
    # null means "leave as it is"; an empty string clears a text field.
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    version = changes.pop("version", None)
    actions.update_department(
        department, acting_user=request.user, expected_version=version, **changes
    )
    return get_object_or_404(_departments(request.user), pk=department_id)


@router.get("/departments/{int:department_id}/people", response=list[PersonOut], summary="单位人员")
def list_people(request, department_id: int):
    department = get_object_or_404(Department.objects.visible_to(request.user), pk=department_id)
    return (
        User.objects.visible_to(request.user)
        .filter(department=department)
        .select_related("liaison")
        .order_by("-is_active", "role", "id")
    )


@router.post(
    "/departments/{int:department_id}/liaisons",
    response={201: LiaisonOut},
    summary="指定联络员（系统管理员）",
)
def appoint_liaison(request, department_id: int, payload: LiaisonIn):
    department = get_object_or_404(Department.objects.visible_to(request.user), pk=department_id)
    person = get_object_or_404(department.people.all(), pk=payload.user_id)
    liaison = actions.appoint_liaison(person, rank=payload.rank, acting_user=request.user)
    return Status(201, liaison)


@router.delete(
    "/liaisons/{int:liaison_id}", response={204: None}, summary="撤销联络员（系统管理员）"
)
def remove_liaison(request, liaison_id: int):
    liaison = get_object_or_404(Liaison.objects.visible_to(request.user), pk=liaison_id)
    actions.remove_liaison(liaison, acting_user=request.user)
    return Status(204, None)
