from __future__ import annotations

import datetime as dt

import pytest

from community import services
from community.models import ModelKind


@pytest.fixture
def kind():
    def _kind(code: str) -> ModelKind:
        return ModelKind.objects.get(code=code)

    return _kind


@pytest.fixture
def day():
    """A date a few days ago (services refuse dates in the future)."""
    return dt.date.today() - dt.timedelta(days=3)


@pytest.fixture
def cadre(world):
    def _cadre(area=None, name="Nguyễn Văn Cán", actor=None, **kw):
        return services.add_cadre(world.commune, actor=actor or world.front, full_name=name, area=area, **kw)

    return _cadre


@pytest.fixture
def session(world, day):
    def _session(held_on=None, actor=None, area=None, **kw):
        data = {"topic": "Kỹ năng vận động phòng, chống tội phạm", "organiser": "Ủy ban MTTQ xã", "hours": 4}
        data.update(kw)
        return services.record_training_session(world.commune, actor=actor or world.front, held_on=held_on or day, area=area, **data)

    return _session
