"""Database engine and session handling."""
import os
from contextlib import contextmanager

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://orderdesk@localhost:5432/orderdesk")

engine = create_engine(DATABASE_URL, pool_pre_ping=True, future=True)
SessionLocal = sessionmaker(bind=engine, autoflush=False, future=True)


@contextmanager
def session_scope():
    """Provide a transactional scope around a series of operations."""
    session = SessionLocal()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def init_db():
    from orderdesk.models import Base

    Base.metadata.create_all(bind=engine)


def _reset_for_tests(url="sqlite://"):
    global engine
    engine = create_engine(url, future=True)
    SessionLocal.configure(bind=engine)
    return engine
