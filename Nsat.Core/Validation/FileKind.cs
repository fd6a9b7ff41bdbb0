namespace Nsat.Validation;

/// <summary>What a path names, as far as reading it as an input goes.</summary>
internal enum FileKind
{
    /// <summary>A regular file (possibly reached through symbolic links): safe to read.</summary>
    Regular,

    /// <summary>Nothing, or a symbolic link whose target does not exist.</summary>
    Missing,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A FIFO (named pipe): opening it for reading blocks until a writer appears.</summary>
    Fifo,

    /// <summary>A character device such as <c>/dev/zero</c>: reading it may never end.</summary>
    CharacterDevice,

    /// <summary>A block device.</summary>
    BlockDevice,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>The platform cannot tell (no <c>statx</c>): treated like a regular file.</summary>
    Unknown,
}
