#!/usr/bin/env python3
# careen - reads the Kubernetes Job manifests of contrib/kubernetes for
# the tests of tests/contrib: checks that one is a valid Indexed Job,
# and turns the command of one of its pods into a shell command that
# runs here.
#
#   k8s-job.py check FILE
#       Checks FILE against what the batch/v1 Job API requires of the
#       fields the manifests use; prints each problem, exits 1 on any.
#   k8s-job.py check-indexed FILE
#       The same, and FILE must be an Indexed Job.
#   k8s-job.py field FILE PATH
#       Prints one field (PATH like spec.completions).
#   k8s-job.py programs FILE
#       Prints, one a line, "PROGRAM OPTION..." for the command of every
#       container and init container; the commands of a "sh -c SCRIPT"
#       (split at ; && || | and redirections) one a line each.
#   k8s-job.py script FILE CONTAINER INDEX ROOT [ENTRYPOINT]
#       Prints a sh script that runs CONTAINER's command as pod INDEX
#       would: in its workingDir, with its env, JOB_COMPLETION_INDEX and
#       $(VAR) references expanded as the kubelet does, every path
#       under a volume's mountPath moved under ROOT, and through
#       ENTRYPOINT (the image's) when the manifest gives only args.

import re
import shlex
import sys

import yaml


def load(path):
    with open(path) as f:
        docs = [d for d in yaml.safe_load_all(f) if d is not None]
    if len(docs) != 1:
        sys.exit(f"{path}: expected one YAML document, found {len(docs)}")
    return docs[0]


def containers(pod):
    return list(pod.get("initContainers") or []) + list(pod.get("containers") or [])


def check_indexed(path):
    return check(path, indexed=True)


def check(path, indexed=False):
    job = load(path)
    problems = []

    def need(cond, what):
        if not cond:
            problems.append(what)

    need(job.get("apiVersion") == "batch/v1", "apiVersion is not batch/v1")
    need(job.get("kind") == "Job", "kind is not Job")
    name = (job.get("metadata") or {}).get("name", "")
    # A Job's name is a DNS label (its pods' hostnames derive from it).
    need(re.fullmatch(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", name or "")
         is not None, f"metadata.name '{name}' is not a DNS label")
    spec = job.get("spec") or {}
    if indexed:
        need(spec.get("completionMode") == "Indexed", "spec.completionMode is not Indexed")
    need(spec.get("completionMode", "NonIndexed") in ("Indexed", "NonIndexed"),
         "spec.completionMode is neither Indexed nor NonIndexed")
    comp = spec.get("completions")
    par = spec.get("parallelism")
    need(isinstance(comp, int) and comp >= 1,
         "spec.completions is not a positive integer (Indexed Jobs need it)")
    need(isinstance(par, int) and par >= 1, "spec.parallelism is not a positive integer")
    if "backoffLimit" in spec:
        need(isinstance(spec["backoffLimit"], int) and spec["backoffLimit"] >= 0,
             "spec.backoffLimit is not a non-negative integer")
    known = {"completionMode", "completions", "parallelism", "backoffLimit",
             "backoffLimitPerIndex", "maxFailedIndexes", "activeDeadlineSeconds",
             "ttlSecondsAfterFinished", "template", "selector", "manualSelector",
             "suspend", "podFailurePolicy"}
    for k in spec:
        need(k in known, f"spec.{k} is not a field of a batch/v1 Job")
    pod = ((spec.get("template") or {}).get("spec")) or {}
    need(pod.get("restartPolicy") in ("Never", "OnFailure"),
         "template.spec.restartPolicy must be Never or OnFailure in a Job")
    cs = containers(pod)
    need(len(pod.get("containers") or []) >= 1, "template.spec.containers is empty")
    volumes = {v.get("name") for v in pod.get("volumes") or []}
    for c in cs:
        cname = c.get("name", "?")
        need(re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", c.get("name") or "")
             is not None, f"container '{cname}' has no valid name")
        need(bool(c.get("image")), f"container '{cname}' has no image")
        argv = (c.get("command") or []) + (c.get("args") or [])
        need(len(argv) >= 1, f"container '{cname}' runs nothing")
        need(all(isinstance(a, str) for a in argv),
             f"container '{cname}': every argument must be a string (quote numbers)")
        for e in c.get("env") or []:
            need("value" not in e or isinstance(e["value"], str),
                 f"container '{cname}': env {e.get('name')} value must be a string")
        envs = {e.get("name"): e.get("value") for e in c.get("env") or []}
        if "JOB_COMPLETIONS" in envs:
            need(envs["JOB_COMPLETIONS"] == str(comp),
                 f"container '{cname}': JOB_COMPLETIONS {envs['JOB_COMPLETIONS']} "
                 f"is not spec.completions {comp}")
        for m in c.get("volumeMounts") or []:
            need(m.get("name") in volumes,
                 f"container '{cname}' mounts volume '{m.get('name')}' that is not in volumes")
            need(str(m.get("mountPath", "")).startswith("/"),
                 f"container '{cname}': mountPath is not absolute")
    for p in problems:
        print(f"{path}: {p}")
    return 1 if problems else 0


def field(path, dotted):
    v = load(path)
    for k in dotted.split("."):
        v = v[int(k)] if isinstance(v, list) else v[k]
    print(v)
    return 0


def argv_of(c):
    return list(c.get("command") or []) + list(c.get("args") or [])


def simple_commands(argv):
    """The commands a container runs: ARGV itself, or those of the
    script of "sh -c SCRIPT"."""
    if len(argv) >= 3 and argv[0] in ("sh", "/bin/sh") and argv[1] == "-c":
        lex = shlex.shlex(argv[2], posix=True, punctuation_chars=";&|<>")
        lex.whitespace_split = True
        cmd, redirect = [], False
        for tok in lex:
            if redirect:
                redirect = False
            elif tok in (">", ">>", "<", "2>"):
                redirect = True
            elif set(tok) <= set(";&|"):
                if cmd:
                    yield cmd
                cmd = []
            else:
                cmd.append(tok)
        if cmd:
            yield cmd
    else:
        yield argv


def programs(path):
    pod = load(path)["spec"]["template"]["spec"]
    for c in containers(pod):
        for argv in simple_commands(argv_of(c)):
            opts = [a.split("=", 1)[0] for a in argv[1:]
                    if a.startswith("-") and a != "-"]
            print(" ".join([argv[0]] + opts))
    return 0


def script(path, cname, index, root, entrypoint=None):
    job = load(path)
    pod = job["spec"]["template"]["spec"]
    c = next((c for c in containers(pod) if c.get("name") == cname), None)
    if c is None:
        sys.exit(f"{path}: no container '{cname}'")
    mounts = [m["mountPath"].rstrip("/") for m in c.get("volumeMounts") or []]

    def move(s):
        for m in mounts:
            if s == m or s.startswith(m + "/"):
                return root.rstrip("/") + s
        return s

    # What the Job controller adds to every container of an Indexed Job.
    env = {}
    if job["spec"].get("completionMode") == "Indexed":
        env["JOB_COMPLETION_INDEX"] = str(index)
    for e in c.get("env") or []:
        env[e["name"]] = str(e.get("value", ""))

    # The kubelet replaces $(NAME) by the variable's value when it is
    # defined and leaves the text alone otherwise; $$ is a literal $.
    def expand(s):
        return re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)",
                      lambda m: "$" if m.group(0) == "$$"
                      else env.get(m.group(1), m.group(0)), s)

    argv = [move(expand(a)) for a in argv_of(c)]
    if entrypoint and not c.get("command"):
        argv.insert(0, entrypoint)
    wd = move(c.get("workingDir") or "/")
    lines = ["set -e", "cd " + shlex.quote(wd)]
    lines += [f"{k}={shlex.quote(v)}; export {k}" for k, v in env.items()]
    lines.append("exec " + " ".join(shlex.quote(a) for a in argv))
    print("\n".join(lines))
    return 0


def main(argv):
    cmds = {"check": (check, 1), "check-indexed": (check_indexed, 1), "field": (field, 2), "programs": (programs, 1),
            "script": (script, 4)}
    if len(argv) < 2 or argv[1] not in cmds or \
       not cmds[argv[1]][1] <= len(argv) - 2 <= cmds[argv[1]][1] + (argv[1] == "script"):
        sys.exit("usage: k8s-job.py check|check-indexed|field|programs|script ... "
                 "(see the comment at the top of k8s-job.py)")
    fn, _ = cmds[argv[1]]
    return fn(*argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
