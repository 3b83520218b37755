def test_the_world_fixture_builds_through_the_services(make_case):
    case = make_case("in_review")
    assert case.events.count() == 3
