package dev.anvil.sys;

import java.util.List;
import java.util.Map;

/** Run as its own JVM by {@link ExecTest}: prints its PID, then becomes /bin/sh printing its PID again. */
public final class ExecProbe {
    public static void main(String[] args) {
        System.out.println("java " + ProcessHandle.current().pid());
        System.out.flush();
        Exec.replaceProcess("/bin/sh", List.of("-c", "echo sh $$ $GREETING"), Map.of("GREETING", "hello"));
    }
}
