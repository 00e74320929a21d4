from pydantic import BaseModel, ConfigDict, EmailStr


class UserIn(BaseModel):
    email: EmailStr
    full_name: str = ""


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: EmailStr
    full_name: str
    is_active: bool


class UserPatch(BaseModel):
    id: int
    full_name: str | None = None
    is_active: bool | None = None


class ItemIn(BaseModel):
    title: str
    description: str = ""


class ItemOut(ItemIn):
    model_config = ConfigDict(from_attributes=True)

    id: int
    owner_id: int
