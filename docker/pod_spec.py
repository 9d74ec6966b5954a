#!/usr/bin/env python3
"""Turns the rendered kind overlay into what docker/run-as-pods.sh runs: per service Deployment, the `docker run`
options its pod spec means on a host-network engine, and the values the checks expect; for the infrastructure, the
compose file's Kafka and PostgreSQL stand-ins, with PostgreSQL given the StatefulSet's env and init script.

  pod_spec.py RENDERED.yaml COMPOSE.yaml OUT_DIR

Writes OUT_DIR/infra.yml, OUT_DIR/initdb/<script>, and per service OUT_DIR/<name>.args (one `docker run` argument
a line, the image last), OUT_DIR/<name>.expect (shell assignments) and OUT_DIR/volumes/<name>/<volume>/ (a Secret
volume's files, bind-mounted read-only at its mount path). Fails on a spec it cannot express, or a Secret the rendered
manifests lack (run-as-pods.sh adds dealstream-jwt, as make kind-up does).
"""
import base64
import os
import re
import shlex
import sys

import yaml

SERVICES = ["investment-service", "compute-service", "distribution-service"]
# where the host network forces another port: the stand-ins' ports (docker/docker-compose.host.yml)
ADDRESSES = {"postgres:5432": "postgres:15432", "kafka:9092": "kafka:19092"}
HTTP_PORTS = {"investment-service": 18081, "compute-service": 18082, "distribution-service": 18083}
HOSTS = ["postgres", "kafka"]
UNITS = {"": 1, "Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40,
         "k": 10 ** 3, "M": 10 ** 6, "G": 10 ** 9, "T": 10 ** 12}


def fail(msg):
    sys.exit("pod_spec: " + msg)


def quantity_bytes(q):
    m = re.fullmatch(r"([0-9]+)([A-Za-z]*)", str(q))
    if not m or m.group(2) not in UNITS:
        fail("cannot read the quantity %r" % q)
    return int(m.group(1)) * UNITS[m.group(2)]


def cpus(q):
    q = str(q)
    return int(q[:-1]) / 1000 if q.endswith("m") else float(q)


def by_kind(docs, kind):
    return {d["metadata"]["name"]: d for d in docs if d and d.get("kind") == kind}


def env_of(container, config_maps, secrets):
    """The container's env as the kubelet gives it: values, ConfigMap and Secret keys resolved."""
    env = {}
    for src in container.get("envFrom") or []:
        if "configMapRef" in src:
            env.update(config_maps[src["configMapRef"]["name"]].get("data") or {})
        if "secretRef" in src:
            env.update(secret_data(secrets[src["secretRef"]["name"]]))
    for v in container.get("env") or []:
        if "value" in v or "valueFrom" not in v:
            env[v["name"]] = str(v.get("value", ""))
            continue
        ref = v["valueFrom"]
        if "configMapKeyRef" in ref:
            r = ref["configMapKeyRef"]
            env[v["name"]] = config_maps[r["name"]]["data"][r["key"]]
        elif "secretKeyRef" in ref:
            r = ref["secretKeyRef"]
            env[v["name"]] = secret_data(secrets[r["name"]])[r["key"]]
        else:
            fail("env %s comes from %s, which a docker run cannot give" % (v["name"], list(ref)))
    return env


def secret_data(secret):
    data = {k: base64.b64decode(v).decode() for k, v in (secret.get("data") or {}).items()}
    data.update(secret.get("stringData") or {})
    return data


def host_network(value):
    for a, b in ADDRESSES.items():
        value = value.replace(a, b)
    return value


def main(rendered, compose_file, out):
    docs = list(yaml.safe_load_all(open(rendered)))
    config_maps, secrets = by_kind(docs, "ConfigMap"), by_kind(docs, "Secret")
    deployments, stateful_sets = by_kind(docs, "Deployment"), by_kind(docs, "StatefulSet")
    os.makedirs(out, exist_ok=True)

    for name in SERVICES:
        pod = deployments[name]["spec"]["template"]["spec"]
        c = next(c for c in pod["containers"] if c["name"] == name)
        psc, sc = pod.get("securityContext") or {}, c.get("securityContext") or {}
        args = ["--name", "dealstream-pod-" + name, "--label", "io.dealstream.proof=pods", "--network", "host"]
        uid, gid = sc.get("runAsUser", psc.get("runAsUser")), sc.get("runAsGroup", psc.get("runAsGroup"))
        if uid is None:
            fail(name + ": no runAsUser: the image's user would decide")
        args += ["--user", "%s:%s" % (uid, gid if gid is not None else uid)]
        read_only = bool(sc.get("readOnlyRootFilesystem"))
        if read_only:
            args.append("--read-only")
        caps = sc.get("capabilities") or {}
        for cap in caps.get("drop") or []:
            args += ["--cap-drop", cap]
        for cap in caps.get("add") or []:
            args += ["--cap-add", cap]
        if sc.get("allowPrivilegeEscalation") is False:
            args += ["--security-opt", "no-new-privileges"]
        if sc.get("privileged"):
            fail(name + ": privileged")
        seccomp = (sc.get("seccompProfile") or psc.get("seccompProfile") or {}).get("type", "RuntimeDefault")
        if seccomp != "RuntimeDefault":
            fail(name + ": seccompProfile " + seccomp + " (the engine's default profile is RuntimeDefault)")
        volumes = {v["name"]: v for v in pod.get("volumes") or []}
        tmpfs = []
        secret_files = []
        for m in c.get("volumeMounts") or []:
            v = volumes[m["name"]]
            if "secret" in v:
                # the kubelet's files of the Secret (its items, or every key), on a read-only bind mount
                src = v["secret"]["secretName"]
                if src not in secrets:
                    fail(name + ": Secret " + src + " is not in the rendered manifests")
                data = secret_data(secrets[src])
                items = v["secret"].get("items") or [{"key": k, "path": k} for k in data]
                folder = os.path.abspath(os.path.join(out, "volumes", name, v["name"]))
                os.makedirs(folder, exist_ok=True)
                for item in items:
                    if item["key"] not in data:
                        fail(name + ": Secret " + src + " has no key " + item["key"])
                    path = os.path.join(folder, item["path"])
                    with open(path, "w") as f:
                        f.write(data[item["key"]])
                    os.chmod(path, item.get("mode", v["secret"].get("defaultMode", 0o644)))
                    secret_files.append("%s/%s=%s" % (m["mountPath"], item["path"], path))
                args += ["--mount", "type=bind,src=%s,dst=%s,readonly" % (folder, m["mountPath"])]
                continue
            if "emptyDir" not in v:
                fail(name + ": volume " + m["name"] + " is neither an emptyDir nor a Secret")
            size = (v["emptyDir"] or {}).get("sizeLimit")
            # an emptyDir allows exec, unlike docker's tmpfs default
            opts = "rw,exec,nosuid,nodev" + (",size=%d" % quantity_bytes(size) if size else "")
            args += ["--tmpfs", "%s:%s" % (m["mountPath"], opts)]
            tmpfs.append("%s:%d" % (m["mountPath"], quantity_bytes(size) if size else 0))
        limits = (c.get("resources") or {}).get("limits") or {}
        if "memory" not in limits or "cpu" not in limits:
            fail(name + ": no memory or cpu limit")
        memory = quantity_bytes(limits["memory"])
        args += ["--memory", str(memory), "--memory-swap", str(memory), "--cpus", "%g" % cpus(limits["cpu"])]
        for h in HOSTS:
            args += ["--add-host", h + ":127.0.0.1"]
        env = {k: host_network(v) for k, v in env_of(c, config_maps, secrets).items()}
        port = next(p["containerPort"] for p in c["ports"] if p.get("name") == "http")
        # one network for all: each service on the override's port, loopback only
        env["QUARKUS_HTTP_PORT"] = str(HTTP_PORTS[name])
        env["QUARKUS_HTTP_HOST"] = "127.0.0.1"
        for k, v in env.items():
            args += ["-e", "%s=%s" % (k, v)]
        if c.get("command"):
            args += ["--entrypoint", c["command"][0]]
        args.append(c["image"])
        args += (c.get("command") or [])[1:] + (c.get("args") or [])
        with open(os.path.join(out, name + ".args"), "w") as f:
            f.write("".join(a.replace("\n", " ") + "\n" for a in args))
        probe = c.get("readinessProbe", {}).get("httpGet", {}).get("path", "/q/health/ready")
        expect = {"RUN_UID": uid, "RUN_GID": gid, "READ_ONLY": int(read_only), "TMPFS": " ".join(tmpfs),
                  "MEMORY": memory, "CPUS": "%g" % cpus(limits["cpu"]), "IMAGE": c["image"],
                  "HTTP_PORT": HTTP_PORTS[name], "CONTAINER_PORT": port, "READY_PATH": probe,
                  "NO_NEW_PRIVS": int(sc.get("allowPrivilegeEscalation") is False),
                  "CAPS_ADDED": " ".join(caps.get("add") or []), "SECRET_FILES": " ".join(secret_files)}
        with open(os.path.join(out, name + ".expect"), "w") as f:
            f.writelines("%s=%s\n" % (k, shlex.quote(str(v))) for k, v in expect.items())

    # PostgreSQL: the compose stand-in, with the StatefulSet's env and the init script of its ConfigMap
    pg = stateful_sets["postgres"]["spec"]["template"]["spec"]
    pgc = next(c for c in pg["containers"] if c["name"] == "postgres")
    init = next(v for v in pg["volumes"] if v["name"] == "init")["configMap"]
    script_dir = os.path.join(out, "initdb")
    os.makedirs(script_dir, exist_ok=True)
    for key, text in config_maps[init["name"]]["data"].items():
        path = os.path.join(script_dir, key)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, init.get("defaultMode", 0o644))
    compose = yaml.safe_load(open(compose_file))
    infra = {k: compose["services"][k] for k in ("postgres", "kafka", "kafka-topics")}
    for service in infra.values():
        if service.get("network_mode") == "host":
            # the engine refuses published ports on the host network
            service.pop("ports", None)
    pg_env = dict(infra["postgres"].get("environment") or {})
    pg_env = {"PGPORT": pg_env["PGPORT"]} if "PGPORT" in pg_env else {}
    pg_env.update(env_of(pgc, config_maps, secrets))
    infra["postgres"]["environment"] = pg_env
    infra["postgres"]["volumes"] = ["postgres-data:/var/lib/postgresql/data",
                                    os.path.abspath(script_dir) + ":/docker-entrypoint-initdb.d:ro"]
    doc = dict(compose, services=infra)
    # volumes of this project's own, never the compose run's
    doc["volumes"] = {k: {kk: vv for kk, vv in (v or {}).items() if kk != "name"}
                      for k, v in (compose.get("volumes") or {}).items()}
    with open(os.path.join(out, "infra.yml"), "w") as f:
        yaml.safe_dump(doc, f, sort_keys=False)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
