package dev.anvil.machined.procfs;

/** /proc/loadavg: the run queue averaged over 1, 5 and 15 minutes. */
public record LoadAverage(double load1, double load5, double load15) {

    public static LoadAverage parse(String text) {
        String[] fields = text.strip().split("\\s+");
        if (fields.length < 3) {
            throw new IllegalArgumentException("not a /proc/loadavg text: " + text);
        }
        return new LoadAverage(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                Double.parseDouble(fields[2]));
    }
}
