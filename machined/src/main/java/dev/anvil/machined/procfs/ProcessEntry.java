package dev.anvil.machined.procfs;

/**
 * One process as {@code talosctl processes} lists it: CPU time (user and system) in seconds, memory in bytes,
 * {@code command} the kernel's short name, {@code executable} the program file, {@code args} the command line
 * joined by spaces, {@code label} the security label (empty without an LSM that sets one).
 */
public record ProcessEntry(int pid, int ppid, String state, int threads, double cpuSeconds, long virtualBytes,
        long residentBytes, String command, String executable, String args, String label) {
}
