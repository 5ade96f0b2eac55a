"""What a render's exception says to the person: one mapping for the CLI and the Studio.

Ours (a folder that cannot be used, another render writing to it) and the OS's (a full disk,
a read-only folder) are messages for the user already; anything else is a bug, named with its
type so it can be reported. Qt-free, so the terminal and the window word things the same way.
"""

from __future__ import annotations

import errno

from .files import FolderBusy, cannot_write


class OutputError(Exception):
    """The output (or cache) folder cannot be used; the message names it and the fix."""


class EncoderUnavailable(Exception):
    """The encoder asked for by name cannot encode on this machine (NVENC without an NVIDIA
    GPU); the message names the encoder, what is missing and what to use instead."""


def user_message(exc: BaseException, advise: bool = False) -> str:
    """``exc`` as one line for the user; with ``advise``, a file-system error also says what
    to do about it (the CLI's "...; free some space")."""
    if isinstance(exc, (OutputError, FolderBusy, EncoderUnavailable)):
        return str(exc)
    if isinstance(exc, OSError):
        message = cannot_write(exc)
        return f"{message}; {advice(exc)}" if advise else message
    return f"{type(exc).__name__}: {exc}"


def advice(exc: OSError) -> str:
    """What to do about a file-system error, by its kind."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some space, or choose an --out folder on another disk"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "that place cannot be written; choose an --out folder you can write to"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "a folder on that path does not exist or cannot be made; check the --out path"
    return "check the --out folder"
