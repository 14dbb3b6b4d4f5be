package dev.anvil.machined.procfs;

/**
 * The fields of one /proc/[pid]/stat line that a process listing shows, in the kernel's units (CPU time in clock
 * ticks, resident memory in pages). The command name sits in parentheses and may itself hold spaces and
 * parentheses, so it ends at the line's last ')' and the other fields are counted from there.
 */
public record ProcessStat(int pid, String command, String state, int ppid, long userTicks, long systemTicks,
        int threads, long virtualBytes, long residentPages) {

    /** How many fields come after the command at least (rss is the 24th field of the line, the 22nd after it). */
    private static final int FIELDS_AFTER_COMMAND = 22;

    public static ProcessStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/[pid]/stat line (no command in parentheses): " + line);
        }
        String[] after = line.substring(close + 1).strip().split("\\s+");
        if (after.length < FIELDS_AFTER_COMMAND) {
            throw new IllegalArgumentException("a /proc/[pid]/stat line with " + after.length
                    + " fields after the command, not at least " + FIELDS_AFTER_COMMAND + ": " + line);
        }
        // after[0] is field 3 of proc(5) (state), so field n is after[n - 3]
        return new ProcessStat(Integer.parseInt(line.substring(0, open).strip()), line.substring(open + 1, close),
                after[0], Integer.parseInt(after[1]), Long.parseLong(after[11]), Long.parseLong(after[12]),
                Integer.parseInt(after[17]), Long.parseUnsignedLong(after[20]), Long.parseLong(after[21]));
    }
}
