"""The topic contract of DESIGN.md section 2, checked against itself.

Every schema is a valid draft 2020-12 schema; every valid example passes its schema and every
invalid one fails it (formats checked, so 2026-02-30 is not a date); every example names a
topic of topics.yaml and the schema of its message type; invalid estate examples carry a reason
of the decoder's vocabulary, and together they use every reason. Run from the repository root:
`python3 -m pytest -q topics/tests`.
"""

import json
import pathlib
import re

import jsonschema
import pytest
import yaml

TOPICS_DIR = pathlib.Path(__file__).resolve().parent.parent
SCHEMAS_DIR = TOPICS_DIR / "schemas"
VALID_DIR = TOPICS_DIR / "examples" / "valid"
INVALID_DIR = TOPICS_DIR / "examples" / "invalid"

# DESIGN.md section 2, in its order.
TOPIC_NAMES = [
    "estate.claimants", "estate.awards", "estate.payments", "backstop.control",
    "backstop.payments", "backstop.batches", "backstop.audit", "backstop.dlq",
]
ESTATE_TOPICS = ["estate.claimants", "estate.awards", "estate.payments"]

# DESIGN.md sections 2.1 to 2.3: each message type and the topic it travels on.
MESSAGE_TOPICS = {
    "ClaimantUpserted": "estate.claimants",
    "ClaimantDied": "estate.claimants",
    "AwardStarted": "estate.awards",
    "AwardRateChanged": "estate.awards",
    "AwardSuspended": "estate.awards",
    "AwardResumed": "estate.awards",
    "AwardEnded": "estate.awards",
    "DeductionSet": "estate.awards",
    "PaymentIssued": "estate.payments",
    "ControlEnvelope": "backstop.control",
    "ControlCommand": "backstop.control",
    "PaymentInstruction": "backstop.payments",
    "PaymentBatch": "backstop.batches",
    "AuditRecord": "backstop.audit",
}
ESTATE_EVENTS = [name for name, topic in MESSAGE_TOPICS.items() if topic in ESTATE_TOPICS]

# The decoder's rejection reasons (Sources/Entitlements/Events), the dlq.reason header values.
REASONS = {
    "NOT_JSON", "NOT_AN_OBJECT", "MISSING_FIELD", "WRONG_TYPE", "UNKNOWN_EVENT_TYPE",
    "INVALID_NINO", "INVALID_SORT_CODE", "INVALID_ACCOUNT_NUMBER", "INVALID_DATE",
    "INVALID_TIMESTAMP", "NEGATIVE_AMOUNT", "FIELD_TOO_LONG", "INVALID_VALUE",
}

# DOMAIN.md section 1, verbatim.
NINO_PATTERN = r"^(?!BG|GB|KN|NK|NT|TN|ZZ|CR|MW|NC)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$"

MINIMUM_EXAMPLES = {name: 3 if name in ESTATE_EVENTS else 2 for name in MESSAGE_TOPICS}


def load_json(path):
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def schema_for(message_type):
    return load_json(SCHEMAS_DIR / f"{message_type}.schema.json")


def validator_for(message_type):
    return jsonschema.Draft202012Validator(
        schema_for(message_type), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def example_paths(folder):
    return sorted(folder.glob("*.json"))


def example_id(path):
    return path.name


def instance_of(example):
    """The value a consumer would parse: `value`, or `rawValue` parsed as JSON (None if it is not JSON)."""
    if "rawValue" in example:
        try:
            return True, json.loads(example["rawValue"])
        except ValueError:
            return False, None
    return True, example["value"]


def all_strings(node):
    """Every string nested in a JSON value, with its path."""
    if isinstance(node, dict):
        for key, child in node.items():
            for path, text in all_strings(child):
                yield (key,) + path, text
    elif isinstance(node, list):
        for index, child in enumerate(node):
            for path, text in all_strings(child):
                yield (index,) + path, text
    elif isinstance(node, str):
        yield (), node


# ---- topics.yaml

@pytest.fixture(scope="module")
def topics():
    with (TOPICS_DIR / "topics.yaml").open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    assert isinstance(document, dict) and set(document) == {"topics"}
    return document["topics"]


def test_topics_are_the_eight_of_the_design(topics):
    assert [topic["name"] for topic in topics] == TOPIC_NAMES


def test_every_topic_is_well_formed(topics):
    for topic in topics:
        assert set(topic) == {"name", "partitions", "replicationFactor", "key", "description", "configs"}, topic["name"]
        assert isinstance(topic["partitions"], int) and topic["partitions"] >= 1, topic["name"]
        assert isinstance(topic["replicationFactor"], int) and topic["replicationFactor"] >= 1, topic["name"]
        assert isinstance(topic["key"], str) and topic["key"], topic["name"]
        assert isinstance(topic["description"], str) and topic["description"], topic["name"]
        configs = topic["configs"]
        assert isinstance(configs, dict) and configs, topic["name"]
        for name, value in configs.items():
            assert re.fullmatch(r"[a-z]+(\.[a-z]+)*", name), f"{topic['name']}: config name {name!r}"
            assert isinstance(value, str), f"{topic['name']}: {name} must be a string, is {value!r}"


def test_durability_settings(topics):
    for topic in topics:
        configs = topic["configs"]
        assert topic["replicationFactor"] == 3, topic["name"]
        assert int(configs["min.insync.replicas"]) == 2, topic["name"]
        assert int(configs["min.insync.replicas"]) < topic["replicationFactor"], topic["name"]
        assert configs["unclean.leader.election.enable"] == "false", topic["name"]
        assert configs["cleanup.policy"] == "delete", topic["name"]


def test_partition_counts(topics):
    by_name = {topic["name"]: topic for topic in topics}
    assert by_name["backstop.control"]["partitions"] == 1
    assert by_name["backstop.audit"]["partitions"] == 1
    assert len({by_name[name]["partitions"] for name in ESTATE_TOPICS}) == 1, "estate topics are co-partitioned"
    for name in ESTATE_TOPICS + ["backstop.payments", "backstop.batches", "backstop.dlq"]:
        assert by_name[name]["partitions"] == 12, name


def test_keys_follow_the_design(topics):
    keys = {topic["name"]: topic["key"] for topic in topics}
    assert keys == {
        "estate.claimants": "NINO", "estate.awards": "NINO", "estate.payments": "NINO",
        "backstop.control": "commandId", "backstop.payments": "NINO", "backstop.batches": "batchId",
        "backstop.audit": "commandId", "backstop.dlq": "original key",
    }


def test_estate_topics_are_kept_forever_and_audit_for_years(topics):
    by_name = {topic["name"]: topic["configs"] for topic in topics}
    for name in ESTATE_TOPICS:
        assert by_name[name]["retention.ms"] == "-1", name
        assert by_name[name]["retention.bytes"] == "-1", name
    six_years_ms = 6 * 365 * 24 * 3600 * 1000
    assert int(by_name["backstop.audit"]["retention.ms"]) >= six_years_ms


def test_dlq_holds_any_estate_record(topics):
    by_name = {topic["name"]: topic["configs"] for topic in topics}
    largest_estate = max(int(by_name[name]["max.message.bytes"]) for name in ESTATE_TOPICS)
    assert int(by_name["backstop.dlq"]["max.message.bytes"]) > largest_estate


# ---- schemas

SCHEMA_PATHS = sorted(SCHEMAS_DIR.glob("*.schema.json"))


def test_one_schema_per_message_type():
    assert sorted(path.name for path in SCHEMA_PATHS) == sorted(f"{name}.schema.json" for name in MESSAGE_TOPICS)


@pytest.mark.parametrize("path", SCHEMA_PATHS, ids=example_id)
def test_schema_is_valid(path):
    schema = load_json(path)
    jsonschema.Draft202012Validator.check_schema(schema)
    name = path.name.removesuffix(".schema.json")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == name
    assert schema["x-topic"] == MESSAGE_TOPICS[name]
    assert schema["type"] == "object"
    assert schema.get("additionalProperties", True) is True, "unknown fields are allowed (DESIGN.md section 2)"


@pytest.mark.parametrize("name", ESTATE_EVENTS)
def test_estate_event_common_fields(name):
    schema = schema_for(name)
    properties = schema["properties"]
    assert schema["required"][:4] == ["type", "eventId", "occurredAt", "nino"]
    assert properties["type"] == {"const": name, "description": properties["type"]["description"]}
    assert properties["eventId"]["maxLength"] == 64
    assert properties["occurredAt"]["format"] == "date-time"
    assert properties["nino"]["pattern"] == NINO_PATTERN
    if MESSAGE_TOPICS[name] != "estate.claimants":
        assert "awardId" in schema["required"]
        assert properties["awardId"]["maxLength"] == 32


def test_every_nino_pattern_is_the_domain_pattern():
    for path in SCHEMA_PATHS:
        for keys, text in all_strings(load_json(path)):
            if keys and keys[-1] == "pattern" and "nino" in keys:
                assert text == NINO_PATTERN, f"{path.name} {keys}"


@pytest.mark.parametrize("nino,valid", [
    ("AB123456C", True), ("HL987654A", True), ("CE135790B", True), ("TW102938D", True), ("ZY000000A", True),
    ("BG123456A", False), ("GB123456A", False), ("KN123456A", False), ("NK123456A", False),
    ("NT123456A", False), ("TN123456A", False), ("ZZ123456A", False), ("CR123456A", False),
    ("MW123456A", False), ("NC123456A", False), ("DA123456A", False), ("AD123456A", False),
    ("AO123456A", False), ("OA123456A", True), ("QQ123456C", False), ("AB123456E", False),
    ("AB12345C", False), ("AB1234567C", False), ("ab123456c", False), ("AB 12 34 56 C", False),
    ("AB123456C ", False), ("AB123456", False),
])
def test_nino_pattern(nino, valid):
    assert bool(re.search(NINO_PATTERN, nino)) is valid


# ---- examples

VALID_PATHS = example_paths(VALID_DIR)
INVALID_PATHS = example_paths(INVALID_DIR)


def check_envelope(path, example, invalid):
    expected = {"topic", "messageType", "description", "key"} | ({"expectedReason"} if invalid and example["topic"] in ESTATE_TOPICS else set())
    payload = {"value", "rawValue"} & set(example)
    assert len(payload) == 1, f"{path.name}: exactly one of value and rawValue"
    assert set(example) - payload == expected, f"{path.name}: fields {sorted(example)}"
    assert example["messageType"] in MESSAGE_TOPICS, f"{path.name}: no schema for {example['messageType']}"
    assert (SCHEMAS_DIR / f"{example['messageType']}.schema.json").is_file()
    assert example["topic"] in TOPIC_NAMES, f"{path.name}: unknown topic {example['topic']}"
    assert example["topic"] == MESSAGE_TOPICS[example["messageType"]], f"{path.name}: wrong topic"
    assert isinstance(example["description"], str) and example["description"]
    assert example["key"] is None or isinstance(example["key"], str)
    assert "rawValue" not in example or isinstance(example["rawValue"], str)
    assert path.name.startswith(example["messageType"] + "-"), f"{path.name}: name files <MessageType>-<what>.json"


@pytest.mark.parametrize("path", VALID_PATHS, ids=example_id)
def test_valid_example_passes_its_schema(path):
    example = load_json(path)
    check_envelope(path, example, invalid=False)
    assert "value" in example, "a valid example carries a JSON value"
    errors = [error.message for error in validator_for(example["messageType"]).iter_errors(example["value"])]
    assert errors == []
    value = example["value"]
    if example["topic"] in ESTATE_TOPICS:
        assert example["key"] == value["nino"], "estate records are keyed by NINO"


@pytest.mark.parametrize("path", INVALID_PATHS, ids=example_id)
def test_invalid_example_fails_its_schema(path):
    example = load_json(path)
    check_envelope(path, example, invalid=True)
    parsed, value = instance_of(example)
    if example["topic"] in ESTATE_TOPICS:
        assert example["expectedReason"] in REASONS
        assert (example["expectedReason"] == "NOT_JSON") == (not parsed), "NOT_JSON exactly when rawValue is not JSON"
    if not parsed:
        return
    errors = list(validator_for(example["messageType"]).iter_errors(value))
    assert errors, "an invalid example must fail its schema"


@pytest.mark.parametrize("path", INVALID_PATHS, ids=example_id)
def test_invalid_example_has_exactly_one_fault(path):
    """Each invalid value fails at exactly one place (one path into the value), so its reason is unambiguous."""
    example = load_json(path)
    parsed, value = instance_of(example)
    if not parsed:
        return
    places = {tuple(error.absolute_path) for error in validator_for(example["messageType"]).iter_errors(value)
              if error.validator not in ("if", "allOf")}
    assert len(places) <= 1, f"faults at {sorted(places, key=str)}"


def patterned_strings(schema, value, path=()):
    """Each string of `value` whose whole form is fixed (an anchored pattern or a date format)."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key in schema.get("properties", {}):
                yield from patterned_strings(schema["properties"][key], child, path + (key,))
    elif isinstance(value, list) and "items" in schema:
        for index, child in enumerate(value):
            yield from patterned_strings(schema["items"], child, path + (index,))
    elif isinstance(value, str) and (schema.get("pattern", "").startswith("^") or schema.get("format") in ("date", "date-time")):
        yield path


@pytest.mark.parametrize("path", VALID_PATHS, ids=example_id)
def test_a_trailing_newline_is_refused(path):
    """Python's re lets `$` match before a final newline, ECMA-262 (JSON Schema's regex dialect)
    does not; the schemas must refuse `AB123456C\\n` under both, as the decoder does."""
    example = load_json(path)
    validator = validator_for(example["messageType"])
    for keys in patterned_strings(schema_for(example["messageType"]), example["value"]):
        mutated = json.loads(json.dumps(example["value"]))
        target = mutated
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] += "\n"
        assert not validator.is_valid(mutated), f"{'.'.join(map(str, keys))} accepts a trailing newline"


def test_every_reason_is_exemplified():
    used = {load_json(path)["expectedReason"] for path in INVALID_PATHS if load_json(path)["topic"] in ESTATE_TOPICS}
    assert used == REASONS, f"missing {sorted(REASONS - used)}"


@pytest.mark.parametrize("name", list(MESSAGE_TOPICS))
def test_enough_examples_per_message_type(name):
    for folder in (VALID_PATHS, INVALID_PATHS):
        count = sum(1 for path in folder if load_json(path)["messageType"] == name)
        assert count >= MINIMUM_EXAMPLES[name], f"{name}: {count} examples"


def test_example_names_are_unique_across_folders():
    assert not {path.name for path in VALID_PATHS} & {path.name for path in INVALID_PATHS}
