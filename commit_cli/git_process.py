"""How every git process starts: a fixed configuration and a clean environment.

A repository's own configuration (`.git/config`, which nobody reviews), like the system's and
the user's, can make git run programs (`core.fsmonitor`, `gpg.program` under
`log.showSignature`, hooks, pagers, editors, credential helpers and transports) or change
what its plumbing prints (`color.ui`, `log.showRoot`, replace refs); and `GIT_*` variables
can point git at another repository (`GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE`,
`GIT_OBJECT_DIRECTORY`…) or add configuration (`GIT_CONFIG_PARAMETERS`, `GIT_CONFIG_COUNT`).
So every git process `commit` starts:

- gets an environment with no `GIT_*` variable but the ones set here;
- reads neither the system's nor the user's configuration (`GIT_CONFIG_NOSYSTEM`,
  `GIT_CONFIG_GLOBAL` set to the null device; the few settings that only the user's own
  configuration can supply, such as `safe.directory` or a commit identity, are read from
  those two scopes by the caller that needs them and passed on the command line);
- gets `SETTINGS` on the command line, which wins over every configuration file, the
  repository's included.

What `-c` cannot switch off, by design of what we run: diff, textconv and filter drivers are
named per attribute, so no history command asks git for a content diff (`log --raw` only, with
`--no-ext-diff --no-textconv`) and `cat-file` is never given `--textconv` or `--filters`;
`commit init` adds only files it wrote, with every attributes file but the tree's ignored.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping

NULL = os.devnull
# Protocols git knows by name: none may be used (no command of ours talks to a remote, and a
# partial clone must not fetch a missing object from wherever its configuration says).
_PROTOCOLS = ("file", "git", "ssh", "http", "https", "ftp", "ftps", "ext", "fd")
SETTINGS: tuple[str, ...] = (
    # programs git could run
    "core.fsmonitor=false",
    f"core.hooksPath={NULL}",
    "core.pager=cat",
    "core.editor=:",  # ':' is git's own "no editor"
    "sequence.editor=:",
    f"core.sshCommand={NULL}",
    "credential.helper=",  # an empty value empties the list of helpers
    f"gpg.program={NULL}",
    f"gpg.openpgp.program={NULL}",
    f"gpg.x509.program={NULL}",
    f"gpg.ssh.program={NULL}",
    "log.showSignature=false",
    "commit.gpgSign=false",
    "tag.gpgSign=false",
    "gc.auto=0",
    "maintenance.auto=false",
    "protocol.allow=never",
    *(f"protocol.{name}.allow=never" for name in _PROTOCOLS),
    # what plumbing prints, and which repository and files it reads
    "color.ui=false",
    "log.showRoot=true",
    "log.follow=false",
    "log.decorate=false",
    "i18n.logOutputEncoding=UTF-8",  # else `log` re-encodes what it prints (UTF-16: no line)
    "diff.relative=false",
    "core.useReplaceRefs=false",
    "safe.bareRepository=explicit",
    f"core.attributesFile={NULL}",
    f"core.excludesFile={NULL}",
    "core.autocrlf=false",
    "core.safecrlf=false",
    "core.untrackedCache=false",
    "init.templateDir=",  # an empty template folder: no hooks or config copied in
)
_ENVIRONMENT = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": NULL,
    "GIT_ATTR_NOSYSTEM": "1",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_GRAFT_FILE": NULL,  # the deprecated grafts, which rewrite parents as replace refs do
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_PROTOCOL_FROM_USER": "0",
    "GIT_LITERAL_PATHSPECS": "1",  # a folder named `*` or `:(top)` is that folder
    "LC_ALL": "C",
}
# Who commits, when the user's environment says so: names, not behaviour (`commit init`).
IDENTITY_VARIABLES = (
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
)


def find_git() -> str | None:
    """The git executable on PATH, if any."""
    return shutil.which("git")


def git_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without any `GIT_*` variable, plus ours and `extra`."""
    environment = {k: v for k, v in os.environ.items() if not k.upper().startswith("GIT_")}
    environment.update(_ENVIRONMENT)
    environment.update(extra or {})
    return environment


def git_command(git: str, *arguments: str, settings: Iterable[str] = ()) -> list[str]:
    """The argument list that runs `git arguments` under the fixed configuration; `settings`
    (`key=value`) come after it, for what a caller sets on purpose."""
    options = ["--no-pager"]
    for setting in (*SETTINGS, *settings):
        options += ["-c", setting]
    return [git, *options, *arguments]


def user_settings(git: str, pattern: str, cwd: str | None = None) -> list[tuple[str, str]]:
    """The values of the settings whose names match `pattern` (a `git config --get-regexp`
    pattern, names in lower case) in the system's and the user's configuration, in git's
    order: what only the user can decide, read without letting git act on the rest. `cwd`
    decides which `includeIf "gitdir:…"` sections apply; a repository's own configuration
    is never read from here."""
    environment = {k: v for k, v in os.environ.items() if not k.upper().startswith("GIT_")}
    environment["LC_ALL"] = "C"
    try:
        done = subprocess.run(
            [git, "config", "--show-scope", "-z", "--get-regexp", pattern],
            cwd=cwd,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    found: list[tuple[str, str]] = []
    fields = done.stdout.split(b"\0")
    for scope, entry in zip(fields[0::2], fields[1::2], strict=False):
        if scope not in (b"system", b"global"):
            continue
        key, _, value = entry.decode("utf-8", "surrogateescape").partition("\n")
        found.append((key, value))
    return found
