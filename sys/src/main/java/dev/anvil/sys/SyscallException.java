package dev.anvil.sys;

/** A system call failed; the message names the call, what it was about, and the kernel's reason. */
public final class SyscallException extends RuntimeException {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;

    private final String call;
    private final int errno;

    public SyscallException(String call, String subject, int errno) {
        super(call + "(" + subject + "): " + Libc.strerror(errno) + " (errno " + errno + ")");
        this.call = call;
        this.errno = errno;
    }

    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }
}
