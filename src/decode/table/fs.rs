//! Signatures of the file, directory, descriptor I/O, extended attribute, fcntl and ioctl
//! syscalls.

use super::{sig, sig_ret, Ret, Sig, A::*};
use crate::decode::{consts as c, fd, fs, fsconsts as fc, ioctl};

pub static SIGS: &[Sig] = &[
    sig(
        "copy_file_range",
        &[Fd, In(fd::offset_in), Fd, In(fd::offset_in), Ulong, Uint],
    ),
    sig("fallocate", &[Fd, Flags(&fc::FALLOC_FLAGS), Long, Long]),
    sig_ret(
        "fcntl",
        &[Fd, Split(fd::fcntl_entry, fd::fcntl_exit)],
        Ret::With(fd::fcntl_ret),
    ),
    sig("fgetxattr", &[Fd, Str, Out(fd::xattr_value_out), Ulong]),
    sig("flistxattr", &[Fd, Out(fd::xattr_value_out), Ulong]),
    sig("fremovexattr", &[Fd, Str]),
    sig(
        "fsetxattr",
        &[
            Fd,
            Str,
            In(fd::xattr_value_in),
            Ulong,
            Flags(&fc::XATTR_FLAGS),
        ],
    ),
    sig("fstat", &[Fd, Out(fs::stat_out)]),
    sig("fstatfs", &[Fd, Out(fs::statfs_out)]),
    sig("futimesat", &[Dirfd, Path, In(fs::utimes_in)]),
    sig("getdents", &[Fd, Out(fs::dirents_out), Uint]),
    sig("getdents64", &[Fd, Out(fs::dirents64_out), Uint]),
    sig("getxattr", &[Path, Str, Out(fd::xattr_value_out), Ulong]),
    sig("inotify_add_watch", &[Fd, Path, Flags(&fc::INOTIFY_MASK)]),
    sig("inotify_init", &[]),
    sig("inotify_init1", &[Flags(&fc::INOTIFY_INIT_FLAGS)]),
    sig("inotify_rm_watch", &[Fd, Int]),
    sig("ioctl", &[Fd, Split(ioctl::ioctl_entry, ioctl::ioctl_exit)]),
    sig("lgetxattr", &[Path, Str, Out(fd::xattr_value_out), Ulong]),
    sig("listxattr", &[Path, Out(fd::xattr_value_out), Ulong]),
    sig("llistxattr", &[Path, Out(fd::xattr_value_out), Ulong]),
    sig("lremovexattr", &[Path, Str]),
    sig(
        "lsetxattr",
        &[
            Path,
            Str,
            In(fd::xattr_value_in),
            Ulong,
            Flags(&fc::XATTR_FLAGS),
        ],
    ),
    sig("lstat", &[Path, Out(fs::stat_out)]),
    sig("mknod", &[Path, In(fs::mknod_rest)]),
    sig("mknodat", &[Dirfd, Path, In(fs::mknod_rest)]),
    sig("mount", &[Path, Path, Str, Flags(&fc::MOUNT_FLAGS), Ptr]),
    sig(
        "newfstatat",
        &[Dirfd, Path, Out(fs::stat_out), Flags(&c::AT_FLAGS)],
    ),
    sig("pivot_root", &[Path, Path]),
    sig("preadv", &[Fd, Out(fd::iovec_out), Int, Long]),
    sig(
        "preadv2",
        &[Fd, Out(fd::iovec_out), Int, Long, In(fd::rwf_flags)],
    ),
    sig("pwritev", &[Fd, In(fd::iovec_in), Int, Long]),
    sig(
        "pwritev2",
        &[Fd, In(fd::iovec_in), Int, Long, In(fd::rwf_flags)],
    ),
    sig("readahead", &[Fd, Long, Ulong]),
    sig("readv", &[Fd, Out(fd::iovec_out), Int]),
    sig("removexattr", &[Path, Str]),
    sig(
        "sendfile",
        &[
            Fd,
            Fd,
            Split(fd::sendfile_off_entry, fd::sendfile_off_exit),
            Ulong,
        ],
    ),
    sig(
        "setxattr",
        &[
            Path,
            Str,
            In(fd::xattr_value_in),
            Ulong,
            Flags(&fc::XATTR_FLAGS),
        ],
    ),
    sig(
        "splice",
        &[
            Fd,
            In(fd::offset_in),
            Fd,
            In(fd::offset_in),
            Ulong,
            Flags(&fc::SPLICE_FLAGS),
        ],
    ),
    sig("stat", &[Path, Out(fs::stat_out)]),
    sig("statfs", &[Path, Out(fs::statfs_out)]),
    sig(
        "statx",
        &[
            Dirfd,
            Path,
            In(fs::statx_flags),
            In(fs::statx_mask),
            Out(fs::statx_out),
        ],
    ),
    sig("swapoff", &[Path]),
    sig("swapon", &[Path, Hex]),
    sig(
        "sync_file_range",
        &[Fd, Long, Long, Flags(&fc::SYNC_FILE_RANGE_FLAGS)],
    ),
    sig("syncfs", &[Fd]),
    sig("tee", &[Fd, Fd, Ulong, Flags(&fc::SPLICE_FLAGS)]),
    sig("umount2", &[Path, Flags(&fc::UMOUNT_FLAGS)]),
    sig("utime", &[Path, In(fs::utimbuf_in)]),
    sig(
        "utimensat",
        &[Dirfd, Path, In(fs::utimens_in), Flags(&c::AT_FLAGS)],
    ),
    sig("utimes", &[Path, In(fs::utimes_in)]),
    sig(
        "vmsplice",
        &[Fd, In(fd::iovec_in), Ulong, Flags(&fc::SPLICE_FLAGS)],
    ),
    sig("writev", &[Fd, In(fd::iovec_in), Int]),
];
