#include "graph/model.hpp"

#include <doctest/doctest.h>

using namespace newsgraph;

TEST_CASE("entity ids are stable slugs of type and name") {
  CHECK(make_entity_id(EntityType::PERSON, "Mark Rutte") == "person/mark-rutte");
  CHECK(make_entity_id(EntityType::PERSON, "Kim Jong-un") == make_entity_id(EntityType::PERSON, "Kim Jong Un"));
  CHECK(make_entity_id(EntityType::GPE, "U.S.") == "gpe/us");
  CHECK(make_entity_id(EntityType::ORG, "O'Neill & Co.") == "org/oneill-co");
  CHECK(make_entity_id(EntityType::PERSON, "Ærø Østergård") == "person/ærø-østergård");
  CHECK(make_entity_id(EntityType::MISC, "!!!") == "misc/-");
}

TEST_CASE("entity types round-trip through their names") {
  for (int i = 0; i < kEntityTypeCount; ++i) {
    const auto t = static_cast<EntityType>(i);
    CHECK(parse_entity_type(to_string(t)) == t);
  }
  CHECK_FALSE(parse_entity_type("person").has_value());
}

TEST_CASE("fnv1a64 matches the published test vectors") {
  CHECK(fnv1a64("") == 0xcbf29ce484222325ull);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cull);
}
