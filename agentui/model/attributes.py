"""What a replacement file keeps of the file it replaces: owner, group, extended attributes.

A save writes a new inode, so everything the old one carried besides its bytes and mode
has to be copied onto the temporary file before the rename. What cannot be copied is
reported as a sentence, so that the save can still happen and the user is told.
"""

from __future__ import annotations

import os
from pathlib import Path


def _reason(exc: OSError) -> str:
    if exc.strerror:
        return exc.strerror
    return os.strerror(exc.errno) if exc.errno else type(exc).__name__


def _group(gid: int) -> str:
    import grp  # POSIX only, like fchown itself

    try:
        return f"{grp.getgrgid(gid).gr_name} ({gid})"
    except KeyError:
        return str(gid)


def _user(uid: int) -> str:
    import pwd

    try:
        return f"{pwd.getpwuid(uid).pw_name} ({uid})"
    except KeyError:
        return str(uid)


def keep_owner(fd: int, original: os.stat_result) -> list[str]:
    """Give the open file ``fd`` the original's owner and group, as far as the user may.

    Only root can give a file away; anyone can give it a group they are a member of.

    Args:
        fd: the new file, open for writing.
        original: the stat of the file it will replace.

    Returns:
        A sentence for the owner and for the group when either could not be kept.
    """
    try:
        os.fchown(fd, original.st_uid, original.st_gid)
        return []
    except OSError:
        pass
    try:
        os.fchown(fd, -1, original.st_gid)  # the group alone: allowed for a member
    except OSError:
        pass
    now = os.fstat(fd)
    changes: list[str] = []
    if now.st_uid != original.st_uid:
        changes.append(
            f"the owner changed from {_user(original.st_uid)} to {_user(now.st_uid)}: only root "
            "can give a file to another user"
        )
    if now.st_gid != original.st_gid:
        changes.append(
            f"the group changed from {_group(original.st_gid)} to {_group(now.st_gid)}: you are "
            f"not a member of {_group(original.st_gid)}"
        )
    return changes


def copy_xattrs(fd: int, original: Path) -> list[str]:
    """Copy every extended attribute of ``original`` (user attributes, ACLs, security labels)
    onto the open file ``fd``.

    Args:
        fd: the new file, open for writing.
        original: the file it will replace (not a symlink).

    Returns:
        A sentence for each attribute that could not be copied.
    """
    if not hasattr(os, "listxattr"):
        return []
    try:
        names = os.listxattr(original)
    except OSError:
        return []  # the file system has no extended attributes
    lost: list[str] = []
    for name in names:
        try:
            value = os.getxattr(original, name)
        except OSError as exc:
            lost.append(f"the extended attribute {name} could not be read: {_reason(exc)}")
            continue
        try:
            if os.getxattr(fd, name) == value:
                continue  # the new file has it already (a label the system gave it)
        except OSError:
            pass
        try:
            os.setxattr(fd, name, value)
        except OSError as exc:
            lost.append(f"the extended attribute {name} was not kept: {_reason(exc)}")
    return lost
