package dev.anvil.sys;

/** How a child process ended. */
public sealed interface ExitStatus {
    long pid();

    boolean success();

    record Exited(long pid, int code) implements ExitStatus {
        public boolean success() {
            return code == 0;
        }

        @Override
        public String toString() {
            return "pid " + pid + " exited with code " + code;
        }
    }

    record Killed(long pid, int signal, boolean coreDumped) implements ExitStatus {
        public boolean success() {
            return false;
        }

        @Override
        public String toString() {
            return "pid " + pid + " was killed by signal " + signal + (coreDumped ? " (core dumped)" : "");
        }
    }
}
