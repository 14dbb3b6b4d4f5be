package dev.anvil.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.LONG;
import static dev.anvil.sys.Libc.POINTER;

/** The socket calls of libc the socket classes of this package share; each captures errno. */
final class Sockets {
    static final MethodHandle SOCKET = Libc.withErrno("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    static final MethodHandle SETSOCKOPT = Libc.withErrno("setsockopt",
            FunctionDescriptor.of(INT, INT, INT, INT, POINTER, INT));
    static final MethodHandle BIND = Libc.withErrno("bind", FunctionDescriptor.of(INT, INT, POINTER, INT));
    static final MethodHandle SENDTO = Libc.withErrno("sendto",
            FunctionDescriptor.of(LONG, INT, POINTER, LONG, INT, POINTER, INT));
    static final MethodHandle RECVFROM = Libc.withErrno("recvfrom",
            FunctionDescriptor.of(LONG, INT, POINTER, LONG, INT, POINTER, POINTER));

    private Sockets() {
    }
}
