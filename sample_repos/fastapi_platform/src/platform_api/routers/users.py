"""User accounts."""
from fastapi import APIRouter, Depends, Header, HTTPException, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from platform_api.config import settings
from platform_api.db import get_session
from platform_api.models import User
from platform_api.schemas import UserIn, UserOut, UserPatch


def require_admin(x_admin_token: str = Header(default="")):
    if not settings.ADMIN_TOKEN or x_admin_token != settings.ADMIN_TOKEN:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "admin token required")


router = APIRouter(prefix="/users", tags=["users"])
admin_router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(require_admin)])


@router.get("/{user_id}", response_model=UserOut)
def read_user(user_id: int, session: Session = Depends(get_session)):
    """One user by id."""
    user = session.get(User, user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such user")
    return user


@router.post("/", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(payload: UserIn, session: Session = Depends(get_session)):
    if session.scalar(select(User).where(User.email == payload.email)):
        raise HTTPException(status.HTTP_409_CONFLICT, "email already registered")
    user = User(email=payload.email, full_name=payload.full_name)
    session.add(user)
    session.flush()
    return user


@router.api_route("/bulk", methods=["PUT", "PATCH"], response_model=list[UserOut])
def bulk_update(patches: list[UserPatch], session: Session = Depends(get_session)):
    # the HR sync sends PUT, the admin UI sends PATCH; same semantics
    updated = []
    for patch in patches:
        user = session.get(User, patch.id)
        if user is None:
            continue
        for field, value in patch.model_dump(exclude_unset=True, exclude={"id"}).items():
            setattr(user, field, value)
        updated.append(user)
    return updated


@admin_router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def deactivate_user(user_id: int, session: Session = Depends(get_session)):
    user = session.get(User, user_id)
    if user is not None:
        user.is_active = False


@admin_router.post("/{user_id}/promote", response_model=UserOut)
def promote_user(user_id: int, session: Session = Depends(get_session)):
    """Make a user an administrator."""
    user = session.get(User, user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such user")
    user.is_admin = True
    return user


# after the admin routes are declared: include_router copies the routes it finds
router.include_router(admin_router)
