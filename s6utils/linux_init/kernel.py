"""The Linux system calls the s6-linux-init programs make that Python's os
module lacks (mount, umount, reboot, prctl), through ctypes. Each raises
OSError with the call's errno."""

import os

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
PR_SET_CHILD_SUBREAPER = 36
RB_AUTOBOOT, RB_HALT_SYSTEM, RB_POWER_OFF = 0x01234567, 0xCDEF0123, 0x4321FEDC
RB_DISABLE_CAD = 0

_libc = None


def _call(name, *args):
    global _libc
    import ctypes
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    if getattr(_libc, name)(*args) < 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))


def mount(source, target, fstype, flags, data):
    import ctypes
    _call("mount", source, target, fstype, ctypes.c_ulong(flags), data)


def umount(target):
    _call("umount", target)


def reboot(cmd):
    import ctypes
    _call("reboot", ctypes.c_int(ctypes.c_uint32(cmd).value - (1 << 32) if cmd >= 1 << 31
                                 else cmd))


def set_child_subreaper():
    import ctypes
    _call("prctl", ctypes.c_int(PR_SET_CHILD_SUBREAPER), ctypes.c_ulong(1), ctypes.c_ulong(0),
          ctypes.c_ulong(0), ctypes.c_ulong(0))
