"""The deployment files of deploy/, checked against the service they deploy.

Every YAML and JSON file parses; the Kubernetes objects are the expected kinds and their probes
ask the real endpoints of `backstop run` on its HTTP port; the volumes, the config and the
grace period agree with each other and with the systemd unit; the Prometheus rules pass
`promtool check rules` and their unit tests (`promtool test rules`); every Backstop metric
the alerts and the dashboard use is one the service exports; MirrorMaker 2 mirrors exactly the
estate topics with their names kept. Run from the repository root:
`python3 -m pytest -q deploy/tests`.
"""

import configparser
import json
import pathlib
import re
import shutil
import subprocess

import pytest
import yaml

DEPLOY = pathlib.Path(__file__).resolve().parent.parent
K8S = DEPLOY / "kubernetes"
PROMETHEUS = DEPLOY / "prometheus"
TOPICS_YAML = DEPLOY.parent / "topics" / "topics.yaml"

# What `backstop run` serves and exports (DESIGN.md section 7 and the service's metrics).
HEALTH_LIVE = "/health/live"
HEALTH_READY = "/health/ready"
HTTP_PORT = 8080
METRICS = {
    "backstop_records_ingested_total": {"topic"},
    "backstop_dlq_records_total": {"reason"},
    "backstop_consumer_lag": {"topic", "partition"},
    "backstop_runs_total": {"outcome"},
    "backstop_payments_emitted_total": set(),
    "backstop_pence_emitted_total": set(),
    "backstop_batch_emit_seconds": set(),
    "backstop_control_decisions_total": {"decision", "reason"},
}
RUN_OUTCOMES = {"completed", "halted", "failed"}
# The environment twins of the `backstop run` flags.
ENV_TWINS = {
    "BACKSTOP_BOOTSTRAP_SERVERS", "BACKSTOP_STATE_DIR", "BACKSTOP_OUT_DIR", "BACKSTOP_KEYRING",
    "BACKSTOP_GROUP_ID", "BACKSTOP_GROUP_INSTANCE_ID", "BACKSTOP_HTTP_PORT", "BACKSTOP_CONFIG",
}
# The service's own shutdown grace, which the platform must wait longer than.
SERVICE_SHUTDOWN_GRACE_SECONDS = 60
ESTATE_TOPICS = ["estate.claimants", "estate.awards", "estate.payments"]


def load_all(path):
    return [document for document in yaml.safe_load_all(path.read_text()) if document is not None]


def k8s_objects():
    objects = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        objects += load_all(path)
    return objects


def only(kind):
    found = [o for o in k8s_objects() if o["kind"] == kind]
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]


def container():
    containers = only("StatefulSet")["spec"]["template"]["spec"]["containers"]
    assert [c["name"] for c in containers] == ["backstop"]
    return containers[0]


def promtool():
    path = shutil.which("promtool")
    if path is None:
        pytest.fail("promtool is missing: install the Debian package `prometheus` "
                    "(apt-get install prometheus) to check the alert rules")
    return path


@pytest.mark.parametrize("path", sorted(p for p in DEPLOY.rglob("*.y*ml")), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_yaml_file_parses(path):
    assert load_all(path), f"{path} holds no document"


@pytest.mark.parametrize("path", sorted(DEPLOY.rglob("*.json")), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_json_file_parses(path):
    json.loads(path.read_text())


def test_kubernetes_objects_are_the_expected_kinds():
    kinds = sorted((o["apiVersion"], o["kind"], o["metadata"]["name"]) for o in k8s_objects())
    assert kinds == [
        ("apps/v1", "StatefulSet", "backstop"),
        ("policy/v1", "PodDisruptionBudget", "backstop"),
        ("v1", "ConfigMap", "backstop-config"),
        ("v1", "Service", "backstop"),
        ("v1", "Service", "backstop-metrics"),
    ]
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    listed = {path for path in kustomization["resources"]}
    assert listed == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}


def test_probes_ask_the_real_endpoints_on_the_http_port():
    c = container()
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert ports == {"http": HTTP_PORT}
    assert c["livenessProbe"]["httpGet"]["path"] == HEALTH_LIVE
    assert c["readinessProbe"]["httpGet"]["path"] == HEALTH_READY
    assert c["startupProbe"]["httpGet"]["path"] == HEALTH_LIVE
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        assert c[probe]["httpGet"]["port"] in ("http", HTTP_PORT), probe
    env = {e["name"]: e.get("value") for e in c["env"]}
    assert env["BACKSTOP_HTTP_PORT"] == str(HTTP_PORT)
    startup = c["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 30 * 60, "catch-up needs at least 30 minutes"


def test_statefulset_keeps_store_and_files_on_their_own_claims():
    spec = only("StatefulSet")["spec"]
    claims = {t["metadata"]["name"] for t in spec["volumeClaimTemplates"]}
    assert claims == {"state", "out"}
    c = container()
    mounts = {m["name"]: m for m in c["volumeMounts"]}
    env = {e["name"]: e.get("value") for e in c["env"]}
    assert mounts["state"]["mountPath"] == env["BACKSTOP_STATE_DIR"]
    assert mounts["out"]["mountPath"] == env["BACKSTOP_OUT_DIR"]
    assert env["BACKSTOP_KEYRING"].startswith(mounts["keyring"]["mountPath"] + "/")
    assert mounts["config"]["mountPath"] == env["BACKSTOP_CONFIG"]
    assert set(env) <= ENV_TWINS
    volumes = {v["name"]: v for v in spec["template"]["spec"]["volumes"]}
    assert volumes["keyring"]["secret"]["secretName"] == "backstop-keyring"
    assert volumes["config"]["configMap"]["name"] == only("ConfigMap")["metadata"]["name"]
    for name in ("config", "keyring"):
        assert mounts[name]["readOnly"] is True, name


def test_configmap_holds_a_backstop_yaml_matching_the_pod():
    config = yaml.safe_load(only("ConfigMap")["data"]["backstop.yaml"])
    env = {e["name"]: e.get("value") for e in container()["env"]}
    assert config["stateDir"] == env["BACKSTOP_STATE_DIR"]
    assert config["outDir"] == env["BACKSTOP_OUT_DIR"]
    assert config["keyring"] == env["BACKSTOP_KEYRING"]
    assert config["httpPort"] == HTTP_PORT
    assert config["bootstrapServers"] and config["groupId"]
    assert config["kafka"]["security.protocol"] == "ssl"


def test_each_pod_is_a_static_group_member_named_after_itself():
    env = {e["name"]: e for e in container()["env"]}
    assert env["BACKSTOP_GROUP_INSTANCE_ID"]["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.name"


def test_pod_runs_unprivileged_on_a_read_only_root_with_limits():
    pod = only("StatefulSet")["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    assert pod["terminationGracePeriodSeconds"] > SERVICE_SHUTDOWN_GRACE_SECONDS
    c = container()
    assert c["securityContext"]["readOnlyRootFilesystem"] is True
    assert c["securityContext"]["allowPrivilegeEscalation"] is False
    assert c["securityContext"]["capabilities"]["drop"] == ["ALL"]
    assert {"cpu", "memory"} <= set(c["resources"]["requests"])
    assert "memory" in c["resources"]["limits"]


def test_services_and_budget_select_the_pods():
    labels = only("StatefulSet")["spec"]["template"]["metadata"]["labels"]
    services = {o["metadata"]["name"]: o for o in k8s_objects() if o["kind"] == "Service"}
    assert services["backstop"]["spec"]["clusterIP"] == "None"
    assert only("StatefulSet")["spec"]["serviceName"] == "backstop"
    for selector in [s["spec"]["selector"] for s in services.values()] + [only("PodDisruptionBudget")["spec"]["selector"]["matchLabels"]]:
        assert selector.items() <= labels.items()
    assert services["backstop-metrics"]["spec"]["ports"][0]["targetPort"] == "http"
    assert only("PodDisruptionBudget")["spec"]["maxUnavailable"] == 1


def test_systemd_unit_is_hardened_and_waits_longer_than_the_service():
    unit = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    unit.optionxform = str
    unit.read(DEPLOY / "systemd" / "backstop.service")
    service = unit["Service"]
    assert service["User"] == "backstop"
    assert service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"
    assert service["Restart"] == "on-failure"
    assert int(service["LimitNOFILE"]) >= 65536
    assert service["ExecStart"].split()[1] == "run"
    timeout = re.fullmatch(r"(\d+)s", service["TimeoutStopSec"])
    assert timeout and int(timeout.group(1)) > SERVICE_SHUTDOWN_GRACE_SECONDS
    env = dict(line.split("=", 1) for line in (DEPLOY / "systemd" / "backstop.env.example").read_text().splitlines()
               if line and not line.startswith("#"))
    assert set(env) == ENV_TWINS
    writable = set(service["ReadWritePaths"].split())
    assert {env["BACKSTOP_STATE_DIR"], env["BACKSTOP_OUT_DIR"]} <= writable


def test_systemd_unit_passes_systemd_analyze(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (Debian package systemd)")
    # verify also checks that ExecStart exists: point it at a binary that does.
    unit = tmp_path / "backstop.service"
    unit.write_text((DEPLOY / "systemd" / "backstop.service").read_text().replace("/usr/local/bin/backstop", shutil.which("true")))
    result = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True)
    assert result.returncode == 0 and "backstop.service" not in result.stderr, result.stderr


def test_alert_rules_pass_promtool():
    result = subprocess.run([promtool(), "check", "rules", str(PROMETHEUS / "alerts.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_alert_rules_fire_as_their_unit_tests_say():
    result = subprocess.run([promtool(), "test", "rules", "alerts.test.yml"], cwd=PROMETHEUS, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_explains_itself():
    rules = [r for g in yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())["groups"] for r in g["rules"]]
    for rule in rules:
        assert {"summary", "description", "runbook"} <= set(rule["annotations"]), rule["alert"]
        assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]
    exprs = " ".join(r["expr"] for r in rules)
    for needed in ("backstop_consumer_lag", "backstop_dlq_records_total", 'outcome="failed"', "backstop-ready", 'decision="REJECTED"'):
        assert needed in exprs, needed


def backstop_metric_uses(text):
    """Every backstop_* metric name in `text`, with the labels selected or grouped on it."""
    uses = {}
    for match in re.finditer(r"(backstop_[a-z_]+?)(_bucket|_sum|_count)?\b(\{[^}]*\})?", text):
        name = match.group(1)
        labels = set(re.findall(r"(\w+)\s*(?:=~|!=|=)", match.group(3) or ""))
        uses.setdefault(name, set()).update(labels)
    return uses


def test_alerts_and_dashboard_use_only_exported_metrics():
    alerts = (PROMETHEUS / "alerts.yml").read_text()
    dashboard = json.loads((DEPLOY / "grafana" / "backstop.json").read_text())
    exprs = [alerts] + [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    for text in exprs:
        for name, labels in backstop_metric_uses(text).items():
            assert name in METRICS, f"{name} is not a metric of backstop run"
            assert labels - {"instance", "job"} <= METRICS[name], f"{name} has no label {labels - METRICS[name]}"
    for outcome in re.findall(r'outcome="(\w+)"', alerts):
        assert outcome in RUN_OUTCOMES


def test_dashboard_shows_what_operators_need():
    dashboard = json.loads((DEPLOY / "grafana" / "backstop.json").read_text())
    exprs = " ".join(t["expr"] for p in dashboard["panels"] for t in p["targets"])
    for name in METRICS:
        assert name in exprs, f"the dashboard does not show {name}"
    assert "histogram_quantile" in exprs and "probe_success" in exprs
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))


def test_scrape_config_finds_the_metrics_service():
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    assert config["rule_files"] == ["alerts.yml"]
    jobs = {j["job_name"]: j for j in config["scrape_configs"]}
    assert jobs["backstop"]["metrics_path"] == "/metrics"
    keep = [r for r in jobs["backstop"]["relabel_configs"] if r.get("action") == "keep"][0]
    assert keep["regex"] == "backstop-metrics;metrics"
    target = [r for r in jobs["backstop-ready"]["relabel_configs"] if r.get("target_label") == "__param_target"][0]
    assert target["replacement"].endswith(HEALTH_READY)


def mm2_properties():
    properties = {}
    for line in (DEPLOY / "mirrormaker2" / "mm2.properties").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            properties[key.strip()] = value.strip().replace("\\\\", "\\")
    return properties


def test_mirrormaker_mirrors_exactly_the_estate_topics_under_their_names():
    properties = mm2_properties()
    assert properties["replication.policy.class"] == "org.apache.kafka.connect.mirror.IdentityReplicationPolicy"
    assert properties["estate->backstop.enabled"] == "true"
    assert properties["backstop->estate.enabled"] == "false"
    patterns = [re.compile(p.strip()) for p in properties["estate->backstop.topics"].split(",")]
    topics = [t["name"] for t in yaml.safe_load(TOPICS_YAML.read_text())["topics"]]
    mirrored = [t for t in topics if any(p.fullmatch(t) for p in patterns)]
    assert mirrored == ESTATE_TOPICS
    for lookalike in ("estateXclaimants", "estate.claimants2", "estate.awards.internal"):
        assert not any(p.fullmatch(lookalike) for p in patterns), lookalike
    assert properties["estate->backstop.groups.exclude"] == ".*"
    assert properties["estate->backstop.sync.topic.configs.enabled"] == "false"
    assert properties["backstop.producer.acks"] == "all"
