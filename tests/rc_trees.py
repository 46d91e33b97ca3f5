"""s6-rc source trees for the s6-rc-compile and s6-rc-db tests.

Each tree is a dict: ``files`` maps a path (under the tree's directory) to
its contents (str or bytes: a regular file; None: an empty directory;
Link(target): a symlink; Mode(contents, mode): a file with that mode);
``argv`` is the compiler's arguments after the program name (run from the
tree's directory, so messages name relative paths). The valid trees are
modelled on real s6-overlay images (/etc/s6-overlay/s6-rc.d merged with
user-bundles.d and the overlay's own sources); the others provoke every
error of s6-rc-compile 0.7.0.0. The expected results are recorded from the
C programs in tests/golden/rc/ (tests/rc_golden.py --record).
"""

import os


class Link:
    def __init__(self, target):
        self.target = target


class Mode:
    def __init__(self, contents, mode):
        self.contents = contents
        self.mode = mode


def materialize(files, dest):
    """Create the files of a tree under dest."""
    for path in sorted(files):
        value = files[path]
        full = os.path.join(dest, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if value is None:
            os.makedirs(full, exist_ok=True)
        elif isinstance(value, Link):
            os.symlink(value.target, full)
        else:
            mode = None
            if isinstance(value, Mode):
                value, mode = value.contents, value.mode
            with open(full, "wb") as f:
                f.write(value.encode() if isinstance(value, str) else value)
            if mode is not None:
                os.chmod(full, mode)


def _oneshot(path, up, down=None, deps=(), **extra):
    files = {path + "/type": "oneshot\n", path + "/up": up}
    if down is not None:
        files[path + "/down"] = down
    for d in deps:
        files[path + "/dependencies.d/" + d] = ""
    for name, value in extra.items():
        files[path + "/" + name.replace("_", "-")] = value
    return files


def _longrun(path, run="#!/bin/sh\nexec sleep 1000\n", deps=(), **extra):
    files = {path + "/type": "longrun\n", path + "/run": Mode(run, 0o755)}
    for d in deps:
        files[path + "/dependencies.d/" + d] = ""
    for name, value in extra.items():
        files[path + "/" + name.replace("_", "-")] = value
    return files


def _bundle(path, contents, **extra):
    files = {path + "/type": "bundle\n", path + "/contents.d": None}
    for c in contents:
        files[path + "/contents.d/" + c] = ""
    for name, value in extra.items():
        files[path + "/" + name.replace("_", "-")] = value
    return files


def _merge(*parts):
    out = {}
    for p in parts:
        out.update(p)
    return out


# --------------------------------------------------------------------------
# the overlay's own sources, as s6-overlay 3.2.3.2 lays them out (written
# here from its documented structure: base, fix-attrs, legacy-cont-init,
# legacy-services and top; user and user2 come from user-bundles.d)

def overlay_sources(root):
    scripts = "/package/admin/s6-overlay/etc/s6-rc/scripts/"
    return _merge(
        _bundle(root + "/base", ["fix-attrs", "legacy-cont-init"]),
        _oneshot(root + "/fix-attrs", scripts + "fix-attrs\n"),
        _oneshot(root + "/legacy-cont-init", scripts + "cont-init\n", scripts + "cont-finish\n",
                 deps=["fix-attrs"]),
        _oneshot(root + "/legacy-services", scripts + "services-up\n", scripts + "services-down\n",
                 deps=["base", "user"]),
        _bundle(root + "/top", ["base", "legacy-services", "user", "user2"]),
    )


def user_bundles(root, user=(), user2=()):
    return _merge(
        {root + "/user/type": "bundle\n", root + "/user/contents.d/.empty": ""},
        {root + "/user/contents.d/" + u: "" for u in user},
        {root + "/user2/type": "bundle\n", root + "/user2/contents.d/.empty": ""},
        {root + "/user2/contents.d/" + u: "" for u in user2},
    )


_IMAGE = "s6-rc.d"
_RUN = "/etc/s6-overlay/s6-rc.d/{0}/run"


def _image_app():
    """A linuxserver-style image: init oneshots chained on base, an app with
    a readiness check, a logger pipeline, legacy dependencies files."""
    d = _IMAGE
    return _merge(
        _oneshot(d + "/init-adduser", _RUN.format("init-adduser") + "\n", deps=["init-migrations"]),
        _oneshot(d + "/init-migrations", "/etc/s6-overlay/s6-rc.d/init-migrations/run\n",
                 deps=["base"]),
        _oneshot(d + "/init-config", "# configure\nif { /app/prepare }\n"
                 "foreground { s6-echo \"config done\" }\n/bin/true\n",
                 deps=["init-adduser"]),
        _oneshot(d + "/init-services", "", deps=["init-config"]),
        {d + "/init-config-end/type": "oneshot\n", d + "/init-config-end/up": "",
         d + "/init-config-end/dependencies": "init-config\n# comment\n  init-adduser\n"},
        _longrun(d + "/svc-app", "#!/command/with-contenv bash\nexec s6-notifyoncheck -d -n 300 "
                 "-w 1000 -c \"nc -z localhost 8080\" s6-setuidgid abc /app/bin/app\n",
                 deps=["init-services"], notification_fd="3\n", producer_for="svc-app-log\n",
                 timeout_kill="5000\n", down_signal="SIGQUIT\n"),
        _longrun(d + "/svc-app-log", "#!/bin/sh\nexec logutil-service /var/log/app\n",
                 consumer_for="svc-app\n", pipeline_name="app-pipeline\n",
                 notification_fd="3\n"),
        _longrun(d + "/svc-cron", "#!/command/execlineb -P\nbusybox crond -f -S -l 5\n",
                 deps=["init-services"], finish="#!/bin/sh\nexit 0\n"),
        _bundle(d + "/user", ["init-adduser", "init-config", "init-config-end", "init-migrations",
                              "init-services", "app-pipeline", "svc-cron"]),
        {d + "/user2/type": "bundle\n", d + "/user2/contents.d": None},
    )


def _image_legacy():
    """Home-Assistant-style: longruns with finish scripts that halt, an env
    and data dir, a deprecated dependencies file, a funnel logger."""
    d = _IMAGE
    return _merge(
        _longrun(d + "/nginx", "#!/usr/bin/with-contenv bashio\nexec nginx\n",
                 dependencies="base\nphp-fpm\n", finish="#!/bin/sh\n"
                 "echo \"$1\" > /run/s6-linux-init-container-results/exitcode\n"
                 "exec /run/s6/basedir/bin/halt\n",
                 producer_for="funnel-log\n", notification_fd="4\n"),
        _longrun(d + "/php-fpm", "#!/bin/sh\nexec php-fpm -F\n", deps=["base"],
                 producer_for="funnel-log\n", timeout_finish="3000\n",
                 max_death_tally="20\n"),
        _longrun(d + "/funnel-log", "#!/bin/sh\nexec s6-log -b n20 s1000000 t /var/log/web\n",
                 consumer_for="nginx\nphp-fpm\n", pipeline_name="web\n",
                 flag_essential=""),
        {d + "/php-fpm/env/PHP_INI": "/etc/php.ini\n", d + "/php-fpm/env/EMPTY": "",
         d + "/php-fpm/data/check": Mode("#!/bin/sh\nexit 0\n", 0o755),
         d + "/php-fpm/data/sub/deep/file": Mode("x", 0o600),
         d + "/php-fpm/data/sub/link": Link("deep/file"),
         d + "/php-fpm/log/run": "#!/bin/sh\nexec s6-log /var/log/php\n",
         d + "/php-fpm/down": ""},
        _oneshot(d + "/prepare", "foreground { mkdir -p /run/nginx }\n"
                 "importas -D \"\" -u FOO FOO\nif -n { eltest -z ${FOO} }\n"
                 "s6-envuidgid -D 0:0 nginx s6-applyuidgid -U chown nginx /run/nginx\n",
                 "rm -rf /run/nginx\n", deps=["base"], timeout_up="10000\n",
                 timeout_down="2000\n", reload="s6-svc -h /run/service/nginx\n",
                 flag_recommended=""),
        _bundle(d + "/user", ["prepare", "web"]),
        {d + "/user2/type": "bundle\n", d + "/user2/contents.d": None},
    )


VALID = {
    "minimal": {"argv": ["db", "src"], "files": _merge(
        _oneshot("src/hello", "echo hello\n"),
        _longrun("src/daemon"))},
    "overlay-app": {"argv": ["-v1", "--", "db", _IMAGE, "overlay"],
                    "files": _merge(_image_app(), overlay_sources("overlay"))},
    "overlay-legacy": {"argv": ["-v2", "db", _IMAGE, "overlay"],
                       "files": _merge(_image_legacy(), overlay_sources("overlay"))},
    "overlay-empty-image": {"argv": ["db", _IMAGE, "user-bundles.d", "overlay"],
                            "files": _merge({_IMAGE + "/.empty": ""}, user_bundles("user-bundles.d"),
                                            overlay_sources("overlay"))},
    "overlay-user-bundles": {"argv": ["-v", "3", "db", _IMAGE, "user-bundles.d", "overlay"],
                             "files": _merge(
                                 _oneshot(_IMAGE + "/init-a", "/bin/true\n", deps=["base"]),
                                 _longrun(_IMAGE + "/svc-b", deps=["init-a"]),
                                 user_bundles("user-bundles.d", ["init-a", "svc-b"], ["svc-b"]),
                                 overlay_sources("overlay"))},
    "scripts": {"argv": ["db", "src"], "files": _merge(
        _oneshot("src/quoting", "foreground { echo \"a b\" \"\\t\\0x41\\101\" }\n"
                 "if { if -n { false } } define -s X \"1 2\" echo ${X} \\\n done\n",
                 "# only a comment\n", reload="backtick -n HOST { cat /etc/hostname }\n"
                 "importas H HOST echo $H\n"),
        _oneshot("src/shebang", "#!/bin/sh\n/usr/bin/env true\n"),
        _oneshot("src/empty-up", ""),
        _oneshot("src/nul", b"echo one\0echo two\n"),
        _oneshot("src/blocks", "ifelse { test -f /x } { echo yes } { if { echo no }"
                 " foreground { echo nested { a } } }\n"))},
    "pipelines": {"argv": ["-v3", "db", "src"], "files": _merge(
        _longrun("src/p1", producer_for="mid\n"),
        _longrun("src/p2", producer_for="mid\n", finish="#!/bin/sh\nexit 0\n"),
        _longrun("src/mid", consumer_for="p1\np2\n", producer_for="last\n",
                 pipeline_name="ignored\n"),
        _longrun("src/last", consumer_for="mid\n", pipeline_name="chain\n"),
        _longrun("src/solo-prod", producer_for="solo-log\n"),
        _longrun("src/solo-log", consumer_for="solo-prod\n"),
        _longrun("src/x1", producer_for="xlog\n"),
        _longrun("src/x2", producer_for="xlog\n"),
        _longrun("src/x3", producer_for="xlog\n"),
        _longrun("src/xlog", consumer_for="x3\nx1\nx2\n", pipeline_name="xpipe\n"))},
    "odd-names": {"argv": ["-h", "user \"q\" {S6}\xe9", "-b", "db", "src"], "files": _merge(
        _longrun("src/{S6}{EL}", producer_for="{RC}log\n"),
        _longrun("src/{RC}log", consumer_for="{S6}{EL}\n"),
        _longrun("src/with space", producer_for="log\ttab\n"),
        _longrun("src/log\ttab", consumer_for="with space\n", pipeline_name="p\xe9\n"),
        _oneshot("src/caf\xe9", "echo caf\xe9\n", deps=["with space"]),
        _oneshot("src/back\\slash\"quote", "true\n"))},
    "flags-timeouts": {"argv": ["db", "src"], "files": _merge(
        _oneshot("src/ess", "true\n", flag_essential="", timeout_up="0005\n\n\n",
                 timeout_down=b"7\0junk"),
        _oneshot("src/rec", "true\n", flag_recommended="anything",
                 timeout_up="4294967295"),
        _longrun("src/both", flag_essential="", flag_recommended=""),
        _longrun("src/plain", timeout_up="100\n", timeout_down="200\n"),
        _longrun("src/in-ess-bundle"),
        _bundle("src/ess-bundle", ["in-ess-bundle", "rec-bundle"], flag_essential=""),
        _bundle("src/rec-bundle", ["plain"], flag_recommended=""),
        _bundle("src/empty-bundle", []),
        _bundle("src/one-bundle", ["plain"]),
        _bundle("src/nested", ["ess-bundle", "one-bundle", "ess"]))},
    "longrun-files": {"argv": ["db", "src"], "files": _merge(
        _longrun("src/full", finish=Mode("#!/bin/sh\nexit 0\n", 0o700), notification_fd="5",
                 lock_fd="6\n", timeout_kill="100\n", timeout_finish="200",
                 max_death_tally="007\n", down_signal="SIGHUP\n", reload_signal="USR1",
                 flag_timeout_killpg="", flag_newpidns="x"),
        {"src/full/env/A": "1\n", "src/full/env/B": Mode("", 0o600),
         "src/full/data/x": "data\n", "src/full/data/empty": None,
         "src/full/template/run": Mode("#!/bin/sh\n", 0o755),
         "src/full/down": "", "src/full/log/run": "x", "src/full/instance/x": "ignored",
         "src/full/junk": "not copied"},
        _longrun("src/lowfds", notification_fd="1\n", lock_fd="2\n"),
        _longrun("src/same-low", notification_fd="2\n", lock_fd="2\n"),
        _longrun("src/datalink", data=Link("../full/data")),
        _longrun("src/unreadable-finish", finish=Mode("#!/bin/sh\n", 0o000)))},
    "contents-files": {"argv": ["-v2", "db", "src"], "files": _merge(
        _oneshot("src/a", "true\n"), _oneshot("src/b", "true\n", dependencies="a\n a\n"),
        _longrun("src/c", dependencies="#a\n\tb\nb\n\n  a\nb"),
        {"src/bun/type": "bundle", "src/bun/contents": "a\n  b\n# c\nc\nb\n",
         "src/bun2/type": "bundle\n", "src/bun2/contents": "",
         "src/bun2/contents.d": None,
         "src/deps-both/type": "oneshot\n", "src/deps-both/up": "true\n",
         "src/deps-both/dependencies.d/a": "", "src/deps-both/dependencies": "b\n"})},
    "type-variants": {"argv": ["db", "src"], "files": _merge(
        {"src/t1/type": "longrun\n\n", "src/t1/run": "x",
         "src/t2/type": "oneshot", "src/t2/up": "",
         "src/t3/type": b"bundle\0\n", "src/t3/contents.d": None,
         "src/t4/type": "bundle", "src/t4/contents": "t3\n",
         "src/notadir": "a file is ignored", "src/.hidden/type": "junk"})},
    "many": {"argv": ["db", "src", "src2"], "files": _merge(
        *[_oneshot("src/o%02d" % i, "echo %d\n" % i,
                   deps=["o%02d" % (i - 1)] if i % 3 and i > 1 else ["l%02d" % (i // 2 + 1)])
          for i in range(1, 25)],
        *[_longrun("src2/l%02d" % i, deps=["o%02d" % (i - 3)] if i > 20 else [])
          for i in range(1, 25)],
        _bundle("src2/all-o", ["o%02d" % i for i in range(1, 25)]),
        _bundle("src2/all", ["all-o"] + ["l%02d" % i for i in range(1, 25)]),
        {"src/o01/dependencies.d": None})},
    "empty-source": {"argv": ["db", "src", "empty"], "files": _merge(
        _oneshot("src/x", "true\n"), {"empty/file": "x"})},
    "verbose-4": {"argv": ["-v4", "db", "src"], "files": _merge(
        _oneshot("src/a", "true\n", deps=["b", "bun"]),
        _longrun("src/b", producer_for="c\n"),
        _longrun("src/c", consumer_for="b\n", pipeline_name="bc\n"),
        _bundle("src/bun", ["c"]))},
    "quiet-warnings": {"argv": ["-v0", "db", "src", "empty"], "files": _merge(
        _longrun("src/w", notification_fd="0\n", pipeline_name="x\n"), {"empty/.keep": ""})},
}


def _err(argv, files):
    return {"argv": argv, "files": files}


_OK = _oneshot("src/ok", "true\n")

ERRORS = {
    "usage-none": _err([], {}),
    "usage-one": _err(["db"], {}),
    "usage-bad-verbosity": _err(["-v", "x", "db", "src"], _OK),
    "usage-verbosity-missing": _err(["db", "src", "-v"], _OK),
    "usage-unknown-short": _err(["-x", "db", "src"], _OK),
    "usage-unknown-long": _err(["--foo", "db", "src"], _OK),
    "usage-unknown-long-arg": _err(["--foo=1", "db", "src"], _OK),
    "usage-empty-long": _err(["--=1", "db", "src"], _OK),
    "usage-long-verbosity": _err(["--verbosity=2", "--block", "--fdholder-user=u",
                                  "db", "src"], _OK),
    "usage-long-no-value": _err(["--verbosity", "db", "src"], _OK),
    "missing-source": _err(["db", "nosuch"], {}),
    "source-is-file": _err(["db", "file"], {"file": "x"}),
    "dest-exists": _err(["src", "src"], _OK),
    "dep-cycle": _err(["db", "src"], _merge(_oneshot("src/a", "true\n", deps=["b"]),
                                            _oneshot("src/b", "true\n", deps=["c"]),
                                            _longrun("src/c", deps=["a"]))),
    "dep-self": _err(["db", "src"], _longrun("src/a", deps=["a"])),
    "dep-cycle-through-bundle": _err(["db", "src"], _merge(
        _oneshot("src/a", "true\n", deps=["bun"]), _bundle("src/bun", ["a"]))),
    "bundle-cycle": _err(["db", "src"], _merge(_bundle("src/b1", ["b2"]),
                                               _bundle("src/b2", ["b3", "ok"]),
                                               _bundle("src/b3", ["b1"]), _OK)),
    "bundle-self": _err(["db", "src"], _bundle("src/b", ["b"])),
    "bundle-unknown": _err(["db", "src"], _bundle("src/b", ["nosuch"])),
    "bundle-unknown-nested": _err(["db", "src"], _merge(_bundle("src/a", ["b"]),
                                                        _bundle("src/b", ["ghost"]))),
    "bundle-no-contents": _err(["db", "src"], {"src/b/type": "bundle\n"}),
    "dep-unknown": _err(["db", "src"], _longrun("src/a", deps=["ghost"])),
    "dep-unknown-file": _err(["db", "src"], _merge(_OK, {"src/ok/dependencies": "ok2\n"})),
    "duplicate": _err(["db", "src", "src2"], _merge(_OK, _longrun("src2/ok"))),
    "duplicate-bundle": _err(["db", "src", "src2"], _merge(_OK, _bundle("src2/ok", []))),
    "reserved-dir": _err(["db", "src"], _merge(_OK, _oneshot("src/s6rc-x", "true\n"))),
    "reserved-dir2": _err(["db", "src"], _merge(_OK, _oneshot("src/s6-rc-x", "true\n"))),
    "reserved-file": _err(["db", "src"], _merge(_OK, {"src/s6rc-file": "x"})),
    "reserved-dep": _err(["db", "src"], _oneshot("src/a", "true\n", deps=["s6rc-fdholder"])),
    "reserved-contents": _err(["db", "src"], {"src/b/type": "bundle\n",
                                              "src/b/contents": "s6-rc-foo\n"}),
    "reserved-pipeline-name": _err(["db", "src"], _merge(
        _longrun("src/a", producer_for="b\n"),
        _longrun("src/b", consumer_for="a\n", pipeline_name="s6rc-pipe\n"))),
    "newline-name": _err(["db", "src"], _merge(_OK, _oneshot("src/bad\nname", "true\n"))),
    "type-bad": _err(["db", "src"], {"src/a/type": "daemon\n"}),
    "type-empty": _err(["db", "src"], {"src/a/type": ""}),
    "type-long": _err(["db", "src"], {"src/a/type": "longrunX"}),
    "type-missing": _err(["db", "src"], {"src/a/up": "true\n"}),
    "type-is-dir": _err(["db", "src"], {"src/a/type": None}),
    "missing-up": _err(["db", "src"], {"src/a/type": "oneshot\n"}),
    "missing-run": _err(["db", "src"], {"src/a/type": "longrun\n"}),
    "run-is-dir": _err(["db", "src"], {"src/a/type": "longrun\n", "src/a/run": None}),
    "up-is-dir": _err(["db", "src"], {"src/a/type": "oneshot\n", "src/a/up": None}),
    "deps-d-is-file": _err(["db", "src"], _merge(_OK, {"src/ok/dependencies.d": "x"})),
    "syntax-unmatched-open": _err(["db", "src"], _oneshot("src/a", "if { true\n")),
    "syntax-unmatched-close": _err(["db", "src"], _oneshot("src/a", "true }\n")),
    "syntax-bad-escape": _err(["db", "src"], _oneshot("src/a", "echo \"\\0x\"\n")),
    "syntax-down": _err(["db", "src"], _oneshot("src/a", "true\n", "}\n")),
    "timeout-invalid": _err(["db", "src"], _oneshot("src/a", "true\n", timeout_up="10s\n")),
    "timeout-empty": _err(["db", "src"], _longrun("src/a", timeout_down="")),
    "timeout-overflow": _err(["db", "src"], _oneshot("src/a", "true\n",
                                                     timeout_up="4294967296\n")),
    "producer-two": _err(["db", "src"], _merge(_longrun("src/a", producer_for="b\nc\n"),
                                               _longrun("src/b"), _longrun("src/c"))),
    "producer-empty": _err(["db", "src"], _longrun("src/a", producer_for="")),
    "producer-for-oneshot": _err(["db", "src"], _merge(_longrun("src/a", producer_for="b\n"),
                                                       _oneshot("src/b", "true\n"))),
    "producer-for-unknown": _err(["db", "src"], _longrun("src/a", producer_for="ghost\n")),
    "producer-not-declared-back": _err(["db", "src"], _merge(
        _longrun("src/a", producer_for="b\n"), _longrun("src/b"))),
    "consumer-not-declared-back": _err(["db", "src"], _merge(
        _longrun("src/a"), _longrun("src/b", consumer_for="a\n"))),
    "consumer-of-bundle": _err(["db", "src"], _merge(
        _bundle("src/a", []), _longrun("src/b", consumer_for="a\n"))),
    "consumer-of-oneshot-late": _err(["db", "src"], _merge(
        _longrun("src/a", producer_for="z\n"), _longrun("src/z", consumer_for="a\nb\n"),
        _oneshot("src/b", "true\n"))),
    "producer-two-consumers": _err(["db", "src"], _merge(
        _longrun("src/a", producer_for="b\n"), _longrun("src/b", consumer_for="a\n"),
        _longrun("src/c", consumer_for="a\n"))),
    "pipeline-name-two": _err(["db", "src"], _merge(
        _longrun("src/a", producer_for="b\n"),
        _longrun("src/b", consumer_for="a\n", pipeline_name="x\ny\n"))),
    "pipeline-name-taken": _err(["db", "src"], _merge(
        _longrun("src/a", producer_for="b\n"),
        _longrun("src/b", consumer_for="a\n", pipeline_name="a\n"))),
    "pipeline-name-bundle": _err(["db", "src"], _merge(
        _longrun("src/a", producer_for="b\n"), _bundle("src/x", ["a"]),
        _longrun("src/b", consumer_for="a\n", pipeline_name="x\n"))),
    "pipeline-loop": _err(["db", "src"], _merge(
        _longrun("src/a", producer_for="b\n", consumer_for="b\n"),
        _longrun("src/b", producer_for="a\n", consumer_for="a\n"))),
    "notification-fd-invalid": _err(["db", "src"], _longrun("src/a", notification_fd="x\n")),
    "notification-lock-same": _err(["db", "src"], _longrun("src/a", notification_fd="4\n",
                                                           lock_fd="4\n")),
    "data-not-dir": _err(["db", "src"], _longrun("src/a", data="x")),
    "env-dangling-link": _err(["db", "src"], _longrun("src/a", env=Link("nowhere"))),
    "max-death-tally-invalid": _err(["db", "src"], _longrun("src/a", max_death_tally="-1\n")),
}
