//! Constant and flag tables of the file and descriptor syscalls (statx, statfs, directory
//! entries, xattr, splice, fallocate, fcntl, inotify, ...), in the order strace prints them.
//! These values are the same on x86_64 and aarch64.

use super::xlat::Xlat;

macro_rules! xlat {
    ($name:ident, $unknown:expr, [$(($v:expr, $n:expr)),* $(,)?]) => {
        pub const $name: Xlat = Xlat { items: &[$(($v as u64, $n)),*], unknown: $unknown };
    };
}

xlat!(
    STATX_MASK,
    "STATX_???",
    [
        (0xfff, "STATX_ALL"),
        (0x7ff, "STATX_BASIC_STATS"),
        (0x1, "STATX_TYPE"),
        (0x2, "STATX_MODE"),
        (0x4, "STATX_NLINK"),
        (0x8, "STATX_UID"),
        (0x10, "STATX_GID"),
        (0x20, "STATX_ATIME"),
        (0x40, "STATX_MTIME"),
        (0x80, "STATX_CTIME"),
        (0x100, "STATX_INO"),
        (0x200, "STATX_SIZE"),
        (0x400, "STATX_BLOCKS"),
        (0x800, "STATX_BTIME"),
        (0x1000, "STATX_MNT_ID"),
        (0x2000, "STATX_DIOALIGN"),
    ]
);

xlat!(
    STATX_ATTRS,
    "STATX_ATTR_???",
    [
        (0x4, "STATX_ATTR_COMPRESSED"),
        (0x10, "STATX_ATTR_IMMUTABLE"),
        (0x20, "STATX_ATTR_APPEND"),
        (0x40, "STATX_ATTR_NODUMP"),
        (0x800, "STATX_ATTR_ENCRYPTED"),
        (0x1000, "STATX_ATTR_AUTOMOUNT"),
        (0x2000, "STATX_ATTR_MOUNT_ROOT"),
        (0x100000, "STATX_ATTR_VERITY"),
        (0x200000, "STATX_ATTR_DAX"),
    ]
);

// The *at() flags other than statx's sync type.
xlat!(
    AT_FLAGS_NO_SYNC,
    "AT_???",
    [
        (0x100, "AT_SYMLINK_NOFOLLOW"),
        (0x200, "AT_REMOVEDIR"),
        (0x400, "AT_SYMLINK_FOLLOW"),
        (0x800, "AT_NO_AUTOMOUNT"),
        (0x1000, "AT_EMPTY_PATH"),
        (0x8000, "AT_RECURSIVE"),
    ]
);

xlat!(
    DIRENT_TYPES,
    "DT_???",
    [
        (0, "DT_UNKNOWN"),
        (1, "DT_FIFO"),
        (2, "DT_CHR"),
        (4, "DT_DIR"),
        (6, "DT_BLK"),
        (8, "DT_REG"),
        (10, "DT_LNK"),
        (12, "DT_SOCK"),
        (14, "DT_WHT"),
    ]
);

xlat!(
    STATFS_FLAGS,
    "ST_???",
    [
        (0x1, "ST_RDONLY"),
        (0x2, "ST_NOSUID"),
        (0x4, "ST_NODEV"),
        (0x8, "ST_NOEXEC"),
        (0x10, "ST_SYNCHRONOUS"),
        (0x20, "ST_VALID"),
        (0x40, "ST_MANDLOCK"),
        (0x80, "ST_WRITE"),
        (0x100, "ST_APPEND"),
        (0x200, "ST_IMMUTABLE"),
        (0x400, "ST_NOATIME"),
        (0x800, "ST_NODIRATIME"),
        (0x1000, "ST_RELATIME"),
        (0x2000, "ST_NOSYMFOLLOW"),
    ]
);

// File system magic numbers (linux/magic.h and friends).
xlat!(
    FS_MAGIC,
    "",
    [
        (0xadf5, "ADFS_SUPER_MAGIC"),
        (0xadff, "AFFS_SUPER_MAGIC"),
        (0x5346414f, "AFS_FS_MAGIC"),
        (0x0187, "AUTOFS_SUPER_MAGIC"),
        (0x73727279, "BTRFS_TEST_MAGIC"),
        (0x9123683e, "BTRFS_SUPER_MAGIC"),
        (0x62646576, "BDEVFS_MAGIC"),
        (0x42465331, "BEFS_SUPER_MAGIC"),
        (0x1badface, "BFS_MAGIC"),
        (0x42494e4d, "BINFMTFS_MAGIC"),
        (0xcafe4a11, "BPF_FS_MAGIC"),
        (0x27e0eb, "CGROUP_SUPER_MAGIC"),
        (0x63677270, "CGROUP2_SUPER_MAGIC"),
        (0xff534d42, "CIFS_SUPER_MAGIC"),
        (0x73757245, "CODA_SUPER_MAGIC"),
        (0x012ff7b7, "COH_SUPER_MAGIC"),
        (0x28cd3d45, "CRAMFS_MAGIC"),
        (0x64626720, "DEBUGFS_MAGIC"),
        (0x1373, "DEVFS_SUPER_MAGIC"),
        (0x1cd1, "DEVPTS_SUPER_MAGIC"),
        (0xde5e81e4, "EFIVARFS_MAGIC"),
        (0xf15f, "ECRYPTFS_SUPER_MAGIC"),
        (0x414a53, "EFS_SUPER_MAGIC"),
        (0xe0f5e1e2, "EROFS_SUPER_MAGIC_V1"),
        (0x137d, "EXT_SUPER_MAGIC"),
        (0xef53, "EXT2_SUPER_MAGIC"),
        (0xef51, "EXT2_OLD_SUPER_MAGIC"),
        (0x2011bab0, "EXFAT_SUPER_MAGIC"),
        (0xf2f52010, "F2FS_SUPER_MAGIC"),
        (0x65735546, "FUSE_SUPER_MAGIC"),
        (0x65735543, "FUSE_CTL_SUPER_MAGIC"),
        (0xbad1dea, "FUTEXFS_SUPER_MAGIC"),
        (0x4244, "HFS_SUPER_MAGIC"),
        (0x482b, "HFSPLUS_SUPER_MAGIC"),
        (0x00c0ffee, "HOSTFS_SUPER_MAGIC"),
        (0xf995e849, "HPFS_SUPER_MAGIC"),
        (0x958458f6, "HUGETLBFS_MAGIC"),
        (0x9660, "ISOFS_SUPER_MAGIC"),
        (0x72b6, "JFFS2_SUPER_MAGIC"),
        (0x3153464a, "JFS_SUPER_MAGIC"),
        (0x137f, "MINIX_SUPER_MAGIC"),
        (0x138f, "MINIX_SUPER_MAGIC2"),
        (0x2468, "MINIX2_SUPER_MAGIC"),
        (0x2478, "MINIX2_SUPER_MAGIC2"),
        (0x4d5a, "MINIX3_SUPER_MAGIC"),
        (0x19800202, "MQUEUE_MAGIC"),
        (0x4d44, "MSDOS_SUPER_MAGIC"),
        (0x564c, "NCP_SUPER_MAGIC"),
        (0x6969, "NFS_SUPER_MAGIC"),
        (0x6e736673, "NSFS_MAGIC"),
        (0x5346544e, "NTFS_SB_MAGIC"),
        (0x9fa1, "OPENPROM_SUPER_MAGIC"),
        (0x794c7630, "OVERLAYFS_SUPER_MAGIC"),
        (0x50495045, "PIPEFS_MAGIC"),
        (0x9fa0, "PROC_SUPER_MAGIC"),
        (0x6165676c, "PSTOREFS_MAGIC"),
        (0x002f, "QNX4_SUPER_MAGIC"),
        (0x68191122, "QNX6_SUPER_MAGIC"),
        (0x858458f6, "RAMFS_MAGIC"),
        (0x7655821, "RDTGROUP_SUPER_MAGIC"),
        (0x52654973, "REISERFS_SUPER_MAGIC"),
        (0x7275, "ROMFS_MAGIC"),
        (0x67596969, "RPCAUTH_GSSMAGIC"),
        (0x73636673, "SECURITYFS_MAGIC"),
        (0xf97cff8c, "SELINUX_MAGIC"),
        (0x43415d53, "SMACK_MAGIC"),
        (0x517b, "SMB_SUPER_MAGIC"),
        (0xfe534d42, "SMB2_MAGIC_NUMBER"),
        (0x534f434b, "SOCKFS_MAGIC"),
        (0x73717368, "SQUASHFS_MAGIC"),
        (0x62656572, "SYSFS_MAGIC"),
        (0x012ff7b6, "SYSV2_SUPER_MAGIC"),
        (0x012ff7b5, "SYSV4_SUPER_MAGIC"),
        (0x01021994, "TMPFS_MAGIC"),
        (0x74726163, "TRACEFS_MAGIC"),
        (0x24051905, "UBIFS_SUPER_MAGIC"),
        (0x15013346, "UDF_SUPER_MAGIC"),
        (0x00011954, "UFS_MAGIC"),
        (0x9fa2, "USBDEVICE_SUPER_MAGIC"),
        (0x01021997, "V9FS_MAGIC"),
        (0xa501fcf5, "VXFS_SUPER_MAGIC"),
        (0xabba1974, "XENFS_SUPER_MAGIC"),
        (0x012ff7b4, "XENIX_SUPER_MAGIC"),
        (0x58465342, "XFS_SUPER_MAGIC"),
        (0x012fd16d, "_XIAFS_SUPER_MAGIC"),
        (0x2fc12fc1, "ZFS_SUPER_MAGIC"),
        (0x5a4f4653, "ZONEFS_MAGIC"),
        (0x09041934, "ANON_INODE_FS_MAGIC"),
        (0x6e667364, "NFSD_MAGIC"),
        (0xabababab, "BALLOON_KVM_MAGIC"),
        (0x4c4f5452, "DMA_BUF_MAGIC"),
        (0x444d4142, "DAXFS_MAGIC"),
        (0x13661366, "ZSMALLOC_MAGIC"),
        (0x5a3c69f0, "AAFS_MAGIC"),
        (0xc7571590, "PPC_CMM_MAGIC"),
        (0xaad7aaea, "PID_FS_MAGIC"),
        (0x5345434d, "SECRETMEM_MAGIC"),
    ]
);

xlat!(
    XATTR_FLAGS,
    "XATTR_???",
    [(1, "XATTR_CREATE"), (2, "XATTR_REPLACE")]
);

xlat!(
    SPLICE_FLAGS,
    "SPLICE_F_???",
    [
        (1, "SPLICE_F_MOVE"),
        (2, "SPLICE_F_NONBLOCK"),
        (4, "SPLICE_F_MORE"),
        (8, "SPLICE_F_GIFT"),
    ]
);

xlat!(
    RWF_FLAGS,
    "RWF_???",
    [
        (1, "RWF_HIPRI"),
        (2, "RWF_DSYNC"),
        (4, "RWF_SYNC"),
        (8, "RWF_NOWAIT"),
        (16, "RWF_APPEND"),
    ]
);

xlat!(
    FALLOC_FLAGS,
    "FALLOC_FL_???",
    [
        (1, "FALLOC_FL_KEEP_SIZE"),
        (2, "FALLOC_FL_PUNCH_HOLE"),
        (4, "FALLOC_FL_NO_HIDE_STALE"),
        (8, "FALLOC_FL_COLLAPSE_RANGE"),
        (0x10, "FALLOC_FL_ZERO_RANGE"),
        (0x20, "FALLOC_FL_INSERT_RANGE"),
        (0x40, "FALLOC_FL_UNSHARE_RANGE"),
    ]
);

xlat!(
    SYNC_FILE_RANGE_FLAGS,
    "SYNC_FILE_RANGE_???",
    [
        (1, "SYNC_FILE_RANGE_WAIT_BEFORE"),
        (2, "SYNC_FILE_RANGE_WRITE"),
        (4, "SYNC_FILE_RANGE_WAIT_AFTER"),
    ]
);

xlat!(
    FLOCK_TYPES,
    "F_???",
    [(0, "F_RDLCK"), (1, "F_WRLCK"), (2, "F_UNLCK")]
);

xlat!(
    F_OWNER_TYPES,
    "F_OWNER_???",
    [(0, "F_OWNER_TID"), (1, "F_OWNER_PID"), (2, "F_OWNER_PGRP")]
);

xlat!(
    DNOTIFY_FLAGS,
    "DN_???",
    [
        (1, "DN_ACCESS"),
        (2, "DN_MODIFY"),
        (4, "DN_CREATE"),
        (8, "DN_DELETE"),
        (0x10, "DN_RENAME"),
        (0x20, "DN_ATTRIB"),
        (0x80000000, "DN_MULTISHOT"),
    ]
);

xlat!(
    SEAL_FLAGS,
    "F_SEAL_???",
    [
        (1, "F_SEAL_SEAL"),
        (2, "F_SEAL_SHRINK"),
        (4, "F_SEAL_GROW"),
        (8, "F_SEAL_WRITE"),
        (0x10, "F_SEAL_FUTURE_WRITE"),
    ]
);

xlat!(
    RW_HINTS,
    "RWH_WRITE_LIFE_???",
    [
        (0, "RWH_WRITE_LIFE_NOT_SET"),
        (1, "RWH_WRITE_LIFE_NONE"),
        (2, "RWH_WRITE_LIFE_SHORT"),
        (3, "RWH_WRITE_LIFE_MEDIUM"),
        (4, "RWH_WRITE_LIFE_LONG"),
        (5, "RWH_WRITE_LIFE_EXTREME"),
    ]
);

xlat!(
    INOTIFY_INIT_FLAGS,
    "IN_???",
    [(0o4000, "IN_NONBLOCK"), (0o2000000, "IN_CLOEXEC")]
);

xlat!(
    INOTIFY_MASK,
    "IN_???",
    [
        (0x1, "IN_ACCESS"),
        (0x2, "IN_MODIFY"),
        (0x4, "IN_ATTRIB"),
        (0x8, "IN_CLOSE_WRITE"),
        (0x10, "IN_CLOSE_NOWRITE"),
        (0x20, "IN_OPEN"),
        (0x40, "IN_MOVED_FROM"),
        (0x80, "IN_MOVED_TO"),
        (0x100, "IN_CREATE"),
        (0x200, "IN_DELETE"),
        (0x400, "IN_DELETE_SELF"),
        (0x800, "IN_MOVE_SELF"),
        (0x2000, "IN_UNMOUNT"),
        (0x4000, "IN_Q_OVERFLOW"),
        (0x8000, "IN_IGNORED"),
        (0x1000000, "IN_ONLYDIR"),
        (0x2000000, "IN_DONT_FOLLOW"),
        (0x4000000, "IN_EXCL_UNLINK"),
        (0x10000000, "IN_MASK_CREATE"),
        (0x20000000, "IN_MASK_ADD"),
        (0x40000000, "IN_ISDIR"),
        (0x80000000, "IN_ONESHOT"),
    ]
);

xlat!(
    MOUNT_FLAGS,
    "MS_???",
    [
        (0x1, "MS_RDONLY"),
        (0x2, "MS_NOSUID"),
        (0x4, "MS_NODEV"),
        (0x8, "MS_NOEXEC"),
        (0x10, "MS_SYNCHRONOUS"),
        (0x20, "MS_REMOUNT"),
        (0x40, "MS_MANDLOCK"),
        (0x80, "MS_DIRSYNC"),
        (0x100, "MS_NOSYMFOLLOW"),
        (0x400, "MS_NOATIME"),
        (0x800, "MS_NODIRATIME"),
        (0x1000, "MS_BIND"),
        (0x2000, "MS_MOVE"),
        (0x4000, "MS_REC"),
        (0x8000, "MS_SILENT"),
        (0x10000, "MS_POSIXACL"),
        (0x20000, "MS_UNBINDABLE"),
        (0x40000, "MS_PRIVATE"),
        (0x80000, "MS_SLAVE"),
        (0x100000, "MS_SHARED"),
        (0x200000, "MS_RELATIME"),
        (0x400000, "MS_KERNMOUNT"),
        (0x800000, "MS_I_VERSION"),
        (0x1000000, "MS_STRICTATIME"),
        (0x2000000, "MS_LAZYTIME"),
    ]
);

xlat!(
    UMOUNT_FLAGS,
    "",
    [
        (1, "MNT_FORCE"),
        (2, "MNT_DETACH"),
        (4, "MNT_EXPIRE"),
        (8, "UMOUNT_NOFOLLOW"),
    ]
);
